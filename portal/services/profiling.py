"""Risk profiling (advisory; a person decides): compute the score from the country's model, keep
every factor's contribution, let the counsellor confirm or override with a reason, and let the
person ask for reconsideration, answered in writing.

The level of the latest assessment (confirmed, overridden, or as computed until a counsellor looks)
is copied to the case (`JobseekerCase.risk_level`), which the caseload filters and other features
(eligibility, matching, reports) read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AuditTag,
    JobseekerCase,
    JobseekerProfile,
    Person,
    Registration,
    RiskAssessment,
    RiskLevel,
    StaffMember,
)
from portal.models.base import utcnow
from portal.profiles import CountryProfile
from portal.profiles.risk import RiskModel, band_points
from portal.services import audit

FACTORS = (
    "age",
    "education",
    "months_since_job",
    "months_employed_2y",
    "previous_spells",
    "social_assistance",
    "barriers",
    "languages",
    "region",
)
DECLARED_BARRIERS = ("caring", "health")  # the person's word; "no driving licence" is from the record
REASON_MAX = 2000


class ReasonRequired(Exception):
    """Setting another level than the computed one needs a reason."""


class NoAssessment(Exception):
    pass


@dataclass(frozen=True)
class Factor:
    key: str
    value: Any  # what was read: years, ISCED level, months, a category, a list; None when unknown
    points: int

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "points": self.points}


def months_between(start: dt.date, end: dt.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0))


def _age(born: dt.date | None, today: dt.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _employment_facts(registration: Registration | None, today: dt.date) -> tuple[int | None, int, bool]:
    """(months since the last job ended, 0 while employed, None when never employed; months
    employed in the last two years; whether the tax register answered)."""
    if registration is None:
        return None, 0, False
    section = registration.snapshot.section("employment")
    if not section.ok or section.values is None:
        return None, 0, False
    jobs = section.values.employments
    if not jobs:
        return None, 0, True
    window_start = today - dt.timedelta(days=730)
    days = 0
    for job in jobs:
        start = max(job.start_date or window_start, window_start)
        end = min(job.end_date or today, today)
        if end > start:
            days += (end - start).days
    employed_2y = min(24, round(days / 30.44))
    if any(job.active for job in jobs):
        return 0, employed_2y, True
    ended = max((job.end_date for job in jobs if job.end_date is not None), default=None)
    return (months_between(ended, today) if ended else None), employed_2y, True


def factors(
    session: Session, person_id: int, profile: CountryProfile, today: dt.date, barriers: list[str]
) -> list[Factor]:
    model: RiskModel = profile.risk
    person = session.get(Person, person_id)
    record = session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
    registrations = session.scalars(
        select(Registration)
        .where(Registration.person_id == person_id)
        .order_by(Registration.submitted_at.desc())
    ).all()
    current = registrations[0] if registrations else None
    case = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))

    age = _age(person.date_of_birth if person else None, today)
    education = record.education_level if record else None
    since_job, employed_2y, employment_known = _employment_facts(current, today)
    assistance = current.snapshot.section("social_assistance") if current else None
    category = (
        assistance.values.category
        if assistance is not None and assistance.ok and assistance.values and assistance.values.receiving
        else None
    )
    declared = [key for key in DECLARED_BARRIERS if key in barriers]
    if record is None or not record.driving_licence:
        declared.append("no_driving_licence")
    spoken = sorted(set(record.language_codes) & set(model.official_languages)) if record else []
    region = profile.offices.by_name(case.office).unemployment.value if case else None

    never = employment_known and since_job is None and employed_2y == 0
    return [
        Factor("age", age, band_points(model.age, age) if age is not None else 0),
        Factor(
            "education",
            education,
            band_points(model.education, education) if education is not None else model.education_unknown,
        ),
        Factor(
            "months_since_job",
            since_job,
            model.never_employed if never else band_points(model.months_since_job, since_job or 0),
        ),
        Factor("months_employed_2y", employed_2y, band_points(model.months_employed_2y, employed_2y)),
        Factor(
            "previous_spells",
            len(registrations[1:]),
            band_points(model.previous_spells, len(registrations[1:])),
        ),
        Factor("social_assistance", category, model.social_assistance.get(category, 0) if category else 0),
        Factor("barriers", declared, sum(model.barriers.get(key, 0) for key in declared)),
        Factor(
            "languages",
            spoken,
            model.no_official_language if model.official_languages and not spoken else 0,
        ),
        Factor("region", region, model.region.get(region, 0) if region else 0),
    ]


def service_of(profile: CountryProfile, level: RiskLevel | str) -> tuple[str, bool]:
    """The service a level gets, and whether it requires an individual employment plan."""
    key = RiskLevel(level).value
    return profile.risk.services.get(key, "counselling"), key in profile.risk.plan_required


def _set_case_level(session: Session, person_id: int, level: RiskLevel) -> None:
    case = session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))
    if case is not None:
        case.risk_level = level


# Built once: the risk profile and plan pages read it on every view.
_NEWEST_FIRST = (RiskAssessment.computed_at.desc(), RiskAssessment.id.desc())
_LATEST = (
    select(RiskAssessment)
    .where(RiskAssessment.person_id == bindparam("person_id"))
    .order_by(*_NEWEST_FIRST)
    .limit(1)
)


def latest(person_id: int, session: Session | None = None) -> RiskAssessment | None:
    session = session or db.session
    return session.scalar(_LATEST, {"person_id": person_id})


def latest_level_of(person_id: Any) -> Any:
    """The level of `latest`'s assessment (its `current_level`: the counsellor's, else the computed
    one; NULL when the person has none), as a column of another statement."""
    return (
        select(func.coalesce(RiskAssessment.level, RiskAssessment.computed_level))
        .where(RiskAssessment.person_id == person_id)
        .order_by(*_NEWEST_FIRST)
        .limit(1)
        .scalar_subquery()
    )


def latest_id_of(person_id: Any) -> Any:
    """The id of `latest`'s assessment (NULL when the person has none), as a column of another
    statement."""
    return (
        select(RiskAssessment.id)
        .where(RiskAssessment.person_id == person_id)
        .order_by(*_NEWEST_FIRST)
        .limit(1)
        .scalar_subquery()
    )


def assess_in(
    session: Session,
    person_id: int,
    profile: CountryProfile,
    today: dt.date,
    *,
    trigger: str,
    barriers: list[str] | None = None,
    actor: StaffMember | None = None,
    request_id: str | None = None,
) -> RiskAssessment:
    """Compute and store an assessment in the caller's transaction (registration calls it)."""
    if barriers is None:
        previous = latest(person_id, session)
        barriers = list(previous.barriers) if previous else []
    found = factors(session, person_id, profile, today, barriers)
    score = sum(factor.points for factor in found)
    level = RiskLevel(profile.risk.level(score))
    row = RiskAssessment(
        person_id=person_id,
        computed_at=utcnow(),
        trigger=trigger,
        model_version=profile.risk.version,
        score=score,
        computed_level=level,
        factors=[factor.to_json() for factor in found],
        barriers=[key for key in DECLARED_BARRIERS if key in barriers],
    )
    session.add(row)
    session.flush()
    _set_case_level(session, person_id, level)
    audit.record(
        session,
        AuditTag.RISK_ASSESS,
        actor_role=actor.role.value if actor else "system",
        purpose=f"risk profiling ({trigger})",
        actor_person_id=actor.person_id if actor else None,
        subject_person_id=person_id,
        request_id=request_id,
        details={"assessment": row.id, "score": score, "level": level.value},
    )
    return row


