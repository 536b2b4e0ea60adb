"""Retention: the daily job that deletes what has expired and anonymises people past the profile's
retention period (`profile.data_use`, docs/data-use.md "Retention").

- "My data" exports are deleted once expired (7 days by default).
- A person is anonymised when, for `inactive_person_days`, they have had no active registration,
  no draft, no login, no pending appeal, no decision, no registration submitted and no open case,
  and are not staff.
  Their names, birth date and personal code are replaced, their record (contact, preferences),
  sessions, exports, sealed documents, appeal attachments, employment plans, case notes and risk
  assessments deleted, and the free text of their registrations, decisions, appeals, training
  requests and offer answers and the name keys of their case emptied. What the reports count stays: kinds, states, dates.
- The logs that hold personal codes: in the X-Road query log (`xroad_query`) the person's code, as
  the subject of a call or the user it was made for, is replaced by the same `ANON<id>`
  (`query_log.pseudonymise`; on PostgreSQL through the owner's narrow function, the log being
  append-only for the application role); the eID protocol log (`eid_auth_log`: request URLs,
  callbacks, ID tokens naming the person) is deleted once older than `inactive_person_days`, so
  nobody is anonymised while an ID token of theirs is kept (their last login is older than that).
- The audit trail is not touched: its events keep the pseudonym computed from the real personal
  code when they were written; one `person:anonymise` event is added, with the same pseudonym,
  before the code is replaced.

Unfinished drafts are removed by the daily `expire_drafts` job (`services/registration/expiry.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, delete, exists, or_, select, update

from portal.extensions import db
from portal.models import (
    Appeal,
    AppealAttachment,
    AppealState,
    AuditTag,
    DataExport,
    Decision,
    Document,
    EidAuthLog,
    JobseekerProfile,
    LoginSession,
    OutboundNotification,
    Person,
    Registration,
    RegistrationDraft,
    StaffMember,
)
from portal.models.base import utcnow
from portal.models.caseload import CaseNote, JobseekerCase
from portal.models.offers import OfferAnswer, Refusal
from portal.models.plan import EmploymentPlan
from portal.models.profiling import RiskAssessment
from portal.models.recommendation import RecommendationShown
from portal.models.registration import ACTIVE_STATES
from portal.models.training import TrainingRequest
from portal.profiles import CountryProfile
from portal.services import audit, query_log

BATCH = 200
ANONYMISED_NAME = ""
ANONYMISED_TEXT = ""


@dataclass(frozen=True)
class RetentionRun:
    exports_deleted: int
    anonymised: int
    eid_log_deleted: int = 0


def run(profile: CountryProfile, now: dt.datetime | None = None) -> RetentionRun:
    now = now or utcnow()
    with db.write() as session:
        exports = session.execute(
            delete(DataExport)
            .where(DataExport.expires_at <= now)
            .execution_options(synchronize_session=False)
        ).rowcount
        # The eID exchanges (ID tokens name the person) go after the same period as a person's
        # data: whoever is anonymised below last signed in before this cutoff.
        eid_log = session.execute(
            delete(EidAuthLog)
            .where(EidAuthLog.created_at < now - dt.timedelta(days=profile.data_use.inactive_person_days))
            .execution_options(synchronize_session=False)
        ).rowcount
    anonymised = 0
    while batch := due_for_anonymisation(profile, now, limit=BATCH):
        for person_id in batch:
            anonymise(person_id, now)
            anonymised += 1
    return RetentionRun(exports_deleted=exports, anonymised=anonymised, eid_log_deleted=eid_log)


def due_for_anonymisation(profile: CountryProfile, now: dt.datetime, limit: int = BATCH) -> list[int]:
    """People with nothing going on for the retention period: one query, conditions in SQL."""
    cutoff = now - dt.timedelta(days=profile.data_use.inactive_person_days)
    cutoff_day = cutoff.date()
    person = Person.id
    quiet = [
        ~exists().where(StaffMember.person_id == person),
        ~exists().where(RegistrationDraft.person_id == person),
        ~exists().where(
            Registration.person_id == person,
            or_(
                Registration.state.in_(ACTIVE_STATES),
                Registration.submitted_at >= cutoff,
                and_(Registration.deregistered_on.is_not(None), Registration.deregistered_on >= cutoff_day),
            ),
        ),
        ~exists().where(Decision.person_id == person, Decision.issued_at >= cutoff),
        ~exists().where(
            Appeal.person_id == person, or_(Appeal.state == AppealState.PENDING, Appeal.filed_at >= cutoff)
        ),
        ~exists().where(LoginSession.person_id == person, LoginSession.started_at >= cutoff),
        ~exists().where(JobseekerCase.person_id == person, JobseekerCase.closed_on.is_(None)),
    ]
    return list(
        db.session.scalars(
            select(Person.id)
            .where(Person.anonymised_at.is_(None), Person.created_at < cutoff, *quiet)
            .order_by(Person.id)
            .limit(limit)
        )
    )


def anonymise(person_id: int, now: dt.datetime) -> None:
    """One person, in one transaction."""
    with db.write() as session:
        person = session.get(Person, person_id)
        if person is None or person.anonymised_at is not None:
            return
        # Written first, while the pseudonym is still computed from the real personal code.
        audit.record(
            session,
            AuditTag.PERSON_ANONYMISE,
            actor_role="system",
            purpose="retention period ended",
            subject_person_id=person_id,
        )
        registration_ids = select(Registration.id).where(Registration.person_id == person_id)
        appeal_ids = select(Appeal.id).where(Appeal.person_id == person_id)
        for statement in (
            delete(JobseekerProfile).where(JobseekerProfile.person_id == person_id),
            delete(LoginSession).where(LoginSession.person_id == person_id),
            delete(DataExport).where(DataExport.person_id == person_id),
            delete(Document).where(Document.person_id == person_id),
            delete(AppealAttachment).where(AppealAttachment.appeal_id.in_(appeal_ids)),
            update(Appeal).where(Appeal.person_id == person_id).values(reason=ANONYMISED_TEXT),
            update(Registration)
            .where(Registration.person_id == person_id)
            .values(register_data={}, municipality=None, answers={}, review_reasons=[]),
            update(Decision)
            .where(Decision.person_id == person_id)
            .values(reasoning=ANONYMISED_TEXT, review_reason=None, facts={}),
            update(OutboundNotification)
            .where(OutboundNotification.registration_id.in_(registration_ids))
            .values(payload={}),
            # Other features' rows about the person: free text and name keys go, counts stay.
            delete(EmploymentPlan).where(EmploymentPlan.person_id == person_id),
            delete(CaseNote).where(CaseNote.person_id == person_id),
            delete(RiskAssessment).where(RiskAssessment.person_id == person_id),
            delete(RecommendationShown).where(RecommendationShown.person_id == person_id),
            update(JobseekerCase)
            .where(JobseekerCase.person_id == person_id)
            .values(family_key="", given_key=""),
            update(TrainingRequest)
            .where(TrainingRequest.person_id == person_id)
            .values(reason=ANONYMISED_TEXT),
            update(Refusal).where(Refusal.person_id == person_id).values(reason_text=None, reasoning=None),
            update(OfferAnswer).where(OfferAnswer.person_id == person_id).values(reason_text=None),
        ):
            session.execute(statement.execution_options(synchronize_session=False))
        code, subject = person.national_code, person.subject
        person.given_name = ANONYMISED_NAME
        person.family_name = ANONYMISED_NAME
        person.date_of_birth = None
        # Letters never occur in a real code, so this can neither collide nor name anyone.
        person.national_code = f"ANON{person.id}"
        person.names_from_register = False
        person.anonymised_at = now
        session.flush()
        # The query log keeps who was asked about and for whom: the same pseudonym replaces the code.
        query_log.pseudonymise(session, code=code, subject=subject, pseudonym=person.national_code)
