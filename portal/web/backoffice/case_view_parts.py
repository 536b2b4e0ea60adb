"""The case view's summary lists and timeline written by functions, not by the template.

The page's two summary lists went through the `summary_list` macro with a list of dicts made in
the template, and each timeline entry through a dozen `{{ }}` with `entry.x` looked up through the
environment's `getattr` and an `url_for`: about a fifth of the page's CPU. These functions write
the same markup byte for byte (`tests/unit/test_case_view_parts.py` renders the template as it was
and compares): every value escaped as Jinja's `{{ }}` escapes it (`escape`: a lazy label's text as
it is), the template's `_("...")` as the compiled template writes it (the catalog's text, not
escaped), `~` and `join` as Jinja joins with autoescape, and the white space that the templates'
`trim_blocks` and `lstrip_blocks` left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from flask import url_for
from flask.globals import _cv_request
from markupsafe import Markup, escape

from portal import labels
from portal.catalog import N_, current_translations
from portal.date_formats import datetime_texts
from portal.services.timeline import Link, TimelineEntry
from portal.templating import dateformat

try:
    from markupsafe import _escape_inner  # C: the escaping `escape` does, without a Markup made
except ImportError:  # pragma: no cover - a markupsafe without it

    def _escape_inner(text: str) -> str:
        return str(escape(text))


def esc(value: Any) -> str:
    """What `escape(value)` writes, as a plain string, for markup joined from parts and marked safe
    once: `escape` makes a `Markup` of each value (a Python `__new__`, ~1 µs), about 120 a view."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_inner(str(value))


Row = tuple[Any, Any]  # (key, value) of a summary list row without actions


class TemplateTexts(dict[str, Markup]):
    """What the template's `_(message)` writes (no values) for each message asked: the catalog's
    text, `%%` as `%`; made once per catalog (a loaded catalog's texts do not change)."""

    def __init__(self, translations: Any) -> None:
        super().__init__()
        self.translations = translations

    def __missing__(self, message: str) -> Markup:
        text = self.translations.ugettext(message)
        made = self[message] = Markup(text % {} if "%" in text else text)  # noqa: S704 - the catalog's
        return made


_TEXTS: dict[int, TemplateTexts] = {}  # by the catalog's id (the catalog is kept with its texts)
_TEXTS_KEPT = 64  # catalogs (languages); started again when full


def template_texts() -> TemplateTexts:
    """The request's catalog's `TemplateTexts`."""
    translations = current_translations()
    texts = _TEXTS.get(id(translations))
    if texts is None or texts.translations is not translations:
        if len(_TEXTS) >= _TEXTS_KEPT:
            _TEXTS.clear()
        texts = _TEXTS[id(translations)] = TemplateTexts(translations)
    return texts


def template_text(message: str) -> Markup:
    """What the template's `_(message)` writes (no values): the catalog's text, `%%` as `%`."""
    return template_texts()[message]


# The markup around the values, as text: joined with the escaped values by `str.join` and made
# `Markup` once (`Markup.join` escapes every part again, doubling the cost).
_ROW = (
    '  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">\n'
    '    <dt class="govuk-summary-list__key">',
    '</dt>\n    <dd class="govuk-summary-list__value">',
    "</dd>\n  </div>\n",
)


