"""The recommended cards' rows: the statements that read the vacancies of a page's cards (by their
ids, or those the page showed the person last, `recommendation_shown`), the person's facts with
the cards shown last in one statement, and the cards made from the rows (`cards.py` decides which
to read and keeps the ranking).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Integer,
    Row,
    Select,
    String,
    any_,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.sql.selectable import CompoundSelect
from sqlalchemy.sql.sqltypes import NullType

from portal.extensions import db
from portal.models.recommendation import RecommendationShown
from portal.models.vacancy import EmployerCompany, Vacancy, VacancyLanguage, VacancyPlace, VacancyState
from portal.services.core_rows import named_tuple, read_kept, read_kept_named
from portal.services.matching import exclusions, records
from portal.services.matching.facts import PersonFacts, VacancyFacts
from portal.services.matching.record_facts import facts_of_row
from portal.services.request_memo import shelf

# The request's shelf (`request_memo`) of the facts and cards read with a page's own rows
# (`cards.read_with_shown_cards`), by (person, number of cards).
READ_WITH = "matching.read_with_cards"


@dataclass(frozen=True)
class Company:
    name: str


@dataclass(frozen=True)
class VacancyCard:
    """What a card shows of a vacancy, read as a row (not an ORM `Vacancy`)."""

    id: int
    title: str
    company: Company
    municipality_codes: tuple[str, ...]  # in the order of its place rows


@cache
def card_statement() -> Select[Any]:
    """`card_select`'s statement of `ids` in its order."""
    statement, order = card_select(shown=None)
    return statement.order_by(*order)


def _among_ids(shown: str | None) -> Callable[[Any], Any]:
    """The condition that a column is one of the cards' vacancy ids: `ids`, or (`shown`, the
    dialect's name) those `recommendation_shown` holds for `person_id` and `list_size`."""
    if shown is None:
        ids = bindparam("ids", expanding=True)
        return lambda column: column.in_(ids)
    kept = RecommendationShown.__table__.c
    subquery = select(kept.vacancy_id).where(
        kept.person_id == bindparam("person_id", type_=Integer),
        kept.list_size == bindparam("list_size", type_=Integer),
    )
    if shown != "postgresql":
        return lambda column: column.in_(subquery)
    # An array read once (an InitPlan), then index scans of its ids as for a list of constants:
    # an IN of the subquery costs the server a semi-join in each of the three places.
    array = func.array(subquery.scalar_subquery())
    return lambda column: column == any_(array)


@cache
def card_select(*, shown: str | None) -> tuple[Select[Any], tuple[Any, ...]]:
    """The cards' statement and its order, built once per process with bound values: the
    vacancies of `ids` (`shown`: those shown last, `_among_ids`) with their company's name, state,
    deadline and whether offered to `person_id` or refused, joined to their places and languages
    (one row per place or language, at least one per vacancy), each list in the order of its rows.
    One statement, not two: every statement is a round trip on PostgreSQL, and the vacancies are a
    handful with a few places each."""
    v = Vacancy
    p, lang = VacancyPlace.__table__.c, VacancyLanguage.__table__.c
    among = _among_ids(shown)
    children = union_all(
        select(
            p.vacancy_id.label("vacancy_id"),
            literal("l").label("kind"),
            p.id.label("row_id"),
            p.municipality_code.label("code"),
            null().label("level"),
        ).where(among(p.vacancy_id)),
        select(lang.vacancy_id, literal("m"), lang.id, lang.language, lang.level).where(
            among(lang.vacancy_id)
        ),
    ).subquery("rows")
    return (
        select(
            v.id,
            v.title,
            EmployerCompany.name,
            v.occupation_code,
            v.remote,
            v.working_time,
            v.contract,
            v.start_date,
            v.wage_min,
            v.wage_max,
            v.education_level,
            v.driving_licence,
            v.state,
            v.deadline,
            v.id.in_(exclusions.vacancies_for_person(bindparam("person_id", type_=Integer))).label(
                "excluded"
            ),
            children.c.kind,
            children.c.code,
            children.c.level,
        )
        .join(EmployerCompany, EmployerCompany.registry_code == v.employer_code)
        .outerjoin(children, children.c.vacancy_id == v.id)
        # By id only (the primary key): the state, the deadline and the exclusion are read as
        # columns and applied below. With them in the WHERE, PostgreSQL's planner could start
        # from the state and deadline indexes (every published vacancy: 3-7 ms for 10 rows).
        .where(among(v.id))
    ), (v.id, children.c.kind, children.c.row_id)


