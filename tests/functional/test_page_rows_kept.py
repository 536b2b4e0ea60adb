"""A person's offers and the jobseeker home read their statements with `core_rows.read_kept` (the
driver's cursor): the rows are the engine's, values through the same types (timezone-aware times,
dates, the register answers' JSON, enums)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerCase
from portal.services.core_rows import read_kept
from portal.services.registration.overview import _OVERVIEW
from portal.web.backoffice.person_offers_read import _PERSON_PAGE
from tests.functional.caseload_helpers import add_jobseeker, ee_code
from tests.offers_world import counsellor, offer_to


def test_the_pages_rows_on_the_drivers_cursor_are_the_engines(eid_app):
    case_id = add_jobseeker(eid_app, ee_code(405), "Olev", "Tamm")
    with eid_app.app_context():
        person_id = db.session.scalar(select(JobseekerCase.person_id).where(JobseekerCase.id == case_id))
        offer_to(eid_app, person_id)
        values = {"person_id": person_id, "staff_person_id": counsellor(eid_app).person_id}
        for statement in (_PERSON_PAGE, _OVERVIEW):
            expected = [tuple(row) for row in db.session.execute(statement, values)]
            assert expected and [tuple(row) for row in read_kept(statement, values)[1]] == expected
        page = read_kept(_PERSON_PAGE, values)[1]
        offer = next(row for row in page if row[0] == 0)
        assert isinstance(offer[13], dt.datetime) and offer[13].tzinfo is not None  # proposed_at
        assert type(offer[18]) is dt.date  # reply_by
        assert isinstance(next(row for row in page if row[19] is not None)[19], dict)  # register answers
