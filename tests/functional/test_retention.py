"""Retention with frozen time: expired exports go, people past the profile's period are anonymised,
people with anything going on are not, and the audit trail keeps its pseudonyms and its chain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, update

from portal import audit_chain
from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    DataExport,
    Decision,
    Document,
    EidAuthLog,
    EidLogKind,
    JobseekerProfile,
    LoginSession,
    Person,
    QueryDirection,
    Registration,
    RegistrationState,
    XRoadQuery,
)
from portal.models.caseload import JobseekerCase
from portal.models.recommendation import RecommendationShown
from portal.services import audit, data_export, retention
from tests.journeys import complete
from tests.matching_data import vacancy

NOW = dt.datetime(2033, 6, 1, 9, 0, tzinfo=dt.UTC)  # the frozen "today" of the daily run
LONG_AGO = NOW - dt.timedelta(days=6 * 365)


def age_everything_of(person_id: int) -> None:
    """The person's last registration ended and nothing happened for six years."""
    for statement in (
        update(Person).where(Person.id == person_id).values(created_at=LONG_AGO),
        update(Registration)
        .where(Registration.person_id == person_id)
        .values(
            state=RegistrationState.DEREGISTERED,
            submitted_at=LONG_AGO,
            deregistered_on=LONG_AGO.date() + dt.timedelta(days=30),
        ),
        update(Decision).where(Decision.person_id == person_id).values(issued_at=LONG_AGO),
        update(LoginSession).where(LoginSession.person_id == person_id).values(started_at=LONG_AGO),
        update(JobseekerCase)
        .where(JobseekerCase.person_id == person_id)
        .values(closed_on=LONG_AGO.date() + dt.timedelta(days=30)),
    ):
        db.session.execute(statement)
    db.session.commit()


def test_a_person_past_the_period_is_anonymised_and_the_audit_trail_keeps_the_pseudonym(start):
    app, client, started = start("unemployed")
    complete(client, started)
    with app.app_context():
        profile = app.extensions["profile"]
        person = db.session.scalar(select(Person).where(Person.given_name != ""))
        person_id, code = person.id, person.national_code
        key = audit.current_key()
        pseudonym = audit_chain.pseudonym(key, "EE", code)
        events_before = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_person_id == person_id)
        )
        assert events_before > 0
        data_export.request_export(person_id, "en", profile)
        shown = vacancy("2512", ("0793",), title="A job recommended to them")
        with db.write() as session:  # which vacancies a page recommended to them
            session.add(RecommendationShown(person_id=person_id, list_size=3, vacancy_id=shown.id))
        age_everything_of(person_id)
        # The registration's copy of the population municipality (the reports' region filter).
        assert db.session.scalar(select(Registration.municipality).where(Registration.person_id == person_id))

        # A day before the period ends: the person is kept; the export, long expired, is deleted.
        early = retention.run(profile, now=LONG_AGO + dt.timedelta(days=30 + 5 * 365 - 1))
        assert (early.anonymised, early.exports_deleted) == (0, 1)
        assert db.session.scalar(select(DataExport)) is None

        result = retention.run(profile, now=NOW)
        assert result.anonymised == 1
        db.session.expire_all()
        person = db.session.get(Person, person_id)
        assert person.anonymised_at == NOW
        assert (person.given_name, person.family_name, person.date_of_birth) == ("", "", None)
        assert person.national_code == f"ANON{person_id}" and code not in person.national_code
        assert (
            db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id)) is None
        )
        assert db.session.scalar(select(Document).where(Document.person_id == person_id)) is None
        assert db.session.scalar(select(RecommendationShown.person_id)) is None
        registration = db.session.scalar(select(Registration).where(Registration.person_id == person_id))
        assert registration.register_data == {} and registration.answers == {}
        assert registration.municipality is None  # the copy goes with the register data
        assert registration.state == RegistrationState.DEREGISTERED  # what the reports count stays
        case = db.session.scalar(select(JobseekerCase).where(JobseekerCase.person_id == person_id))
        assert (case.family_key, case.given_key) == ("", "") and case.office
        assert all(d.reasoning == "" for d in db.session.scalars(select(Decision)))
        # The audit trail: every earlier event and the anonymisation carry the same pseudonym.
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_person_id == person_id)).all()
        assert len(events) == events_before + 2  # the export request and the anonymisation
        assert {event.subject_ref for event in events} == {pseudonym}
        assert events[-1].tag == AuditTag.PERSON_ANONYMISE
        assert audit.verify_chain(db.session).broken_at is None
        # A second run finds nothing more to do.
        assert retention.run(profile, now=NOW).anonymised == 0


