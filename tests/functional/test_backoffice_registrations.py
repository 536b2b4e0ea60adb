"""The back office's registration queue, the case page and a counsellor's decision."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Certificate,
    Decision,
    DecisionKind,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
)
from portal.models.register_snapshot import RegisterSnapshot
from portal.services import jobseeker_profile

REGISTER_DATA = {
    "sections": {
        "population": {
            "status": "ok",
            "read_at": "2026-11-02T08:00:00+00:00",
            "error": None,
            "values": {
                "given_names": "Kalle",
                "family_name": "Kask",
                "date_of_birth": "1985-04-12",
                "life_status": "ALIVE",
                "date_of_death": None,
                "citizenship": "EST",
                "address": "Vana tn 1, Tallinn",
                "municipality_code": "0784",
                "municipality_name": "Tallinn",
            },
        },
        "education": {
            "status": "failed",
            "read_at": "2026-11-02T08:00:00+00:00",
            "values": {},
            "error": "Timeout",
        },
        "employment": {
            "status": "ok",
            "read_at": "2026-11-02T08:00:00+00:00",
            "error": None,
            "values": {
                "employments": [
                    {
                        "employer_name": "Näidis OÜ",
                        "employer_code": "10000001",
                        "occupation_title": "Programmer",
                        "isco_code": "2512",
                        "start_date": "2020-01-01",
                        "end_date": "2026-09-30",
                        "status": "ENDED",
                        "active": False,
                    }
                ],
                "active": False,
            },
        },
        "social_assistance": {
            "status": "unknown",
            "read_at": "2026-11-02T08:00:00+00:00",
            "values": {},
            "error": None,
        },
        "health_insurance": {
            "status": "ok",
            "read_at": "2026-11-02T08:00:00+00:00",
            "error": None,
            "values": {"insured": False, "basis": None, "valid_until": None},
        },
    }
}
ANSWERS = {
    "checked": True,
    "corrections": {
        "population.address": {
            "declared": "Uus tn 5, Tartu",
            "register": "Vana tn 1, Tallinn",
            "at": "2026-11-02T08:05:00+00:00",
        }
    },
    "manual": {"education": {"highest": "Master's degree in physics"}},
    "contact": {"phone": "+372 5123 4567", "email": "kalle@example.com"},
    "occupations": ["2512"],
    "preferences": {
        "municipalities": ["0784"],
        "remote": True,
        "working_time": "full",
        "languages": ["et", "en"],
        "start_on": None,
    },
    "kind": "unemployed",
}
REASONS = ["correction:population.address", "manual:education"]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def csrf_token(response) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def today(app) -> dt.date:
    with app.app_context():
        return app.extensions["profile"].today()


def add_registration(
    app,
    code: str,
    reference: str,
    due: dt.date,
    *,
    given: str = "Kalle",
    family: str = "Kask",
    state: RegistrationState = RegistrationState.PENDING,
    kind: RegistrationKind = RegistrationKind.UNEMPLOYED,
    reasons: list[str] | None = None,
) -> int:
    with app.app_context():
        person = Person(country="EE", national_code=code, given_name=given, family_name=family)
        db.session.add(person)
        db.session.flush()
        registration = Registration(
            reference=reference,
            person_id=person.id,
            kind=kind,
            state=state,
            submitted_at=dt.datetime(2026, 11, 2, 8, 10, tzinfo=dt.UTC),
            decision_due_on=due,
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="registration-start-2026-11",
            register_data=REGISTER_DATA,
            answers=ANSWERS,
            review_reasons=REASONS if reasons is None else reasons,
        )
        db.session.add(registration)
        add_record(person.id)
        db.session.commit()
        return registration.id


def add_record(person_id: int) -> None:
    """The person's record as submitting the registration writes it."""
    preferences = ANSWERS["preferences"]
    jobseeker_profile.write_from_registration(
        db.session,
        person_id,
        snapshot=RegisterSnapshot.from_json(REGISTER_DATA),
        contact=jobseeker_profile.Contact(**ANSWERS["contact"]),
        occupations=ANSWERS["occupations"],
        preferences=jobseeker_profile.Preferences(
            municipalities=tuple(preferences["municipalities"]),
            remote=preferences["remote"],
            working_time=preferences["working_time"],
            languages=tuple(preferences["languages"]),
            start_on=None,
        ),
    )


