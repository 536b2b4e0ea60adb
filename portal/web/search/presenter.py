"""What the search page shows besides the results: the filters' options, the pages, the links."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from flask import url_for

from portal import labels
from portal.models.search import EntryKind
from portal.services import reference_data
from portal.services.search import Hit, Results, SearchQuery
from portal.services.search.query import POSTED_WITHIN_DAYS

PAGE_WINDOW = 2  # page links either side of the current one
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


def pagination(kind: EntryKind, results: Results) -> Pagination:
    query, last = results.query, min(results.pages, 500)
    current = min(query.page, last)
    numbers = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
    return Pagination(
        has_prev=current > 1,
        has_next=current < last,
        prev_href=href(kind, query, page=current - 1),
        next_href=href(kind, query, page=current + 1),
        items=[PageLink(number, href(kind, query, page=number), number == current) for number in numbers],
    )


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Filters:
    groups: list[Option]
    counties: list[Option]
    municipalities: list[Option]
    working_times: list[Option]
    contracts: list[Option]
    posted: list[Option]
    education: list[Option]
    sorts: list[Option]


def filters(kind: EntryKind, profile_code: str, language: str) -> Filters:
    from flask_babel import ngettext

    sorts = labels.TRAINING_SORTS if kind is EntryKind.TRAINING else labels.SEARCH_SORTS
    return Filters(
        groups=[Option(code, str(label)) for code, label in labels.OCCUPATION_GROUPS.items()],
        counties=[Option(c.code, c.name) for c in reference_data.counties(profile_code, language)],
        municipalities=[
            Option(m.code, m.name) for m in reference_data.municipalities(profile_code, language)
        ],
        working_times=[Option(code, str(label)) for code, label in labels.VACANCY_WORKING_TIMES.items()],
        contracts=[Option(code, str(label)) for code, label in labels.CONTRACT_TYPES.items()],
        posted=[
            Option(str(days), ngettext("In the last day", "In the last %(num)d days", days))
            for days in POSTED_WITHIN_DAYS
        ],
        education=[Option(str(level), str(label)) for level, label in labels.EDUCATION_AT_MOST.items()],
        # "Best match" is the empty default (newest first when no words are given).
        sorts=[Option(code, str(label)) for code, label in sorts.items() if code != "relevance"],
    )


@dataclass(frozen=True)
class Shown:
    """One result as the page shows it."""

    hit: Hit
    href: str
    occupation: str | None
    places: list[str]


def shown(hits: list[Hit], profile_code: str, language: str) -> list[Shown]:
    rows = []
    for hit in hits:
        occupation = reference_data.occupation(hit.occupation_code, language) if hit.occupation_code else None
        places = [
            found.name
            for code in hit.municipalities
            if (found := reference_data.municipality(profile_code, code, language)) is not None
        ]
        rows.append(
            Shown(
                hit,
                DETAIL_PATHS[hit.kind].format(id=hit.ref_id),
                occupation.title if occupation else None,
                places,
            )
        )
    return rows


def describe(params: dict[str, str], profile_code: str) -> list[str]:
    """A saved search's parameters as short phrases in the reader's language."""
    from flask_babel import gettext, ngettext

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