def summary_list(rows: Iterable[Row]) -> Markup:
    """`components/summary_list.html`'s `summary_list` for rows without actions."""
    parts = ['<dl class="govuk-summary-list">\n']
    for key, value in rows:
        parts += (_ROW[0], esc(key), _ROW[1], esc(value), _ROW[2])
    parts.append("</dl>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def _join(items: Sequence[Any], separator: str = ", ") -> Any:
    """Jinja's `items | join(separator)` with autoescape: Markup when an item is markup (a lazy
    text), each other item escaped."""
    if any(hasattr(item, "__html__") for item in items):
        return Markup(separator).join(items)  # noqa: S704 - a constant of the callers'
    return separator.join(str(item) for item in items)


def case_rows(
    case: Any, person: Any, registration: Any, counsellor_name: str | None, not_recorded: Markup
) -> list[Row]:
    """The case's summary: the person, the registration and the case's own columns."""
    t = template_texts()
    if registration is not None:
        registered = (
            f"{registration.reference}: {labels.REGISTRATION_STATES[registration.state]}, "
            f"{labels.REGISTRATION_KINDS[registration.kind]}"
        )
    return [
        (
            t["Date of birth"],
            dateformat(person.date_of_birth, "long") if person.date_of_birth else not_recorded,
        ),
        (t["Registration"], registered if registration is not None else not_recorded),
        (t["Registered since"], dateformat(case.opened_on, "long")),
        (
            t["Counsellor"],
            counsellor_name if counsellor_name is not None else t["Not assigned"],
        ),
        (
            t["Risk level"],
            labels.RISK_LEVELS[case.risk_level] if case.risk_level else t["Not yet profiled"],
        ),
        (t["Individual plan"], labels.PLAN_STATUSES[case.plan_status]),
        (
            t["Next action due"],
            dateformat(case.next_due_on, "long") if case.next_due_on else t["None"],
        ),
        (
            t["Receiving social assistance"],
            t["Yes"] if case.social_assistance else t["No"],
        ),
    ]


def record_rows(
    record: Any, occupations: Sequence[tuple[str, str | None]], preferences: Any, not_recorded: Markup
) -> list[Row]:
    """The jobseeker's record as the case summary shows it."""
    t = template_texts()
    if occupations:
        # As `Markup("{} ({})").format(...)` joined by `Markup("; ")` wrote it (each value escaped),
        # without Markup's formatter and join (which escapes every part again).
        occupation_text = Markup(  # noqa: S704 - every value escaped here
            "; ".join(f"{esc(title or code)} ({esc(code)})" for code, title in occupations)
        )
    else:
        occupation_text = not_recorded
    municipalities = preferences["municipalities"] if preferences else None
    where = escape(_join(municipalities) if municipalities else not_recorded)
    if preferences and preferences["remote"]:
        where += Markup(", ") + t["Remote work"]
    languages = preferences["languages"] if preferences else None
    return [
        (t["Phone"], record.phone or not_recorded),
        (t[N_("E-mail")], record.email or not_recorded),
        (t[N_("Occupations sought")], occupation_text),
        (t["Where"], where),
        (t["Working time"], preferences["working_time"] if preferences else not_recorded),
        (t["Contract"], preferences["contracts"] if preferences else not_recorded),
        (t["Languages"], _join(languages) if languages else not_recorded),
        (
            t[N_("Education (ISCED level)")],
            record.education_level if record.education_level is not None else not_recorded,
        ),
        (t["Driving licence"], record.driving_licence or t["None"]),
    ]


# --- the timeline ---------------------------------------------------------------------------------

# An entry's address built once per endpoint, value names and script root, as the parts between its
# values: `url_for` costs about 15 µs, and a timeline links a dozen entries. Only for integer
# values (ids), whose text in an address is their decimal digits wherever they stand.
_ADDRESSES = "case_view_addresses"
_ADDRESSES_KEPT = 256  # endpoints x value names x script roots; started again when full
_SENTINEL = 918273600


# An anchor that `url_for` writes as it is (its quoting leaves these characters alone).
_PLAIN_ANCHOR = re.compile(r"[A-Za-z0-9_.~-]*")


def address(link: Link) -> str:
    """`url_for(endpoint, **values)` for a timeline entry's link (or a case's action, with an
    `_anchor`)."""
    endpoint, values = link
    if "_anchor" in values:
        anchor = values["_anchor"]
        if type(anchor) is not str or not _PLAIN_ANCHOR.fullmatch(anchor):
            return url_for(endpoint, **values)
        return address((endpoint, {name: value for name, value in values.items() if name != "_anchor"})) + (
            f"#{anchor}"
        )
    context = _cv_request.get(None)  # the request's context itself: no proxy read per address
    if context is None or not all(type(value) is int for value in values.values()):
        return url_for(endpoint, **values)
    made: dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[str, ...]] | None] = (
        context.app.extensions.setdefault(_ADDRESSES, {})
    )
    names = tuple(values)
    key = (endpoint, names, context.request.script_root)
    if key not in made:
        if len(made) >= _ADDRESSES_KEPT:
            made.clear()
        made[key] = _address_parts(endpoint, names)
    parts = made[key]
    if parts is None:
        return url_for(endpoint, **values)
    pieces, order = parts
    out = [pieces[0]]
    for name, piece in zip(order, pieces[1:], strict=True):
        out += (str(values[name]), piece)
    return "".join(out)


