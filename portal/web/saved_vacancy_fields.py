"""The vacancy form's fields for a GET of a saved vacancy, written from its data without a form.

A GET of the employer's form built a WTForms form of 32 fields (each bound, copied and processed
with the vacancy's data), gave it the choices of the request's language, then wrote each field
through its component (`web.vacancy_fields`): about a fifth of the page, the same every time but
for the vacancy's values. Here the fields' markup for a form without errors, with the choices of
one language, profile and search address, is written once by `vacancy_fields` itself, from a form
whose values are stand-ins (`_frame`), and cut at each value; a GET then writes each value into
it as WTForms and the components would have: the same data processed the same way (`_strip`,
`_nfc`, each field's coercion), escaped the same way, radios, checkboxes and options written as
the components write them. Nothing of a vacancy is kept: only markup, per language, profile and
search address (at most `_KEPT`). Whatever it does not know (an occupation not in the register,
a version that is not a number) gives None: the caller builds the form as before.
`tests/unit/test_saved_vacancy_fields.py` compares both ways for many vacancies' data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from flask_babel import get_locale
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal.i18n import current_translations
from portal.profiles import current_profile
from portal.services.reference_data import occupation
from portal.web import vacancy_form
from portal.web.bound_fields import release
from portal.web.field_components import _esc, radio_items
from portal.web.forms import _nfc, _strip
from portal.web.select_options import select_options
from portal.web.vacancy_fields import vacancy_fields

_KEPT = 32  # frames: (catalog, locale, language, profile, search address); full, it starts again
_FRAMES: dict[tuple[Any, ...], _Frame] = {}

_TEXTS = (
    "title",
    "description",
    "wage_min",
    "wage_max",
    "experience_years",
    "positions",
    "apply_address",
    "contact_name",
    "contact_email",
    "contact_phone",
)
_RADIOS = ("remote", "working_time", "contract", "apply_method")
_SELECTS = (
    *vacancy_form.PLACE_FIELDS,
    "education_level",
    *(name for pair in vacancy_form.LANGUAGE_FIELDS for name in pair),
)
_DATES = ("contract_end", "start_date", "deadline")
_PARTS = ("day", "month", "year")


_TOKEN = re.compile("\ue000[^\ue001]*\ue001")


def _token(name: str) -> str:
    """A stand-in value: private-use characters that no filter strips and no escape changes."""
    return f"\ue000{name}\ue001"


def _checkbox_item(option_id: str, name: str, value: Any, label: Any, checked: bool) -> str:
    """One item as `field_components.checkboxes` writes it (no item hint)."""
    return (
        '      <div class="govuk-checkboxes__item">\n'
        f'        <input class="govuk-checkboxes__input" id="{option_id}" name="{name}" type="checkbox"'
        f' value="{_esc(value)}"{" checked" if checked else ""}'
        f'>\n        <label class="govuk-label govuk-checkboxes__label" for="{option_id}">{_esc(label)}</label>\n'
        "      </div>\n"
    )


class _Choices:
    """What `select_options` reads of a select field."""

    __slots__ = ("choices", "coerce", "data")

    def __init__(self, choices: list[SelectChoice], data: Any) -> None:
        self.choices, self.coerce, self.data = choices, str, data


def _options(choices: list[SelectChoice], data: Any) -> str:
    """A select's options as `field_components.select` writes them."""
    cached = select_options(_Choices(choices, data))
    if cached is not None:
        return f"    {cached}\n"
    return "".join(
        f'    <option value="{_esc(choice.value)}"{" selected" if choice.value == data else ""}>'
        f"{_esc(choice.label)}</option>\n"
        for choice in choices
    )


def _processed(value: Any) -> Any:
    """A value as a field's filters leave it (`PortalForm.Meta.bind_field`'s `_strip`, `_nfc`)."""
    return _nfc(_strip(value))


