"""A person's own decisions, and asking a counsellor to review an automated one."""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, get_flashed_messages, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from portal.models import Decision, DecisionKind, RegistrationKind
from portal.services.registration.submit import request_review
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker
from portal.web.records import load_authorized

REVIEW_REQUESTED = "decision-review-requested"  # flash category
KIND_LABELS = {
    DecisionKind.REGISTRATION: _l("Registration decision"),
    DecisionKind.REGISTRATION_REJECTED: _l("Registration refused"),
}


class ReviewForm(PortalForm):
    reason = TextAreaField(
        _l("Why do you want a review? (optional)"),
        description=_l(
            "For example, what you think the registers or the rules got wrong. Use up to 2000 characters."
        ),
        validators=[Optional(), Length(max=2000, message=_l("Your reason must be 2000 characters or fewer"))],
    )


def _own(decision: Decision, user: object) -> bool:
    return decision.person_id == user.person_id


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return moment.astimezone(current_app.extensions["profile"].tz).date()


def _outcome(decision: Decision) -> str:
    if decision.kind is DecisionKind.REGISTRATION_REJECTED:
        return str(_l("Your registration was refused"))
    if decision.registration.kind is RegistrationKind.UNEMPLOYED:
        return str(_l("You are registered as unemployed"))
    return str(_l("You are registered as a jobseeker"))


def _render(decision: Decision, form: ReviewForm, status: int = 200):
    return render_template(
        "jobseeker/decisions/page.html",
        decision=decision,
        kind_label=str(KIND_LABELS.get(decision.kind, decision.kind.value)),
        outcome=_outcome(decision),
        issued_on=_local_date(decision.issued_at),
        review_requested_on=_local_date(decision.review_requested_at),
        may_ask_review=decision.automated_rule is not None and decision.review_requested_at is None,
        review_requested_now=bool(get_flashed_messages(category_filter=[REVIEW_REQUESTED])),
        form=form,
    ), status


@jobseeker.get("/decisions/<int:decision_id>")
def decision(decision_id: int):
    found = load_authorized(Decision, decision_id, _own)
    return _render(found, ReviewForm(formdata=None))


@jobseeker.post("/decisions/<int:decision_id>/review")
def decision_review(decision_id: int):
    found = load_authorized(Decision, decision_id, _own)
    if found.automated_rule is None:
        abort(404)  # a counsellor's decision is contested by appeal, not by this review
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render(found, form, 400)
    if found.review_requested_at is None:
        request_review(found.id, current_user.person_id, form.reason.data or "")
        flash("requested", REVIEW_REQUESTED)
    return redirect(url_for("jobseeker.decision", decision_id=found.id), code=303)
