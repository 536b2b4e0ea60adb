"""Saved searches: a jobseeker saves a search, gets a daily e-mail of new vacancies (the job run
with a frozen clock), and unsubscribes with one click from the mail, without signing in."""

from __future__ import annotations

import datetime as dt
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, EntryKind, JobseekerProfile, Person, SavedSearch
from portal.services import search as search_service
from portal.services.search import Document, saved
from tests.eid import JAAN
from tests.forms import submit
from tests.journeys import EN, text

MONDAY = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)


def mails(instance_path: Path) -> list:
    folder = instance_path / "mail"
    return [
        BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))
    ]


def publish(ref_id: int, title: str, at: dt.datetime, occupation: str = "8331") -> None:
    with db.write() as session:
        search_service.put(
            session.connection(),
            [
                Document(
                    kind=EntryKind.VACANCY,
                    ref_id=ref_id,
                    title=title,
                    description_html="<p>Drive the city's buses.</p>",
                    published_at=at,
                    occupation_code=occupation,
                    municipalities=(("0784", "37"),),
                )
            ],
        )


def jaan(language: str | None = "et") -> int:
    person_id = db.session.scalar(select(Person.id).where(Person.national_code == JAAN))
    if db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id)) is None:
        db.session.add(
            JobseekerProfile(person_id=person_id, email="jaak@example.ee", notice_language=language)
        )
        db.session.commit()
    return person_id


@pytest.fixture
def jobseeker(client_as, eid_app):
    client = client_as("jobseeker")
    with eid_app.app_context():
        jaan()
    return client


def save_from_the_search_page(client, query: str):
    page = client.get("/jobs?" + query, headers=EN)
    assert "Save this search" in text(page)
    return submit(client, page, action="/jobseeker/saved-searches", headers=EN)


def test_a_jobseeker_saves_a_search_from_the_results(jobseeker, eid_app):
    response = save_from_the_search_page(jobseeker, "q=bussijuht&county=37&per_page=50&page=3")
    assert response.status_code == 303 and response.headers["Location"].endswith("/jobseeker/saved-searches")
    page = jobseeker.get("/jobseeker/saved-searches", headers=EN)
    assert "Search saved" in text(page)
    assert "Words: bussijuht · Harju maakond" in text(page)
    assert 'href="/jobs?q=bussijuht&amp;county=37"' in page.get_data(as_text=True)  # no page, no page size
    with eid_app.app_context():
        kept = db.session.scalars(select(SavedSearch)).one()
        assert kept.query == {"q": "bussijuht", "county": "37"} and kept.alerts


def test_anonymous_visitors_are_asked_to_sign_in_to_save(client):
    body = client.get("/jobs?q=kokk", headers=EN).get_data(as_text=True)
    assert 'href="/login?next=/jobs?q%3Dkokk"' in body
    assert client.post("/jobseeker/saved-searches", data={"q": "kokk"}).status_code in (302, 303, 400, 401)


def test_someone_elses_saved_search_is_404_and_audited(jobseeker, eid_app):
    with eid_app.app_context():
        other = Person(country="EE", national_code="49403136526", given_name="Mari", family_name="Maasikas")
        db.session.add(other)
        db.session.flush()
        theirs = SavedSearch(
            person_id=other.id, kind=EntryKind.VACANCY, query={"q": "x"}, label="x", alerted_up_to=MONDAY
        )
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    page = jobseeker.get("/jobs", headers=EN)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    for action in ("delete", "alerts"):
        answer = jobseeker.post(f"/jobseeker/saved-searches/{theirs_id}/{action}", data={"csrf_token": token})
        assert answer.status_code == 404
    with eid_app.app_context():
        assert db.session.get(SavedSearch, theirs_id) is not None
        refused = db.session.scalars(select(AuditEvent).where(AuditEvent.tag == "access:refused")).all()
        assert len(refused) == 2 and all(
            event.details == {"record": "saved_search", "id": theirs_id} for event in refused
        )