def _choice_data(value: Any) -> Any:
    """`SelectField.process_data` (coerce `str`), then the filters."""
    return None if value is None else _processed(str(value))


class _Frame:
    """The fields' markup cut at each value: `pieces` around `slots` (a writer of the value from
    the data, each)."""

    __slots__ = ("pieces", "slots")

    def __init__(self, pieces: list[str], slots: list[Callable[[dict[str, Any]], str]]) -> None:
        self.pieces, self.slots = pieces, slots


def _make_frame(language: str, search_url: Any) -> _Frame | None:
    """The fields written by `vacancy_fields` from a form of stand-in values, and cut at them."""
    form = vacancy_form.VacancyForm()
    form.submit_action = "save"
    vacancy_form.prepare(form, language, [])
    if any(tuple(field.filters) != (_strip, _nfc) for field in form):  # pragma: no cover - guard
        return None
    cuts: list[tuple[str, str, Callable[[dict[str, Any]], str]]] = []  # (start, end, writer)

    def text(name: str) -> Callable[[dict[str, Any]], str]:
        def write(data: dict[str, Any]) -> str:
            value = _processed(data.get(name))
            return _esc("" if value is None else str(value))  # StringField._value

        return write

    def description(data: dict[str, Any]) -> str:
        return _esc(_processed(data.get("description")) or "")  # as `vacancy_fields._description`

    for name in _TEXTS:
        token = _token(name)
        form[name].data = token
        cuts.append((token, token, description if name == "description" else text(name)))

    version_token = _token("version")
    form.version.raw_data = [version_token]
    cuts.append(
        (
            version_token,
            version_token,
            lambda data: "" if data.get("version") is None else str(int(data["version"])),
        )
    )

    def radios(name: str) -> Callable[[dict[str, Any]], str]:
        field = form[name]
        raw_id, field_id, field_name, choices = field.id, _esc(field.id), _esc(field.name), field.choices
        kept: dict[Any, str] = {}
        values = {choice.value for choice in choices}

        def write(data: dict[str, Any]) -> str:
            value = _choice_data(data.get(name))
            found = kept.get(value)
            if found is None:
                found = radio_items(
                    field_id,
                    field_name,
                    [
                        (
                            f"{raw_id}-{position}",
                            choice.value,
                            choice.label or choice.value,
                            choice.value == value,
                        )
                        for position, choice in enumerate(choices)
                    ],
                )
                if value in values or value is None:  # bounded by the choices
                    kept[value] = found
            return found

        return write

    def radio_cut(name: str) -> tuple[str, str]:
        field, token = form[name], _token(name)
        field.choices, field.data = [SelectChoice(token, token)], None
        return (
            f'      <div class="govuk-radios__item">\n        <input class="govuk-radios__input" id="{_esc(field.id)}"',
            f'for="{_esc(field.id)}">{token}</label>\n      </div>\n',
        )

    for name in _RADIOS:
        writer = radios(name)
        cuts.append((*radio_cut(name), writer))

    occupation_raw_id = form.occupation.id
    occupation_id, occupation_name = _esc(occupation_raw_id), _esc(form.occupation.name)

    def occupation_items(data: dict[str, Any]) -> str:
        code, title = data["_occupation"]  # the one choice `prepare` gives a saved occupation, chosen
        return radio_items(occupation_id, occupation_name, [(f"{occupation_raw_id}-0", code, title, True)])

    cuts.append((*radio_cut("occupation"), occupation_items))

    def select(name: str) -> Callable[[dict[str, Any]], str]:
        choices = form[name].choices
        return lambda data: _options(choices, _choice_data(data.get(name)))

    for name in _SELECTS:
        writer = select(name)
        token = _token(name)
        form[name].choices = [SelectChoice(token, token)]
        form[name].data = None
        cuts.append((f'    <option value="{token}">', f"{token}</option>\n", writer))

    licence = form.driving_licence
    licence_id, licence_name = str(licence.id), _esc(licence.name)
    licence_items = [
        (
            choice.value,
            _checkbox_item(option_id, licence_name, choice.value, choice.label, False),
            _checkbox_item(option_id, licence_name, choice.value, choice.label, True),
        )
        for index, choice in enumerate(licence.choices, 1)
        if (option_id := _esc(licence_id if index == 1 else f"{licence_id}-{index}"))
    ]

    def licences(data: dict[str, Any]) -> str:
        chosen = data.get("driving_licence")
        try:
            chosen = list(str(code) for code in chosen) if chosen is not None else None
        except TypeError:
            chosen = None
        chosen = _processed(chosen) or ()
        return "".join(
            checked if value in chosen else unchecked for value, unchecked, checked in licence_items
        )

    token = _token("driving_licence")
    licence.choices, licence.data = [SelectChoice(token, token)], None
    cuts.append(
        ('      <div class="govuk-checkboxes__item">\n', f"{token}</label>\n      </div>\n", licences)
    )

    def date_part(name: str, part: str) -> Callable[[dict[str, Any]], str]:
        def write(data: dict[str, Any]) -> str:
            value = data.get(name)
            return str(getattr(value, part)) if isinstance(value, dt.date) else ""

        return write

    for name in _DATES:
        form[name].raw_parts = {part: _token(f"{name}-{part}") for part in _PARTS}
        for part in _PARTS:
            token = _token(f"{name}-{part}")
            cuts.append((token, token, date_part(name, part)))

    markup = str(vacancy_fields(form, search_url, [], False))
    release(form)
    return _cut(markup, cuts)


