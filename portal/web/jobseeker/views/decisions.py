"""A person's own decisions: reading one, asking a counsellor to review an automated one, appealing."""

from __future__ import annotations

import datetime as dt

from flask import (
    abort,
    current_app,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms import MultipleFileField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal import labels
from portal.catalog import gettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import Decision, DecisionKind, DecisionState, RegistrationKind
from portal.profiles import current_profile
from portal.services import appeals, attachments, inbox
from portal.services.registration.decide import request_review
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.views.decision_row import DecisionRow, decision_page_row
from portal.web.records import load_owned, load_scoped

REVIEW_REQUESTED = "decision-review-requested"  # flash category
DOCUMENT_ENDPOINT = "jobseeker.decision_document"  # the sealed PDF, when that module is installed
APPEAL_ENDPOINT = "jobseeker.decision_appeal"
# Up to 5 files of 10 MB and the form itself; every other route keeps the app-wide limit.
APPEAL_REQUEST_LIMIT = attachments.MAX_ATTACHMENTS * attachments.MAX_ATTACHMENT_BYTES + 1024 * 1024
KIND_LABELS = labels.DECISION_KINDS
STATE_LABELS = labels.DECISION_STATES


class ReviewForm(PortalForm):
    reason = TextAreaField(
        _l("Why do you want a review? (optional)"),
        description=_l(
            "For example, what you think the registers or the rules got wrong. Use up to 2000 characters."
        ),
        validators=[Optional(), Length(max=2000, message=_l("Your reason must be 2000 characters or fewer"))],
    )


class AppealForm(PortalForm):
    reason = TextAreaField(
        _l("Why do you think the decision is wrong?"),
        description=_l(
            "Say which facts or rules you think were wrong and what the decision should have been. "
            "Use up to 4000 characters."
        ),
        validators=[
            DataRequired(message=_l("Enter why you think the decision is wrong")),
            Length(max=appeals.REASON_MAX, message=_l("Your reason must be 4000 characters or fewer")),
        ],
    )
    attachments = MultipleFileField(
        _l("Documents that support your appeal (optional)"),
        description=_l("Up to 5 files, each a PDF, JPEG or PNG file of at most 10 MB."),
    )


@jobseeker.url_value_preprocessor
def _allow_appeal_attachments(endpoint: str | None, _values: dict | None) -> None:
    # Runs before every before_request hook, so before CSRF protection first reads the form.
    if endpoint == APPEAL_ENDPOINT and request.method == "POST":
        request.max_content_length = APPEAL_REQUEST_LIMIT


def _profile():
    return current_profile()


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return _profile().local_date(moment)


def _kind_label(decision: Decision | DecisionRow) -> str:
    return str(KIND_LABELS.get(decision.kind, decision.kind.value))


def _outcome(decision: Decision | DecisionRow) -> str:
    if decision.kind in (DecisionKind.REVIEW_OUTCOME, DecisionKind.APPEAL_OUTCOME):
        if decision.supersedes_id is None:
            return str(_l("The earlier decision stays as it was"))
        return str(_l("The earlier decision was changed"))
    if decision.kind is DecisionKind.REGISTRATION_REJECTED:
        return str(_l("Your registration was refused"))
    if decision.registration.kind is RegistrationKind.UNEMPLOYED:
        return str(_l("You are registered as unemployed"))
    return str(_l("You are registered as a jobseeker"))


_NOT_READ = object()  # `_related` reads the pending appeal itself


def _related(
    decision: Decision | DecisionRow, pending: object = _NOT_READ, answered: bool = True
) -> dict[str, object]:
    """Appeal and review facts for the page: deadline, state, and the decisions around it.
    `pending`: the decision's pending appeal when the page read it already (None: none);
    `answered`: False when the page knows no decision answers this one."""
    profile = _profile()
    today = profile.today()
    if pending is _NOT_READ:
        pending = appeals.pending_appeal(decision.id)
    original = db.session.get(Decision, decision.responds_to_id) if decision.responds_to_id else None
    return {
        "state_label": str(STATE_LABELS[decision.state]) if decision.state in STATE_LABELS else None,
        "newer": appeals.superseding_decision(decision.id)
        if decision.state in (DecisionState.CHANGED, DecisionState.SUPERSEDED)
        else None,
        "original": original,
        "answers": [
            {"decision": answer, "label": _kind_label(answer), "issued_on": _local_date(answer.issued_at)}
            for answer in (appeals.answers_to(decision.id) if answered else ())
        ],
        "original_issued_on": _local_date(original.issued_at) if original else None,
        "appeal_deadline": appeals.appeal_deadline(decision, profile),
        "may_appeal": appeals.can_appeal(
            decision, profile, today, person_id=decision.person_id, pending=pending
        ),
        "appealable_kind": appeals.is_appealable_kind(decision),
        "pending_appeal": pending,
        "pending_appeal_filed_on": _local_date(pending.filed_at) if pending else None,
        "document_url": url_for(DOCUMENT_ENDPOINT, decision_id=decision.id)
        if DOCUMENT_ENDPOINT in current_app.view_functions
        else None,
    }


def _render(
    decision: Decision | DecisionRow,
    form: ReviewForm,
    status: int = 200,
    pending: object = _NOT_READ,
    answered: bool = True,
):
    return render_template(
        "jobseeker/decisions/page.html",
        decision=decision,
        kind_label=_kind_label(decision),
        outcome=_outcome(decision),
        issued_on=_local_date(decision.issued_at),
        review_requested_on=_local_date(decision.review_requested_at),
        may_ask_review=decision.automated_rule is not None
        and decision.review_requested_at is None
        and decision.state is DecisionState.ISSUED,
        review_requested_now=bool(get_flashed_messages(category_filter=[REVIEW_REQUESTED])),
        form=form,
        **_related(decision, pending, answered),
    ), status


@jobseeker.get("/decisions/<int:decision_id>")
def decision(decision_id: int):
    person_id = getattr(current_user, "person_id", None)
    found, pending_appeal, answered, unread = (
        decision_page_row(decision_id, person_id) if person_id is not None else (None, False, False, 0)
    )
    found = load_scoped(Decision, decision_id, found)  # none: 404, audited as `load_owned` does
    inbox.keep_unread_count(person_id, unread)
    pending = appeals.pending_appeal(decision_id) if pending_appeal else None
    return _render(found, ReviewForm(formdata=None), pending=pending, answered=bool(answered))


@jobseeker.post("/decisions/<int:decision_id>/review")
def decision_review(decision_id: int):
    found = load_owned(Decision, decision_id)
    if found.automated_rule is None:
        abort(404)  # a counsellor's decision is contested by appeal, not by this review
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render(found, form, 400)
    if found.review_requested_at is None and found.state is DecisionState.ISSUED:
        request_review(found.id, current_user.person_id, form.reason.data or "")
        flash("requested", REVIEW_REQUESTED)
    return redirect(url_for("jobseeker.decision", decision_id=found.id), code=303)


# --- appeals ---------------------------------------------------------------------------------


def _attachment_anchor(index: int) -> str:
    return "attachments" if index == 0 else f"attachments-{index + 1}"


def _uploads() -> list[attachments.Upload]:
    """The chosen files; empty inputs (nothing chosen) are left out."""
    uploads = []
    for storage in request.files.getlist("attachments"):
        # One byte over the limit is enough to refuse; the request limit bounds the rest.
        content = storage.stream.read(attachments.MAX_ATTACHMENT_BYTES + 1)
        if not storage.filename and not content:
            continue
        uploads.append(attachments.Upload(filename=storage.filename or "", content=content))
    return uploads


def _short(filename: str) -> str:
    return filename if len(filename) <= 80 else filename[:77] + "…"


def _refusal_message(refused: attachments.AttachmentRefused) -> str:
    name = _short(refused.filename)
    if refused.code == "size":
        return gettext("The file “%(filename)s” is larger than 10 MB. Choose a smaller file.", filename=name)
    if refused.code == "empty":
        return gettext("The file “%(filename)s” is empty. Choose another file.", filename=name)
    if refused.code == "active":
        return gettext(
            "The file “%(filename)s” contains scripts, embedded files or a password. "
            "Save or print it as a plain PDF and choose it again.",
            filename=name,
        )
    if refused.code == "virus":
        return gettext("The file “%(filename)s” contains a virus. Choose another file.", filename=name)
    if refused.code == "unchecked":
        return gettext(
            "We could not check the file “%(filename)s” for viruses just now. Try again in a few minutes.",
            filename=name,
        )
    return gettext(
        "The file “%(filename)s” is not a PDF, JPEG or PNG file. Choose a PDF, JPEG or PNG file.",
        filename=name,
    )


def _render_appeal_form(decision: Decision, form: AppealForm, status: int = 200):
    return render_template(
        "jobseeker/decisions/appeal.html",
        decision=decision,
        kind_label=_kind_label(decision),
        issued_on=_local_date(decision.issued_at),
        deadline=appeals.appeal_deadline(decision, _profile()),
        form=form,
        max_attachments=attachments.MAX_ATTACHMENTS,
        answer_days=_profile().decisions.appeal_answer_days,
        attachment_anchor=_attachment_anchor,
    ), status


def _render_cannot_appeal(decision: Decision, status: int = 200):
    profile = _profile()
    deadline = appeals.appeal_deadline(decision, profile)
    if not appeals.is_appealable_kind(decision):
        why = "final"
    elif decision.state in (DecisionState.CHANGED, DecisionState.SUPERSEDED):
        why = "replaced"
    else:
        why = "closed"
    return render_template(
        "jobseeker/decisions/appeal_closed.html",
        decision=decision,
        kind_label=_kind_label(decision),
        issued_on=_local_date(decision.issued_at),
        deadline=deadline,
        why=why,
        newer=appeals.superseding_decision(decision.id),
        may_ask_review=decision.automated_rule is not None
        and decision.review_requested_at is None
        and decision.state is DecisionState.ISSUED,
    ), status


@jobseeker.route("/decisions/<int:decision_id>/appeal", methods=["GET", "POST"])
def decision_appeal(decision_id: int):
    found = load_owned(Decision, decision_id)
    profile = _profile()
    if appeals.pending_appeal(found.id) is not None:
        return redirect(url_for("jobseeker.decision_appeal_sent", decision_id=found.id), code=303)
    if not appeals.can_appeal(found, profile, profile.today(), person_id=current_user.person_id):
        return _render_cannot_appeal(found, 409 if request.method == "POST" else 200)
    if request.method == "GET":
        return _render_appeal_form(found, AppealForm(formdata=None))
    form = AppealForm()
    if not form.validate_on_submit():
        return _render_appeal_form(found, form, 400)
    try:
        appeals.file_appeal(found.id, current_user.person_id, form.reason.data, _uploads(), profile)
    except appeals.AppealWindowClosed:
        return _render_cannot_appeal(found, 409)
    except appeals.NotAppealable:
        return redirect(url_for("jobseeker.decision", decision_id=found.id), code=303)
    except attachments.TooManyAttachments:
        form.attachments.errors = [gettext("You can attach up to 5 files")]
        return _render_appeal_form(found, form, 400)
    except attachments.AttachmentRefused as refused:
        form.attachments.errors = [_refusal_message(refused)]
        form.attachments.portal_anchor = _attachment_anchor(refused.index)
        form.attachments.portal_failed_index = refused.index
        return _render_appeal_form(found, form, 400)
    return redirect(url_for("jobseeker.decision_appeal_sent", decision_id=found.id), code=303)


@jobseeker.get("/decisions/<int:decision_id>/appeal/confirmation")
def decision_appeal_sent(decision_id: int):
    found = load_owned(Decision, decision_id)
    appeal = appeals.latest_appeal(found.id)
    if appeal is None or appeal.person_id != current_user.person_id:
        abort(404)
    return render_template(
        "jobseeker/decisions/appeal_sent.html",
        decision=found,
        kind_label=_kind_label(found),
        issued_on=_local_date(found.issued_at),
        appeal=appeal,
        filed_on=_local_date(appeal.filed_at),
    )
