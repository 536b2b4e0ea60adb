"""What the search page shows besides the results: the filters' options, the pages, the links."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any
from urllib.parse import urlencode

from babel import dates, numbers
from flask import url_for
from markupsafe import Markup, escape

from portal import labels
from portal.catalog import gettext
from portal.models.search import EntryKind
from portal.services import reference_data
from portal.services.search import Hit, Results, SearchQuery
from portal.services.search.query import POSTED_WITHIN_DAYS
from portal.web.select_options import OPTION, SELECTED

PAGE_WINDOW = 2  # page links either side of the current one
_URL_SAFE = "!$'()*,/:;?@"  # what Werkzeug leaves unquoted in a query string (`url_for`)
ENDPOINTS = {EntryKind.VACANCY: "search.jobs", EntryKind.TRAINING: "search.trainings"}
DETAIL_PATHS = {EntryKind.VACANCY: "/jobs/{id}", EntryKind.TRAINING: "/trainings/{id}"}


@cache
def county_codes(profile_code: str) -> frozenset[str]:
    return frozenset(county.code for county in reference_data.counties(profile_code, "en"))


@cache
def municipality_codes(profile_code: str) -> frozenset[str]:
    return frozenset(item.code for item in reference_data.municipalities(profile_code, "en"))


def parse(kind: EntryKind, params: Any, profile_code: str) -> SearchQuery:
    query = SearchQuery.from_params(
        params, counties=county_codes(profile_code), municipalities=municipality_codes(profile_code)
    )
    if kind is EntryKind.TRAINING:  # filters a training has no value for are not offered, nor read
        return replace(query, working_time=None, contract=None, wage=None, education=None)
    return query


@dataclass(frozen=True)
class PageLink:
    number: int
    href: str
    current: bool


@dataclass(frozen=True)
class Pagination:
    has_prev: bool
    has_next: bool
    prev_href: str
    next_href: str
    items: list[PageLink]


def href(kind: EntryKind, query: SearchQuery, **changes: Any) -> str:
    return url_for(ENDPOINTS[kind], **query.to_params(**changes))


def page_hrefs(kind: EntryKind, query: SearchQuery, base: str | None = None) -> Callable[[int], str]:
    """`href(kind, query, page=number)` for each number: the route (`base`) and the other parameters
    are made once (what `url_for` does for each: the same order, the same encoding)."""
    base, params = base or url_for(ENDPOINTS[kind]), query.to_params(page=2)

    def page_href(number: int) -> str:
        changed = {**params, "page": str(number)}
        if number in (0, 1):  # the default (and 0, falsy) is left out, as `to_params` does
            del changed["page"]
        return f"{base}?{urlencode(changed, safe=_URL_SAFE)}" if changed else base

    return page_href


def pagination(kind: EntryKind, results: Results, base: str | None = None) -> Pagination:
    query, last = results.query, min(results.pages, 500)
    current = min(query.page, last)
    numbers = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
    page_href = page_hrefs(kind, query, base)
    return Pagination(
        has_prev=current > 1,
        has_next=current < last,
        prev_href=page_href(current - 1),
        next_href=page_href(current + 1),
        items=[PageLink(number, page_href(number), number == current) for number in numbers],
    )


@dataclass(frozen=True)
class Option:
    value: str
    label: str


class Choices:
    """A filter's options with their `<option>` elements rendered once (a county's page lists 79
    municipalities: escaping each value and label in the template's loop was a third of the page's
    CPU). `html(selected)` marks the selected one, as the loop did."""

    __slots__ = ("_elements", "_none_selected", "_positions", "items")

    def __init__(self, items: list[Option]) -> None:
        self.items = items
        self._elements = [OPTION.format(item.value, item.label) for item in items]
        self._none_selected = _joined(self._elements)
        self._positions: dict[str, list[int]] = {}
        for position, item in enumerate(items):
            self._positions.setdefault(item.value, []).append(position)

    def __iter__(self):
        return iter(self.items)

    def html(self, selected: object) -> Markup:
        """The options, the one whose value is `selected` as text (Jinja's `string`) marked."""
        positions = self._positions.get(str(selected))
        if not positions:
            return self._none_selected
        elements = list(self._elements)
        for position in positions:
            item = self.items[position]
            elements[position] = SELECTED.format(item.value, item.label)
        return _joined(elements)


def _joined(elements: list[Markup]) -> Markup:
    # Markup.join would escape each element again: they are markup already.
    return Markup("\n".join(elements))  # noqa: S704 - each element is escaped markup


@dataclass(frozen=True)
class Filters:
    groups: Choices
    counties: Choices
    municipalities: Choices
    working_times: Choices
    contracts: Choices
    posted: Choices
    education: Choices
    sorts: Choices


_FILTERS: dict[tuple[EntryKind, str, str], Filters] = {}


def filters(kind: EntryKind, profile_code: str, language: str) -> Filters:
    """The filters' options: the same for every request of a profile and language (reference data
    and the catalogs do not change while the process runs), so made once per process."""
    key = (kind, profile_code, language)
    found = _FILTERS.get(key)
    if found is None:
        found = _FILTERS[key] = _filters(kind, profile_code, language)
    return found


def _filters(kind: EntryKind, profile_code: str, language: str) -> Filters:
    from portal.catalog import ngettext

    sorts = labels.TRAINING_SORTS if kind is EntryKind.TRAINING else labels.SEARCH_SORTS
    return Filters(
        groups=Choices([Option(code, str(label)) for code, label in labels.OCCUPATION_GROUPS.items()]),
        counties=Choices([Option(c.code, c.name) for c in reference_data.counties(profile_code, language)]),
        municipalities=Choices(
            [Option(m.code, m.name) for m in reference_data.municipalities(profile_code, language)]
        ),
        working_times=Choices(
            [Option(code, str(label)) for code, label in labels.VACANCY_WORKING_TIMES.items()]
        ),
        contracts=Choices([Option(code, str(label)) for code, label in labels.CONTRACT_TYPES.items()]),
        posted=Choices(
            [
                Option(str(days), ngettext("In the last day", "In the last %(num)d days", days))
                for days in POSTED_WITHIN_DAYS
            ]
        ),
        education=Choices(
            [Option(str(level), str(label)) for level, label in labels.EDUCATION_AT_MOST.items()]
        ),
        # "Best match" is the empty default (newest first when no words are given).
        sorts=Choices([Option(code, str(label)) for code, label in sorts.items() if code != "relevance"]),
    )


@dataclass(frozen=True)
class Shown:
    """One result as the page shows it: its places, labels and lines already formatted and
    translated (the template's `_()` with the same message and values, as markup)."""

    hit: Hit
    href: str
    occupation: str | None
    places: str  # the municipalities' names, comma-separated ("" for none)
    working_time: str | None
    wage: Markup | None  # "1,200 to 1,500 € a month", in the reader's language
    posted: Markup  # "Posted 3 December 2026"
    deadline: Markup | None  # "Apply by …" (a vacancy) or "Starts …" (a training)


# Formatted values by (locale, format): a locale's long date or number does not change while the
# process runs. Bounded: a table that grows past this is emptied (days and wages repeat a lot).
_FORMATTED: dict[tuple[object, ...], dict[object, Any]] = {}
_FORMATTED_MAX = 5000


def _formatted(key: tuple[object, ...]) -> dict[object, Any]:
    table = _FORMATTED.get(key)
    if table is None or len(table) > _FORMATTED_MAX:
        table = _FORMATTED[key] = {}
    return table


class _Formats:
    """Flask-Babel's `dateformat("long")`, `numberformat`, the lazy labels and the results' lines
    (`_("Posted %(date)s", …)`), for one request.

    The filters look up the locale, the time zone and the configured formats anew for every value
    (about 70 µs a date on this machine, and a page shows forty dates and forty wages); here they
    are looked up once per request, and a value formatted before in the same locale (results share
    days and wages) is not formatted or translated again. The output is the filters' and the
    template's own: the same Babel functions with the same locale, zone and format, the same
    messages of the same catalog (the locale names it). A line is what the template's `_()` gives:
    the catalog's text as markup with the values escaped into it."""

    def __init__(self) -> None:
        from flask_babel import _get_format, get_locale, get_timezone

        self._locale, self._zone = get_locale(), get_timezone()
        self._date_format = _get_format("date", "long")
        self._dates = _formatted(("date", self._locale, self._date_format))
        self._numbers = _formatted(("number", self._locale))
        self._working_times = _formatted(("working time", self._locale))
        self._lines = _formatted(("lines", self._locale, self._date_format))

    def _day(self, value: dt.date) -> dt.date:
        if isinstance(value, dt.datetime):  # Flask-Babel's rebase: naive means UTC
            aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
            value = self._zone.normalize(aware.astimezone(self._zone)).date()
        return value

    def date(self, value: dt.date) -> str:
        value = self._day(value)
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = dates.format_date(value, self._date_format, locale=self._locale)
        return found

    def number(self, value: int) -> str:
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = numbers.format_decimal(value, locale=self._locale)
        return found

    def working_time(self, code: str) -> str:
        found = self._working_times.get(code)
        if found is None:
            found = self._working_times[code] = str(labels.VACANCY_WORKING_TIMES.get(code, ""))
        return found

    def wage(self, low: int, high: int) -> Markup:
        key = ("wage", low, high)
        found = self._lines.get(key)
        if found is None:
            low_text, high_text = escape(self.number(low)), escape(self.number(high))
            text = gettext("%(low)s–%(high)s € a month", low=low_text, high=high_text)  # noqa: RUF001
            found = self._lines[key] = Markup(text)  # noqa: S704 - the catalog's text, values escaped
        return found

    def posted(self, value: dt.date) -> Markup:
        # Kept by the moment itself: its day in the reader's zone is found once, not per request.
        key = ("posted", value)
        found = self._lines.get(key)
        if found is None:
            text = gettext("Posted %(date)s", date=escape(self.date(value)))
            found = self._lines[key] = Markup(text)  # noqa: S704 - the catalog's text, values escaped
        return found

    def deadline(self, kind: EntryKind, value: dt.date) -> Markup:
        day = self._day(value)
        key = (kind, day)
        found = self._lines.get(key)
        if found is None:
            date = escape(self.date(day))
            if kind is EntryKind.VACANCY:
                text = gettext("Apply by %(date)s", date=date)
            else:
                text = gettext("Starts %(date)s", date=date)
            found = self._lines[key] = Markup(text)  # noqa: S704 - the catalog's text, values escaped
        return found


def shown(hits: list[Hit], profile_code: str, language: str) -> list[Shown]:
    formats = _Formats()
    rows = []
    for hit in hits:
        occupation = reference_data.occupation(hit.occupation_code, language) if hit.occupation_code else None
        places = ", ".join(
            found.name
            for code in hit.municipalities
            if (found := reference_data.municipality(profile_code, code, language)) is not None
        )
        rows.append(
            Shown(
                hit,
                DETAIL_PATHS[hit.kind].format(id=hit.ref_id),
                occupation.title if occupation else None,
                places,
                formats.working_time(hit.working_time) if hit.working_time else None,
                formats.wage(hit.wage_min, hit.wage_max or hit.wage_min) if hit.wage_min else None,
                formats.posted(hit.published_at),
                formats.deadline(hit.kind, hit.deadline) if hit.deadline else None,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Card:
    ref_id: int
    html: Markup  # the result's list item up to its save button (templates/search/_card.html)


# Cards by (profile, language, hit): a result's HTML is a function of its values (the hit, a
# NamedTuple of everything shown), the language (labels, formats, occupation and municipality
# names) and the profile (municipality names, time zone): none of which changes while the process
# runs. Bounded: the oldest card goes first once the table is full.
_CARDS: dict[tuple[str, str, Hit], Markup] = {}
_CARDS_MAX = 2000
_CARDS_LOCK = threading.Lock()


def cards(hits: list[Hit], profile_code: str, language: str) -> list[Card]:
    """The results as the list shows them: each result's list item rendered once per process and
    language (`_card.html`, the template's loop body before), then looked up."""
    found: list[Card] = []
    missing: list[Hit] = []
    for hit in hits:
        html = _CARDS.get((profile_code, language, hit))
        if html is None:
            missing.append(hit)
        found.append(Card(hit.ref_id, html))
    if missing:
        from flask import current_app

        template = current_app.jinja_env.get_template("search/_card.html")
        rendered = {
            row.hit: Markup(template.render(row=row))  # noqa: S704 - an autoescaped template's output
            for row in shown(missing, profile_code, language)
        }
        with _CARDS_LOCK:  # a worker's threads evict at once: the oldest key must exist when deleted
            for hit, html in rendered.items():
                while len(_CARDS) >= _CARDS_MAX:
                    del _CARDS[next(iter(_CARDS))]
                _CARDS[(profile_code, language, hit)] = html
        found = [
            card if card.html is not None else Card(card.ref_id, rendered[hit])
            for card, hit in zip(found, hits, strict=True)
        ]
    return found


def describe(params: dict[str, str], profile_code: str) -> list[str]:
    """A saved search's parameters as short phrases in the reader's language."""
    from portal.catalog import ngettext
    from portal.i18n import current_language

    language = current_language().code
    query = parse(EntryKind.VACANCY, params, profile_code)
    parts = [gettext("Words: %(words)s", words=query.text)] if query.text else []
    if query.group:
        parts.append(str(labels.OCCUPATION_GROUPS[query.group]))
    if query.municipality:
        found = reference_data.municipality(profile_code, query.municipality, language)
        parts.append(found.name if found else query.municipality)
    elif query.county:
        names = {county.code: county.name for county in reference_data.counties(profile_code, language)}
        parts.append(names.get(query.county, query.county))
    if query.remote:
        parts.append(gettext("Remote or hybrid work"))
    if query.working_time:
        parts.append(str(labels.VACANCY_WORKING_TIMES[query.working_time]))
    if query.contract:
        parts.append(str(labels.CONTRACT_TYPES[query.contract]))
    if query.wage:
        parts.append(gettext("At least %(wage)s € a month", wage=query.wage))
    if query.education is not None and query.education in labels.EDUCATION_AT_MOST:
        parts.append(str(labels.EDUCATION_AT_MOST[query.education]))
    if query.posted_within:
        parts.append(ngettext("In the last day", "In the last %(num)d days", query.posted_within))
    return parts or [gettext("All vacancies")]
