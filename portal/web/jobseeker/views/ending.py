"""The person ends their own registration, in two pages: why ("I found a job", moving abroad, no
longer wishing to be registered), then the date (and for a job, the employer). The end is a
decision made at once; the person lands on it."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from portal.catalog import lazy_gettext as _l
from portal.models import EndReason, Registration
from portal.profiles import current_profile
from portal.services.lifecycle import own
from portal.web.bound_fields import Radios
from portal.web.fields import DateInputField
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker

EMPLOYER_MAX = 200


class EndReasonForm(PortalForm):
    # Options as plain records (`Radios`): WTForms binds a sub-field per option at each render.
    reason = Radios(
        _l("Why do you want to end your registration?"),
        choices=[
            SelectChoice(EndReason.FOUND_WORK.value, _l("I found a job")),
            SelectChoice(EndReason.EMIGRATED.value, _l("I am moving abroad")),
            SelectChoice(
                EndReason.OWN_REQUEST.value, _l("Another reason: I no longer want to be registered")
            ),
        ],
        validators=[InputRequired(message=_l("Select why you want to end your registration"))],
    )


class EndDetailsForm(PortalForm):
    """The second page; `reason` comes from the first (in the address), not from this form."""

    on = DateInputField(_l("Date"))
    employer = StringField(
        _l("Employer"),
        validators=[
            Length(max=EMPLOYER_MAX, message=_l("The employer's name must be 200 characters or fewer"))
        ],
    )

    def __init__(self, *args, reason: EndReason, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason = reason
        self.latest = latest
        if reason is EndReason.FOUND_WORK:
            self.on.label.text = _l("First day of your new job")
            self.employer.label.text = _l("Employer's name")

    def validate_on(self, field: DateInputField) -> None:
        if field.errors:
            return
        if field.data is None:
            raise ValidationError(
                _l("Enter the first day of your new job")
                if self.reason is EndReason.FOUND_WORK
                else _l("Enter the date your registration should end")
            )
        if field.data > self.latest:
            raise ValidationError(_l("The date can be at most a month from today"))

    def validate_employer(self, field: StringField) -> None:
        if self.reason is EndReason.FOUND_WORK and not field.data:
            raise ValidationError(_l("Enter your employer's name"))


def _registration() -> Registration:
    """The person's registration in force; without one there is nothing to end."""
    found = own.registration_to_end(current_user.person_id)
    if found is None:
        abort(404)
    return found


def _reason() -> EndReason | None:
    value = request.args.get("reason", "")
    return next((reason for reason in own.OWN_REASONS if reason.value == value), None)


@jobseeker.route("/end-registration", methods=["GET", "POST"])
def end_registration():
    registration = _registration()
    form = EndReasonForm(formdata=None) if request.method == "GET" else EndReasonForm()
    if request.method == "GET" and (reason := _reason()) is not None:
        form.reason.data = reason.value
    if request.method == "POST" and form.validate_on_submit():
        return redirect(url_for("jobseeker.end_registration_details", reason=form.reason.data), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("jobseeker/ending/reason.html", form=form, registration=registration), status


@jobseeker.route("/end-registration/details", methods=["GET", "POST"])
def end_registration_details():
    registration = _registration()
    reason = _reason()
    if reason is None:
        return redirect(url_for("jobseeker.end_registration"), code=303)
    profile = current_profile()
    latest = own.latest_day(profile)
    form = EndDetailsForm(
        formdata=None if request.method == "GET" else request.form, reason=reason, latest=latest
    )
    if request.method == "POST" and form.validate_on_submit():
        try:
            decision = own.end_own(
                current_user.person_id,
                registration.id,
                reason=reason,
                on=form.on.data,
                employer=form.employer.data or None,
                profile=profile,
            )
        except own.NotActive:
            return redirect(url_for("jobseeker.home"), code=303)
        return redirect(url_for("jobseeker.decision", decision_id=decision.id), code=303)
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "jobseeker/ending/details.html",
            form=form,
            reason=reason,
            registration=registration,
            latest=latest,
            found_work=reason is EndReason.FOUND_WORK,
        ),
        status,
    )
