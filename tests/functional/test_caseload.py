"""Cases and the caseload: office and counsellor at registration, filters, counts, pagination,
the audited CSV export, person search, and the navigation."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import func, select

from portal import audit_chain
from portal.extensions import db
from portal.models import AuditEvent, AuditTag, JobseekerCase, Person, RiskLevel
from portal.services import audit
from tests.functional.caseload_helpers import (
    NARVA,
    add_counsellor,
    add_jobseeker,
    case_of,
    ee_code,
    text_of,
)


def test_registration_opens_a_case_in_the_home_office_with_counsellors_in_turn(eid_app):
    first = add_counsellor(eid_app, "49403136526")
    second = add_counsellor(eid_app, "47103150207")
    narva = add_counsellor(eid_app, "38001085718", office="Ida-Viru")
    cases = [add_jobseeker(eid_app, ee_code(n), "Kalle", f"Kask{n}") for n in range(3)]
    assert [case_of(eid_app, case_id).counsellor_id for case_id in cases] == [first, second, first]
    assert {case_of(eid_app, case_id).office for case_id in cases} == {"Tallinn"}
    east = case_of(eid_app, add_jobseeker(eid_app, ee_code(9), "Ivan", "Ivanov", NARVA))
    assert (east.office, east.counsellor_id) == ("Ida-Viru", narva)
    with eid_app.app_context():
        assigned = db.session.scalar(select(func.count()).where(AuditEvent.tag == AuditTag.CASE_ASSIGN))
    assert assigned == 4


def test_the_caseload_lists_my_cases_with_filters_counts_and_pages(eid_app, client_as):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    ids = [add_jobseeker(eid_app, ee_code(n), "Mari", f"Saar{n:02d}") for n in range(27)]
    add_jobseeker(eid_app, ee_code(50), "Abi", "Saaja", social_assistance=True)
    with eid_app.app_context():
        db.session.get(JobseekerCase, ids[0]).risk_level = RiskLevel.HIGH
        db.session.commit()

    page = text_of(client.get("/back-office/caseload"))
    assert "28 cases match" in page
    assert "Saar00" in page and "Saar24" not in page  # 25 a page, by name
    assert "High risk 1" in page and "not yet profiled 27" in page
    assert "Receiving social assistance (1)" in page
    assert 'aria-current="page"' in page and "My caseload" in page

    second = text_of(client.get("/back-office/caseload?page=2"))
    assert "Saar26" in second and "Saar00" not in second

    high = text_of(client.get("/back-office/caseload?risk=high"))
    assert "1 case matches" in high and "Saar00" in high

    assisted = text_of(client.get("/back-office/caseload?flag=social_assistance"))
    assert "1 case matches" in assisted and "Saaja" in assisted

    with eid_app.app_context():
        listed = db.session.scalar(select(func.count()).where(AuditEvent.tag == AuditTag.PERSON_LIST))
        # Each event names the counsellor and the person listed by their pseudonyms (made from
        # the codes the page read, not read again).
        key = audit.current_key()
        for event in db.session.scalars(select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_LIST)):
            actor = db.session.get(Person, event.actor_person_id)
            subject = db.session.get(Person, event.subject_person_id)
            assert event.actor_ref == audit_chain.pseudonym(key, actor.country, actor.national_code)
            assert event.subject_ref == audit_chain.pseudonym(key, subject.country, subject.national_code)
        assert audit.verify_chain(db.session).broken_at is None
    assert listed == 25 + 3 + 1 + 1


def test_the_csv_export_holds_the_filtered_cases_and_is_audited(eid_app, client_as):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    add_jobseeker(eid_app, ee_code(1), "Kalle", "=Kask")
    add_jobseeker(eid_app, ee_code(2), "Abi", "Saaja", social_assistance=True)
    response = client.get("/back-office/caseload/export?flag=social_assistance")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:2] == ["Name", "Personal code"]
    assert [row[1] for row in rows[1:]] == [ee_code(2)]
    everyone = list(
        csv.reader(io.StringIO(client.get("/back-office/caseload/export").get_data(as_text=True)))
    )
    assert "'Kalle =Kask" not in [row[0] for row in everyone]  # only a leading formula sign is quoted
    with eid_app.app_context():
        exports = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == AuditTag.CASELOAD_EXPORT)
        ).all()
    assert [event.details["rows"] for event in exports] == [1, 2]


def test_search_finds_a_code_exactly_and_names_by_prefix_within_the_office(eid_app, client_as):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    add_jobseeker(eid_app, ee_code(1), "Kalle", "Kask")
    add_jobseeker(eid_app, ee_code(2), "Kaarel", "Tamm")
    add_jobseeker(eid_app, ee_code(3), "Toomas", "Kuusk")
    elsewhere = add_jobseeker(eid_app, ee_code(4), "Ivan", "Kasatkin", NARVA)

    by_prefix = text_of(client.get("/back-office/search?q=ka"))
    assert "Kalle Kask" in by_prefix and "Kaarel Tamm" in by_prefix
    assert "Kuusk" not in by_prefix and "Kasatkin" not in by_prefix
    exact = text_of(client.get(f"/back-office/search?q={ee_code(3)}"))
    assert "Toomas Kuusk" in exact and "Kask" not in exact
    partial_code = text_of(client.get(f"/back-office/search?q={ee_code(3)[:6]}"))
    assert "No person in your office matches" in partial_code
    other = text_of(client.get(f"/back-office/search?q={ee_code(4)}"))
    assert "belongs to the Ida-Viru office" in other and "Kasatkin" not in other
    assert f"/back-office/cases/{elsewhere}" in other


def test_the_navigation_shows_only_pages_that_exist(eid_app, client_as):
    from portal.web.backoffice import navigation

    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    navigation.add("not-built", "Not built", "nowhere.page", order=50)
    try:
        page = text_of(client.get("/back-office/"))
    finally:
        del navigation.ENTRIES["not-built"]
    for text in ("My caseload", "Office queues", "Search"):
        assert text in page
    assert "Not built" not in page


def test_the_queues_on_the_home_page_are_under_office_queues_in_the_navigation(client_as):
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for path in ("/back-office/refusals", "/back-office/status-proposals", "/back-office/reconciliation"):
        page = client.get(path).get_data(as_text=True)
        current = re.search(r'aria-current="page">\s*<strong[^>]*>([^<]+)</strong>', page)
        assert current is not None and current.group(1) == "Office queues", path


def test_the_navigation_is_each_roles_own_in_each_language_on_every_page(eid_app, client_as):
    """The entries' texts and links are kept per role and language; `current` is each page's."""
    client = client_as("counsellor")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    home = client.get("/back-office/").get_data(as_text=True)
    queues = client.get("/back-office/registrations").get_data(as_text=True)
    current = re.findall(
        r'<a class="govuk-service-navigation__link" href="([^"]+)" aria-current="page"', queues
    )
    assert current == ["/back-office/registrations"]
    current = re.findall(
        r'<a class="govuk-service-navigation__link" href="([^"]+)" aria-current="page"', home
    )
    assert current == ["/back-office/"]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "et"
    estonian = client.get("/back-office/registrations").get_data(as_text=True)
    assert "My caseload" not in estonian and "My caseload" in queues
