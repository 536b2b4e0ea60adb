"""Registrations a counsellor must decide: the queue, the case, and the decision."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import Registration, RegistrationState, StaffMember
from portal.profiles import current_profile
from portal.services.decisions import OwnCase
from portal.services.paging import requested_number
from portal.services.registration.decide import AlreadyDecided, decide, queue_pages
from portal.web.backoffice import backoffice, usage
from portal.web.backoffice.cases import case_view, decision_view, iso_date, queue_rows
from portal.web.forms import PortalForm
from portal.web.paging import page_links
from portal.web.records import load_authorized

REASON_MAX = 2000
DECIDED = "registration-decided"  # flash category; the message is "<outcome>:<reference>"


class DecisionForm(PortalForm):
    outcome = RadioField(
        _l("Your decision"),
        choices=[
            SelectChoice("approve", _l("Register the person")),
            SelectChoice("reject", _l("Refuse the registration")),
        ],
        validators=[
            InputRequired(message=_l("Select whether to register the person or refuse the registration"))
        ],
    )
    reason = TextAreaField(
        _l("Reason for the decision"),
        description=_l(
            "The person reads this in their decision: state the facts you checked and the rule you applied."
        ),
        validators=[
            DataRequired(message=_l("Enter the reason for the decision")),
            Length(max=REASON_MAX, message=_l("The reason must be 2000 characters or fewer")),
        ],
    )


def _profile():
    return current_profile()


def _load(registration_id: int) -> Registration:
    # Every counsellor may read every registration waiting for a decision (Access.STAFF).
    return load_authorized(Registration, registration_id, lambda _registration, user: user.is_staff)


def _record_case_view(registration: Registration) -> None:
    """Reading a case is a use of the person's data: it is recorded, with its purpose."""
    usage.record_use(
        [registration.person_id],
        "registration case viewed",
        usage.REGISTRATION_CASE,
        {"registration": registration.reference},
    )


def _render_case(
    registration: Registration,
    form: DecisionForm,
    status: int = 200,
    already_decided: bool = False,
    own_case: bool = False,
):
    _record_case_view(registration)
    return render_template(
        "backoffice/registrations/case.html",
        case=case_view(registration),
        form=form,
        pending=registration.state is RegistrationState.PENDING,
        already_decided=already_decided,
        own_case=own_case,
        iso_date=iso_date,
    ), status


def _decided_banner() -> dict[str, str] | None:
    for message in get_flashed_messages(category_filter=[DECIDED]):
        outcome, _, reference = message.partition(":")
        return {"outcome": outcome, "reference": reference}
    return None


@backoffice.get("/registrations")
def registrations():
    profile = _profile()
    pending, review_page = queue_pages(
        requested_number(request.args), requested_number(request.args, "reviews_page")
    )
    rows = queue_rows(pending.items, profile.today())
    reviews = [decision_view(decision) for decision in review_page.items]
    usage.record_use(
        [row.registration.person_id for row in rows],
        "registration queue listed",
        usage.REGISTRATION_QUEUE_ROW,
        listing=True,
    )
    usage.record_use(
        [review.decision.person_id for review in reviews],
        "review requests listed",
        usage.REVIEW_QUEUE_ROW,
        listing=True,
    )
    return render_template(
        "backoffice/registrations/page.html",
        rows=rows,
        reviews=reviews,
        pending=pending,
        pending_links=page_links(pending),
        review_page=review_page,
        review_links=page_links(review_page, param="reviews_page"),
        decided=_decided_banner(),
    )


@backoffice.get("/registrations/<int:registration_id>")
def registration_case(registration_id: int):
    registration = _load(registration_id)
    return _render_case(registration, DecisionForm(formdata=None))


@backoffice.post("/registrations/<int:registration_id>/decision")
def registration_decision(registration_id: int):
    registration = _load(registration_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render_case(registration, form, 400)
    staff = db.session.scalar(select(StaffMember).where(StaffMember.person_id == current_user.person_id))
    if staff is None:  # removed from the staff table since signing in
        abort(403)
    try:
        decided = decide(
            registration.id,
            approve=form.outcome.data == "approve",
            reason=form.reason.data,
            staff=staff,
            profile=_profile(),
        )
    except OwnCase:
        return _render_case(registration, form, 403, own_case=True)
    except AlreadyDecided:
        db.session.expire_all()  # show what was decided meanwhile
        return _render_case(db.session.get(Registration, registration.id), form, 409, already_decided=True)
    flash(f"{form.outcome.data}:{decided.reference}", DECIDED)
    return redirect(url_for("backoffice.registrations"), code=303)
