"""Proposals to end a registration waiting for a counsellor: the queue, the evidence, and the
counsellor's confirmation (a decision) or rejection (with a reason)."""

from __future__ import annotations

from flask import flash, get_flashed_messages, redirect, render_template, request, url_for
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import StatusProposal
from portal.models.audit import DataCategory as C
from portal.profiles import current_profile
from portal.services import decisions
from portal.services.lifecycle import ending, proposals
from portal.web.backoffice import backoffice, usage
from portal.web.backoffice.paging import page_number, pages
from portal.web.backoffice.views.appeals import current_staff, is_staff
from portal.web.forms import PortalForm
from portal.web.records import load_authorized

NOTE_MAX = 2000
CLOSED = "proposal-closed"  # flash category; the message is "confirmed" or "rejected"
QUEUE_ROW = (C.NAME, C.REGISTRATION, C.STATUS_PROPOSAL)
CASE = (C.NAME, C.PERSONAL_CODE, C.REGISTRATION, C.STATUS_PROPOSAL)


class ProposalForm(PortalForm):
    outcome = RadioField(
        _l("Your decision"),
        choices=[
            SelectChoice("confirm", _l("End the registration")),
            SelectChoice("reject", _l("Reject the proposal: the registration stays in force")),
        ],
        validators=[
            InputRequired(message=_l("Select whether to end the registration or reject the proposal"))
        ],
    )
    note = TextAreaField(
        _l("Reason"),
        description=_l(
            "Ending: anything the person should read besides the register's facts (optional). "
            "Rejecting: why the proposal is wrong (required)."
        ),
        validators=[Length(max=NOTE_MAX, message=_l("The reason must be 2000 characters or fewer"))],
    )

    def validate_note(self, field: TextAreaField) -> None:
        if self.outcome.data == "reject" and not field.data:
            raise ValidationError(_l("Enter why the proposal is wrong"))


@backoffice.get("/status-proposals")
def status_proposals():
    found = proposals.open_proposals(page_number(request.args.get("page")))
    usage.record_use(
        [proposal.person_id for proposal in found.items],
        "proposals to end registrations listed",
        QUEUE_ROW,
        listing=True,
    )
    return render_template(
        "backoffice/proposals/page.html",
        found=found,
        pagination=pages("backoffice.status_proposals", found.number, found.pages),
        closed=next(iter(get_flashed_messages(category_filter=[CLOSED])), None),
    )


def _render(proposal: StatusProposal, form: ProposalForm, status: int = 200, error: str | None = None):
    usage.record_use(
        [proposal.person_id], "proposal to end a registration viewed", CASE, {"proposal": proposal.id}
    )
    return render_template(
        "backoffice/proposals/case.html", proposal=proposal, form=form, error=error
    ), status


@backoffice.route("/status-proposals/<int:proposal_id>", methods=["GET", "POST"])
def status_proposal(proposal_id: int):
    proposal = load_authorized(StatusProposal, proposal_id, is_staff)
    if request.method == "GET":
        return _render(proposal, ProposalForm(formdata=None))
    form = ProposalForm()
    if not form.validate_on_submit():
        return _render(proposal, form, 400)
    try:
        if form.outcome.data == "confirm":
            proposals.confirm(
                proposal.id, staff=current_staff(), profile=current_profile(), note=form.note.data or ""
            )
        else:
            proposals.reject(proposal.id, staff=current_staff(), reason=form.note.data)
    except decisions.OwnCase:
        return _render(proposal, form, 403, error="own_case")
    except (proposals.AlreadyClosed, ending.NotActive, ending.InvalidEndDate):
        db.session.expire_all()
        return _render(db.session.get(StatusProposal, proposal.id), form, 409, error="closed")
    flash("confirmed" if form.outcome.data == "confirm" else "rejected", CLOSED)
    return redirect(url_for("backoffice.status_proposals"), code=303)
