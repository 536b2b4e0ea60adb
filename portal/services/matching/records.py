"""The facts of the rows a page shows, read as plain tuples (Core selects, not ORM objects).

The ranking (`queries/`) returns only ids and scores; the people on the page are then read in
two statements whatever their number: their records with the person's name and registration
date (and the list standing where the profile ranks by it), and all their occupations, places,
languages and past jobs in one ordered UNION ALL. Nothing is attached to the session, so a page of
50 candidates costs no ORM identity-map work (it was half the Python time of the page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Row,
    Select,
    Subquery,
    and_,
    bindparam,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from portal.models import (
    JobseekerProfile,
    ListStanding,
    Person,
    ProfileEmployment,
    ProfileLanguage,
    ProfileOccupation,
    ProfilePlace,
    Registration,
    RegistrationState,
)
from portal.models.vacancy import ContractType
from portal.services.core_rows import read, read_ahead, read_kept_named
from portal.services.matching.facts import PersonFacts, language_rank, licences
from portal.services.request_memo import shelf


@dataclass(frozen=True)
class Named:
    """Who a candidate is, as the page names them (not the ORM `Person`)."""

    id: int
    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class Standing:
    """The Kosovo list order of a candidate (`services/list_order.py`), as the page shows it."""

    person_id: int
    registered_on: dt.date | None
    priority: bool
    moved_to_end_at: dt.datetime | None


@dataclass(frozen=True)
class Record:
    facts: PersonFacts
    person: Named
    social_assistance_category: str | None
    registered_on: dt.date | None
    standing: Standing | None


def _children_rows(profiles: Callable[[Column[int]], ColumnElement[bool]]) -> Subquery:
    """All occupations, places, languages and past jobs of the profiles `profiles` selects (given
    each table's `profile_id`), as one UNION ALL: profile id, kind, row id, code, level."""
    o, p, lang, e = (
        ProfileOccupation.__table__.c,
        ProfilePlace.__table__.c,
        ProfileLanguage.__table__.c,
        ProfileEmployment.__table__.c,
    )

    def part(
        kind: str, table: ReadOnlyColumnCollection[str, Column[Any]], code: ColumnElement[str], level: Any
    ) -> Select[Any]:
        return select(
            table.profile_id.label("profile_id"),
            literal(kind).label("kind"),
            table.id.label("row_id"),
            code.label("code"),
            level.label("level"),
        ).where(profiles(table.profile_id))

    return union_all(
        part("o", o, o.isco_code, null()),
        part("p", p, p.municipality_code, null()),
        part("l", lang, lang.code, lang.level),
        part("e", e, e.isco_code, null()),
    ).subquery("rows")


@cache
def _children_statement() -> Select[Any]:
    """All occupations, places, languages and past jobs of the profiles `ids` (an expanding bound
    parameter), ordered: built once per process (building it, and its subquery's column
    collection, cost about 1 ms on each call)."""
    ids = bindparam("ids", expanding=True)
    rows = _children_rows(lambda profile_id: profile_id.in_(ids))
    return select(rows).order_by(rows.c.profile_id, rows.c.kind, rows.c.row_id)


def _children(profile_ids: Iterable[int]) -> dict[int, dict[str, list[tuple[str, str | None]]]]:
    """{profile id: {"o": occupations, "p": places, "l": languages, "e": past jobs}}, each in the
    order of its rows' ids (the ORM relationships' order, which the reasons follow)."""
    ids = list(profile_ids)
    found: dict[int, dict[str, list[tuple[str, str | None]]]] = {
        i: {"o": [], "p": [], "l": [], "e": []} for i in ids
    }
    for profile_id, kind, _row_id, code, level in read(_children_statement(), {"ids": ids}):
        found[profile_id][kind].append((code, level))
    return found


def _records_statement(list_order: bool) -> Select[Any]:
    q = JobseekerProfile
    query = (
        select(
            q.id,
            q.person_id,
            q.home_municipality,
            q.remote,
            q.working_time,
            q.contract_permanent,
            q.contract_fixed_term,
            q.contract_seasonal,
            q.available_from,
            q.wage_expectation,
            q.driving_licence,
            q.education_level,
            q.social_assistance_category,
            Person.given_name,
            Person.family_name,
            Registration.registered_on,
        )
        .join(Person, Person.id == q.person_id)
        .outerjoin(
            Registration,
            and_(Registration.person_id == q.person_id, Registration.state == RegistrationState.REGISTERED),
        )
    )
    if list_order:
        query = query.add_columns(
            ListStanding.person_id.label("standing_person_id"),
            ListStanding.registered_on.label("standing_registered_on"),
            ListStanding.priority,
            ListStanding.moved_to_end_at,
        ).outerjoin(ListStanding, ListStanding.person_id == q.person_id)
    return query


@cache
def person_select() -> tuple[Select[Any], tuple[ColumnElement[Any], ...]]:
    """`records` of one person's profile (`person_id` bound) joined to its child rows, and the
    order of its rows (`_person_statement`'s, which `cards` also reads in a statement of its own
    with the cards)."""
    q = JobseekerProfile
    person = bindparam("person_id")
    own = select(q.id).where(q.person_id == person).scalar_subquery()
    # Each branch reads the profile's own rows by its index (`profile_id = (subquery)`).
    rows = _children_rows(lambda profile_id: profile_id == own)
    statement = (
        _records_statement(False)
        .add_columns(q.phone, q.email, rows.c.kind.label("child_kind"), rows.c.code, rows.c.level)
        .outerjoin(rows, rows.c.profile_id == q.id)
        .where(q.person_id == person)
    )
    return statement, (rows.c.kind, rows.c.row_id)


@cache
def _person_statement() -> Select[Any]:
    """`records` of one person's profile (`person_id` bound) joined to its child rows: one row per
    child (at least one), each list in the order of its rows. One statement, not two: a page
    showing recommendations reads it on every view, and each statement is a round trip on
    PostgreSQL. Built once per process (building and keying it cost more than running it).
    With the contact columns: the case view's summary takes the row too
    (`jobseeker_profile.record_summary`), instead of reading the record again."""
    statement, order = person_select()
    return statement.order_by(*order)


def records(where: ColumnElement[bool], *, list_order: bool = False) -> dict[int, Record]:
    """{profile id: Record} of the jobseeker profiles `where` selects (a page's ids, one person)."""
    return _records_of(read(_records_statement(list_order).where(where)).all(), list_order)


def person_record(person_id: int) -> Record | None:
    """The record of the person's jobseeker profile, if they have one (as `records` reads it).
    Its row and lists are kept for the rest of the request (`request_memo`, "profile_rows":
    person id -> (row, lists) or None)."""
    return person_record_of(person_id, read_kept_named(_person_statement(), {"person_id": person_id}))


def read_person_ahead(person_id: int) -> None:
    """Announce `person_record`'s statement (`core_rows.read_ahead`)."""
    read_ahead(_person_statement(), {"person_id": person_id})


def person_record_of(person_id: int, rows: Sequence[Any]) -> Record | None:
    """`person_record` from the rows of `person_select`'s statement (named tuples, in its order)
    read elsewhere, kept for the rest of the request as `person_record` keeps them."""
    if not rows:
        shelf("profile_rows")[person_id] = None
        return None
    first = rows[0]
    own: dict[str, list[tuple[str, str | None]]] = {"o": [], "p": [], "l": [], "e": []}
    for row in rows:
        if row.child_kind is not None:  # none: a profile without child rows
            own[row.child_kind].append((row.code, row.level))
    shelf("profile_rows")[person_id] = (first, own)
    return _records_of([first], False, {first.id: own})[first.id]


def _records_of(
    rows: Sequence[Row[Any]],
    list_order: bool,
    children: dict[int, dict[str, list[tuple[str, str | None]]]] | None = None,
) -> dict[int, Record]:
    if not rows:
        return {}
    if children is None:
        children = _children(row.id for row in rows)
    found = {}
    for row in rows:
        own = children[row.id]
        facts = PersonFacts(
            profile_id=row.id,
            person_id=row.person_id,
            occupations=tuple(code for code, _ in own["o"]),
            history=tuple(code for code, _ in own["e"]),
            home=row.home_municipality,
            preferred=tuple(code for code, _ in own["p"]),
            remote=row.remote,
            languages={code: language_rank(level) for code, level in own["l"]},
            working_time=row.working_time.value,
            # As `JobseekerProfile.contracts` reads them, in `ContractType` order.
            contracts=tuple(kind.value for kind in ContractType if getattr(row, f"contract_{kind.value}")),
            available_from=row.available_from,
            wage_expectation=row.wage_expectation,
            licences=licences(row.driving_licence),
            education_level=row.education_level,
        )
        standing = (
            Standing(row.standing_person_id, row.standing_registered_on, row.priority, row.moved_to_end_at)
            if list_order and row.standing_person_id is not None
            else None
        )
        found[row.id] = Record(
            facts=facts,
            person=Named(row.person_id, row.given_name, row.family_name),
            social_assistance_category=row.social_assistance_category,
            registered_on=row.registered_on,
            standing=standing,
        )
    return found
