"""The reports' region filter reads `registration.municipality`, a copy of the register snapshot's
population municipality (migration 0040): the copy follows every write of the snapshot, and the
filter's two forms (a probe per row, the region's people as a list) count the same people."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import literal_column, select

from portal.extensions import db
from portal.models import Person, Registration
from portal.models.registration import population_municipality
from portal.services import reports
from portal.services.reports import registry, synthetic
from tests.functional import test_reports
from tests.functional.test_reports import MONDAY, PERIOD, TALLINN, TARTU, compute

HARJU = reports.ReportFilter(MONDAY, PERIOD.end, region="Harju maakond")
TARTU_COUNTY = reports.ReportFilter(MONDAY, PERIOD.end, region="Tartu maakond")
data = pytest.fixture(test_reports.data.__wrapped__)  # the reports tests' people, decisions and cases


def the_databases_reading() -> object:
    """The municipality as the database reads it from the JSON (migration 0040's back-fill)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return literal_column("register_data #>> '{sections,population,values,municipality_code}'")
    return literal_column("json_extract(register_data, '$.sections.population.values.municipality_code')")


def copies() -> list[tuple[str | None, str | None]]:
    return [
        tuple(row) for row in db.session.execute(select(Registration.municipality, the_databases_reading()))
    ]


def test_the_copy_follows_the_register_data_and_the_person_moves_region(data):
    def registered(filters):
        return sum(row[3] for row in compute(data, "registrations-per-week", filters).rows)

    assert (registered(HARJU), registered(TARTU_COUNTY)) == (1, 1)
    with data.app_context():
        assert copies() and all(copy == read for copy, read in copies())
        # The Tallinn person registered on Monday (automatically) moves to Tartu: a later register read.
        registration = db.session.scalars(
            select(Registration).where(Registration.municipality == TALLINN).order_by(Registration.id)
        ).first()
        sections = dict(registration.register_data["sections"])
        sections["population"] = {"status": "ok", "values": {"municipality_code": TARTU}}
        registration.register_data = {"sections": sections}
        db.session.commit()
        assert registration.municipality == TARTU
        assert all(copy == read for copy, read in copies())
    assert (registered(HARJU), registered(TARTU_COUNTY)) == (0, 2)
    with data.app_context():
        registration = db.session.get(Registration, registration.id)
        registration.register_data = {}  # as retention leaves it
        db.session.commit()
        assert (
            db.session.scalar(select(Registration.municipality).where(Registration.id == registration.id))
            is None
        )
    assert (registered(HARJU), registered(TARTU_COUNTY)) == (0, 1)


def test_only_a_string_is_a_municipality():
    assert (
        population_municipality({"sections": {"population": {"values": {"municipality_code": "0784"}}}})
        == "0784"
    )
    assert population_municipality({"sections": {"population": {"status": "failed", "values": {}}}}) is None
    assert (
        population_municipality({"sections": {"population": {"values": {"municipality_code": 784}}}}) is None
    )
    assert population_municipality({}) is None and population_municipality(None) is None


def test_the_probe_per_row_and_the_list_count_the_same_people(data):
    profile = data.extensions["profile"]
    filters = [
        reports.ReportFilter(MONDAY, PERIOD.end, office=office, region=region)
        for region in (*profile.regions, "Nowhere")
        for office in (None, "Tallinn", "Tartu")
    ]
    with data.test_request_context():

        def people(f, many):
            scope = registry.person_scope(Person.id, f, profile, many=many)
            return set(db.session.scalars(select(Person.id).where(*scope)))

        counted = {f: people(f, many=False) for f in filters}
        assert all(people(f, many=True) == counted[f] for f in filters)
        tallinn_in_harju = reports.ReportFilter(MONDAY, PERIOD.end, office="Tallinn", region="Harju maakond")
        assert len(counted[tallinn_in_harju]) == 3  # P1, P3 and P4 (whose case is closed)
        assert (
            counted[reports.ReportFilter(MONDAY, PERIOD.end, office="Tartu", region="Harju maakond")] == set()
        )
        assert counted[reports.ReportFilter(MONDAY, PERIOD.end, region="Nowhere")] == set()


def test_the_synthetic_year_writes_the_copy(app):
    with app.app_context():
        synthetic.generate(app.extensions["profile"], jobseekers=30, events=60)
        db.session.commit()
        rows = copies()
        assert len(rows) == 30 and all(copy is not None and copy == read for copy, read in rows)


def test_a_day_of_decisions_per_region_is_the_registrations_municipality(data):
    """The nightly per-day counts group by the same copy: the Harju figures agree before and after."""
    from portal.services.reports import summary

    live = compute(data, "digital-delivery", HARJU).rows
    with data.app_context():
        summary.refresh(data.extensions["profile"], today=PERIOD.end + dt.timedelta(days=10))
    assert compute(data, "digital-delivery", HARJU).rows == live
