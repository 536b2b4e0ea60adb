"""Registers that did not answer are asked again in the background: drafts get the answers, submitted
registrations get them beside the manual entries and a review reason when those differ."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.extensions import db
from portal.jobs.registration import refetch_failed_sections
from portal.models import Registration, RegistrationDraft
from portal.models.register_snapshot import RegisterSnapshot
from portal.services.registration.rules import manual_differs
from tests.jobs.conftest import JAAN, add_person, add_registration

FAILED = {"status": "failed", "values": {}, "read_at": "2026-11-26T08:00:00+00:00", "error": "XRoadTimeout"}
OK_EDUCATION = {"status": "ok", "values": {"qualifications": []}, "read_at": "2026-11-26T08:00:00+00:00"}


def failed_registration(manual: dict) -> int:
    registration_id, _ = add_registration(
        register_data={"sections": {"population": FAILED, "employment": FAILED, "education": OK_EDUCATION}},
        answers={"manual": manual, "contact": {"email": "x@example.org"}},
        notify=False,
    )
    return registration_id


def reload(model, row_id):
    db.session.remove()
    return db.session.get(model, row_id)


def test_a_registration_gets_the_fresh_sections_and_a_differing_manual_entry_is_flagged(app):
    with app.app_context():
        registration_id = failed_registration(
            {"population": {"address": "Somewhere Else 1, Tartu"}, "employment": {"employed": False}}
        )

        assert reload(Registration, registration_id).municipality is None  # the register did not answer
        refetch_failed_sections(registration_id=registration_id)

        registration = reload(Registration, registration_id)
        snapshot = registration.snapshot
        assert snapshot.section("population").ok
        # The reports' copy of the municipality (their region filter) follows the fresh answer.
        assert registration.municipality == snapshot.section("population").values.municipality_code
        assert registration.municipality is not None
        assert snapshot.section("population").values.address  # what the population register says now
        assert snapshot.section("population").xroad_id  # the message that brought it
        assert snapshot.section("employment").ok
        assert snapshot.section("employment").values.active is False  # his job ended: as he said
        assert registration.register_data["sections"]["education"]["read_at"] == OK_EDUCATION["read_at"]
        assert registration.review_reasons == ["register_differs:population"]
        # The person's own entries stay as they were, for the counsellor to compare.
        assert registration.answers["manual"]["population"] == {"address": "Somewhere Else 1, Tartu"}

        refetch_failed_sections(registration_id=registration_id)  # nothing failed any more: no change
        assert reload(Registration, registration_id).review_reasons == ["register_differs:population"]


def test_a_matching_manual_entry_is_not_flagged(app):
    with app.app_context():
        person_address = reload_address()
        registration_id = failed_registration({"population": {"address": person_address.upper()}})
        refetch_failed_sections(registration_id=registration_id)
        assert reload(Registration, registration_id).review_reasons == []


def reload_address() -> str:
    from portal.services.registration.prefill import read_sections

    [section] = read_sections(JAAN, ["population"], on_behalf_of=None, purpose="test").values()
    return section.values.address


def test_while_registers_still_fail_the_job_is_retried_later(app, make_app, queue):
    faulty = make_app(XROAD_FAULTS="population:status=503", XROAD_RETRIES=0)
    with faulty.app_context():
        registration_id = failed_registration({"population": {"address": "Somewhere Else 1"}})

        refetch_failed_sections(registration_id=registration_id)

        registration = reload(Registration, registration_id)
        snapshot = registration.snapshot
        assert snapshot.section("population").failed  # still failing: kept as it was
        assert snapshot.section("population").read_at.isoformat() == FAILED["read_at"]
        assert snapshot.section("employment").ok  # the register that answered is stored
        assert registration.review_reasons == []
        [retry] = queue.scheduled()
        assert retry.kwargs == {"registration_id": registration_id}
        assert retry.retries == 9  # huey counts down; after the last, about a day later, it gives up

    with app.app_context():  # the register is back
        refetch_failed_sections(registration_id=registration_id)
        assert reload(Registration, registration_id).review_reasons == ["register_differs:population"]


def test_a_draft_gets_the_answers_in_place_of_the_failed_sections(app):
    with app.app_context():
        person = add_person(JAAN)
        touched = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
        with db.write() as session:
            draft = RegistrationDraft(
                person_id=person.id,
                consent_at=touched,
                consent_version="test",
                prefill={"sections": {"population": FAILED, "education": OK_EDUCATION}},
                answers={"manual": {"population": {"address": "Somewhere Else 1"}}, "checked": True},
                updated_at=touched,
            )
            session.add(draft)
        version = draft.version

        refetch_failed_sections(draft_id=draft.id)

        draft = reload(RegistrationDraft, draft.id)
        assert draft.snapshot.section("population").ok
        assert draft.prefill["sections"]["education"]["read_at"] == OK_EDUCATION["read_at"]
        # What the person entered stays beside the register's answer (issue 10 defect 9).
        assert draft.answers == {"manual": {"population": {"address": "Somewhere Else 1"}}, "checked": True}
        assert draft.version == version + 1  # a page opened before shows the new data, not overwrite it
        assert draft.updated_at == touched  # the expiry clock is the person's, not the job's


def test_a_draft_that_is_gone_is_left_alone(app):
    with app.app_context():
        refetch_failed_sections(draft_id=123456)  # submitted or expired meanwhile: nothing to do


def test_the_job_needs_exactly_one_target(app):
    with pytest.raises(ValueError):
        refetch_failed_sections.call_local()


@pytest.mark.parametrize(
    ("name", "entered", "values", "differs"),
    [
        ("population", {"address": "Tamme 5-3, Tartu"}, {"address": "Tamme 5-3 Tartu"}, False),
        ("population", {"address": "Kase 1"}, {"address": "Tamme 5-3, Tartu"}, True),
        (
            "education",
            {"highest": "Master of Science"},
            {"qualifications": [{"title": "Master of Science in IT"}]},
            False,
        ),
        ("education", {"highest": "Doctorate"}, {"qualifications": [{"title": "Master of Science"}]}, True),
        ("employment", {"employed": True}, {"active": False}, True),
        ("social_assistance", {"receives": True}, {"status": "ACTIVE"}, False),
        ("social_assistance", {"receives": False}, {"status": "ACTIVE"}, True),
        ("health_insurance", {"insured": False}, {"insured": True}, True),
        ("health_insurance", {}, {"insured": True}, False),
    ],
)
def test_what_counts_as_differing(name, entered, values, differs):
    assert manual_differs(name, entered, section(name, "ok", values)) is differs
    assert manual_differs(name, entered, section(name, "unknown", {})) is False


def section(name: str, status: str, values: dict):
    return RegisterSnapshot.from_json({"sections": {name: {"status": status, "values": values}}}).section(
        name
    )
