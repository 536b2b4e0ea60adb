"""The forms of offers, refusals and shortlists. Only the fields named here are read from a POST:
a mass-assigned `state`, `person_id` or `counsellor_id` is never looked at."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.models import ConsentField, NotSelectedReason, Outcome, RefusalReason
from portal.services.offers.answering import PERSON_REASONS
from portal.web.bound_fields import BindOnce
from portal.web.fields import DateInputField
from portal.web.forms import PortalForm


def _consent_choices() -> list[SelectChoice]:
    return [SelectChoice(field.value, labels.CONSENT_FIELDS[field]) for field in ConsentField]


REPLY_IN_PAST = _l("The reply date must be today or later")
CONSENT_MISSING = _l("Choose at least one thing the employer may see")


class ConsentForm(PortalForm):
    """Accepting an offer or applying: which fields of the record this employer may see."""

    fields = SelectMultipleField(
        _l("What the employer may see"),
        description=_l(
            "Choose at least one. Your personal code, social assistance, health and income are never shown."
        ),
        choices=_consent_choices,
        validators=[InputRequired(message=CONSENT_MISSING)],
    )


class RefuseForm(PortalForm):
    reason = RadioField(
        _l("Why are you refusing this offer?"),
        choices=[SelectChoice(reason.value, labels.REFUSAL_REASONS[reason]) for reason in PERSON_REASONS],
        validators=[InputRequired(message=_l("Select why you are refusing the offer"))],
    )
    reason_text = TextAreaField(
        _l("Explain in your own words"),
        description=_l("Needed when you chose another reason; otherwise optional."),
        validators=[Optional(), Length(max=2000, message=_l("Write at most 2,000 characters"))],
    )
    # "preview" shows what follows before the person confirms; "confirm" records the refusal.
    step = HiddenField(default="preview")

    def validate_reason_text(self, field) -> None:
        if self.reason.data == RefusalReason.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Explain your reason"))


class ReviewForm(PortalForm):
    finding = RadioField(
        _l("Was the reason valid?"),
        choices=[
            SelectChoice("valid", _l("Valid reason: record it without consequence")),
            SelectChoice("not-valid", _l("No valid reason: apply the consequence shown")),
        ],
        validators=[InputRequired(message=_l("Select whether the reason was valid"))],
    )
    reasoning = TextAreaField(
        _l("Reasons"),
        description=_l("The person reads this: state the facts you checked and the rule you applied."),
        validators=[
            InputRequired(message=_l("Write your reasons")),
            Length(max=5000, message=_l("Write at most 5,000 characters")),
        ],
    )


class ProposeForm(PortalForm):
    """Its fields bound once per process and copied (`BindOnce`): a person's offers page shows it
    on every view."""

    class Meta(BindOnce):
        pass

    subject = SelectField(_l("What to offer"), validators=[InputRequired(message=_l("Select what to offer"))])
    reply_by = DateInputField(
        _l("Reply by"),
        description=_l("Leave empty for the usual deadline of working days."),
        validators=[Optional()],
    )
    note = TextAreaField(
        _l("Note to the person (optional)"),
        validators=[Optional(), Length(max=2000, message=_l("Write at most 2,000 characters"))],
    )


class ProposeManyForm(PortalForm):
    persons = SelectMultipleField(
        _l("Jobseekers to offer this vacancy to"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose at least one jobseeker"))],
    )
    note = TextAreaField(
        _l("Note to the people (optional)"),
        validators=[Optional(), Length(max=2000, message=_l("Write at most 2,000 characters"))],
    )


class OutcomeForm(PortalForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[SelectChoice(outcome.value, labels.OUTCOMES[outcome]) for outcome in Outcome],
        validators=[InputRequired(message=_l("Select the outcome"))],
    )
    start_date = DateInputField(_l("First working day (when hired)"), validators=[Optional()])
    not_selected_reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice("", "")]
        + [SelectChoice(reason.value, labels.NOT_SELECTED_REASONS[reason]) for reason in NotSelectedReason],
        validators=[Optional()],
    )

    def validate_start_date(self, field) -> None:
        if self.outcome.data == Outcome.HIRED.value and field.data is None:
            raise ValidationError(_l("Enter the first working day"))

    def validate_not_selected_reason(self, field) -> None:
        if self.outcome.data == Outcome.NOT_SELECTED.value and not field.data:
            raise ValidationError(_l("Select why the candidate was not selected"))
