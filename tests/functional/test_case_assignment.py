"""Round-robin assignment of new cases when registrations in one office run at once: every
counsellor gets their turn, none twice while another waits (the office's turn row is locked)."""

from __future__ import annotations

import threading
import time
from collections import Counter

from sqlalchemy import select

from portal.extensions import db
from portal.models import JobseekerCase, OfficeTurn, Person
from portal.models.register_snapshot import RegisterSnapshot
from portal.services import case_assignment
from tests.functional.caseload_helpers import NARVA, TALLINN, add_counsellor, ee_code, snapshot_in
from tests.functional.test_backoffice_registrations import today

REGISTRATIONS_PER_COUNSELLOR = 3


def _persons(app, count: int, first_serial: int = 100) -> list[int]:
    with app.app_context():
        people = [
            Person(
                country="EE", national_code=ee_code(first_serial + n), given_name="Kalle", family_name=f"K{n}"
            )
            for n in range(count)
        ]
        db.session.add_all(people)
        db.session.commit()
        return [person.id for person in people]


def _register_at_once(app, person_ids: list[int], municipality: str = TALLINN) -> list[BaseException]:
    """Each person's case opened in a registering transaction of its own, all released together;
    each transaction goes on working after the assignment (as registration does) before it commits."""
    barrier = threading.Barrier(len(person_ids))
    errors: list[BaseException] = []
    snapshot = RegisterSnapshot.from_json(snapshot_in(municipality))
    profile, day = app.extensions["profile"], today(app)

    def register(person_id: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                with db.write() as session:
                    case_assignment.open_case(session, session.get(Person, person_id), snapshot, profile, day)
                    time.sleep(0.05)  # the rest of the registering transaction
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=register, args=(person_id,)) for person_id in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_registrations_at_once_in_one_office_spread_evenly_over_its_counsellors(make_app):
    app = make_app()
    counsellors = [add_counsellor(app, ee_code(n, born="700101")) for n in range(3)]
    elsewhere = add_counsellor(app, ee_code(9, born="700101"), office="Ida-Viru")
    people = _persons(app, len(counsellors) * REGISTRATIONS_PER_COUNSELLOR)

    assert _register_at_once(app, people) == []

    with app.app_context():
        cases = db.session.execute(
            select(JobseekerCase.counsellor_id, JobseekerCase.office).where(
                JobseekerCase.person_id.in_(people)
            )
        ).all()
        turn = db.session.get(OfficeTurn, "Tallinn")
    assert {office for _counsellor, office in cases} == {"Tallinn"}
    assert Counter(counsellor for counsellor, _office in cases) == {
        counsellor: REGISTRATIONS_PER_COUNSELLOR for counsellor in counsellors
    }
    assert elsewhere not in {counsellor for counsellor, _office in cases}
    assert turn.assignments == len(people)


def test_the_turn_continues_after_the_last_counsellor_and_per_office(make_app):
    app = make_app()
    first, second = (add_counsellor(app, ee_code(n, born="700101")) for n in range(2))
    east = add_counsellor(app, ee_code(5, born="700101"), office="Ida-Viru")
    people = _persons(app, 4)
    assert _register_at_once(app, people[:1]) == []
    assert _register_at_once(app, people[1:2], NARVA) == []
    assert _register_at_once(app, people[2:]) == []
    with app.app_context():
        given = dict(
            db.session.execute(
                select(JobseekerCase.person_id, JobseekerCase.counsellor_id).where(
                    JobseekerCase.person_id.in_(people)
                )
            ).all()
        )
        turns = {turn.office: turn.last_counsellor_id for turn in db.session.scalars(select(OfficeTurn))}
    assert given[people[0]] == first and given[people[1]] == east
    assert sorted([given[people[2]], given[people[3]]]) == sorted([first, second])
    assert given[people[2]] != given[people[3]]
    assert turns["Ida-Viru"] == east