def _cut(markup: str, cuts: list[tuple[str, str, Callable[[dict[str, Any]], str]]]) -> _Frame | None:
    """`markup` cut at each value: from the `start` that holds or precedes its stand-in to the end
    of the first `end` from the stand-in on."""
    found = []
    for start, end, writer in cuts:
        token = _TOKEN.search(start) or _TOKEN.search(end)
        if token is None:  # pragma: no cover - a cut without its stand-in
            return None
        where = markup.find(token.group())
        begin = markup.rfind(start, 0, where + len(start))
        finish = markup.find(end, where)
        if begin < 0 or begin > where or finish < 0:  # pragma: no cover - the components changed
            return None
        found.append((begin, finish + len(end), writer))
    found.sort(key=lambda item: item[0])
    pieces, slots, done = [], [], 0
    for begin, finish, writer in found:
        if begin < done:  # pragma: no cover - overlapping cuts
            return None
        pieces.append(markup[done:begin])
        slots.append(writer)
        done = finish
    pieces.append(markup[done:])
    if any("\ue000" in piece for piece in pieces):  # pragma: no cover - a stand-in left uncut
        return None
    return _Frame(pieces, slots)


def written(data: dict[str, Any], language: str, search_url: Any) -> Markup | None:
    """The fields of a GET of a saved vacancy whose form data is `data` (`vacancy_form.data_of`),
    as `vacancy_fields` writes them for the form built from it; None when only the form can say."""
    code = _choice_data(data.get("occupation"))
    found = occupation(code, language) if code else None
    if found is None or not isinstance(data.get("version"), int | None):
        return None
    key = (current_translations(), str(get_locale()), language, current_profile().code, str(search_url))
    frame = _FRAMES.get(key)
    if frame is None:
        frame = _make_frame(language, search_url)
        if frame is None:  # pragma: no cover - guard
            return None
        if len(_FRAMES) >= _KEPT:
            _FRAMES.clear()
        _FRAMES[key] = frame
    values = {**data, "_occupation": (code, f"{found.title} ({code})")}
    pieces, out = frame.pieces, [frame.pieces[0]]
    for writer, piece in zip(frame.slots, pieces[1:], strict=True):
        out += (writer(values), piece)
    return Markup("".join(out))  # noqa: S704 - the frame written by vacancy_fields, each value escaped