def assess(
    person_id: int,
    profile: CountryProfile,
    *,
    barriers: list[str],
    actor: StaffMember,
    request_id: str | None,
) -> RiskAssessment:
    with db.write() as session:
        return assess_in(
            session,
            person_id,
            profile,
            profile.today(),
            trigger="on_demand",
            barriers=barriers,
            actor=actor,
            request_id=request_id,
        )


def decide(
    assessment_id: int, *, level: RiskLevel, reason: str | None, actor: StaffMember, request_id: str | None
) -> RiskAssessment:
    """The counsellor confirms the computed level, or sets another with a required reason."""
    with db.write() as session:
        row = session.get(RiskAssessment, assessment_id)
        if row is None:
            raise NoAssessment
        overridden = level != row.computed_level
        if overridden and not (reason or "").strip():
            raise ReasonRequired
        apply_level(session, row, level, reason if overridden else None, actor)
        audit.record(
            session,
            AuditTag.RISK_OVERRIDE if overridden else AuditTag.RISK_CONFIRM,
            actor_role=actor.role.value,
            purpose="risk level overridden" if overridden else "risk level confirmed",
            actor_person_id=actor.person_id,
            subject_person_id=row.person_id,
            request_id=request_id,
            details={"assessment": row.id, "computed": row.computed_level.value, "level": level.value},
        )
        return row


def apply_level(
    session: Session, row: RiskAssessment, level: RiskLevel, reason: str | None, actor: StaffMember
) -> None:
    row.level = level
    row.override_reason = reason
    row.decided_by_person_id = actor.person_id
    row.decided_at = utcnow()
    if latest(row.person_id, session) is row:
        _set_case_level(session, row.person_id, level)


def override_count(office: str | None = None) -> tuple[int, int]:
    """(overridden, decided) assessments, counted in SQL: for reports."""
    statement = select(
        func.count().filter(RiskAssessment.level != RiskAssessment.computed_level),
        func.count().filter(RiskAssessment.level.is_not(None)),
    ).select_from(RiskAssessment)
    if office is not None:
        statement = statement.join(JobseekerCase, JobseekerCase.person_id == RiskAssessment.person_id).where(
            JobseekerCase.office == office
        )
    overridden, decided = db.session.execute(statement).one()
    return overridden or 0, decided or 0