def state_of(app, registration_id: int) -> RegistrationState:
    with app.app_context():
        return db.session.get(Registration, registration_id).state


def decide(client, registration_id: int, **form):
    page = client.get(f"/back-office/registrations/{registration_id}")
    return client.post(
        f"/back-office/registrations/{registration_id}/decision",
        data={"csrf_token": csrf_token(page), **form},
    )


def test_the_queue_lists_pending_registrations_nearest_deadline_first(eid_app, client_as):
    client = english(client_as("counsellor"))
    day = today(eid_app)
    add_registration(eid_app, "37001010001", "REG-LATER", day + dt.timedelta(days=10), given="Later")
    add_registration(eid_app, "37001010002", "REG-OVERDUE", day - dt.timedelta(days=1), given="Overdue")
    add_registration(eid_app, "37001010003", "REG-SOON", day + dt.timedelta(days=1), given="Soon")
    add_registration(
        eid_app, "37001010004", "REG-DONE", day, given="Done", state=RegistrationState.REGISTERED, reasons=[]
    )

    response = client.get("/back-office/registrations")
    assert response.status_code == 200
    page = text_of(response)
    order = [page.index(reference) for reference in ("REG-OVERDUE", "REG-SOON", "REG-LATER")]
    assert order == sorted(order)
    assert "REG-DONE" not in page
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page)
    tags = {ref: row for row in rows for ref in ("REG-OVERDUE", "REG-SOON", "REG-LATER") if ref in row}
    assert "govuk-tag--red" in tags["REG-OVERDUE"] and "Overdue" in tags["REG-OVERDUE"]
    assert "Due within 2 days" in tags["REG-SOON"] and "Overdue" not in tags["REG-SOON"]
    assert "govuk-tag" not in tags["REG-LATER"]
    assert "Overdue Kask" in page
    assert "The person corrected Population register data: Address" in page
    assert "Education register did not answer; the person&#39;s own entry must be verified" in page


def test_the_back_office_home_links_to_the_queue_with_its_count(eid_app, client_as):
    client = english(client_as("counsellor"))
    day = today(eid_app)
    add_registration(eid_app, "37001010001", "REG-ONE", day)
    add_registration(eid_app, "37001010002", "REG-TWO", day)
    page = text_of(client.get("/back-office/"))
    assert 'href="/back-office/registrations"' in page
    assert "2 registrations are waiting for a decision" in page


def test_the_case_shows_register_values_beside_what_the_person_declared_and_is_audited(eid_app, client_as):
    client = english(client_as("counsellor"))
    registration_id = add_registration(eid_app, "37001010001", "REG-CASE", today(eid_app))
    response = client.get(f"/back-office/registrations/{registration_id}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Kalle Kask" in page and "37001010001" in page
    assert "Register: Vana tn 1, Tallinn" in page
    assert "Declared by the person: Uus tn 5, Tartu" in page
    assert "Master&#39;s degree in physics" in page and "To be verified" in page
    assert "The register holds no data about this person." in page  # social assistance: unknown
    assert "Näidis OÜ" in page
    assert "Software developers (2512)" in page
    assert "+372 5123 4567" in page and "kalle@example.com" in page
    assert "Tallinn" in page and "Remote work" in page and "Full-time" in page and "English" in page
    assert "Unemployed" in page
    assert 'action="/back-office/registrations/' in page
    with eid_app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_VIEW)).all()
        subject = db.session.scalar(select(Registration.person_id).where(Registration.id == registration_id))
        viewer = db.session.scalar(select(Person.id).where(Person.national_code == "49403136526"))
    assert [(e.purpose, e.subject_person_id, e.actor_person_id, e.actor_role) for e in events] == [
        ("registration case viewed", subject, viewer, "counsellor")
    ]
    assert events[0].details["data_categories"] == [
        "name",
        "personal-code",
        "register-data",
        "contact",
        "work-preferences",
        "registration",
        "decision",
    ]


