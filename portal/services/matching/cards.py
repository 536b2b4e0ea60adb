"""The recommended vacancies' cards the pages show: the jobseeker's home, "my offers", the
counsellor's case view.

Apart from `recommendations.py` (the ranking itself) because the cards add what a page needs and
the ranking does not: the ranking kept per process, the vacancy changes that make it stale, and
the cards read as rows instead of ORM objects.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import psycopg
from flask import current_app
from sqlalchemy import (
    Integer,
    Row,
    Select,
    String,
    any_,
    bindparam,
    cast,
    delete,
    event,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CompoundSelect
from sqlalchemy.sql.sqltypes import NullType

from portal.database import independent_transaction, may_hold_write_lock
from portal.extensions import db
from portal.models.recommendation import RecommendationShown
from portal.models.vacancy import EmployerCompany, Vacancy, VacancyLanguage, VacancyPlace, VacancyState
from portal.profiles import current_profile
from portal.services.core_rows import named_tuple, read_ahead, read_kept, read_kept_named
from portal.services.matching import exclusions, places, records
from portal.services.matching.assess import Assessment, assess
from portal.services.matching.facts import PersonFacts, VacancyFacts
from portal.services.matching.recommendations import ranking
from portal.services.matching.record_facts import checked, facts_of_row
from portal.services.request_memo import shelf
from portal.services.side_by_side import SideBySide, side_by_side, split
from portal.timed_cache import TimedCache

# The ranking (ids and scores) is kept per process for `RANKING_SECONDS`, keyed by everything it
# depends on: the person's facts as read on this request (any change of the record is a new key),
# the day, the page's size, the country profile, and the count of this process's commits that
# changed a vacancy, its places or languages. Each request still reads the kept vacancies as rows,
# and only those published, open (deadline) and neither offered to the person nor refused; each
# is scored again in Python from the row, and a score that differs from the kept one (the vacancy
# was edited, by another process) ranks everything afresh. A vacancy published or edited by
# another process enters a person's list after at most `RANKING_SECONDS`.

RANKING_EXTENSION = "matching.recommendation_rankings"
RANKING_SECONDS = 60.0
RANKING_ENTRIES = 2_000  # a few MB at most; full, it starts again
# How many ranked ids are kept per card shown. Spare ones would replace a vacancy offered, refused
# or closed since without ranking again, but a longer page less often stops at the minor groups
# (`recommendations.ranking`): 10 ids for the 5 cards took both ranking statements where 5 took
# one, on every ranking, to save one on the rare view after an offer.
KEPT_PER_CARD = 1

log = logging.getLogger(__name__)

_vacancy_commits = itertools.count(1)
_vacancies_changed = 0
_TOUCHED = "matching.vacancies_touched"


@event.listens_for(Session, "after_flush")
def _note_vacancy_changes(session: Session, _context: object) -> None:
    if not session.info.get(_TOUCHED) and any(
        isinstance(obj, Vacancy | VacancyPlace | VacancyLanguage)
        for obj in itertools.chain(session.new, session.dirty, session.deleted)
    ):
        session.info[_TOUCHED] = True


@event.listens_for(Session, "after_commit")
def _count_vacancy_commits(session: Session) -> None:
    """After the commit, not the flush: a ranking computed in between (from the rows as they were
    before the commit) is kept under the old count, not the new one. A flush rolled back leaves
    the mark until the next commit: one needless ranking, never a stale one."""
    global _vacancies_changed
    if session.info.pop(_TOUCHED, False):
        _vacancies_changed = next(_vacancy_commits)


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


@dataclass(frozen=True)
class Card:
    vacancy: VacancyCard
    assessment: Assessment


@dataclass(frozen=True)
class _Kept:
    ranked: tuple[tuple[int, int], ...]  # (vacancy id, score), best first
    complete: bool  # fewer than asked: every vacancy that qualified


_FACT_NAMES = tuple(f.name for f in fields(PersonFacts))  # looked up once, not per view


def _facts_key(facts: PersonFacts) -> tuple[Any, ...]:
    return tuple(
        tuple(facts.languages.items()) if name == "languages" else getattr(facts, name)
        for name in _FACT_NAMES
    )


@cache
def _card_statement() -> Select[Any]:
    """`_card_select`'s statement of `ids` in its order."""
    statement, order = _card_select(shown=None)
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
def _card_select(*, shown: str | None) -> tuple[Select[Any], tuple[Any, ...]]:
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
def _facts_and_cards(dialect: str) -> tuple[CompoundSelect, int, type, int, type]:
    """The person's record (`records.person_select`) and the cards shown last in one statement: a
    UNION ALL of the two statements side by side, each SELECT with a typed NULL in the other's
    columns, part 0 the record's rows and part 1 the cards', each in its own order. With the
    width of each part and a named-tuple class of each part's own column names (its rows are
    read as their own statements' rows). Built once per process."""
    person, person_order = records.person_select()
    cards, card_order = _card_select(shown=dialect)
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


