"""Back-office forms of the trainings catalogue, the measures and the answer to a request."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.models import MeasureKind
from portal.services import reference_data
from portal.services.trainings.catalogue import MeasureInput, TrainingInput
from portal.web import field_components
from portal.web.bound_fields import BindOnce, Radios
from portal.web.fields import DateInputField
from portal.web.forms import PortalForm

ISCO = re.compile(r"^[0-9]{4}$")
YES_NO = [SelectChoice("no", _l("No")), SelectChoice("yes", _l("Yes"))]
REASON_MAX = 4000


class TrainingForm(PortalForm):
    class Meta(BindOnce):
        pass

    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Enter the title")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    provider_name = StringField(
        _l("Provider"),
        description=_l("Who teaches it, for example a vocational training centre"),
        validators=[
            DataRequired(message=_l("Enter the provider")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=REASON_MAX, message=_l("Use 4000 characters or fewer"))],
    )
    isco_code = StringField(
        _l("Occupation it leads to (ISCO-08 code, optional)"),
        description=_l("Four digits, for example 7212 for welders"),
        validators=[Optional()],
    )
    starts_on = DateInputField(_l("Start date"))
    ends_on = DateInputField(_l("End date"))
    hours = IntegerField(
        _l("Hours of instruction"),
        validators=[
            InputRequired(message=_l("Enter the hours as a whole number")),
            NumberRange(min=1, max=5000, message=_l("Enter a number from 1 to 5000")),
        ],
    )
    municipality_code = SelectField(_l("Place"), validate_choice=True)
    remote = Radios(_l("Taught remotely"), choices=YES_NO, default="no")
    language = SelectField(_l("Language of instruction"))
    seats_total = IntegerField(
        _l("Seats"),
        validators=[
            InputRequired(message=_l("Enter the number of seats")),
            NumberRange(min=0, max=1000, message=_l("Enter a number from 0 to 1000")),
        ],
    )
    certificate = StringField(
        _l("Certificate obtained"),
        validators=[Optional(), Length(max=300, message=_l("Use 300 characters or fewer"))],
    )

    def __init__(self, *args: Any, places: list[SelectChoice], languages: list[SelectChoice], **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Lists from `cached_choices` (built and rendered once per process and language): shared, so
        # never changed here.
        self.municipality_code.choices = places
        self.language.choices = languages

    def validate_isco_code(self, field: StringField) -> None:
        if field.data and (not ISCO.match(field.data) or reference_data.occupation(field.data, "en") is None):
            raise ValidationError(_l("Enter an ISCO-08 unit group code of four digits, such as 7212"))

    def validate_starts_on(self, field: DateInputField) -> None:
        if field.data is None and not field.errors:
            raise ValidationError(_l("Enter the start date"))

    def validate_ends_on(self, field: DateInputField) -> None:
        if field.data is None and not field.errors:
            raise ValidationError(_l("Enter the end date"))
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date"))

    def validate_municipality_code(self, field: SelectField) -> None:
        if not field.data and self.remote.data != "yes":
            raise ValidationError(_l("Select the place, or say that it is taught remotely"))

    def to_input(self) -> TrainingInput:
        return TrainingInput(
            title=self.title.data,
            provider_name=self.provider_name.data,
            description=self.description.data or "",
            isco_code=self.isco_code.data or None,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            hours=self.hours.data,
            municipality_code=self.municipality_code.data or None,
            remote=self.remote.data == "yes",
            language=self.language.data,
            seats_total=self.seats_total.data,
            certificate=self.certificate.data or "",
        )


class MeasureForm(PortalForm):
    kind = RadioField(
        _l("Kind of measure"),
        choices=[SelectChoice(kind.value, labels.MEASURE_KINDS[kind]) for kind in MeasureKind],
        validators=[InputRequired(message=_l("Select the kind of measure"))],
    )
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Enter the title")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=REASON_MAX, message=_l("Use 4000 characters or fewer"))],
    )
    eligibility_key = SelectField(_l("Eligibility rule"))
    active = RadioField(_l("Offered now"), choices=YES_NO, default="yes")

    def __init__(self, *args: Any, rule_keys: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.eligibility_key.choices = [SelectChoice(key, key) for key in rule_keys]

    def to_input(self) -> MeasureInput:
        return MeasureInput(
            kind=MeasureKind(self.kind.data),
            title=self.title.data,
            description=self.description.data or "",
            eligibility_key=self.eligibility_key.data,
            active=self.active.data == "yes",
        )


class AnswerRequestForm(PortalForm):
    """Its fields bound once per process and copied (`BindOnce`), its radios' options plain records
    (`Radios`): the request's case page makes the form on every view."""

    class Meta(BindOnce):
        pass

    outcome = Radios(
        _l("Your answer"),
        choices=[
            SelectChoice("approve", _l("Approve: the person gets a seat")),
            SelectChoice("reject", _l("Refuse")),
        ],
        validators=[InputRequired(message=_l("Select whether to approve or refuse the request"))],
    )
    reason = TextAreaField(
        _l("Reasons"),
        description=_l("The person reads this: say why, and what they can do next."),
        validators=[
            DataRequired(message=_l("Enter the reasons for your answer")),
            Length(max=REASON_MAX, message=_l("The reasons must be 4000 characters or fewer")),
        ],
    )


# The answer's two fields as a waiting request's case page shows them (empty, without errors),
# written once per language by the components the template calls: the page built the form and
# wrote its fields on every view. A submitted form with errors is written by the template.
_ANSWER_FIELDS: dict[str, Markup] = {}


def answer_fields() -> Markup:
    """`radios(form.outcome, ...)` and `textarea(form.reason, ...)` of an empty `AnswerRequestForm`,
    with the white space between them that the template wrote."""
    language = current_language().code
    markup = _ANSWER_FIELDS.get(language)
    if markup is None:
        form = AnswerRequestForm(formdata=None, meta={"csrf": False})
        legend = "govuk-fieldset__legend govuk-fieldset__legend--s"
        markup = _ANSWER_FIELDS[language] = (
            field_components.radios(form.outcome, legend_class=legend)
            + Markup("\n      ")
            + field_components.textarea(form.reason, rows=6, maxlength=4000)
        )
    return markup
