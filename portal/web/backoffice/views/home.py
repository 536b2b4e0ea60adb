from flask import render_template
from flask_babel import format_percent
from flask_login import current_user

from portal.services.home_figures import home_counts
from portal.web.backoffice import backoffice

SUPERVISOR_ROLES = ("supervisor", "administrator")


@backoffice.get("/")
def home():
    supervisor = current_user.active_role in SUPERVISOR_ROLES
    counts, (on_time, total) = home_counts(current_user.person_id, supervisor=supervisor)
    return render_template(
        "backoffice/home/page.html",
        pending_count=counts.pending,
        review_count=counts.reviews,
        on_time=on_time,
        decided_total=total,
        on_time_share=format_percent(on_time / total) if total else None,
        is_supervisor=supervisor,
        appeal_count=counts.appeals,
        vacancy_check_count=counts.vacancy_checks,
        proposal_count=counts.proposals,
        signal_count=counts.signals,
        meeting_counts=(counts.meeting_requests, counts.missed_meetings),
    )