def _read_facts_and_cards(person_id: int, limit: int) -> tuple[PersonFacts | None, list[Any]]:
    """The person's facts and the card rows of the vacancies a page of `limit` cards showed them
    last (as `_card_statement` gives them), in one statement. The record is kept for the rest of
    the request as `facts_of_person` keeps it."""
    read = shelf(_READ_WITH).pop((person_id, limit), None)  # read with the page's own rows
    if read is not None:
        mine, cards = read
    else:
        statement, width, record_row, card_width, card_row = _facts_and_cards(db.engine.dialect.name)
        mine, cards = [], []
        new = tuple.__new__
        for row in read_kept(statement, {"person_id": person_id, "list_size": limit})[1]:
            if row[0] == 0:
                mine.append(new(record_row, row[1 : width + 1]))
            else:
                cards.append(new(card_row, row[width + 1 : width + card_width + 1]))
    found = records.person_record_of(person_id, mine)
    return (found.facts if found is not None else None), cards


def _card_rows(
    person_id: int, ids: Sequence[int], today: dt.date
) -> dict[int, tuple[VacancyCard, VacancyFacts]]:
    """The cards and facts of those of `ids` that may still be recommended to the person: one
    statement (the vacancies with their company's name, their places and languages)."""
    return _cards_of(read_kept_named(_card_statement(), {"ids": list(ids), "person_id": person_id}), today)


def _cards_of(rows: Sequence[Any], today: dt.date) -> dict[int, tuple[VacancyCard, VacancyFacts]]:
    """`_card_rows` from the card statement's rows (named tuples, in its order)."""
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


def read_cards_ahead(person_id: int, limit: int) -> None:
    """Announce `recommended_cards`' first statement (`core_rows.read_ahead`): on PostgreSQL a page
    that reads other rows of the person first sends it with them, in one round trip."""
    read_ahead(_facts_and_cards(db.engine.dialect.name)[0], {"person_id": person_id, "list_size": limit})


def read_with_shown_cards(
    person_id: int, limit: int, part: tuple[Select[Any], Sequence[Any]], values: dict[str, Any]
) -> list[Any] | None:
    """For a page that shows the cards only sometimes (the home: with an active registration):
    the rows of `part` (a SELECT of the person's, without ORDER BY, and its order's columns; built
    once) run with `values`, read with the person's facts and the cards a page showed them last in
    one statement (`side_by_side`), which `recommended_cards` then takes. None on SQLite (no round
    trips): read `part` yourself. A page that then shows no cards calls `forget_shown`, so that
    its next views read none."""
    if db.is_sqlite:
        return None
    kept = _WITH_CARDS.get(id(part))
    if kept is None or kept[0] is not part:
        kept = _WITH_CARDS[id(part)] = (
            part,
            side_by_side(part, records.person_select(), _card_select(shown="postgresql")),
        )
    shape = kept[1]
    rows = read_kept(shape.statement, {**values, "person_id": person_id, "list_size": limit})[1]
    own, mine, cards = split(shape, rows)
    shelf(_READ_WITH)[(person_id, limit)] = (mine, cards)
    return own


# The statements of `read_with_shown_cards`, by the identity of their first part (a few pages').
_WITH_CARDS: dict[int, tuple[tuple[Select[Any], Sequence[Any]], SideBySide]] = {}
_READ_WITH = "matching.read_with_cards"


