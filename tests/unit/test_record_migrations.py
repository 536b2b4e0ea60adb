"""Data migrations of the jobseeker record: rows written by earlier code come out readable and whole."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, column, insert, select, table, text

from portal import migrations
from portal.database import build_engine
from portal.models.register_snapshot import RegisterSnapshot
from tests.conftest import reset_schema

CONSENT = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
OLD_SECTIONS = {
    "population": {
        "status": "ok",
        "read_at": "2026-11-02T08:00:01+00:00",
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
    "education": {"status": "failed", "read_at": "2026-11-02T08:00:01+00:00", "values": {}, "error": "X"},
    "employment": {
        "status": "ok",
        "read_at": "2026-11-02T08:00:01+00:00",
        "error": None,
        "values": {"employments": [], "active": False},
    },
}


ANSWERS = {
    "contact": {"email": "kalle@example.com", "phone": "+372 5123"},
    "occupations": ["2512", "7322"],
    "preferences": {
        "municipalities": ["0784"],
        "remote": True,
        "working_time": "part",
        "languages": ["et", "en"],
        "start_on": "2026-12-01",
    },
}


def _log(connection, operation: str, xroad_id: str, occurred_at: dt.datetime, outcome: str = "ok") -> None:
    connection.execute(
        text(
            "INSERT INTO xroad_query (occurred_at, direction, xroad_id, client, service, operation, "
            "subject_code, purpose, outcome, duration_ms, attempt) VALUES (:at, 'out', :id, 'c', 's', :op, "
            "'38001085718', 'registration as a jobseeker: prefill', :outcome, 5, 1)"
        ),
        {"at": occurred_at, "id": xroad_id, "op": operation, "outcome": outcome},
    )


def test_old_snapshots_get_the_message_ids_from_the_query_log(database_url):
    engine = build_engine(database_url)
    try:
        reset_schema(engine)
        migrations.upgrade(engine, "0011_register_snapshot_ids-1")  # just before the record's
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO person (id, country, national_code, given_name, family_name, created_at, "
                    "updated_at) VALUES (1, 'EE', '38001085718', 'Kalle', 'Kask', :now, :now)"
                ),
                {"now": CONSENT},
            )
            earlier = CONSENT - dt.timedelta(days=3)
            _log(connection, "getPerson", "old-registration-read", earlier)  # another, older prefill
            _log(connection, "getPerson", "population-id", CONSENT + dt.timedelta(seconds=1))
            _log(connection, "getEmployments", "employment-id", CONSENT + dt.timedelta(seconds=1))
            _log(connection, "getQualifications", "education-failed", CONSENT, outcome="timeout")
            registration = table(
                "registration",
                *(
                    column(name)
                    for name in ("id", "reference", "person_id", "kind", "state", "consent_version")
                ),
                *(column(name) for name in ("submitted_at", "decision_due_on", "consent_at")),
                column("register_data", JSON),
                column("answers", JSON),
                column("review_reasons", JSON),
            )
            connection.execute(
                insert(registration).values(
                    id=1,
                    reference="REG-2026-OLD",
                    person_id=1,
                    kind="unemployed",
                    state="pending",
                    consent_version="v",
                    submitted_at=CONSENT,
                    decision_due_on=dt.date(2026, 11, 16),
                    consent_at=CONSENT,
                    register_data={"sections": OLD_SECTIONS},
                    answers=ANSWERS,
                    review_reasons=[],
                )
            )

        migrations.upgrade(engine)

        with engine.connect() as connection:
            stored = connection.execute(
                select(column("register_data", JSON)).select_from(registration)
            ).scalar()
        snapshot = RegisterSnapshot.from_json(stored)
        assert snapshot.message_ids() == {
            "population": "population-id",
            "education": None,  # it did not answer: no message brought data
            "employment": "employment-id",
        }
        assert snapshot.section("population").values.address == "Vana tn 1, Tallinn"
        assert snapshot.section("population").values.date_of_birth == dt.date(1985, 4, 12)

        # The newest registration's answers became the person's record, with rows.
        with engine.connect() as connection:
            profile = connection.execute(text("SELECT * FROM jobseeker_profile")).mappings().one()
            occupations = connection.execute(
                text("SELECT isco_code, source FROM profile_occupation ORDER BY id")
            ).all()
            places = connection.execute(text("SELECT municipality_code FROM profile_place")).scalars().all()
            languages = (
                connection.execute(text("SELECT code FROM profile_language ORDER BY id")).scalars().all()
            )
        assert (profile["person_id"], profile["email"], profile["phone"]) == (
            1,
            "kalle@example.com",
            "+372 5123",
        )
        assert (profile["working_time"], bool(profile["remote"])) == ("part", True)
        assert str(profile["available_from"])[:10] == "2026-12-01"
        assert [tuple(row) for row in occupations] == [("2512", "declared"), ("7322", "declared")]
        assert places == ["0784"]
        assert languages == ["et", "en"]
    finally:
        reset_schema(engine)
        migrations.upgrade(engine)
        engine.dispose()
