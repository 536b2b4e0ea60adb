"""The recommended vacancies' cards the pages show: the jobseeker's home, "my offers", the
counsellor's case view.

Apart from `recommendations.py` (the ranking itself) because the cards add what a page needs and
the ranking does not: the ranking kept per process, the vacancy changes that make it stale, which
cards to read (those shown last, `recommendation_shown`, with the person's facts), and the cards
read as rows instead of ORM objects (`card_rows.py`).
"""

from __future__ import annotations

import itertools
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import psycopg
from flask import current_app
from sqlalchemy import Select, delete, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.database import independent_transaction, may_hold_write_lock
from portal.extensions import db
from portal.models.recommendation import RecommendationShown
from portal.models.vacancy import Vacancy, VacancyLanguage, VacancyPlace
from portal.profiles import current_profile
from portal.services.core_rows import read_ahead, read_kept
from portal.services.matching import card_rows, places, records
from portal.services.matching.assess import Assessment, assess
from portal.services.matching.card_rows import VacancyCard
from portal.services.matching.facts import PersonFacts
from portal.services.matching.recommendations import ranking
from portal.services.matching.record_facts import checked
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


def read_cards_ahead(person_id: int, limit: int) -> None:
    """Announce `recommended_cards`' first statement (`core_rows.read_ahead`): on PostgreSQL a page
    that reads other rows of the person first sends it with them, in one round trip."""
    read_ahead(
        card_rows.facts_and_cards(db.engine.dialect.name)[0], {"person_id": person_id, "list_size": limit}
    )


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
            side_by_side(part, records.person_select(), card_rows.card_select(shown="postgresql")),
        )
    shape = kept[1]
    rows = read_kept(shape.statement, {**values, "person_id": person_id, "list_size": limit})[1]
    own, mine, cards = split(shape, rows)
    shelf(card_rows.READ_WITH)[(person_id, limit)] = (mine, cards)
    return own


# The statements of `read_with_shown_cards`, by the identity of their first part (a few pages').
_WITH_CARDS: dict[int, tuple[tuple[Select[Any], Sequence[Any]], SideBySide]] = {}


def forget_shown(person_id: int, limit: int) -> None:
    """After `read_with_shown_cards`, for a page that shows no cards: the cards it read are
    forgotten, so that its next views read none (written only when it read some)."""
    read = shelf(card_rows.READ_WITH).pop((person_id, limit), None)
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
    facts, early_rows = card_rows.read_facts_and_cards(person_id, limit)
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
            card_rows.cards_of(early, today)
            if early is not None and guess.issuperset(ids) and len(guess) == len(ids)
            else card_rows.read_cards(person_id, ids, today)
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