def test_listing_the_queue_is_audited_for_each_person_shown_with_the_data_categories(eid_app, client_as):
    client = english(client_as("counsellor"))
    day = today(eid_app)
    shown = [
        add_registration(eid_app, "37001010001", "REG-ONE", day, given="One"),
        add_registration(eid_app, "37001010002", "REG-TWO", day, given="Two"),
    ]
    add_registration(eid_app, "37001010003", "REG-DONE", day, state=RegistrationState.REGISTERED, reasons=[])
    page = text_of(client.get("/back-office/registrations"))
    assert "One Kask" in page and "Two Kask" in page
    with eid_app.app_context():
        subjects = {
            db.session.scalar(select(Registration.person_id).where(Registration.id == registration_id))
            for registration_id in shown
        }
        viewer = db.session.scalar(select(Person.id).where(Person.national_code == "49403136526"))
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_LIST)).all()
    assert {e.subject_person_id for e in events} == subjects  # not the registered one: not shown
    assert {(e.purpose, e.actor_person_id, e.actor_role) for e in events} == {
        ("registration queue listed", viewer, "counsellor")
    }
    assert all(e.details["data_categories"] == ["name", "registration"] for e in events)


def test_an_unknown_registration_is_not_found(client_as):
    assert client_as("counsellor").get("/back-office/registrations/999999").status_code == 404


def test_approving_registers_the_person_with_a_decision_and_a_certificate(eid_app, client_as):
    client = english(client_as("counsellor"))
    day = today(eid_app)
    registration_id = add_registration(eid_app, "37001010001", "REG-APPROVE", day)
    response = decide(
        client, registration_id, outcome="approve", reason="The new address was checked by phone."
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/back-office/registrations"
    page = text_of(client.get("/back-office/registrations"))
    assert "Registration REG-APPROVE approved" in page and "govuk-notification-banner--success" in page
    assert "REG-APPROVE" not in page.split("</h1>", 1)[1]  # no longer waiting
    # The banner is shown once.
    assert "REG-APPROVE approved" not in text_of(client.get("/back-office/registrations"))
    with eid_app.app_context():
        registration = db.session.get(Registration, registration_id)
        staff = db.session.scalar(
            select(StaffMember).join(Person).where(Person.national_code == "49403136526")
        )
        assert registration.state is RegistrationState.REGISTERED
        assert registration.registered_on == day
        [decision] = registration.decisions
        assert decision.kind is DecisionKind.REGISTRATION
        assert decision.issued_by_staff_id == staff.id and decision.automated_rule is None
        assert decision.reasoning == "The new address was checked by phone."
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.registration_id == registration_id)
            )
            == 1
        )
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.tag == AuditTag.REGISTRATION_DECIDE)
            )
            == 1
        )


def test_approving_a_jobseeker_issues_no_certificate(eid_app, client_as):
    client = english(client_as("counsellor"))
    registration_id = add_registration(
        eid_app, "37001010001", "REG-JOBSEEKER", today(eid_app), kind=RegistrationKind.JOBSEEKER
    )
    assert decide(client, registration_id, outcome="approve", reason="Checked.").status_code == 303
    with eid_app.app_context():
        assert db.session.get(Registration, registration_id).state is RegistrationState.REGISTERED
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_a_refusal_needs_a_reason(eid_app, client_as):
    client = english(client_as("counsellor"))
    registration_id = add_registration(eid_app, "37001010001", "REG-REFUSE", today(eid_app))
    response = decide(client, registration_id, outcome="reject", reason="   ")
    assert response.status_code == 400
    page = text_of(response)
    assert (
        "There is a problem" in page and page.startswith("<!DOCTYPE html> <html") and "<title>Error:" in page
    )
    assert '<a href="#reason">Enter the reason for the decision</a>' in page
    assert 'class="govuk-textarea govuk-textarea--error"' in page
    assert state_of(eid_app, registration_id) is RegistrationState.PENDING

    response = decide(client, registration_id, reason="Why not")
    assert response.status_code == 400
    assert "Select whether to register the person or refuse the registration" in text_of(response)

    response = decide(client, registration_id, outcome="reject", reason="x" * 2001)
    assert response.status_code == 400
    assert "The reason must be 2000 characters or fewer" in text_of(response)
    assert state_of(eid_app, registration_id) is RegistrationState.PENDING

    response = decide(client, registration_id, outcome="reject", reason="The person lives abroad.")
    assert response.status_code == 303
    assert "Registration REG-REFUSE refused" in text_of(client.get("/back-office/registrations"))
    with eid_app.app_context():
        registration = db.session.get(Registration, registration_id)
        assert registration.state is RegistrationState.REJECTED
        [decision] = registration.decisions
        assert decision.kind is DecisionKind.REGISTRATION_REJECTED
        assert decision.reasoning == "The person lives abroad."
        assert registration.certificates == []


