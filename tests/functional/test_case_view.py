"""The case view: summary and timeline, office scoping with break-glass, confidential notes, and
register data read on demand with a purpose."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, AuditTag, Person, XRoadQuery
from portal.services import timeline
from tests.functional.caseload_helpers import NARVA, add_jobseeker, csrf, ee_code, text_of

MARI = "49403136526"


def events(app, tag: AuditTag) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.tag == tag).order_by(AuditEvent.id)
        ).all()
        db.session.expunge_all()
        return rows


def person_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.national_code == code))


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_case_shows_the_record_and_a_timeline_and_is_audited(eid_app, client_as):
    client = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(1), "Kalle", "Kask")
    response = client.get(f"/back-office/cases/{case_id}")
    assert response.status_code == 200
    page = text_of(response)
    assert "Kalle Kask" in page and ee_code(1) in page and "Tallinn office" in page
    assert "+372 5123 4567" in page and "Software developers (2512)" in page
    assert "Registration REG-" in page and "Case assigned to the Tallinn office" in page
    assert "Not yet profiled" in page
    viewed = [e for e in events(eid_app, AuditTag.PERSON_VIEW) if e.purpose == "case viewed"]
    assert [e.subject_person_id for e in viewed] == [person_id(eid_app, ee_code(1))]
    assert "case" in viewed[0].details["data_categories"]


def test_another_offices_case_needs_a_break_glass_reason_which_is_audited(eid_app, client_as):
    client = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(2), "Ivan", "Ivanov", NARVA)
    refused = client.get(f"/back-office/cases/{case_id}")
    assert refused.status_code == 403
    page = text_of(refused)
    assert "This case belongs to another office" in page and "Ida-Viru" in page
    assert "Ivanov" not in page
    for path in ("notes", "register-data"):
        assert client.get(f"/back-office/cases/{case_id}/{path}").status_code == 403
    assert events(eid_app, AuditTag.PERSON_VIEW) == []

    empty = client.post(
        f"/back-office/cases/{case_id}/break-glass", data={"csrf_token": csrf(refused), "reason": ""}
    )
    assert empty.status_code == 400 and "Enter why you need to open this case" in text_of(empty)
    opened = client.post(
        f"/back-office/cases/{case_id}/break-glass",
        data={"csrf_token": csrf(refused), "reason": "Standing in for a colleague on leave"},
    )
    assert opened.status_code == 303
    page = client.get(f"/back-office/cases/{case_id}")
    assert page.status_code == 200 and "Ivan Ivanov" in text_of(page)
    assert "another office with a recorded reason" in text_of(page)
    (event,) = events(eid_app, AuditTag.CASE_BREAK_GLASS)
    assert event.purpose == "Standing in for a colleague on leave"
    assert event.subject_person_id == person_id(eid_app, ee_code(2))
    assert event.actor_person_id == person_id(eid_app, MARI)
    assert event.details == {
        "actor_office": "Tallinn",
        "case_office": "Ida-Viru",
        "break_glass_reason": "Standing in for a colleague on leave",
    }


def test_a_case_that_does_not_exist_is_not_found(eid_app, client_as):
    client = english(client_as("counsellor"))
    assert client.get("/back-office/cases/99999").status_code == 404


def test_a_jobseeker_cannot_open_the_back_office(eid_app, client_as):
    case_id = add_jobseeker(eid_app, ee_code(3), "Kalle", "Kask")
    client = client_as("jobseeker")
    assert client.get(f"/back-office/cases/{case_id}").status_code == 403
    assert client.get("/back-office/caseload").status_code == 403


def test_confidential_notes_are_added_and_every_read_is_audited(eid_app, client_as):
    client = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(4), "Kalle", "Kask")
    page = client.get(f"/back-office/cases/{case_id}/notes")
    assert "No notes yet" in text_of(page)
    assert [e for e in events(eid_app, AuditTag.PERSON_VIEW) if e.purpose == "confidential notes read"] == []
    missing = client.post(f"/back-office/cases/{case_id}/notes", data={"csrf_token": csrf(page), "text": " "})
    assert missing.status_code == 400 and "Enter the note" in text_of(missing)
    added = client.post(
        f"/back-office/cases/{case_id}/notes",
        data={"csrf_token": csrf(page), "text": "Prefers morning meetings."},
    )
    assert added.status_code == 303
    notes = text_of(client.get(f"/back-office/cases/{case_id}/notes"))
    assert "Note added" in notes and "Prefers morning meetings." in notes
    reads = [e for e in events(eid_app, AuditTag.PERSON_VIEW) if e.purpose == "confidential notes read"]
    assert len(reads) == 1 and reads[0].details["data_categories"] == ["confidential-note"]
    assert len(events(eid_app, AuditTag.CASE_NOTE_ADD)) == 1
    summary = text_of(client.get(f"/back-office/cases/{case_id}"))
    assert "Confidential note added" in summary and "Prefers morning meetings." not in summary


def test_register_data_is_read_only_with_a_stated_purpose(eid_app, client_as):
    from tests.eid import persona

    client = english(client_as("counsellor"))
    code = persona("unemployed").code if _has_persona("unemployed") else ee_code(5)
    case_id = add_jobseeker(eid_app, code, "Kalle", "Kask")
    page = client.get(f"/back-office/cases/{case_id}/register-data")
    assert case_reads(eid_app) == set()
    missing = client.post(f"/back-office/cases/{case_id}/register-data", data={"csrf_token": csrf(page)})
    assert missing.status_code == 400 and "Select why you read the registers" in text_of(missing)
    read = client.post(
        f"/back-office/cases/{case_id}/register-data", data={"csrf_token": csrf(page), "purpose": "profiling"}
    )
    assert read.status_code == 200
    assert case_reads(eid_app) == {f"case {case_id}: profiling"}
    uses = [e for e in events(eid_app, AuditTag.PERSON_VIEW) if e.purpose == f"case {case_id}: profiling"]
    assert len(uses) == 1 and uses[0].details["data_categories"] == ["register-data"]


def case_reads(app) -> set[str]:
    with app.app_context():
        purposes = set(db.session.scalars(select(XRoadQuery.purpose)))
    return {purpose for purpose in purposes if purpose.startswith("case ")}


def _has_persona(key: str) -> bool:
    from portal.simulators.registers import personas

    return any(p.key == key for p in personas("EE"))


def test_a_feature_adds_timeline_entries_by_registering_a_source(eid_app, client_as):
    client = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(6), "Kalle", "Kask")
    import datetime as dt

    @timeline.source("test-offers")
    def _offers(_person_id):
        yield timeline.TimelineEntry(
            at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), kind="offer", title="Offer made"
        )

    try:
        page = text_of(client.get(f"/back-office/cases/{case_id}"))
    finally:
        del timeline.SOURCES["test-offers"]
    assert "Offer made" in page


def test_the_summary_lists_the_records_rows_in_their_order(eid_app, client_as):
    """Occupations, places and languages as the record holds them (in the order they were added,
    not by code), and the kinds of contract the person would take."""
    from portal.models import (
        JobseekerProfile,
        OccupationSource,
        ProfileLanguage,
        ProfileOccupation,
        ProfilePlace,
    )

    client = english(client_as("counsellor"))
    case_id = add_jobseeker(eid_app, ee_code(7), "Mati", "Maasikas")
    with eid_app.app_context():
        profile = db.session.scalar(
            select(JobseekerProfile).where(JobseekerProfile.person_id == person_id(eid_app, ee_code(7)))
        )
        profile.occupations.append(ProfileOccupation(isco_code="8332", source=OccupationSource.DECLARED))
        profile.occupations.append(ProfileOccupation(isco_code="5223", source=OccupationSource.DECLARED))
        profile.places.append(ProfilePlace(municipality_code="0296"))
        profile.languages.append(ProfileLanguage(code="ru", level="B2"))
        profile.languages.append(ProfileLanguage(code="de", level=None))
        profile.contract_seasonal = False
        db.session.commit()
        expected_occupations = [row.isco_code for row in profile.occupations]
        expected_places = [row.municipality_code for row in profile.places]
    page = text_of(client.get(f"/back-office/cases/{case_id}"))
    occupations = re.search(r"Occupations sought</dt> <dd[^>]*>(.*?)</dd>", page).group(1)
    assert re.findall(r"\((\d{4})\)", occupations) == expected_occupations
    where = re.search(r"Where</dt> <dd[^>]*>(.*?)</dd>", page).group(1)
    assert re.findall(r"\((\d{4})\)", where) == expected_places
    languages = re.search(r"Languages</dt> <dd[^>]*>(.*?)</dd>", page).group(1)
    assert languages.index("Russian") < languages.index("German")
    contract = re.search(r"Contract</dt> <dd[^>]*>(.*?)</dd>", page).group(1)
    assert "Seasonal" not in contract and "Any kind" not in contract
    # The summary's own statement (a page without the recommendations panel) reads the same.
    from portal.services import jobseeker_profile
    from portal.services.matching.records import person_record

    with eid_app.test_request_context():
        person = person_id(eid_app, ee_code(7))
        own = jobseeker_profile.record_summary(person)
        person_record(person)  # keeps its row for the summary, as the panel does
        assert jobseeker_profile.record_summary(person) == own
    assert list(own.occupation_codes) == expected_occupations
    assert list(own.preferences.municipalities) == expected_places
    assert own.preferences.languages[-2:] == ("ru", "de")


def test_the_case_pages_link_each_other_for_each_case_language_and_page(eid_app, client_as):
    """The header's links are made once per language and page (`case_extensions.tabs`): each case
    still links its own pages, in the page's language, the page shown marked current."""
    client = english(client_as("counsellor"))
    first, second = (add_jobseeker(eid_app, ee_code(n), "Kalle", f"Kask{n}") for n in (1, 2))

    def links(path: str, language: str = "en") -> list[tuple[str, str, bool]]:
        page = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
        found = re.findall(
            r'<li class="govuk-!-display-inline-block govuk-!-margin-right-4"><a class="govuk-link" '
            r'href="([^"]+)"( aria-current="page")?>([^<]+)</a>',
            page,
        )
        return [(href, text, bool(current)) for href, current, text in found]

    for case_id in (first, second, first):
        shown = links(f"/back-office/cases/{case_id}/plan")
        assert (f"/back-office/cases/{case_id}/plan", "Employment plan", True) in shown
        assert (f"/back-office/cases/{case_id}", "Summary and timeline", False) in shown
        assert all(f"/cases/{case_id}" in href for href, _text, _current in shown)
    on_the_summary = links(f"/back-office/cases/{second}")
    assert (f"/back-office/cases/{second}", "Summary and timeline", True) in on_the_summary
    assert (f"/back-office/cases/{second}/plan", "Employment plan", False) in on_the_summary
    estonian = links(f"/back-office/cases/{second}", "et")
    assert [href for href, _text, _current in estonian] == [href for href, _text, _current in on_the_summary]
    assert [text for _href, text, _current in estonian] != [text for _href, text, _current in on_the_summary]