def _address_parts(endpoint: str, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The address's text around each value, in the order the values stand; None when a value's
    place cannot be told apart (then `url_for` is asked each time)."""
    sentinels = {name: str(_SENTINEL + number) for number, name in enumerate(names)}
    url = url_for(endpoint, **{name: int(text) for name, text in sentinels.items()})
    found = []
    for name, text in sentinels.items():
        if url.count(text) != 1:
            return None
        found.append((url.index(text), name, text))
    found.sort()
    pieces, order, start = [], [], 0
    for at, name, text in found:
        pieces.append(url[start:at])
        order.append(name)
        start = at + len(text)
    pieces.append(url[start:])
    return tuple(pieces), tuple(order)


_ENTRY = (
    '      <li class="govuk-!-margin-bottom-4">\n        <p class="govuk-body-s govuk-!-margin-bottom-1">',
    '</p>\n        <p class="govuk-body govuk-!-margin-bottom-1">\n',
    '<a class="govuk-link" href="',
    '">',
    "</a>",
    "<strong>",
    "</strong>",
    '<span class="govuk-body-s"> · ',
    "</span>",
    "        </p>\n",
    '<p class="govuk-body-s govuk-!-margin-bottom-0">',
    "</p>",
    "      </li>\n",
)


def timeline_list(entries: Iterable[TimelineEntry]) -> Markup:
    """The timeline's `<ol>` of entries, newest first (as `timeline.entries` gives them)."""
    e = _ENTRY
    # `datetimeformat(entry.at, "medium")` with the kept texts, locale and time zone found once
    # (the time zone chosen now: until it is, each moment is formatted afresh, ~0.1 ms).
    moment = datetime_texts("medium")
    parts = ['<ol class="govuk-list">\n']
    for entry in entries:
        parts += (e[0], esc(moment(entry.at)), e[1])
        if entry.link:
            parts += (e[2], esc(address(entry.link)), e[3], esc(entry.title), e[4])
        else:
            parts += (e[5], esc(entry.title), e[6])
        if entry.actor:
            parts += (e[7], esc(entry.actor), e[8])
        parts.append(e[9])
        if entry.detail:
            parts += (e[10], esc(entry.detail), e[11])
        parts.append(e[12])
    parts.append("    </ol>")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


# --- the recommended vacancies' panel (views/candidates.py) ---------------------------------------

_CARD = (
    '  <li class="govuk-!-margin-bottom-3">\n    <a class="govuk-link" href="',
    '">',
    "</a>, ",
    " (",
    ')\n    <p class="govuk-body-s govuk-!-margin-bottom-0">',
    " ",
    "</p>\n",
    '<p class="govuk-body-s govuk-!-margin-bottom-0">',
    "</p>",
    "  </li>\n",
)


def recommended_list(recommended: Iterable[dict[str, Any]]) -> Markup:
    """The panel's `<ul>` of cards (`{"vacancy", "why", "score"}`), as
    `templates/backoffice/candidates/_case_panel.html` wrote them."""
    c = _CARD
    why, not_fitting = template_text("Why we suggest it:"), template_text("What does not fit:")
    # The template's `_("score %(score)s", score=...)`: the catalog's text with the score put into
    # it by `str`'s `%` (Markup's escapes through a helper object per value); the score is an int,
    # whose digits need no escaping.
    score_text = current_translations().ugettext("score %(score)s")
    parts = ['<ul class="govuk-list">\n']
    for item in recommended:
        vacancy, explained = item["vacancy"], item["why"]
        link = ("backoffice.vacancy_check", {"vacancy_id": vacancy.id})
        parts += (c[0], esc(address(link)), c[1], esc(vacancy.title), c[2])
        parts += (esc(vacancy.company.name), c[3], score_text % {"score": item["score"]}, c[4])
        parts += (why, c[5], esc(_join(explained.raised, "; ")), c[6])
        if explained.lowered:
            parts += (c[7], not_fitting, c[5], esc(_join(explained.lowered, "; ")), c[8])
        parts.append(c[9])
    parts.append("</ul>")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above
