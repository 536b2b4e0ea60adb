"""A person's offers (with their answers and refusals) and candidacies as rows of the columns the
pages show, read in one statement (a UNION ALL) with whatever else a page reads of the same kind.

The offer pages listed ORM objects: each offer with two eager loads and each candidate cost about
3.5 times the row (docs/performance.md), in two statements. These rows carry the attributes the
templates, `timeline.timeline` and `answering.breach_dates_of` read, under the same names.

Each SELECT of the union names its columns after `SLOTS` (any it lacks is a typed NULL, as in
`services/timeline.py`): `i1`-`i3` integers, `s1`-`s9` strings (an enum as its value), `t1`-`t5`
timestamps, `d1` a date, `j1` JSON. The first column, `part`, says which SELECT a row comes from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import (
    JSON,
    Date,
    Integer,
    Row,
    Select,
    String,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.sql.selectable import CompoundSelect

from portal.models import (
    Candidate,
    CandidateSource,
    NotSelectedReason,
    Offer,
    OfferAnswer,
    OfferKind,
    OfferState,
    Outcome,
    Refusal,
    RefusalReason,
    ReviewState,
    SasReportState,
    Vacancy,
)
from portal.models.base import UTCDateTime
from portal.profiles.refusals import Consequence

SLOTS: dict[str, Any] = {
    **{name: Integer() for name in ("i1", "i2", "i3")},
    **{name: String() for name in ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9")},
    **{name: UTCDateTime() for name in ("t1", "t2", "t3", "t4", "t5")},
    "d1": Date(),
    "j1": JSON(),
}
OFFERS, CANDIDACIES = 0, 1  # the parts `person_rows` reads; a page's own parts follow
# A row's width: `part`, then the slots. The rows are read by position: a Row's column read by name
# (`row.s2`) first fails the ordinary attribute look-up, then finds the name in the keymap, several
# times the cost of a read by position, and a page reads twenty of each offer.
WIDTH = 1 + len(SLOTS)


class AnswerRow(NamedTuple):
    id: int
    reason: RefusalReason | None
    answered_at: dt.datetime


class RefusalRow(NamedTuple):
    id: int
    review_state: ReviewState
    reviewed_at: dt.datetime | None
    consequence: Consequence | None
    sas_state: SasReportState | None
    sas_received_at: dt.datetime | None
    sas_beneficiary_status: str | None


class OfferRow(NamedTuple):
    id: int
    kind: OfferKind
    title: str
    employer_name: str | None
    state: OfferState
    proposed_at: dt.datetime
    reply_by: dt.date
    closed_at: dt.datetime | None
    answer: AnswerRow | None
    refusal: RefusalRow | None


class CandidacyRow(NamedTuple):
    id: int
    offer_id: int | None
    source: CandidateSource
    created_at: dt.datetime
    outcome: Outcome | None
    outcome_at: dt.datetime | None
    start_date: dt.date | None
    not_selected_reason: NotSelectedReason | None
    consent_withdrawn_at: dt.datetime | None


def branch(part: int, *, where: Any = None, from_: Any = None, **columns: Any) -> Select[Any]:
    """One SELECT of the union: its part number, then every slot (typed, so that the union's rows
    are read alike whichever SELECT comes first; a NULL of the slot's type where it has no such
    column: PostgreSQL cannot match an untyped NULL, taken as text, with a timestamp)."""
    unknown = set(columns) - set(SLOTS)
    if unknown:
        raise ValueError(f"offers.rows: no slot {sorted(unknown)}")
    statement = select(
        literal_column(str(part), Integer()).label("part"),
        *(
            (type_coerce(columns[name], kind) if name in columns else cast(null(), kind)).label(name)
            for name, kind in SLOTS.items()
        ),
    )
    if from_ is not None:
        statement = statement.select_from(from_)
    return statement.where(where) if where is not None else statement


PERSON = bindparam("person_id")


def offers_branch(person: Any = PERSON) -> Select[Any]:
    """The offers of `person` (the `person_id` parameter, or a scalar subquery giving the person),
    with their answers and refusals, as part `OFFERS`."""
    return branch(
        OFFERS,
        where=Offer.person_id == person,
        from_=Offer.__table__.outerjoin(OfferAnswer.__table__, OfferAnswer.offer_id == Offer.id).outerjoin(
            Refusal.__table__, Refusal.offer_id == Offer.id
        ),
        i1=Offer.id,
        i2=OfferAnswer.id,
        i3=Refusal.id,
        s1=Offer.kind,
        s2=Offer.title,
        s3=Offer.employer_name,
        s4=Offer.state,
        s5=OfferAnswer.reason,
        s6=Refusal.review_state,
        s7=Refusal.consequence,
        s8=Refusal.sas_state,
        s9=Refusal.sas_beneficiary_status,
        t1=Offer.proposed_at,
        t2=Offer.closed_at,
        t3=OfferAnswer.answered_at,
        t4=Refusal.reviewed_at,
        t5=Refusal.sas_received_at,
        d1=Offer.reply_by,
    )


_OFFERS = offers_branch()
_CANDIDACIES = branch(
    CANDIDACIES,
    where=Candidate.person_id == PERSON,
    from_=Candidate.__table__.join(Vacancy.__table__, Vacancy.id == Candidate.vacancy_id),
    i1=Candidate.id,
    i2=Candidate.offer_id,
    s1=Candidate.source,
    s2=Vacancy.title,
    s3=Candidate.outcome,
    s4=Candidate.not_selected_reason,
    t1=Candidate.created_at,
    t2=Candidate.outcome_at,
    t3=Candidate.consent_withdrawn_at,
    d1=Candidate.start_date,
)


def union(*parts: Select[Any]) -> CompoundSelect:
    """`parts` as one statement, each part newest first, then the higher id."""
    return union_all(*parts).order_by(
        literal_column("part"), literal_column("t1").desc(), literal_column("i1").desc()
    )


def person_statement(*more: Select[Any]) -> CompoundSelect:
    """The person's offers and candidacies (`person_id` bound) and `more` (a page's own branches,
    numbered from 2), each part newest first, then the higher id (as `offers_of` and
    `candidacies_of` order them). Build it once, at import."""
    return union(_OFFERS, _CANDIDACIES, *more)


def _enum(kind: Any, value: str | None) -> Any:
    return kind(value) if value is not None else None


def offer_of(row: Row[Any]) -> OfferRow:
    _part, i1, i2, i3, s1, s2, s3, s4, s5, s6, s7, s8, s9, t1, t2, t3, t4, t5, d1, _j1 = row[:WIDTH]
    return OfferRow(
        i1,
        OfferKind(s1),
        s2,
        s3,
        OfferState(s4),
        t1,
        d1,
        t2,
        AnswerRow(i2, _enum(RefusalReason, s5), t3) if i2 is not None else None,
        RefusalRow(i3, ReviewState(s6), t4, _enum(Consequence, s7), _enum(SasReportState, s8), t5, s9)
        if i3 is not None
        else None,
    )


def candidacy_of(row: Row[Any]) -> tuple[CandidacyRow, str]:
    """A candidacy and its vacancy's title, as `candidacies_of` gives them."""
    _part, i1, i2, _i3, s1, s2, s3, s4, *_s, t1, t2, t3, _t4, _t5, d1, _j1 = row[:WIDTH]
    candidacy = CandidacyRow(
        i1,
        i2,
        CandidateSource(s1),
        t1,
        _enum(Outcome, s3),
        t2,
        d1,
        _enum(NotSelectedReason, s4),
        t3,
    )
    return candidacy, s2


def split(rows: Any, parts: int) -> list[list[Row[Any]]]:
    """The statement's rows by part (`parts` parts), each in the statement's order."""
    found: list[list[Row[Any]]] = [[] for _ in range(parts)]
    for row in rows:
        found[row[0]].append(row)  # `part`
    return found


def branch_statement(part: int) -> Select[Any]:
    """One of `person_statement`'s own parts alone, in the same order."""
    statement = {OFFERS: _OFFERS, CANDIDACIES: _CANDIDACIES}[part]
    return statement.order_by(literal_column("t1").desc(), literal_column("i1").desc())