@cache
def facts_and_cards(dialect: str) -> tuple[CompoundSelect, int, type, int, type]:
    """The person's record (`records.person_select`) and the cards shown last in one statement: a
    UNION ALL of the two statements side by side, each SELECT with a typed NULL in the other's
    columns, part 0 the record's rows and part 1 the cards', each in its own order. With the
    width of each part and a named-tuple class of each part's own column names (its rows are
    read as their own statements' rows). Built once per process."""
    person, person_order = records.person_select()
    cards, card_order = card_select(shown=dialect)
    mine, theirs = list(person.selected_columns), list(cards.selected_columns)

    def empty(column: Any) -> Any:
        # Untyped columns (a level: NULL in the first SELECT of its union) hold strings.
        return cast(null(), String() if isinstance(column.type, NullType) else column.type)

    def columns(part: int, own: list[Any], others: list[Any], order: Sequence[Any]) -> list[Any]:
        values = [*own, *map(empty, others)] if part == 0 else [*map(empty, others), *own]
        return [
            literal_column(str(part), Integer()).label("part"),
            *(value.label(f"c{i}") for i, value in enumerate(values)),
            *(key.label(f"k{i}") for i, key in enumerate(order)),
        ]

    statement = union_all(
        person.with_only_columns(
            *columns(0, mine, theirs, (cast(null(), Integer()), *person_order)), maintain_column_froms=True
        ),
        cards.with_only_columns(*columns(1, theirs, mine, card_order), maintain_column_froms=True),
    ).order_by(*(literal_column(name) for name in ("part", "k0", "k1", "k2")))
    return (
        statement,
        len(mine),
        named_tuple(tuple(person.selected_columns.keys())),
        len(theirs),
        named_tuple(tuple(cards.selected_columns.keys())),
    )


def read_facts_and_cards(person_id: int, limit: int) -> tuple[PersonFacts | None, list[Any]]:
    """The person's facts and the card rows of the vacancies a page of `limit` cards showed them
    last (as `card_statement` gives them), in one statement. The record is kept for the rest of
    the request as `facts_of_person` keeps it."""
    read = shelf(READ_WITH).pop((person_id, limit), None)  # read with the page's own rows
    if read is not None:
        mine, cards = read
    else:
        statement, width, record_row, card_width, card_row = facts_and_cards(db.engine.dialect.name)
        mine, cards = [], []
        new = tuple.__new__
        for row in read_kept(statement, {"person_id": person_id, "list_size": limit})[1]:
            if row[0] == 0:
                mine.append(new(record_row, row[1 : width + 1]))
            else:
                cards.append(new(card_row, row[width + 1 : width + card_width + 1]))
    found = records.person_record_of(person_id, mine)
    return (found.facts if found is not None else None), cards


def read_cards(
    person_id: int, ids: Sequence[int], today: dt.date
) -> dict[int, tuple[VacancyCard, VacancyFacts]]:
    """The cards and facts of those of `ids` that may still be recommended to the person: one
    statement (the vacancies with their company's name, their places and languages)."""
    return cards_of(read_kept_named(card_statement(), {"ids": list(ids), "person_id": person_id}), today)


def cards_of(rows: Sequence[Any], today: dt.date) -> dict[int, tuple[VacancyCard, VacancyFacts]]:
    """`read_cards` from the card statement's rows (named tuples, in its order)."""
    firsts: dict[int, Row[Any]] = {}
    own: dict[int, tuple[list[str], list[tuple[str, str]]]] = {}
    for row in rows:
        if row.id not in firsts:
            if row.state is not VacancyState.PUBLISHED or row.deadline < today or row.excluded:
                continue
            firsts[row.id] = row
            own[row.id] = ([], [])
        if row.kind == "l":
            own[row.id][0].append(row.code)
        elif row.kind == "m":
            own[row.id][1].append((row.code, row.level))
    found = {}
    for vacancy_id, row in firsts.items():
        codes, languages = own[vacancy_id]
        found[vacancy_id] = (
            VacancyCard(row.id, row.title, Company(row.name), tuple(codes)),
            facts_of_row(row, tuple(codes), tuple(languages)),
        )
    return found
