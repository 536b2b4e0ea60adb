"""Matching both ways: ranked jobseekers for a vacancy, ranked vacancies for a jobseeker.

The score is the sum of the country profile's points per factor (`profiles/matching.py`): the
database orders everyone by it (`queries.py`), and only the rows shown are loaded and explained
(`assess.py`, `reasons.py`). See docs/matching.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import Integer, Row, Select, bindparam, event, literal, null, select, union_all
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.extensions import db
from portal.models import JobseekerProfile, Registration, RegistrationState
from portal.models.vacancy import (
    EmployerCompany,
    RemoteWork,
    Vacancy,
    VacancyLanguage,
    VacancyPlace,
    VacancyState,
)
from portal.profiles import current_profile
from portal.services.matching import exclusions, places
from portal.services.matching.assess import Assessment, Kind, Reason, assess
from portal.services.matching.facts import PersonFacts, VacancyFacts, language_rank, licences
from portal.services.matching.queries import (
    CandidateFilters,
    candidates_query,
    ceiling_below_minor_group,
    vacancies_statement,
)
from portal.services.matching.records import Named, Standing, person_record, records
from portal.timed_cache import TimedCache

log = logging.getLogger(__name__)

__all__ = [
    "Assessment",
    "Candidate",
    "CandidateFilters",
    "Kind",
    "Reason",
    "Recommendation",
    "VacancyCard",
    "candidates_for",
    "eligible_person_ids",
    "person_facts",
    "recommended_cards",
    "recommended_for",
    "vacancy_facts",
]


def vacancy_facts(vacancy: Vacancy) -> VacancyFacts:
    return _facts(
        vacancy,
        tuple(vacancy.municipality_codes),
        tuple((row.language, row.level) for row in vacancy.languages),
    )


def _facts(vacancy: Any, places: tuple[str, ...], languages: tuple[tuple[str, str], ...]) -> VacancyFacts:
    """The facts the ranking reads, from a Vacancy or from a row with the same column names (the
    recommended cards read rows, not objects)."""
    return VacancyFacts(
        vacancy_id=vacancy.id,
        occupation_code=vacancy.occupation_code,
        places=places,
        remote_allowed=vacancy.remote in (RemoteWork.HYBRID, RemoteWork.REMOTE),
        working_time=vacancy.working_time.value,
        contract=vacancy.contract.value,
        start_date=vacancy.start_date,
        wage_min=vacancy.wage_min,
        wage_max=vacancy.wage_max,
        education_level=vacancy.education_level,
        licences=licences(vacancy.driving_licence),
        languages=languages,
    )


def person_facts(profile: JobseekerProfile) -> PersonFacts:
    return PersonFacts(
        profile_id=profile.id,
        person_id=profile.person_id,
        occupations=tuple(profile.occupation_codes),
        history=tuple(row.isco_code for row in profile.employments),
        home=profile.home_municipality,
        preferred=tuple(profile.municipality_codes),
        remote=profile.remote,
        languages={row.code: language_rank(row.level) for row in profile.languages},
        working_time=profile.working_time.value,
        contracts=profile.contracts,
        available_from=profile.available_from,
        wage_expectation=profile.wage_expectation,
        licences=licences(profile.driving_licence),
        education_level=profile.education_level,
    )


def _checked(assessment: Assessment, sql_score: int, what: str) -> Assessment:
    if assessment.score != sql_score:  # the two statements of the rules disagree: a bug
        log.error("matching: %s scored %s in SQL but %s in Python", what, sql_score, assessment.score)
    return assessment


# --- jobseekers for a vacancy (the back office) --------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    person: Named  # id and name, read with the record (records.py), not an ORM Person
    profile_id: int
    social_assistance_category: str | None
    registered_on: dt.date | None
    assessment: Assessment
    standing: Standing | None = None  # the list order, where the profile ranks by it

    @property
    def receives_social_assistance(self) -> bool:
        return self.social_assistance_category is not None


def candidates_for(
    vacancy: Vacancy, filters: CandidateFilters | None = None, *, limit: int = 50, offset: int = 0
) -> list[Candidate]:
    """Active jobseekers for a vacancy, best first, each with the reasons of its score.

    Left out: people not registered as jobseekers, who opted out of being proposed, or whom the
    offers module excludes (an open offer for this vacancy, a refusal of it).

    Three statements whatever the page's size: the ranking (ids and scores of the page only, or
    two when the sub-major group must be read too), the page's records, their rows.
    """
    profile = current_profile()
    facts = vacancy_facts(vacancy)
    counties = places.counties_around(profile.code, facts.places)
    today = profile.today()
    filters = filters or CandidateFilters()
    filters = CandidateFilters(
        municipality=filters.municipality,
        social_assistance_first=filters.social_assistance_first,
        excluded_person_ids=exclusions.people_for_vacancy(vacancy.id, any_offer=filters.not_offered),
        not_offered=filters.not_offered,
        risk_level=filters.risk_level,
    )

    def ranked_by(wide: bool) -> list[Any]:
        query = candidates_query(
            facts,
            counties=counties,
            today=today,
            weights=profile.matching,
            filters=filters,
            limit=limit,
            offset=offset,
            wide=wide,
        )
        return list(db.session.execute(query).all())

    # The minor group first (a few times fewer rows); the whole sub-major group only when a match
    # there could still enter the page (`ceiling_below_minor_group`). The order is the same.
    narrow_first = offset == 0 and not filters.social_assistance_first
    ranked = ranked_by(wide=False) if narrow_first else []
    if (
        not narrow_first
        or len(ranked) < limit
        or ranked[-1].score <= ceiling_below_minor_group(profile.matching)
    ):
        ranked = ranked_by(wide=True)
    found_records = records(
        JobseekerProfile.id.in_([row.id for row in ranked]),
        list_order=profile.matching.tie_break == "list_order",
    )
    found = []
    for row in ranked:
        record = found_records[row.id]
        result = assess(record.facts, facts, counties=counties, today=today, weights=profile.matching)
        found.append(
            Candidate(
                person=record.person,
                profile_id=row.id,
                social_assistance_category=record.social_assistance_category,
                registered_on=record.registered_on,
                assessment=_checked(result, row.score, f"profile {row.id} for vacancy {vacancy.id}"),
                standing=record.standing,
            )
        )
    return found


def eligible_person_ids(vacancy: Vacancy, person_ids: Sequence[int]) -> list[int]:
    """Those of `person_ids` that matching could list for the vacancy (whatever their rank)."""
    query = (
        select(JobseekerProfile.person_id)
        .join(Registration, Registration.person_id == JobseekerProfile.person_id)
        .where(
            JobseekerProfile.person_id.in_(person_ids),
            JobseekerProfile.proposals_opt_out.is_(False),
            Registration.state == RegistrationState.REGISTERED,
        )
    )
    excluded = exclusions.people_for_vacancy(vacancy.id)
    if excluded is not None:
        query = query.where(JobseekerProfile.person_id.not_in(excluded))
    return list(db.session.scalars(query.order_by(JobseekerProfile.person_id)))


# --- vacancies for a jobseeker -------------------------------------------------------------------


@dataclass(frozen=True)
class Recommendation:
    vacancy: Vacancy
    assessment: Assessment


def _facts_of_person(person_id: int) -> PersonFacts | None:
    found = person_record(person_id)
    return found.facts if found is not None else None


def recommendations_statement(
    facts: PersonFacts, limit: int = 20, *, wide: bool = True, at_least: int | None = None
) -> tuple[Select[tuple[int, int, dt.datetime | None]], dict[str, Any]]:
    """The ranking statement for the person (kept per shape of person) and its values."""
    profile = current_profile()
    county = tuple(places.counties_around(profile.code, (facts.home,))) if facts.home else ()
    return vacancies_statement(
        facts,
        county=county,
        today=profile.today(),
        weights=profile.matching,
        exclude_offered=True,
        limit=limit,
        wide=wide,
        at_least=at_least,
    )


def _ranked(facts: PersonFacts, limit: int) -> list[Row[Any]]:
    """Ids and scores of the person's `limit` best published vacancies not offered to them nor
    refused: the minor groups first, the sub-major groups only when a match there could still
    enter the page (`ceiling_below_minor_group`). The order is the same as ranking them all."""
    profile = current_profile()
    ranked = db.session.execute(*recommendations_statement(facts, limit, wide=False)).all()
    if len(ranked) < limit or ranked[-1].score <= ceiling_below_minor_group(profile.matching):
        # The page's last score so far is a floor for the wider statement's page.
        floor = ranked[-1].score if len(ranked) == limit else None
        ranked = db.session.execute(*recommendations_statement(facts, limit, at_least=floor)).all()
    return list(ranked)


def recommended_for(person_id: int, limit: int = 20) -> list[Recommendation]:
    """Published vacancies for the person, best first; none already offered to them or refused.

    Ranked afresh on every call, the vacancies loaded as ORM objects (the bench and the tests);
    the pages show `recommended_cards`, which gives the same vacancies, scores and reasons."""
    facts = _facts_of_person(person_id)
    if facts is None or (not facts.occupations and not facts.history):
        return []
    profile = current_profile()
    ranked = _ranked(facts, limit)
    vacancies = {
        row.id: row
        for row in db.session.scalars(
            # By id only: the state is checked below (see `_card_statements`).
            select(Vacancy)
            .where(Vacancy.id.in_([row.id for row in ranked]))
            .options(
                selectinload(Vacancy.places), selectinload(Vacancy.languages), joinedload(Vacancy.company)
            )
        )
    }
    found = []
    for row in ranked:
        vacancy = vacancies.get(row.id)
        if vacancy is None or vacancy.state is not VacancyState.PUBLISHED:  # closed meanwhile
            continue
        own = vacancy_facts(vacancy)
        counties = places.counties_around(profile.code, own.places)
        result = assess(facts, own, counties=counties, today=profile.today(), weights=profile.matching)
        found.append(
            Recommendation(
                vacancy, _checked(result, row.score, f"vacancy {row.id} for profile {facts.profile_id}")
            )
        )
    return found


# --- the cards the pages show: the jobseeker's home, "my offers", the counsellor's case view ----
#
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
# (`_ranked`): 10 ids for the 5 cards took both ranking statements where 5 took one, on every
# ranking, to save one on the rare view after an offer.
KEPT_PER_CARD = 1

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


def _facts_key(facts: PersonFacts) -> tuple[Any, ...]:
    return tuple(
        tuple(facts.languages.items()) if f.name == "languages" else getattr(facts, f.name)
        for f in fields(PersonFacts)
    )


@cache
def _card_statements() -> tuple[Select[Any], Select[Any]]:
    """The cards' two statements, built once per process with bound values: the vacancies of
    `ids` with their company's name, state, deadline and whether offered to `person_id` or refused;
    then the places and languages of `shown`, in the order of their rows."""
    v = Vacancy
    cards = (
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
        )
        .join(EmployerCompany, EmployerCompany.registry_code == v.employer_code)
        # By id only (the primary key): the state, the deadline and the exclusion are read as
        # columns and applied below. With them in the WHERE, PostgreSQL's planner could start
        # from the state and deadline indexes (every published vacancy: 3-7 ms for 10 rows).
        .where(v.id.in_(bindparam("ids", expanding=True)))
    )
    p, lang = VacancyPlace.__table__.c, VacancyLanguage.__table__.c
    shown = bindparam("shown", expanding=True)
    children = union_all(
        select(
            p.vacancy_id.label("vacancy_id"),
            literal("l").label("kind"),
            p.id.label("row_id"),
            p.municipality_code.label("code"),
            null().label("level"),
        ).where(p.vacancy_id.in_(shown)),
        select(lang.vacancy_id, literal("m"), lang.id, lang.language, lang.level).where(
            lang.vacancy_id.in_(shown)
        ),
    ).subquery("rows")
    return cards, select(children).order_by(children.c.vacancy_id, children.c.kind, children.c.row_id)


def _card_rows(
    person_id: int, ids: Sequence[int], today: dt.date
) -> dict[int, tuple[VacancyCard, VacancyFacts]]:
    """The cards and facts of those of `ids` that may still be recommended to the person: two
    statements (the vacancies with their company's name, then their places and languages)."""
    cards, children = _card_statements()
    rows = [
        row
        for row in db.session.execute(cards, {"ids": list(ids), "person_id": person_id})
        if row.state is VacancyState.PUBLISHED and row.deadline >= today and not row.excluded
    ]
    if not rows:
        return {}
    shown = [row.id for row in rows]
    own: dict[int, tuple[list[str], list[tuple[str, str]]]] = {i: ([], []) for i in shown}
    for vacancy_id, kind, _row_id, code, level in db.session.execute(children, {"shown": shown}):
        if kind == "l":
            own[vacancy_id][0].append(code)
        else:
            own[vacancy_id][1].append((code, level))
    found = {}
    for row in rows:
        codes, languages = own[row.id]
        found[row.id] = (
            VacancyCard(row.id, row.title, Company(row.name), tuple(codes)),
            _facts(row, tuple(codes), tuple(languages)),
        )
    return found


def recommended_cards(person_id: int, limit: int) -> list[Card]:
    """The person's `limit` best recommendations as `recommended_for` gives them (the same
    vacancies, order, scores and reasons), for a page: the ranking kept (see above), the cards
    read as rows. Four statements when the ranking is kept, five or six when it is not."""
    facts = _facts_of_person(person_id)
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
        ranked = _ranked(facts, kept_size)
        return _Kept(tuple((row.id, row.score) for row in ranked), len(ranked) < kept_size)

    key = (_facts_key(facts), today, limit, profile.code, _vacancies_changed)
    kept = cache.get(key, rank)
    found: list[Card] = []
    for _attempt in range(2):
        rows = _card_rows(person_id, [vacancy_id for vacancy_id, _ in kept.ranked], today)
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
            found.append(Card(card, _checked(result, score, what)))
        if ranked_now or not (stale or (len(found) < limit and not kept.complete)):
            return found
        cache.discard(key)  # rank afresh: the kept ranking no longer holds
        kept = cache.get(key, rank)
    return found
