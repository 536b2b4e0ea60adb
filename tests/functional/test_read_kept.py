"""`core_rows.read_kept`: a statement built once, run on the driver's cursor, gives the rows the
engine gives (values through the same types); `read_ahead` sends an announced read with the
request's next one (one round trip on PostgreSQL) and answers it from those rows, unless a flush
came between. The case view reads its statements so, with the same page as through the engine,
and keeps its recommendations panel's markup by everything it is written from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import bindparam, event, select

from portal.extensions import db
from portal.models import (
    JobseekerCase,
    JobseekerProfile,
    OccupationSource,
    Person,
    ProfileOccupation,
    Registration,
)
from portal.models.vacancy import Vacancy
from portal.services import core_rows
from portal.services.matching import cards
from tests.functional.caseload_helpers import add_jobseeker, ee_code
from tests.matching_data import vacancy
from tests.offers_world import offer_to

EN = {"Accept-Language": "en"}

# Built once, as `read_kept` requires: a person's columns of several types, and an expanding IN.
PERSON = select(Person.id, Person.given_name, Person.date_of_birth, Person.created_at).where(
    Person.id == bindparam("id")
)
REGISTRATIONS = (
    select(Registration.id, Registration.kind, Registration.state, Registration.submitted_at)
    .where(Registration.person_id.in_(bindparam("ids", expanding=True)))
    .order_by(Registration.id)
)


@contextmanager
def counted(app) -> Iterator[list[str]]:
    """The statements sent meanwhile (`test_list_pages.counted` without an app context of its own,
    whose end would close the request's session)."""
    statements: list[str] = []
    engine = app.extensions["database_engine"]

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def engine_rows(statement, values):
    result = core_rows.read(statement, values)
    return tuple(result.keys()), [tuple(row) for row in result]


def kept_rows(statement, values):
    keys, rows = core_rows.read_kept(statement, values)
    return keys, [tuple(row) for row in rows]


def _people(app, count: int) -> list[int]:
    cases = [add_jobseeker(app, ee_code(420 + n), f"Name{n}", "Kept") for n in range(count)]
    with app.app_context():
        return [
            db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == c)) for c in cases
        ]


def test_read_kept_gives_the_engines_rows_and_types(eid_app):
    first, second = _people(eid_app, 2)
    with eid_app.test_request_context():
        for statement, values in (
            (PERSON, {"id": first}),
            (PERSON, {"id": -1}),
            (REGISTRATIONS, {"ids": [first, second]}),
            (REGISTRATIONS, {"ids": [second]}),
        ):
            assert kept_rows(statement, values) == engine_rows(statement, values)
        keys, rows = core_rows.read_kept(REGISTRATIONS, {"ids": [first]})
        assert keys == ("id", "kind", "state", "submitted_at")
        assert rows[0][3].tzinfo is not None and type(rows[0][2]).__name__ == "RegistrationState"
        named = core_rows.read_kept_named(PERSON, {"id": first})
        assert named[0].given_name == "Name0" and named[0].id == first


def test_a_read_announced_ahead_goes_with_the_next_read(eid_app):
    first, second = _people(eid_app, 2)
    postgresql = eid_app.extensions["database_engine"].dialect.name != "sqlite"
    with eid_app.test_request_context():
        expected = engine_rows(REGISTRATIONS, {"ids": [second]})
        core_rows.read_ahead(REGISTRATIONS, {"ids": [second]})
        with counted(eid_app) as statements:
            assert kept_rows(PERSON, {"id": first})[1][0][1] == "Name0"
        assert len(statements) == (2 if postgresql else 1)  # both sent, in one round trip
        with counted(eid_app) as statements:
            assert kept_rows(REGISTRATIONS, {"ids": [second]}) == expected
        assert len(statements) == (0 if postgresql else 1)  # answered from the rows read ahead
        with counted(eid_app) as statements:  # read once: a second read asks the database
            assert kept_rows(REGISTRATIONS, {"ids": [second]}) == expected
        assert len(statements) == 1

        # Other values than announced: read for them.
        core_rows.read_ahead(PERSON, {"id": second})
        kept_rows(REGISTRATIONS, {"ids": [first]})
        with counted(eid_app) as statements:
            assert kept_rows(PERSON, {"id": first})[1][0][1] == "Name0"
        assert len(statements) == 1

        # A change flushed after the read ahead: read again, and the change is seen.
        core_rows.read_ahead(PERSON, {"id": second})
        kept_rows(REGISTRATIONS, {"ids": [first]})
        db.session.get(Person, second).given_name = "Changed"
        with counted(eid_app) as statements:
            assert kept_rows(PERSON, {"id": second})[1][0][1] == "Changed"
        assert [s for s in statements if s.lstrip().upper().startswith("SELECT")]
        db.session.rollback()


def _case_with_recommendations(app) -> tuple[int, int, list[int]]:
    """A case whose person's record asks for 2512, three such vacancies and an offer: (case id,
    person id, the vacancies' ids)."""
    (person_id,) = _people(app, 1)
    with app.app_context():
        profile = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
        if "2512" not in {occupation.isco_code for occupation in profile.occupations}:
            profile.occupations.append(ProfileOccupation(isco_code="2512", source=OccupationSource.DECLARED))
        db.session.commit()
        case_id = db.session.scalar(select(JobseekerCase.id).where(JobseekerCase.person_id == person_id))
        ids = [vacancy("2512", title=f"Developer {n}", start_date=dt.date(2027, 1, 1)).id for n in range(3)]
        offer_to(app, person_id)
    return case_id, person_id, ids


def _page(client, path: str, language: str) -> str:
    client.get(path, headers={"Accept-Language": language})  # the second view reads the cards with the facts
    text = client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
    return re.sub(r'(nonce|name="csrf_token" type="hidden" value)="[^"]*"', r'\1=""', text)


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_case_view_is_the_page_the_engine_reads(eid_app, client_as, monkeypatch, language):
    """With a registration, a timeline with an offer, and recommendations: the same HTML with
    `read_kept` (and the reads ahead) as with the engine's `read` (CSRF tokens and nonces aside)."""
    counsellor = client_as("counsellor")
    case_id, _person_id, _ids = _case_with_recommendations(eid_app)
    path = f"/back-office/cases/{case_id}"
    kept = _page(counsellor, path, language)
    assert "Developer" in kept and "Name0 Kept" in kept
    monkeypatch.setattr(core_rows, "read_kept", engine_rows)
    monkeypatch.setattr(cards, "read_kept", engine_rows)
    assert _page(counsellor, path, language) == kept


def test_the_recommendations_panel_follows_a_retitled_vacancy_at_once(eid_app, client_as):
    """The panel in each language, and a vacancy retitled is shown with its new title at once."""
    counsellor = client_as("counsellor")
    case_id, _person_id, ids = _case_with_recommendations(eid_app)
    path = f"/back-office/cases/{case_id}"
    english, estonian = _page(counsellor, path, "en"), _page(counsellor, path, "et")
    assert english != estonian and "Developer 1" in english and "Developer 1" in estonian
    assert _page(counsellor, path, "en") == english and _page(counsellor, path, "et") == estonian
    with eid_app.app_context():
        db.session.get(Vacancy, ids[1]).title = "Tester 1"
        db.session.commit()
    page = _page(counsellor, path, "en")
    assert "Tester 1" in page and "Developer 1" not in page
