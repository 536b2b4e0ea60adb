"""Appeals a supervisor must answer: the queue, the case with its attachments, and the answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Sequence

from flask import (
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    send_file,
    url_for,
)
from sqlalchemy import select
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import (
    Appeal,
    AppealAttachment,
    AppealState,
    Decision,
    DecisionKind,
    StaffMember,
)
from portal.models.audit import DataCategory
from portal.profiles import current_profile
from portal.security import Access, access
from portal.services import appeals, decisions
from portal.services.registration.decide import ChangeEffect, change_effect
from portal.web.backoffice import backoffice, case_access, usage
from portal.web.backoffice.cases import DUE_SOON_DAYS, DecisionView, local_date
from portal.web.backoffice.cases import decision_view as case_decision_view
from portal.web.forms import PortalForm
from portal.web.records import load_authorized

REASONING_MAX = 4000
ANSWERED = "appeal-answered"  # flash category; the message is "<upheld|changed>"
CHANGE_NOTES = {
    ChangeEffect.REGISTER: _l("Changing the decision registers the person."),
    ChangeEffect.AS_UNEMPLOYED: _l(
        "Changing the decision registers the person as unemployed instead of as a jobseeker, "
        "with an unemployment certificate."
    ),
    ChangeEffect.AS_JOBSEEKER: _l(
        "Changing the decision registers the person as a jobseeker instead of as unemployed, "
        "and revokes their unemployment certificate."
    ),
    ChangeEffect.REINSTATE: _l(
        "Changing the decision restores the ended registration, with a new certificate for the unemployed."
    ),
}
OUTCOME_LABELS = {
    kind: labels.DECISION_KINDS_FOR_STAFF[kind]
    for kind in (DecisionKind.REVIEW_OUTCOME, DecisionKind.APPEAL_OUTCOME)
}


class AnswerForm(PortalForm):
    outcome = RadioField(
        _l("Your decision"),
        choices=[
            SelectChoice("upheld", _l("Uphold the decision: it stays as it was")),
            SelectChoice("changed", _l("Change the decision: a new decision replaces it")),
        ],
        validators=[InputRequired(message=_l("Select whether to uphold or change the decision"))],
    )
    reasoning = TextAreaField(
        _l("Reasons"),
        description=_l(
            "The person reads this as a decision: answer their reasons, state the facts you checked "
            "and the rule you applied."
        ),
        validators=[
            DataRequired(message=_l("Enter the reasons for your decision")),
            Length(max=REASONING_MAX, message=_l("The reasons must be 4000 characters or fewer")),
        ],
    )


def decision_view(decision: Decision) -> DecisionView:
    view = case_decision_view(decision)
    if decision.kind in OUTCOME_LABELS:
        return dataclasses.replace(view, kind_label=str(OUTCOME_LABELS[decision.kind]))
    return view


def change_note(decision: Decision) -> str | None:
    """What changing `decision` would do to the registration, for the answer form."""
    if not appeals.changes_registration(decision):
        return None
    effect = change_effect(decision.registration)
    return str(CHANGE_NOTES[effect]) if effect else None


def _profile():
    return current_profile()


def current_staff() -> StaffMember:
    return case_access.current_staff()  # one read per request, shared with the case pages


def record_view(
    person_id: int, purpose: str, details: dict[str, object], categories: Sequence[DataCategory]
) -> None:
    """Reading an appeal or a review is a use of the person's data: recorded, with its purpose."""
    usage.record_use([person_id], purpose, categories, details)


def _is_supervisor(_record: object, user: object) -> bool:
    return user.active_role in ("supervisor", "administrator")


def is_staff(_record: object, user: object) -> bool:
    return user.is_staff


def due_tags(due_on: dt.date | None, today: dt.date) -> dict[str, bool]:
    if due_on is None:
        return {"overdue": False, "due_soon": False}
    return {
        "overdue": due_on < today,
        "due_soon": today <= due_on <= today + dt.timedelta(days=DUE_SOON_DAYS),
    }


