"""The vacancy form, shared by the employer's pages and the counsellor's registration on an
employer's behalf: fields, their choices in the user's language, and the conversion to the
service's `VacancyInput` (the service applies the rules; their messages come back to the fields)."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale
from flask_babel import get_locale
from flask_babel.speaklater import LazyString
from markupsafe import Markup
from wtforms import (
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

from portal import vacancy_labels as labels
from portal.catalog import lazy_gettext as _l
from portal.i18n import babel_locale
from portal.models.vacancy import ApplyMethod, ContractType, RemoteWork, VacancyWorkingTime
from portal.profiles import current_profile
from portal.services.reference_data import municipalities, occupation
from portal.services.vacancies import VacancyInput
from portal.services.vacancies.rules import DRIVING_LICENCE_CATEGORIES, WORK_LANGUAGES
from portal.services.vacancy_text import MAX_LENGTH
from portal.web.bound_fields import BindOnce, Radios
from portal.web.fields import DateInputField
from portal.web.forms import PortalForm
from portal.web.select_options import cached_choices

PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
WHOLE_NUMBER = r"^[0-9]{1,7}$"
PLACE_FIELDS = ("place_1", "place_2", "place_3")
LANGUAGE_FIELDS = (("language_1", "level_1"), ("language_2", "level_2"), ("language_3", "level_3"))
# The service's rule names -> the field that shows the message.
ERROR_FIELDS = {"places": "place_1", "languages": "language_1"}


def _choices(mapping: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in mapping.items()]


class VacancyForm(PortalForm):
    class Meta(BindOnce):
        pass

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    title = StringField(
        _l("Job title"),
        validators=[
            DataRequired(message=_l("Enter the job title")),
            Length(max=200, message=_l("Use 200 characters or fewer")),
        ],
    )
    occupation = Radios(_l("Occupation"), choices=[], validate_choice=False)
    q = StringField(_l("Search for an occupation"), validators=[Optional(), Length(max=100)])
    description = TextAreaField(
        _l("Description of the job"),
        description=_l(
            "What the work is, what you offer and whom you look for. You may use paragraphs, lists, "
            "bold text and links; other formatting is removed."
        ),
        validators=[
            DataRequired(message=_l("Enter a description of the job")),
            Length(max=MAX_LENGTH, message=_l("Use 20000 characters or fewer")),
        ],
    )
    remote = Radios(
        _l("Where is the work done?"),
        choices=_choices(labels.REMOTE),
        default=RemoteWork.ON_SITE.value,
        validators=[InputRequired(message=_l("Select where the work is done"))],
    )
    place_1 = SelectField(_l("Place of work"), choices=[], validate_choice=False)
    place_2 = SelectField(_l("Another place of work (optional)"), choices=[], validate_choice=False)
    place_3 = SelectField(_l("A third place of work (optional)"), choices=[], validate_choice=False)
    working_time = Radios(
        _l("Working time"),
        choices=_choices(labels.WORKING_TIMES),
        validators=[InputRequired(message=_l("Select full-time, part-time or shift work"))],
    )
    contract = Radios(
        _l("Contract"),
        choices=_choices(labels.CONTRACTS),
        validators=[InputRequired(message=_l("Select the kind of contract"))],
    )
    contract_end = DateInputField(_l("End of the fixed-term contract"))
    wage_min = StringField(
        _l("Lowest gross wage per month"),
        validators=[
            DataRequired(message=_l("Enter the lowest gross monthly wage")),
            Regexp(WHOLE_NUMBER, message=_l("Enter the wage as a whole number, like 1500")),
        ],
    )
    wage_max = StringField(
        _l("Highest gross wage per month"),
        validators=[
            DataRequired(message=_l("Enter the highest gross monthly wage")),
            Regexp(WHOLE_NUMBER, message=_l("Enter the wage as a whole number, like 1500")),
        ],
    )
    education_level = SelectField(_l("Education required"), choices=[], validate_choice=False)
    language_1 = SelectField(_l("Language"), choices=[], validate_choice=False)
    level_1 = SelectField(_l("Level"), choices=[], validate_choice=False)
    language_2 = SelectField(_l("Second language"), choices=[], validate_choice=False)
    level_2 = SelectField(_l("Level of the second language"), choices=[], validate_choice=False)
    language_3 = SelectField(_l("Third language"), choices=[], validate_choice=False)
    level_3 = SelectField(_l("Level of the third language"), choices=[], validate_choice=False)
    driving_licence = SelectMultipleField(
        _l("Driving licence required (optional)"),
        choices=[SelectChoice(code, code) for code in DRIVING_LICENCE_CATEGORIES],
    )
    experience_years = StringField(
        _l("Years of experience required"),
        default="0",
        validators=[
            InputRequired(message=_l("Enter the years of experience required, or 0")),
            Regexp(r"^[0-9]{1,2}$", message=_l("Enter the years of experience as a whole number, like 2")),
        ],
    )
    positions = StringField(
        _l("Number of positions"),
        default="1",
        validators=[
            InputRequired(message=_l("Enter the number of positions")),
            Regexp(r"^[1-9][0-9]{0,2}$", message=_l("Enter a number of positions from 1 to 999")),
        ],
    )
    start_date = DateInputField(_l("Start date (optional)"))
    deadline = DateInputField(_l("Application deadline"))
    apply_method = Radios(
        _l("How do people apply?"),
        choices=_choices(labels.APPLY_METHODS),
        default=ApplyMethod.PORTAL.value,
        validators=[InputRequired(message=_l("Select how people apply"))],
    )
    apply_address = StringField(
        _l("E-mail address or web address for applications"),
        validators=[Optional(), Length(max=500, message=_l("Use 500 characters or fewer"))],
    )
    contact_name = StringField(
        _l("Contact person (optional)"),
        validators=[Optional(), Length(max=200, message=_l("Use 200 characters or fewer"))],
    )
    contact_email = StringField(
        _l("Contact e-mail (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Use 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com"),
                check_deliverability=False,
            ),
        ],
    )
    contact_phone = StringField(
        _l("Contact phone (optional)"),
        validators=[
            Optional(),
            Regexp(PHONE, message=_l("Enter a phone number, like 5123 4567 or +372 5123 4567")),
        ],
    )

    def validate_occupation(self, field: RadioField) -> None:
        if getattr(self, "submit_action", "save") == "search":
            return
        code = field.data or ""
        if not (code.isascii() and code.isdigit() and len(code) == 4) or occupation(code, "en") is None:
            raise ValidationError(_l("Select an occupation, or search for one"))

    def validate_deadline(self, field: DateInputField) -> None:
        if field.data is None and not field.errors:
            raise ValidationError(_l("Enter the application deadline"))

    def validate_contract_end(self, field: DateInputField) -> None:
        if self.contract.data == ContractType.FIXED_TERM.value and field.data is None and not field.errors:
            raise ValidationError(_l("Enter the date the fixed-term contract ends"))


RADIO_CHOICES = {
    "remote": labels.REMOTE,
    "working_time": labels.WORKING_TIMES,
    "contract": labels.CONTRACTS,
    "apply_method": labels.APPLY_METHODS,
}
_LABELS: dict[tuple[type, str], dict[str, tuple[Any, Any]]] = {}
_RADIO_CHOICES: dict[tuple[str, ...], list[SelectChoice]] = {}


def _text(value: Any) -> Any:
    """A lazy translation as the text it renders to: Flask-Babel's lazy strings render as they are
    (`__html__`), so their translation is kept as `Markup` (the page's bytes stay the same)."""
    return Markup(str(value)) if isinstance(value, LazyString) else value  # noqa: S704 - as __html__ does


def _translated_choices(name: str, mapping: dict[Any, Any], key: tuple[str, ...]) -> list[SelectChoice]:
    found = _RADIO_CHOICES.get((name, *key))
    if found is None:
        choices = [SelectChoice(str(value), _text(label)) for value, label in mapping.items()]
        found = _RADIO_CHOICES.setdefault((name, *key), choices)
    return found


def _plain_labels(form: VacancyForm) -> None:
    """Each field's label and hint as text in the request's language, translated once per process,
    form class and language (a lazy label was translated again at every render)."""
    key = (type(form), str(get_locale()))
    found = _LABELS.get(key)
    if found is None:
        found = _LABELS.setdefault(
            key,
            {field.short_name: (_text(field.label.text), _text(field.description)) for field in form},
        )
    for field in form:
        field.label.text, field.description = found[field.short_name]


def prepare(form: VacancyForm, language: str, extra_occupations: list[str] = ()) -> VacancyForm:
    """Fill the choices in the user's language (municipalities of the profile, languages, levels).
    The reference lists are built and rendered once per process and language (`cached_choices`)."""
    profile_code = current_profile().code
    # Labels are translated when a list is built: the key names the language they are in.
    key = (profile_code, language, str(get_locale()))

    def places():
        yield SelectChoice("", _l("Select a municipality"))
        for found in municipalities(profile_code, language):
            yield SelectChoice(found.code, found.name)

    def education_levels():
        yield SelectChoice("", _l("No requirement"))
        for level, label in labels.EDUCATION_LEVELS.items():
            yield SelectChoice(str(level), label)

    def language_names():
        locale = Locale.parse(babel_locale(language))
        names = sorted(
            ((code, (locale.languages.get(code) or code).capitalize()) for code in WORK_LANGUAGES),
            key=lambda item: item[1],
        )
        return [SelectChoice("", _l("No language"))] + [SelectChoice(code, name) for code, name in names]

    def levels():
        yield SelectChoice("", _l("Select a level"))
        for level in labels.CEFR_LEVELS:
            yield SelectChoice(level, labels.CEFR_LABELS.get(level, level))

    place_choices = cached_choices(("vacancy places", *key), places)
    for name in PLACE_FIELDS:
        form[name].choices = place_choices
    form.education_level.choices = cached_choices(("vacancy education levels", *key), education_levels)
    language_choices = cached_choices(("vacancy languages", *key), language_names)
    level_choices = cached_choices(("vacancy language levels", *key), levels)
    for code_field, level_field in LANGUAGE_FIELDS:
        form[code_field].choices = language_choices
        form[level_field].choices = level_choices
    for name, mapping in RADIO_CHOICES.items():
        form[name].choices = _translated_choices(name, mapping, key)
    _plain_labels(form)
    codes = [code for code in [form.occupation.data, *extra_occupations] if code]
    form.occupation.choices = [
        SelectChoice(code, f"{found.title} ({code})")
        for code in dict.fromkeys(codes)
        if (found := occupation(code, language)) is not None
    ]
    return form


def data_of(vacancy: Any) -> dict[str, Any]:
    """A saved vacancy as the form's initial data."""
    data = {
        name: getattr(vacancy, name)
        for name in (
            "title",
            "description",
            "contract_end",
            "start_date",
            "deadline",
            "apply_address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "version",
        )
    }
    data.update(
        occupation=vacancy.occupation_code,
        remote=vacancy.remote.value,
        working_time=vacancy.working_time.value,
        contract=vacancy.contract.value,
        wage_min=str(vacancy.wage_min),
        wage_max=str(vacancy.wage_max),
        education_level="" if vacancy.education_level is None else str(vacancy.education_level),
        driving_licence=(vacancy.driving_licence or "").split(",") if vacancy.driving_licence else [],
        experience_years=str(vacancy.experience_years),
        positions=str(vacancy.positions),
        apply_method=vacancy.apply_method.value,
    )
    for name, code in zip(PLACE_FIELDS, vacancy.municipality_codes, strict=False):
        data[name] = code
    for (code_field, level_field), row in zip(LANGUAGE_FIELDS, vacancy.languages, strict=False):
        data[code_field], data[level_field] = row.language, row.level
    return data


def input_of(form: VacancyForm) -> VacancyInput:
    places = tuple(dict.fromkeys(code for name in PLACE_FIELDS if (code := form[name].data)))
    languages = tuple(
        (form[code_field].data, form[level_field].data or "")
        for code_field, level_field in LANGUAGE_FIELDS
        if form[code_field].data
    )
    return VacancyInput(
        title=form.title.data,
        occupation_code=form.occupation.data,
        description=form.description.data,
        municipality_codes=places,
        remote=RemoteWork(form.remote.data),
        working_time=VacancyWorkingTime(form.working_time.data),
        contract=ContractType(form.contract.data),
        contract_end=form.contract_end.data,
        wage_min=int(form.wage_min.data),
        wage_max=int(form.wage_max.data),
        education_level=int(form.education_level.data)
        if (form.education_level.data or "").isdigit()
        else None,
        languages=languages,
        driving_licence=",".join(
            code for code in form.driving_licence.data or [] if code in DRIVING_LICENCE_CATEGORIES
        )
        or None,
        experience_years=int(form.experience_years.data),
        positions=int(form.positions.data),
        start_date=form.start_date.data,
        deadline=form.deadline.data,
        apply_method=ApplyMethod(form.apply_method.data),
        apply_address=form.apply_address.data or None,
        contact_name=form.contact_name.data or None,
        contact_email=form.contact_email.data or None,
        contact_phone=form.contact_phone.data or None,
    )


def show_errors(form: VacancyForm, errors: dict[str, str]) -> None:
    """The service's rule messages, on the fields they are about (listed in the error summary)."""
    for name, message in errors.items():
        field = form[ERROR_FIELDS.get(name, name)]
        field.errors = [*field.errors, message]
