"""Risk profiling: every factor of the country's model, the counsellor's confirmation and override
(with a required reason, counted), computing again, and the person's reconsideration request."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    InboxMessage,
    JobseekerCase,
    JobseekerProfile,
    Person,
    ProfileLanguage,
    Registration,
    RegistrationState,
    RiskAssessment,
    RiskLevel,
)
from portal.services import profiling
from tests.functional.caseload_helpers import NARVA, add_jobseeker, csrf, ee_code, text_of
from tests.functional.test_backoffice_registrations import today
from tests.journeys import complete

JAAN = "38001085718"


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def person_of(app, case_id: int) -> int:
    with app.app_context():
        return db.session.get(JobseekerCase, case_id).person_id


def factors_of(app, person_id: int, barriers=()) -> dict[str, profiling.Factor]:
    day = today(app)
    with app.app_context():
        profile = app.extensions["profile"]
        found = profiling.factors(db.session, person_id, profile, day, list(barriers))
        return {factor.key: factor for factor in found}


def test_every_factor_reads_its_fact_and_gives_the_models_points(eid_app):
    day = today(eid_app)
    case_id = add_jobseeker(eid_app, ee_code(1), "Kalle", "Kask", NARVA, social_assistance=True)
    person_id = person_of(eid_app, case_id)
    with eid_app.app_context():
        person = db.session.get(Person, person_id)
        person.date_of_birth = day.replace(year=day.year - 52) - dt.timedelta(days=1)
        record = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
        record.education_level = 2
        record.driving_licence = None
        record.languages = [ProfileLanguage(code="ru")]
        # Two earlier registrations, ended.
        for n in range(2):
            db.session.add(
                Registration(
                    reference=f"REG-OLD-{n}",
                    person_id=person_id,
                    kind="unemployed",
                    state=RegistrationState.DEREGISTERED,
                    submitted_at=dt.datetime(2020 + n, 1, 1, tzinfo=dt.UTC),
                    decision_due_on=dt.date(2020 + n, 1, 15),
                    consent_at=dt.datetime(2020 + n, 1, 1, tzinfo=dt.UTC),
                    consent_version="v",
                    register_data={},
                    answers={},
                )
            )
        db.session.commit()
    found = factors_of(eid_app, person_id, barriers=["health"])
    # The registration's employment: 2020-01-01 to 2026-09-30 (tests' REGISTER_DATA).
    since = profiling.months_between(dt.date(2026, 9, 30), day)
    employed = min(24, round((dt.date(2026, 9, 30) - (day - dt.timedelta(days=730))).days / 30.44))
    expected = {
        "age": (52, 2),
        "education": (2, 4),
        "months_since_job": (since, 0 if since < 6 else 1 if since < 12 else 3),
        "months_employed_2y": (employed, 0 if employed >= 18 else 1),
        "previous_spells": (2, 2),
        "social_assistance": ("II", 2),
        "barriers": (["health", "no_driving_licence"], 3 + 1),
        "languages": ([], 2),
        "region": ("high", 2),
    }
    assert {key: (factor.value, factor.points) for key, factor in found.items()} == expected
    assert list(found) == list(profiling.FACTORS)


def test_unknown_facts_are_not_guessed_and_a_typical_person_is_low_risk(eid_app):
    case_id = add_jobseeker(eid_app, ee_code(2), "Mari", "Maasikas")
    person_id = person_of(eid_app, case_id)
    with eid_app.app_context():
        record = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
        record.driving_licence = "B"
        record.education_level = 6
        db.session.commit()
    found = factors_of(eid_app, person_id)
    assert found["age"].value is None and found["age"].points == 0  # no birth date: no points
    assert (found["education"].value, found["education"].points) == (6, 0)
    assert (found["barriers"].value, found["barriers"].points) == ([], 0)
    assert (found["languages"].value, found["languages"].points) == (["et"], 0)
    assert (found["region"].value, found["region"].points) == ("low", 0)
    day = today(eid_app)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        row = profiling.assess_in(db.session, person_id, profile, day, trigger="on_demand")
        db.session.commit()
        assert row.computed_level is RiskLevel.LOW
        assert db.session.get(JobseekerCase, case_id).risk_level is RiskLevel.LOW
        assert profiling.service_of(profile, RiskLevel.LOW) == ("self_service", False)
        assert profiling.service_of(profile, RiskLevel.MEDIUM) == ("counselling", True)  # Estonia


def test_registration_profiles_the_person_and_opens_their_case(start):
    app, client, started = start("unemployed")
    complete(client, started)
    with app.app_context():
        person_id = db.session.scalar(select(Registration.person_id))
        (assessment,) = db.session.scalars(select(RiskAssessment)).all()
        case = db.session.scalar(select(JobseekerCase))
    assert assessment.person_id == person_id == case.person_id
    assert assessment.trigger == "registration" and assessment.level is None
    assert {factor["key"] for factor in assessment.factors} == set(profiling.FACTORS)
    assert case.risk_level == assessment.computed_level
    assert assessment.score == sum(factor["points"] for factor in assessment.factors)


def test_the_counsellor_confirms_or_overrides_with_a_reason_and_overrides_are_counted(eid_app, client_as):
    client = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(3), "Kalle", "Kask")
    page = client.get(f"/back-office/cases/{case_id}/risk-profile")
    assert "The person has not been profiled yet" in text_of(page)
    computed = client.post(
        f"/back-office/cases/{case_id}/risk-profile/compute",
        data={"csrf_token": csrf(page), "barriers": ["caring"]},
    )
    assert computed.status_code == 303
    page = client.get(f"/back-office/cases/{case_id}/risk-profile")
    body = text_of(page)
    assert "Risk profile computed" in body and "Not yet confirmed" in body
    assert "Caring duties, No driving licence" in body
    with eid_app.app_context():
        assessment = db.session.scalar(select(RiskAssessment))
        computed_level = assessment.computed_level
    other = next(level for level in RiskLevel if level != computed_level)

    no_reason = client.post(
        f"/back-office/cases/{case_id}/risk-profile/decision",
        data={"csrf_token": csrf(page), "level": other.value, "reason": ""},
    )
    assert no_reason.status_code == 400
    assert "Enter why you set another level than the computed one" in text_of(no_reason)

    confirmed = client.post(
        f"/back-office/cases/{case_id}/risk-profile/decision",
        data={"csrf_token": csrf(page), "level": computed_level.value, "reason": ""},
    )
    assert confirmed.status_code == 303
    assert "Confirmed" in text_of(client.get(f"/back-office/cases/{case_id}/risk-profile"))

    overridden = client.post(
        f"/back-office/cases/{case_id}/risk-profile/decision",
        data={"csrf_token": csrf(page), "level": other.value, "reason": "Long illness not in the registers"},
    )
    assert overridden.status_code == 303
    body = text_of(client.get(f"/back-office/cases/{case_id}/risk-profile"))
    assert "Overridden" in body and "Long illness not in the registers" in body
    with eid_app.app_context():
        assert db.session.get(JobseekerCase, case_id).risk_level == other
        assert profiling.override_count("Tallinn") == (1, 1)
        tags = [
            e.tag
            for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            if e.tag.value.startswith("risk:")
        ]
    assert tags == [AuditTag.RISK_ASSESS, AuditTag.RISK_CONFIRM, AuditTag.RISK_OVERRIDE]


def test_the_person_sees_their_level_and_asks_for_reconsideration_answered_in_writing(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    day = today(eid_app)
    with eid_app.app_context():
        profiling.assess_in(db.session, person_id, eid_app.extensions["profile"], day, trigger="registration")
        db.session.commit()
    counsellor = english(client_as("counsellor"))
    person = english(client_as("jobseeker"))

    page = person.get("/jobseeker/risk-profile")
    body = text_of(page)
    assert page.status_code == 200 and "Your risk of staying unemployed for a long time" in body
    assert "What it means for you" in body and "Your last job ended" in body
    assert "has not looked at it yet" in body
    empty = person.post(
        "/jobseeker/risk-profile/reconsideration", data={"csrf_token": csrf(page), "reason": ""}
    )
    assert empty.status_code == 400 and "Enter why your level should be reconsidered" in text_of(empty)
    asked = person.post(
        "/jobseeker/risk-profile/reconsideration",
        data={"csrf_token": csrf(page), "reason": "I care for my mother every day."},
    )
    assert asked.status_code == 303
    assert "We received your request" in text_of(person.get("/jobseeker/risk-profile"))

    queue = text_of(counsellor.get("/back-office/reconsiderations"))
    assert "1 request waiting for an answer" in queue and "Jõeorg" in queue
    risk_page = counsellor.get(f"/back-office/cases/{case_id}/risk-profile")
    assert "I care for my mother every day." in text_of(risk_page)
    answered = counsellor.post(
        f"/back-office/cases/{case_id}/risk-profile/reconsideration",
        data={
            "csrf_token": csrf(risk_page),
            "new_level": "high",
            "answer": "Caring duties weigh more: high support.",
        },
    )
    assert answered.status_code == 303
    assert "No request is waiting" in text_of(counsellor.get("/back-office/reconsiderations"))
    with eid_app.app_context():
        assert db.session.get(JobseekerCase, case_id).risk_level is RiskLevel.HIGH
        (message,) = db.session.scalars(select(InboxMessage).where(InboxMessage.person_id == person_id)).all()
        assert message.kind == "risk_answer"
    body = text_of(person.get("/jobseeker/risk-profile"))
    assert "Caring duties weigh more: high support." in body and "high risk" in body
    assert "Your counsellor set your level by their own judgement" in body or "high" in body


def test_the_risk_page_keeps_the_case_pages_office_rule_and_reads_the_case_with_the_history(
    eid_app, client_as
):
    """The page reads the case with its assessments in one statement (not through `load_case`):
    another office's case still answers the break-glass page, an unknown one 404, and neither is
    recorded as a use of the person's data; a case without assessments says so."""
    client = english(client_as("counsellor"))
    elsewhere = add_jobseeker(eid_app, ee_code(41), "Ivan", "Ivanov", NARVA)
    refused = client.get(f"/back-office/cases/{elsewhere}/risk-profile")
    assert refused.status_code == 403 and "This case belongs to another office" in text_of(refused)
    assert "Ivanov" not in text_of(refused)
    assert client.get("/back-office/cases/99999/risk-profile").status_code == 404
    with eid_app.app_context():
        viewed = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_VIEW)).all()
    assert viewed == []
    own = add_jobseeker(eid_app, ee_code(42), "Kalle", "Kask")
    page = client.get(f"/back-office/cases/{own}/risk-profile")
    assert page.status_code == 200
    assert "Kalle Kask" in text_of(page) and "The person has not been profiled yet." in text_of(page)