# --- appeals (supervisors) -----------------------------------------------------------------------


@backoffice.get("/appeals")
@access(Access.SUPERVISOR)
def appeals_queue():
    today = _profile().today()
    rows = [
        {
            "appeal": appeal,
            "decision": decision_view(appeal.decision),
            "filed_on": local_date(appeal.filed_at),
            **due_tags(appeal.due_on, today),
        }
        for appeal in appeals.pending_appeals()
    ]
    usage.record_use(
        [row["appeal"].person_id for row in rows],
        "appeals queue listed",
        usage.APPEAL_QUEUE_ROW,
        listing=True,
    )
    answered = next(iter(get_flashed_messages(category_filter=[ANSWERED])), None)
    return render_template("backoffice/appeals/page.html", rows=rows, answered=answered)


def _render_appeal(appeal: Appeal, form: AnswerForm, status: int = 200, error: str | None = None):
    record_view(appeal.person_id, "appeal viewed", {"appeal": appeal.id}, usage.APPEAL_CASE)
    outcome = db.session.get(Decision, appeal.outcome_decision_id) if appeal.outcome_decision_id else None
    today = _profile().today()
    return render_template(
        "backoffice/appeals/case.html",
        appeal=appeal,
        decision=decision_view(appeal.decision),
        filed_on=local_date(appeal.filed_at),
        outcome=decision_view(outcome) if outcome else None,
        pending=appeal.state is AppealState.PENDING,
        change_note=change_note(appeal.decision),
        form=form,
        error=error,
        **due_tags(appeal.due_on, today),
    ), status


@backoffice.get("/appeals/<int:appeal_id>")
@access(Access.SUPERVISOR)
def appeal_case(appeal_id: int):
    appeal = load_authorized(Appeal, appeal_id, _is_supervisor)
    return _render_appeal(appeal, AnswerForm(formdata=None))


@backoffice.get("/appeals/<int:appeal_id>/attachments/<int:attachment_id>")
@access(Access.SUPERVISOR)
def appeal_attachment(appeal_id: int, attachment_id: int):
    appeal = load_authorized(Appeal, appeal_id, _is_supervisor)
    attachment = db.session.scalar(
        select(AppealAttachment).where(
            AppealAttachment.id == attachment_id, AppealAttachment.appeal_id == appeal.id
        )
    )
    if attachment is None:
        abort(404)
    record_view(
        appeal.person_id,
        "appeal attachment opened",
        {"appeal": appeal.id, "attachment": attachment.id},
        usage.APPEAL_ATTACHMENT,
    )
    response = send_file(
        io.BytesIO(attachment.content),
        mimetype=attachment.media_type,
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
        etag=False,
        last_modified=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@backoffice.post("/appeals/<int:appeal_id>/decision")
@access(Access.SUPERVISOR)
def appeal_decision(appeal_id: int):
    appeal = load_authorized(Appeal, appeal_id, _is_supervisor)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render_appeal(appeal, form, 400)
    try:
        appeals.decide_appeal(
            appeal.id,
            staff=current_staff(),
            upheld=form.outcome.data == "upheld",
            reasoning=form.reasoning.data,
            profile=_profile(),
        )
    except appeals.AlreadyAnswered:
        db.session.expire_all()
        return _render_appeal(db.session.get(Appeal, appeal.id), form, 409, error="answered")
    except decisions.OwnCase:
        return _render_appeal(appeal, form, 403, error="own_case")
    except (decisions.OwnDecision, appeals.NotPermitted):
        return _render_appeal(appeal, form, 403, error="own")
    except appeals.RegistrationConflict:
        db.session.expire_all()
        return _render_appeal(db.session.get(Appeal, appeal.id), form, 409, error="conflict")
    flash(form.outcome.data, ANSWERED)
    return redirect(url_for("backoffice.appeals_queue"), code=303)
