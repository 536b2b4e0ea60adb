"""Forms of the registration journey. Each carries the draft `version` it was rendered from."""

from __future__ import annotations

import re

from wtforms import (
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import HiddenInput

from portal.catalog import lazy_gettext as _l
from portal.labels import CONTRACT_TYPES
from portal.web.fields import DateInputField
from portal.web.forms import PortalForm

PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")


class DraftForm(PortalForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class StartForm(PortalForm):
    pass


class CheckForm(DraftForm):
    pass


class CorrectionForm(DraftForm):
    declared = TextAreaField(
        _l("What is correct?"),
        validators=[
            DataRequired(message=_l("Enter what is correct")),
            Length(max=1000, message=_l("Use 1000 characters or fewer")),
        ],
    )


class ManualPopulationForm(DraftForm):
    address = StringField(
        _l("Your address"),
        validators=[
            DataRequired(message=_l("Enter your address")),
            Length(max=300, message=_l("Use 300 characters or fewer")),
        ],
    )


class ManualEducationForm(DraftForm):
    highest = StringField(
        _l("Your highest education or qualification"),
        validators=[
            DataRequired(message=_l("Enter your highest education or qualification")),
            Length(max=300, message=_l("Use 300 characters or fewer")),
        ],
    )


class ManualYesNoForm(DraftForm):
    answer = RadioField(
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(message=_l("Select yes or no"))],
    )


class ContactForm(DraftForm):
    phone = StringField(
        _l("Phone number"),
        description=_l("For international numbers include the country code, for example +372 5123 4567"),
        validators=[
            DataRequired(message=_l("Enter a phone number")),
            Regexp(PHONE, message=_l("Enter a phone number, like 5123 4567 or +372 5123 4567")),
        ],
    )
    email = EmailField(
        _l("Email address"),
        description=_l("We only send a message that something new is waiting for you in the portal."),
        validators=[
            DataRequired(message=_l("Enter an email address")),
            Length(max=254, message=_l("Use 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com"),
                granular_message=False,
                check_deliverability=False,
            ),
        ],
    )
    notice_language = RadioField(
        _l("In which language should we write to you?"),
        description=_l("E-mails and text messages from us will be in this language."),
        choices=[],
        validators=[InputRequired(message=_l("Select a language"))],
    )


class OccupationsForm(DraftForm):
    occupations = SelectMultipleField(
        _l("Occupations you are looking for"), choices=[], validate_choice=False
    )
    q = StringField(_l("Search for an occupation"), validators=[Optional(), Length(max=100)])

    def validate_occupations(self, field: SelectMultipleField) -> None:
        if getattr(self, "submit_action", "continue") == "continue" and not field.data:
            raise ValidationError(_l("Select at least one occupation, or search for one"))
        if len(field.data or []) > 5:
            raise ValidationError(_l("Select up to 5 occupations"))
        if any(not (code.isascii() and code.isdigit() and len(code) == 4) for code in field.data or []):
            raise ValidationError(_l("Select occupations from the list"))


class PreferencesForm(DraftForm):
    places = SelectMultipleField(_l("Where do you want to work?"), choices=[], validate_choice=False)
    also = SelectField(_l("Another municipality (optional)"), choices=[], validate_choice=False)
    working_time = RadioField(
        _l("Do you want full-time or part-time work?"),
        choices=[
            SelectChoice("any", _l("Either")),
            SelectChoice("full", _l("Full-time")),
            SelectChoice("part", _l("Part-time")),
        ],
        validators=[InputRequired(message=_l("Select full-time, part-time or either"))],
    )
    contracts = SelectMultipleField(
        _l("Which kinds of contract would you take?"),
        description=_l("Select every kind that suits you. Keep all three if any kind does."),
        choices=[SelectChoice(code, label) for code, label in CONTRACT_TYPES.items()],
        validate_choice=False,
    )
    languages = SelectMultipleField(_l("Languages you can work in"), choices=[], validate_choice=False)
    start = RadioField(
        _l("When can you start work?"),
        choices=[SelectChoice("now", _l("Now")), SelectChoice("later", _l("From a later date"))],
        validators=[InputRequired(message=_l("Select when you can start"))],
    )
    start_on = DateInputField(_l("Date you can start"))

    def validate_places(self, field: SelectMultipleField) -> None:
        if not field.data and not self.also.data:
            raise ValidationError(_l("Select where you want to work, or remote work"))

    def validate_languages(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one language"))

    def validate_contracts(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError(_l("Select at least one kind of contract"))
        if any(code not in CONTRACT_TYPES for code in field.data):
            raise ValidationError(_l("Select kinds of contract from the list"))

    def validate_start_on(self, field: DateInputField) -> None:
        if self.start.data == "later" and field.data is None and not field.errors:
            raise ValidationError(_l("Enter the date you can start"))


DRIVING_LICENCE_CATEGORIES = ("AM", "A", "B", "BE", "C1", "C", "CE", "D1", "D", "DE")


class OtherDetailsForm(DraftForm):
    """What "my profile" asks beyond the registration journey: all optional."""

    driving_licence = SelectMultipleField(
        _l("Driving licence categories (optional)"),
        choices=[SelectChoice(code, code) for code in DRIVING_LICENCE_CATEGORIES],
    )
    wage_expectation = StringField(
        _l("Gross monthly wage you expect (optional)"),
        description=_l("In euros, as a whole number, for example 1500"),
        validators=[
            Optional(),
            Regexp(r"^[0-9]{1,6}$", message=_l("Enter the wage as a whole number of euros, like 1500")),
        ],
    )


class SituationForm(DraftForm):
    pass


class ReviewForm(DraftForm):
    pass