def test_people_with_anything_going_on_are_kept(start):
    app, client, started = start("unemployed")
    complete(client, started)
    with app.app_context():
        profile = app.extensions["profile"]
        person_id = db.session.scalar(select(Person.id).where(Person.given_name != ""))
        age_everything_of(person_id)
        # Still registered: kept whatever the dates.
        db.session.execute(
            update(Registration)
            .where(Registration.person_id == person_id)
            .values(state=RegistrationState.REGISTERED)
        )
        db.session.commit()
        assert retention.due_for_anonymisation(profile, NOW) == []
        # Ended, but signed in a year ago: kept.
        db.session.execute(
            update(Registration)
            .where(Registration.person_id == person_id)
            .values(state=RegistrationState.DEREGISTERED)
        )
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.person_id == person_id)
            .values(started_at=NOW - dt.timedelta(days=365))
        )
        db.session.commit()
        assert retention.due_for_anonymisation(profile, NOW) == []
        # Nothing for five years and more: due.
        age_everything_of(person_id)
        assert retention.due_for_anonymisation(profile, NOW) == [person_id]


def log_query(code: str | None, direction: QueryDirection, *, on_behalf_of: str | None = None) -> None:
    with db.write() as session:
        session.add(
            XRoadQuery(
                occurred_at=LONG_AGO,
                direction=direction,
                xroad_id=f"q-{direction.value}-{code}-{on_behalf_of}",
                client="EE/GOV/70000001/sotsiaalkindlustusamet",
                service="EE/GOV/70008440/rr/population/v1",
                operation="getJobseeker",
                subject_code=code,
                on_behalf_of=on_behalf_of,
                purpose="test",
                outcome="ok",
                http_status=200,
                duration_ms=5,
            )
        )


def test_the_query_log_and_the_eid_log_keep_no_personal_code_of_an_anonymised_person(start):
    app, client, started = start("unemployed")
    complete(client, started)
    with app.app_context():
        profile = app.extensions["profile"]
        person = db.session.scalar(select(Person).where(Person.given_name != ""))
        person_id, code, subject = person.id, person.national_code, person.subject
        other = "49001010005"
        # Registration asked the registers about the person, on their own behalf; an institution
        # asked the PES about them; and another person's queries sit beside them.
        log_query(code, QueryDirection.INCOMING)
        log_query(code, QueryDirection.OUTGOING, on_behalf_of=subject)
        log_query(other, QueryDirection.OUTGOING, on_behalf_of=f"EE{other}")
        log_query(None, QueryDirection.OUTGOING, on_behalf_of=subject)  # a company lookup they made
        before = db.session.scalar(
            select(func.count()).select_from(XRoadQuery).where(XRoadQuery.subject_code == code)
        )
        assert before >= 2
        with db.write() as session:
            session.add_all(
                [
                    EidAuthLog(flow_id="old", kind=EidLogKind.ID_TOKEN, content=f"token {subject}"),
                    EidAuthLog(flow_id="new", kind=EidLogKind.ID_TOKEN, content="token of a recent login"),
                ]
            )
        db.session.execute(update(EidAuthLog).where(EidAuthLog.flow_id != "new").values(created_at=LONG_AGO))
        db.session.execute(
            update(EidAuthLog)
            .where(EidAuthLog.flow_id == "new")
            .values(created_at=NOW - dt.timedelta(days=1))
        )
        db.session.execute(update(XRoadQuery).values(occurred_at=LONG_AGO))
        db.session.commit()
        age_everything_of(person_id)

        result = retention.run(profile, now=NOW)

        assert result.anonymised == 1
        db.session.expire_all()
        pseudonym = f"ANON{person_id}"
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(XRoadQuery)
                .where(or_(XRoadQuery.subject_code == code, XRoadQuery.on_behalf_of == subject))
            )
            == 0
        )
        mine = db.session.scalars(
            select(XRoadQuery).where(
                or_(XRoadQuery.subject_code == pseudonym, XRoadQuery.on_behalf_of == pseudonym)
            )
        ).all()
        assert len(mine) == before + 1  # the company lookup made on their behalf too
        assert all(q.subject_code in (pseudonym, None) for q in mine)
        assert {q.on_behalf_of for q in mine if q.subject_code is None} == {pseudonym}
        # Kinds, outcomes and dates stay: the call is still counted.
        assert {q.direction for q in mine} == {QueryDirection.INCOMING, QueryDirection.OUTGOING}
        others = db.session.scalars(select(XRoadQuery).where(XRoadQuery.subject_code == other)).all()
        assert [q.on_behalf_of for q in others] == [f"EE{other}"]
        # The eID exchanges older than the period are gone, the recent login's are kept.
        assert result.eid_log_deleted >= 1
        assert db.session.scalars(select(EidAuthLog.flow_id)).all() == ["new"]
        assert not any(subject in row for row in db.session.scalars(select(EidAuthLog.content)))
