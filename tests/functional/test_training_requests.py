"""A jobseeker asks to join a training; a counsellor answers with a decision (EE) or an inbox
message (XK); every state change, every refusal, and seats that never overbook."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    DecisionKind,
    InboxMessage,
    RegistrationState,
    Training,
    TrainingRequest,
    TrainingRequestState,
    TrainingState,
)
from portal.services import decisions
from portal.services.trainings import request_queue, requests
from tests import trainings as rows
from tests.eid import MARI

JAAN = "38001085718"


@pytest.fixture(autouse=True)
def _unlinked_after_test(app):
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            connection.execute(update(TrainingRequest).values(decision_id=None))
            connection.execute(update(Decision).values(supersedes_id=None, responds_to_id=None))


def _registered(code: str = JAAN, **kwargs) -> int:
    person_id = rows.person(code)
    rows.registration(person_id, **kwargs)
    return person_id


def _events(tag: AuditTag) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.tag == tag)))


def test_ask_withdraw_and_ask_again(app):
    with app.app_context():
        person_id = _registered()
        training_id = rows.training()
        first = requests.ask_to_join(person_id, training_id, "I welded on a farm for two years.")
        assert first.state is TrainingRequestState.REQUESTED
        assert first.reason == "I welded on a farm for two years."
        assert [e.subject_person_id for e in _events(AuditTag.TRAINING_REQUEST)] == [person_id]

        with pytest.raises(requests.AlreadyRequested):
            requests.ask_to_join(person_id, training_id, "again")

        withdrawn = requests.withdraw(person_id, first.id)
        assert withdrawn.state is TrainingRequestState.WITHDRAWN
        assert withdrawn.withdrawn_at is not None
        assert len(_events(AuditTag.TRAINING_WITHDRAW)) == 1
        with pytest.raises(requests.AlreadyDecided):  # withdrawing twice changes nothing
            requests.withdraw(person_id, first.id)

        # Withdrawn is not open: the person may ask again.
        second = requests.ask_to_join(person_id, training_id, "I changed my mind.")
        assert second.id != first.id
        assert second.state is TrainingRequestState.REQUESTED


def test_only_published_trainings_with_free_seats_take_requests(app):
    with app.app_context():
        person_id = _registered()
        for state in (TrainingState.DRAFT, TrainingState.CLOSED):
            with pytest.raises(requests.NotOpen):
                requests.ask_to_join(person_id, rows.training(state=state), "")
        with pytest.raises(requests.NotOpen):
            requests.ask_to_join(person_id, 999_999, "")
        with pytest.raises(requests.NoSeats):
            requests.ask_to_join(person_id, rows.training(seats=0), "")
        assert db.session.scalar(select(func.count()).select_from(TrainingRequest)) == 0


def test_only_registered_jobseekers_may_ask(app):
    with app.app_context():
        pending = rows.person(JAAN)
        rows.registration(pending, state=RegistrationState.PENDING)
        with pytest.raises(requests.NotRegistered):
            requests.ask_to_join(pending, rows.training(), "")
        with pytest.raises(requests.NotRegistered):
            requests.ask_to_join(rows.person("39001010005"), rows.training(), "")


def test_someone_else_cannot_withdraw_a_request(app):
    with app.app_context():
        owner = _registered()
        request = requests.ask_to_join(owner, rows.training(), "")
        with pytest.raises(requests.AlreadyDecided):
            requests.withdraw(rows.person("39001010005"), request.id)
        db.session.expire_all()
        assert db.session.get(TrainingRequest, request.id).state is TrainingRequestState.REQUESTED


def test_approval_in_estonia_is_a_decision_and_takes_a_seat(app):
    with app.app_context():
        person_id = _registered()
        training_id = rows.training(seats=3)
        request = requests.ask_to_join(person_id, training_id, "I want a certificate.")
        counsellor = rows.staff(app, MARI)
        answered = requests.decide(
            request.id,
            staff=counsellor,
            approve=True,
            reason="Welding matches your goal.",
            profile=app.extensions["profile"],
        )
        assert answered.state is TrainingRequestState.APPROVED
        assert answered.decided_by_staff_id == counsellor.id
        assert answered.decision_reason == "Welding matches your goal."
        decision = db.session.get(Decision, answered.decision_id)
        assert decision.kind is DecisionKind.TRAINING_APPROVED
        assert decision.person_id == person_id
        assert decision.issued_by_staff_id == counsellor.id
        assert "Welding matches your goal." in decision.reasoning
        assert "Labour Market Services and Benefits Act" in decision.legal_basis
        assert decision.facts == {"training": training_id, "training_request": request.id}
        message = db.session.scalar(select(InboxMessage).where(InboxMessage.person_id == person_id))
        assert message.decision_id == decision.id
        assert db.session.get(Training, training_id).seats_taken == 1
        assert [e.actor_person_id for e in _events(AuditTag.TRAINING_DECIDE)] == [counsellor.person_id]

        with pytest.raises(requests.AlreadyDecided):  # a second answer changes nothing
            requests.decide(
                request.id, staff=counsellor, approve=False, reason="no", profile=app.extensions["profile"]
            )
        db.session.expire_all()
        assert db.session.get(Training, training_id).seats_taken == 1
        # An approved request is open: no second request for the same course.
        with pytest.raises(requests.AlreadyRequested):
            requests.ask_to_join(person_id, training_id, "")
        # ...and it can no longer be withdrawn by the person (the seat is theirs; a counsellor handles it).
        with pytest.raises(requests.AlreadyDecided):
            requests.withdraw(person_id, request.id)


def test_refusal_in_estonia_is_a_decision_and_takes_no_seat(app):
    with app.app_context():
        person_id = _registered()
        training_id = rows.training(seats=1)
        request = requests.ask_to_join(person_id, training_id, "")
        answered = requests.decide(
            request.id,
            staff=rows.staff(app, MARI),
            approve=False,
            reason="The course needs B2 Estonian.",
            profile=app.extensions["profile"],
        )
        assert answered.state is TrainingRequestState.REJECTED
        assert db.session.get(Decision, answered.decision_id).kind is DecisionKind.TRAINING_REJECTED
        assert db.session.get(Training, training_id).seats_taken == 0
        # Refused is not open: the person may ask again later.
        assert (
            requests.ask_to_join(person_id, training_id, "I have B2 now.").state
            is TrainingRequestState.REQUESTED
        )


def test_answer_in_kosovo_is_an_inbox_message_not_a_decision(make_app):
    app = make_app(PROFILE="XK")
    with app.app_context():
        person_id = _registered("1234567890")
        request = requests.ask_to_join(person_id, rows.training(), "")
        answered = requests.decide(
            request.id,
            staff=rows.staff(app, "1190817263"),
            approve=True,
            reason="Po.",
            profile=app.extensions["profile"],
        )
        assert answered.state is TrainingRequestState.APPROVED
        assert answered.decision_id is None
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 0
        message = db.session.scalar(select(InboxMessage).where(InboxMessage.person_id == person_id))
        assert message.kind == requests.ANSWER_MESSAGE
        assert message.decision_id is None


def test_nobody_answers_their_own_request(app):
    with app.app_context():
        counsellor = rows.staff(app, MARI)
        rows.registration(counsellor.person_id)
        request = requests.ask_to_join(counsellor.person_id, rows.training(), "")
        with pytest.raises(decisions.OwnCase):
            requests.decide(
                request.id, staff=counsellor, approve=True, reason="", profile=app.extensions["profile"]
            )
        db.session.expire_all()
        assert db.session.get(TrainingRequest, request.id).state is TrainingRequestState.REQUESTED


def test_no_approval_when_the_seats_are_taken_or_the_course_closed(app):
    with app.app_context():
        training_id = rows.training(seats=1)
        first = requests.ask_to_join(_registered(), training_id, "")
        second = requests.ask_to_join(_registered("39001010005"), training_id, "")
        counsellor = rows.staff(app, MARI)
        profile = app.extensions["profile"]
        requests.decide(first.id, staff=counsellor, approve=True, reason="", profile=profile)
        with pytest.raises(requests.NoSeats):
            requests.decide(second.id, staff=counsellor, approve=True, reason="", profile=profile)
        db.session.expire_all()
        assert db.session.get(TrainingRequest, second.id).state is TrainingRequestState.REQUESTED
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 1  # only the first
        # A refusal needs no seat.
        refused = requests.decide(second.id, staff=counsellor, approve=False, reason="Full.", profile=profile)
        assert refused.state is TrainingRequestState.REJECTED


def test_concurrent_approvals_never_overbook(app):
    """Six counsellor approvals race for two seats: exactly two win, on SQLite and PostgreSQL."""
    with app.app_context():
        training_id = rows.training(seats=2)
        codes = [f"3900101{n:04d}" for n in range(6)]
        request_ids = [requests.ask_to_join(_registered(code), training_id, "").id for code in codes]
        counsellor_id = rows.staff(app, MARI).id
    barrier = threading.Barrier(len(request_ids))
    outcomes: dict[int, str] = {}

    def approve(request_id: int) -> None:
        with app.app_context():
            from portal.models import StaffMember

            staff = db.session.get(StaffMember, counsellor_id)
            barrier.wait()
            try:
                requests.decide(
                    request_id, staff=staff, approve=True, reason="", profile=app.extensions["profile"]
                )
                outcomes[request_id] = "approved"
            except requests.NoSeats:
                outcomes[request_id] = "no seats"

    threads = [threading.Thread(target=approve, args=(request_id,)) for request_id in request_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["approved"] * 2 + ["no seats"] * 4
    with app.app_context():
        assert db.session.get(Training, training_id).seats_taken == 2
        approved = db.session.scalar(
            select(func.count())
            .select_from(TrainingRequest)
            .where(TrainingRequest.state == TrainingRequestState.APPROVED)
        )
        assert approved == 2
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 2


def test_the_queue_and_the_persons_list(app):
    with app.app_context():
        person_id = _registered()
        training_ids = [rows.training(title=f"Course {n}") for n in range(3)]
        made = [requests.ask_to_join(person_id, training_id, "").id for training_id in training_ids]
        requests.withdraw(person_id, made[1])
        waiting = request_queue.queue(page=1, per_page=1)
        assert waiting.total == 2 and waiting.pages == 2
        assert [row.id for row in waiting.items] == [made[0]]
        assert [row.id for row in request_queue.queue(page=2, per_page=1).items] == [made[2]]
        assert request_queue.queue(page=1, per_page=100_000).size == 100
        mine = requests.requests_of(person_id)
        assert sorted(row.id for row in mine) == sorted(made)
        assert requests.requests_of(rows.person("39001010005")) == []


def test_changing_a_training_refusal_on_appeal_leaves_the_registration_alone(app):
    from portal.models import Registration, RegistrationKind, StaffRole
    from portal.services import appeals

    with app.app_context():
        profile = app.extensions["profile"]
        person_id = _registered()
        request = requests.ask_to_join(person_id, rows.training(), "")
        refused = requests.decide(
            request.id, staff=rows.staff(app, MARI), approve=False, reason="Full soon.", profile=profile
        )
        appeal = appeals.file_appeal(refused.decision_id, person_id, "There were seats.", [], profile)
        supervisor = rows.staff(app, "47103150207", StaffRole.SUPERVISOR)
        outcome = appeals.decide_appeal(
            appeal.id, staff=supervisor, upheld=False, reasoning="There were seats.", profile=profile
        )
        assert outcome.supersedes_id == refused.decision_id
        registration = db.session.scalar(select(Registration).where(Registration.person_id == person_id))
        assert (registration.state, registration.kind) == (
            RegistrationState.REGISTERED,
            RegistrationKind.UNEMPLOYED,
        )