def test_the_daily_alert_mails_only_new_matches_then_nothing_twice(jobseeker, eid_app, instance_path):
    save_from_the_search_page(jobseeker, "q=bussijuht")
    with eid_app.app_context():
        kept = db.session.scalars(select(SavedSearch)).one()
        saved_at = kept.alerted_up_to
        publish(1, "Bussijuht Tallinnas", saved_at - dt.timedelta(days=1))  # before the search was saved
        publish(2, "Bussijuht öösel", saved_at + dt.timedelta(hours=1))
        publish(3, "Kokk", saved_at + dt.timedelta(hours=2), occupation="5120")  # does not match
        run = saved.send_alerts(now=saved_at + dt.timedelta(days=1))
        assert (run.searches, run.mails) == (1, 1)
        again = saved.send_alerts(now=saved_at + dt.timedelta(days=2))
        assert again.mails == 0

    [mail] = mails(instance_path)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert mail["Subject"] == "1 uus töökoht vastab sinu salvestatud otsingule"  # his notice language
    assert "Bussijuht öösel" in body and "/jobs/2" in body
    assert "Bussijuht Tallinnas" not in body and "Kokk" not in body
    assert "Jaak" not in body and "Jõeorg" not in body and JAAN not in body  # no personal data
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.search(r"/alerts/unsubscribe/[A-Za-z0-9_.-]+", mail["List-Unsubscribe"])


def test_one_click_unsubscribe_works_without_signing_in(jobseeker, eid_app, make_app, instance_path):
    save_from_the_search_page(jobseeker, "q=bussijuht")
    with eid_app.app_context():
        kept = db.session.scalars(select(SavedSearch)).one()
        publish(2, "Bussijuht", kept.alerted_up_to + dt.timedelta(hours=1))
        saved.send_alerts(now=kept.alerted_up_to + dt.timedelta(days=1))
    [mail] = mails(instance_path)
    link = re.search(
        r"http://[^/\s]+(/alerts/unsubscribe/[A-Za-z0-9_.-]+)", mail.get_body(("plain",)).get_content()
    )
    stranger = eid_app.test_client()
    page = stranger.get(link.group(1), headers=EN)
    assert page.status_code == 200 and "no more e-mails" in text(page)
    with eid_app.app_context():
        assert db.session.scalars(select(SavedSearch)).one().alerts is False
        publish(3, "Bussijuht 2", kept.alerted_up_to + dt.timedelta(days=1, hours=1))
        assert saved.send_alerts(now=kept.alerted_up_to + dt.timedelta(days=2)).searches == 0
    # Turning them back on from the same page, and a mail client's RFC 8058 POST turning them off.
    assert stranger.post(link.group(1), data={"alerts": "on"}).status_code == 200
    with eid_app.app_context():
        assert db.session.scalars(select(SavedSearch)).one().alerts is True
    assert stranger.post(link.group(1), data={"List-Unsubscribe": "One-Click"}).status_code == 200
    with eid_app.app_context():
        assert db.session.scalars(select(SavedSearch)).one().alerts is False


def test_a_forged_unsubscribe_token_is_404(client, app):
    token = saved.URLSafeSerializer("not-the-key", salt="saved-search-unsubscribe").dumps(1)
    assert client.get(f"/alerts/unsubscribe/{token}").status_code == 404
    assert client.get("/alerts/unsubscribe/nonsense").status_code == 404


def test_deleting_and_switching_alerts(jobseeker, eid_app):
    save_from_the_search_page(jobseeker, "q=kokk")
    page = jobseeker.get("/jobseeker/saved-searches", headers=EN)
    with eid_app.app_context():
        saved_id = db.session.scalars(select(SavedSearch.id)).one()
    submit(jobseeker, page, action=f"/jobseeker/saved-searches/{saved_id}/alerts", headers=EN)
    with eid_app.app_context():
        assert db.session.get(SavedSearch, saved_id).alerts is False
    page = jobseeker.get("/jobseeker/saved-searches", headers=EN)
    submit(jobseeker, page, action=f"/jobseeker/saved-searches/{saved_id}/delete", headers=EN)
    with eid_app.app_context():
        assert db.session.get(SavedSearch, saved_id) is None