def forget_shown(person_id: int, limit: int) -> None:
    """After `read_with_shown_cards`, for a page that shows no cards: the cards it read are
    forgotten, so that its next views read none (written only when it read some)."""
    read = shelf(_READ_WITH).pop((person_id, limit), None)
    if read is not None and read[1]:
        _remember_shown(person_id, limit, ())


def _remember_shown(person_id: int, limit: int, ids: Sequence[int]) -> None:
    """The vacancies a page of `limit` cards shows the person, written for the next view (its own
    transaction, committed at once: a GET's session commits nothing). Only a hint of what to read:
    not written beside a session that may hold a write lock, and a failed write (a concurrent view
    of the same person, a vacancy deleted meanwhile) is logged and the page goes on."""
    session = db.session_if_any()
    if session is not None and may_hold_write_lock(session):
        return
    table = RecommendationShown.__table__
    engine = db.engine
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    try:
        with independent_transaction(engine) as connection:
            connection.execute(
                delete(table).where(table.c.person_id == person_id, table.c.list_size == limit)
            )
            if ids:
                connection.execute(
                    dialect.insert(table).on_conflict_do_nothing(),
                    [
                        {"person_id": person_id, "list_size": limit, "vacancy_id": vacancy_id}
                        for vacancy_id in ids
                    ],
                )
    except (SQLAlchemyError, sqlite3.Error, psycopg.Error):  # a driver's own from a connection event
        log.warning("matching: the cards shown to person %s were not written", person_id, exc_info=True)


def recommended_cards(person_id: int, limit: int) -> list[Card]:
    """The person's `limit` best recommendations as `recommended_for` gives them (the same
    vacancies, order, scores and reasons), for a page: the ranking kept (see above), the cards
    read as rows. One statement when the ranking is kept and still gives the vacancies this
    process showed the person last (the facts and those cards read together), two when it is kept
    but gives others, three or four when it is not."""
    # The vacancies a page showed the person last (`recommendation_shown`), read with the facts
    # in one statement (a round trip less on PostgreSQL): when the kept ranking still gives them,
    # those rows are the cards; when not, the ranking's are read, and written as shown.
    facts, early_rows = _read_facts_and_cards(person_id, limit)
    early: list[Any] | None = early_rows
    guess = frozenset(row.id for row in early_rows)
    if facts is None or (not facts.occupations and not facts.history):
        return []
    profile = current_profile()
    today = profile.today()
    cache: TimedCache[_Kept] = current_app.extensions.setdefault(
        RANKING_EXTENSION, TimedCache(RANKING_SECONDS, RANKING_ENTRIES)
    )
    kept_size = limit * KEPT_PER_CARD
    ranked_now = False

    def rank() -> _Kept:
        nonlocal ranked_now
        ranked_now = True
        ranked = ranking(facts, kept_size)
        return _Kept(tuple((row.id, row.score) for row in ranked), len(ranked) < kept_size)

    key = (_facts_key(facts), today, limit, profile.code, _vacancies_changed)
    kept = cache.get(key, rank)
    found: list[Card] = []
    for _attempt in range(2):
        ids = tuple(vacancy_id for vacancy_id, _ in kept.ranked)
        rows = (
            _cards_of(early, today)
            if early is not None and guess.issuperset(ids) and len(guess) == len(ids)
            else _card_rows(person_id, ids, today)
        )
        early = None  # read for the first attempt's ids only
        if len(guess) != len(ids) or not guess.issuperset(ids):
            _remember_shown(person_id, limit, ids)
            guess = frozenset(ids)
        found, stale = [], False
        for vacancy_id, score in kept.ranked:
            if len(found) == limit:
                break
            if vacancy_id not in rows:  # closed, offered or refused since it was ranked
                continue
            card, own = rows[vacancy_id]
            counties = places.counties_around(profile.code, own.places)
            result = assess(facts, own, counties=counties, today=today, weights=profile.matching)
            if result.score != score and not ranked_now and _attempt == 0:  # edited since ranked
                stale = True
                break
            what = f"vacancy {vacancy_id} for profile {facts.profile_id}"
            found.append(Card(card, checked(result, score, what)))
        if ranked_now or not (stale or (len(found) < limit and not kept.complete)):
            return found
        cache.discard(key)  # rank afresh: the kept ranking no longer holds
        kept = cache.get(key, rank)
    return found