def test_deciding_twice_says_so_instead_of_failing(eid_app, client_as):
    client = english(client_as("counsellor"))
    registration_id = add_registration(eid_app, "37001010001", "REG-TWICE", today(eid_app))
    page = client.get(f"/back-office/registrations/{registration_id}")
    token = csrf_token(page)
    url = f"/back-office/registrations/{registration_id}/decision"
    first = client.post(url, data={"csrf_token": token, "outcome": "approve", "reason": "Checked."})
    assert first.status_code == 303
    second = client.post(url, data={"csrf_token": token, "outcome": "reject", "reason": "Changed my mind."})
    assert second.status_code == 409
    page = text_of(second)
    assert "This registration has already been decided" in page
    assert "Decided by" in page and "Checked." in page
    assert 'action="/back-office/registrations/' not in page  # no decision form any more
    with eid_app.app_context():
        registration = db.session.get(Registration, registration_id)
        assert registration.state is RegistrationState.REGISTERED
        assert len(registration.decisions) == 1


def test_a_jobseeker_cannot_open_the_back_office(eid_app, client_as):
    registration_id = add_registration(eid_app, "37001010001", "REG-PRIVATE", today(eid_app))
    client = client_as("jobseeker")
    assert client.get("/back-office/registrations").status_code == 403
    assert client.get(f"/back-office/registrations/{registration_id}").status_code == 403
    posted = client.post(
        f"/back-office/registrations/{registration_id}/decision", data={"outcome": "approve", "reason": "x"}
    )
    assert posted.status_code == 403
    assert state_of(eid_app, registration_id) is RegistrationState.PENDING


def test_review_requests_of_automated_decisions_are_listed(eid_app, client_as):
    client = english(client_as("counsellor"))
    registration_id = add_registration(
        eid_app, "37001010001", "REG-AUTO", today(eid_app), state=RegistrationState.REGISTERED, reasons=[]
    )
    with eid_app.app_context():
        registration = db.session.get(Registration, registration_id)
        db.session.add(
            Decision(
                registration=registration,
                person_id=registration.person_id,
                kind=DecisionKind.REGISTRATION,
                legal_basis="Employment Services Act",
                reasoning="Registered from register data.",
                automated_rule="registration-from-register-data",
                review_requested_at=dt.datetime.now(dt.UTC),
                review_reason="My employment ended earlier.",
            )
        )
        db.session.commit()
    page = text_of(client.get("/back-office/registrations"))
    assert "Automated decisions people asked to review" in page
    assert "REG-AUTO" in page and "My employment ended earlier." in page
    case = text_of(client.get(f"/back-office/registrations/{registration_id}"))
    assert "registers met every condition for registration" in case
    assert "registration-from-register-data" not in case
    assert "My employment ended earlier." in case
    assert 'action="/back-office/registrations/' not in case


def test_nobody_decides_their_own_registration(eid_app, client_as):
    counsellor = english(client_as("counsellor"))  # Mari-Liis is staff and a citizen too
    with eid_app.app_context():
        mari = db.session.scalar(select(Person).where(Person.national_code == "49403136526"))
        registration = Registration(
            reference="REG-2026-OWNCASE1",
            person_id=mari.id,
            kind=RegistrationKind.UNEMPLOYED,
            state=RegistrationState.PENDING,
            decision_due_on=today(eid_app) + dt.timedelta(days=14),
            consent_at=dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC),
            consent_version="registration-start-2026-11",
            register_data=REGISTER_DATA,
            answers=ANSWERS,
            review_reasons=REASONS,
        )
        db.session.add(registration)
        db.session.commit()
        registration_id = registration.id
    refused = decide(counsellor, registration_id, outcome="approve", reason="Looks fine to me.")
    assert refused.status_code == 403
    assert "This is your own case" in text_of(refused)
    assert state_of(eid_app, registration_id) is RegistrationState.PENDING
