"""Who used my data: every kind of use appears on the person's own page, nothing about anyone else,
staff names are withheld, and the page pages and filters in SQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditTag,
    Candidate,
    CandidateSource,
    Person,
    QueryDirection,
    StaffRole,
    XRoadQuery,
)
from portal.models.audit import DataCategory
from portal.services import audit, data_use
from portal.services.staff import add_staff
from tests.eid import JAAN, MARI, persona, signed_in
from tests.journeys import EN, text
from tests.offers_world import EMPLOYER_CODE, vacancy

OTHER = "49001010005"  # another person, whose uses must never show


def person_id(code: str) -> int:
    found = db.session.scalar(select(Person.id).where(Person.national_code == code))
    if found is None:
        person = Person(country="EE", national_code=code, given_name="Other", family_name="Person")
        db.session.add(person)
        db.session.commit()
        return person.id
    return found


def query(
    code: str,
    direction: QueryDirection,
    *,
    xroad_id: str,
    client: str,
    service: str,
    operation: str,
    purpose: str,
    at: dt.datetime,
) -> None:
    with db.write() as session:
        session.add(
            XRoadQuery(
                occurred_at=at,
                direction=direction,
                xroad_id=xroad_id,
                client=client,
                service=service,
                operation=operation,
                subject_code=code,
                purpose=purpose,
                outcome="ok",
                http_status=200,
                duration_ms=12,
            )
        )


def staff_use(actor: int, subject: int, tag: AuditTag, purpose: str, **details) -> None:
    with db.write() as session:
        audit.record(
            session,
            tag,
            actor_role="counsellor",
            purpose=purpose,
            actor_person_id=actor,
            subject_person_id=subject,
            details={"data_categories": [str(DataCategory.NAME), str(DataCategory.CONTACT)], **details},
        )


def seed_uses(app) -> None:
    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        profile = app.extensions["profile"]
        add_staff(profile, MARI, StaffRole.COUNSELLOR, "Tartu office")
        mari = person_id(MARI)
        db.session.execute(
            Person.__table__.update()
            .where(Person.id == mari)
            .values(given_name="Mari", family_name="Maasikas")
        )
        db.session.commit()
        jaan, other = person_id(JAAN), person_id(OTHER)
        staff_use(mari, jaan, AuditTag.PERSON_VIEW, "registration case viewed")
        staff_use(
            mari,
            jaan,
            AuditTag.CASE_BREAK_GLASS,
            "Covering for a colleague on leave",
            break_glass_reason="Covering for a colleague on leave",
            actor_office="Tartu office",
            case_office="Tallinn office",
        )
        staff_use(mari, other, AuditTag.PERSON_VIEW, "registration case viewed OTHER-ONLY")
        query(
            JAAN,
            QueryDirection.OUTGOING,
            xroad_id="11111111-aaaa-4aaa-8aaa-000000000001",
            client="DEV/GOV/70000001/pes",
            service="DEV/GOV/70000004/tax/employment/getEmployment",
            operation="getEmployment",
            purpose="registration as a jobseeker: prefill",
            at=now,
        )
        query(
            OTHER,
            QueryDirection.OUTGOING,
            xroad_id="22222222-bbbb-4bbb-8bbb-000000000002",
            client="DEV/GOV/70000001/pes",
            service="DEV/GOV/70000004/tax/employment/getEmployment",
            operation="getEmployment",
            purpose="registration as a jobseeker: prefill",
            at=now,
        )
        query(
            JAAN,
            QueryDirection.INCOMING,
            xroad_id="33333333-cccc-4ccc-8ccc-000000000003",
            client="DEV/GOV/70000005/sas",
            service="DEV/GOV/70000001/pes/jobseekers",
            operation="getJobseeker",
            purpose="request from DEV/GOV/70000005/sas",
            at=now - dt.timedelta(days=40),
        )


def test_each_kind_of_use_appears_and_nothing_of_other_persons(client_as, eid_app):
    client = client_as("jobseeker")
    seed_uses(eid_app)
    page = text(client.get("/jobseeker/data-use", headers=EN))
    assert "Who used your data" in page
    # Staff: date and time, office, role, purpose, the data shown; the break-glass reason.
    assert "Opened your case" in page and "Tartu office" in page and "Counsellor" in page
    assert "to decide on your registration" in page
    assert "Data shown: name, contact details" in page
    assert "Opened your case from another office" in page
    assert "Opened your case from another office" in page
    assert "Reason given: Covering for a colleague on leave" in page
    # Registers: which register, why, the X-Road message id.
    assert "Tax and employment register" in page
    assert "11111111-aaaa-4aaa-8aaa-000000000001" in page
    # Institutions: the directory's name and what was asked.
    assert "Sotsiaalkindlustusamet" in page
    assert "Whether you are registered as a jobseeker" in page
    # Nobody else's.
    assert "OTHER-ONLY" not in page and "22222222-bbbb" not in page
    # The counsellor's name is withheld.
    assert "Maasikas" not in page and "Mari" not in page


def test_filters_by_kind_and_period(client_as, eid_app):
    client = client_as("jobseeker")
    seed_uses(eid_app)
    staff_only = text(client.get("/jobseeker/data-use?kind=staff", headers=EN))
    assert "Opened your case" in staff_only and "Tax and employment register" not in staff_only
    institutions = text(client.get("/jobseeker/data-use?kind=institution", headers=EN))
    assert "Sotsiaalkindlustusamet" in institutions and "Opened your case" not in institutions
    # The institution's question was 40 days ago: not in the last 30 days.
    recent = text(client.get("/jobseeker/data-use?kind=institution&period=30d", headers=EN))
    assert "Sotsiaalkindlustusamet" not in recent and "0 uses of your data" in recent
    # Unknown values fall back to everything rather than failing.
    assert client.get("/jobseeker/data-use?kind=nonsense&period=x&page=abc", headers=EN).status_code == 200


def test_staff_names_shown_only_when_the_profile_says_so(eid_app):
    seed_uses(eid_app)
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        jaan = person_id(JAAN)
        hidden = data_use.uses_of(jaan, profile, kind=data_use.UseKind.STAFF)
        assert hidden.total == 2 and all(use.staff_name is None for use in hidden.uses)
        named = dataclasses.replace(
            profile, data_use=dataclasses.replace(profile.data_use, show_staff_names=True)
        )
        shown = data_use.uses_of(jaan, named, kind=data_use.UseKind.STAFF)
        assert {use.staff_name for use in shown.uses} == {"Mari Maasikas"}


def test_paged_in_sql_newest_first(eid_app):
    seed_uses(eid_app)
    with eid_app.app_context():
        jaan, mari = person_id(JAAN), person_id(MARI)
        for n in range(data_use.PAGE_SIZE + 5):
            staff_use(mari, jaan, AuditTag.PERSON_LIST, f"registration queue listed {n}")
        profile = eid_app.extensions["profile"]
        first = data_use.uses_of(jaan, profile)
        second = data_use.uses_of(jaan, profile, page=2)
        assert first.total == data_use.PAGE_SIZE + 5 + 4
        assert first.pages == 2 and len(first.uses) == data_use.PAGE_SIZE and len(second.uses) == 9
        moments = [use.occurred_at for use in first.uses + second.uses]
        assert moments == sorted(moments, reverse=True)
        assert second.uses[-1].client == "Sotsiaalkindlustusamet"  # the oldest, 40 days ago


def test_the_page_shows_links_to_the_next_pages(client_as, eid_app):
    client = client_as("jobseeker")
    seed_uses(eid_app)
    with eid_app.app_context():
        jaan, mari = person_id(JAAN), person_id(MARI)
        for n in range(data_use.PAGE_SIZE):
            staff_use(mari, jaan, AuditTag.PERSON_LIST, f"registration queue listed {n}")
    first = client.get("/jobseeker/data-use?kind=staff", headers=EN)
    assert first.status_code == 200
    assert 'href="/jobseeker/data-use?kind=staff&amp;page=2"' in first.get_data(as_text=True)
    second = text(client.get("/jobseeker/data-use?kind=staff&page=2", headers=EN))
    assert "Opened your case" in second


def test_an_employer_seeing_the_person_on_a_shortlist_appears_as_its_own_kind(client_as, eid_app, make_app):
    """The employer's shortlist page is audited per person shown; the person reads the company and
    the vacancy, never the representative's name; another person on the same list reads only theirs."""
    jobseeker = client_as("jobseeker")
    with eid_app.app_context():
        jaan, other, absent = person_id(JAAN), person_id(OTHER), person_id("39001010008")
        vacancy_id = vacancy("Forklift driver")
        for who in (jaan, other):
            with db.write() as session:
                session.add(
                    Candidate(
                        vacancy_id=vacancy_id,
                        person_id=who,
                        source=CandidateSource.APPLICATION,
                        consented_fields=["name"],
                    )
                )
    _app, employer = signed_in(make_app, persona("representative").code)
    roles = employer.get("/roles", headers=EN).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', roles).group(1)
    chosen = employer.post("/roles", data={"role": f"employer:{EMPLOYER_CODE}", "csrf_token": token})
    assert chosen.status_code == 303
    assert employer.get(f"/employer/vacancies/{vacancy_id}/shortlist", headers=EN).status_code == 200

    page = text(jobseeker.get("/jobseeker/data-use", headers=EN))
    assert "Employer: Tartu Puit OÜ" in page
    assert "Saw you on the shortlist of a vacancy" in page and "Vacancy: Forklift driver" in page
    assert "the data you agreed to show" in page
    representative = persona("representative")
    assert representative.given_name not in page and representative.family_name not in page
    # Filterable by kind: only the employer's use, and it is not among the staff's.
    employers = text(jobseeker.get("/jobseeker/data-use?kind=employer", headers=EN))
    assert "Tartu Puit OÜ" in employers and "1 use of your data" in employers
    staff = text(jobseeker.get("/jobseeker/data-use?kind=staff", headers=EN))
    assert "Tartu Puit OÜ" not in staff
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        kind = data_use.UseKind.EMPLOYER
        mine = data_use.uses_of(jaan, profile, kind=kind)
        theirs = data_use.uses_of(other, profile, kind=kind)
        assert mine.total == 1 and theirs.total == 1  # one event each, about each alone
        assert (mine.uses[0].company, mine.uses[0].staff_name) == ("Tartu Puit OÜ", None)
        assert data_use.uses_of(absent, profile).total == 0
