from flask import render_template
from flask_babel import format_percent
from flask_login import current_user

from portal.models import SignalState
from portal.services import cases, meetings
from portal.services.appeals import pending_appeal_count, pending_review_count
from portal.services.decision_figures import decisions_on_time
from portal.services.lifecycle import proposals, signals
from portal.services.registration.decide import pending_count
from portal.services.vacancies.queries import check_queue_count
from portal.web.backoffice import backoffice

SUPERVISOR_ROLES = ("supervisor", "administrator")


@backoffice.get("/")
def home():
    on_time, total = decisions_on_time()
    supervisor = current_user.active_role in SUPERVISOR_ROLES
    staff = cases.staff_of(current_user.person_id)
    return render_template(
        "backoffice/home/page.html",
        pending_count=pending_count(),
        review_count=pending_review_count(),
        on_time=on_time,
        decided_total=total,
        on_time_share=format_percent(on_time / total) if total else None,
        is_supervisor=supervisor,
        appeal_count=pending_appeal_count() if supervisor else 0,
        vacancy_check_count=check_queue_count(),
        proposal_count=proposals.open_proposal_count(),
        signal_count=signals.count(SignalState.OPEN) if supervisor else 0,
        meeting_counts=meetings.queue_counts(staff.office) if staff else (0, 0),
    )
