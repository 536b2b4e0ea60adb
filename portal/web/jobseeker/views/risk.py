"""The person's own risk profile: their level, the factors in plain words, what the level means
for them, and the request to reconsider it (answered in writing by a counsellor)."""

from __future__ import annotations

from flask import flash, get_flashed_messages, redirect, render_template, url_for
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.profiles import current_profile
from portal.services import inbox, profiling, reconsideration
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker
from portal.web.risk_texts import plain_words

ASKED = "risk-reconsideration-asked"


class ReconsiderationForm(PortalForm):
    reason = TextAreaField(
        _l("Why should your counsellor look at your level again?"),
        description=_l("For example something the factors do not show, or a fact that is wrong."),
        validators=[
            DataRequired(message=_l("Enter why your level should be reconsidered")),
            Length(
                max=reconsideration.REASON_MAX, message=_l("Your reason must be 2000 characters or fewer")
            ),
        ],
    )


def _render(form: ReconsiderationForm, status: int = 200):
    person_id = current_user.person_id
    assessment, requests, unread = reconsideration.page_of(person_id)
    inbox.keep_unread_count(person_id, unread)  # the navigation's
    service, plan_required = (
        profiling.service_of(current_profile(), assessment.current_level) if assessment else (None, False)
    )
    return render_template(
        "jobseeker/risk/page.html",
        assessment=assessment,
        factors=[plain_words(factor["key"], factor["value"]) for factor in assessment.factors]
        if assessment
        else [],
        service=service,
        plan_required=plan_required,
        open_request=reconsideration.open_among(requests),
        answered=[row for row in requests if row.answered_at is not None],
        asked=bool(get_flashed_messages(category_filter=[ASKED])),
        form=form,
    ), status


@jobseeker.get("/risk-profile")
def risk_profile():
    return _render(ReconsiderationForm(formdata=None))


@jobseeker.post("/risk-profile/reconsideration")
def risk_reconsideration():
    form = ReconsiderationForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        reconsideration.request_reconsideration(current_user.person_id, form.reason.data)
    except (reconsideration.AlreadyOpen, profiling.NoAssessment):
        return redirect(url_for("jobseeker.risk_profile"), code=303)
    flash("1", ASKED)
    return redirect(url_for("jobseeker.risk_profile"), code=303)
