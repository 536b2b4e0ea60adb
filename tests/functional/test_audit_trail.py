"""The audit trail is tamper-evident (a hash chain that `flask audit verify` checks), its links to
people survive erasure as pseudonyms, and on PostgreSQL the application role cannot change it."""

from __future__ import annotations

import itertools
import threading
import uuid

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy.exc import DBAPIError, ProgrammingError

from portal import audit_chain
from portal.database_roles import grant_application_role, revoke_application_role
from portal.extensions import db
from portal.models import AuditEvent, AuditTag, Person
from portal.models.audit import DataCategory
from portal.services import audit, audit_append


def add_person(code: str) -> int:
    person = Person(country="EE", national_code=code, given_name="Kalle", family_name="Kask")
    db.session.add(person)
    db.session.commit()
    return person.id


def record_events(actor_id: int, subject_id: int, count: int = 3) -> list[int]:
    ids = []
    for n in range(count):
        with db.write() as session:
            event = audit.record(
                session,
                AuditTag.PERSON_VIEW,
                actor_role="counsellor",
                purpose=f"registration case viewed ({n})",
                actor_person_id=actor_id,
                subject_person_id=subject_id,
                details={
                    "registration": f"REG-{n}",
                    "data_categories": ["name", "contact"],
                    "note": "Jõeorg",
                },
            )
            ids.append(event.id)
    return ids


def verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_the_chain_verifies_and_a_changed_event_is_found(app):
    with app.app_context():
        ids = record_events(add_person("37001010001"), add_person("37001010002"))
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 3 events" in result.output
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(update(AuditEvent).where(AuditEvent.id == ids[1]).values(purpose="nothing to see"))
    result = verify(app)
    assert result.exit_code == 1
    assert f"BROKEN at event {ids[1]}: its content was changed" in result.output


def test_a_deleted_event_is_found(app):
    with app.app_context():
        ids = record_events(add_person("37001010001"), add_person("37001010002"))
        with db.engine.begin() as connection:
            connection.execute(delete(AuditEvent).where(AuditEvent.id == ids[1]))
    result = verify(app)
    assert result.exit_code == 1
    assert f"BROKEN at event {ids[2]}: the event before it was removed or changed" in result.output


def test_events_in_one_transaction_chain_in_order(app):
    with app.app_context():
        person_id = add_person("37001010001")
        with db.write() as session:
            first = audit.record(
                session, AuditTag.PERSON_VIEW, actor_role="system", purpose="a", subject_person_id=person_id
            )
            second = audit.record(
                session, AuditTag.PERSON_VIEW, actor_role="system", purpose="b", subject_person_id=person_id
            )
        assert second.prev_hash == first.row_hash and first.id < second.id
    assert verify(app).exit_code == 0


def test_erasing_a_person_keeps_the_link_as_a_pseudonym_and_the_chain_intact(app):
    with app.app_context():
        actor_id = add_person("37001010001")
        subject_id = add_person("37001010002")
        [event_id] = record_events(actor_id, subject_id, count=1)
        key = audit_chain.pseudonym_key(app.config["PORTAL"]["SECRET_KEY"])
        with db.write() as session:
            session.execute(delete(Person).where(Person.id.in_([actor_id, subject_id])))
        db.session.expire_all()
        event = db.session.get(AuditEvent, event_id)
        assert (event.actor_person_id, event.subject_person_id) == (None, None)
        assert event.actor_ref == audit_chain.pseudonym(key, "EE", "37001010001")
        assert event.subject_ref == audit_chain.pseudonym(key, "EE", "37001010002")
        assert "37001010001" not in event.actor_ref
    assert verify(app).exit_code == 0


@pytest.fixture
def app_role(app):
    """A PostgreSQL role like the one the portal runs as in production, granted by the migration's code."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("database roles are a PostgreSQL feature")
        role = f"portal_app_{uuid.uuid4().hex[:8]}"
        with db.engine.begin() as connection:
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
            grant_application_role(connection, role)
        yield role
        db.session.remove()
        with db.engine.begin() as connection:
            revoke_application_role(connection, role)
            connection.execute(text(f"DROP ROLE {role}"))


def test_the_application_role_may_only_add_and_read_audit_events(app, app_role):
    with app.app_context():
        person_id = add_person("37001010001")
        record_events(person_id, person_id, count=1)
        refused = []
        for statement in (
            "UPDATE audit_event SET purpose = 'rewritten'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
            "UPDATE xroad_query SET outcome = 'ok'",
            "DELETE FROM xroad_query",
            "UPDATE alembic_version SET version_num = 'x'",
        ):
            with db.engine.connect() as connection, connection.begin():
                connection.execute(text(f"SET LOCAL ROLE {app_role}"))
                with pytest.raises(ProgrammingError, match="permission denied"):
                    connection.execute(text(statement))
                refused.append(statement)
        assert len(refused) == 6
        # What the portal does need still works under the application role, erasure included.
        with db.engine.connect() as connection, connection.begin():
            connection.execute(text(f"SET LOCAL ROLE {app_role}"))
            session_events = connection.execute(select(AuditEvent.id)).all()
            assert len(session_events) == 1
            connection.execute(
                text(
                    "INSERT INTO audit_event (occurred_at, tag, actor_role, purpose, details) "
                    "VALUES (now(), 'person:view', 'system', 'test', '{}')"
                )
            )
            connection.execute(update(Person).where(Person.id == person_id).values(given_name="Kaarel"))
            connection.execute(
                delete(Person).where(Person.id == person_id)
            )  # ON DELETE SET NULL runs as owner
            connection.execute(text("SELECT version_num FROM alembic_version")).all()


def test_the_application_role_appends_a_staff_use_in_one_call(app, app_role):
    """The portal's append on PostgreSQL (one CALL of `audit_append_durable`, one event or a batch)
    works with the application role's rights alone: the procedures run as their caller."""
    with app.app_context():
        person_id = add_person("37001010001")
        form = audit_append.insert_form(db.engine.dialect)
        one = audit._prepared_rows(
            db.session(),
            AuditTag.PERSON_VIEW,
            actor_role="counsellor",
            purpose="case viewed",
            actor_person_id=person_id,
            subject_person_ids=[person_id],
            request_id="r-1",
            details={"data_categories": ["name"]},
        )
        db.session.remove()
        with db.engine.connect() as connection:
            dbapi = connection.connection.driver_connection
            dbapi.execute(
                f"SET ROLE {app_role}"
            )  # the session's: a procedure that commits runs outside a transaction
            try:
                dbapi.execute(form.durable_one, (*one[0].params, one[0].canonical))
                dbapi.execute(
                    form.durable_many, [[value] * 2 for value in (*one[0].params, one[0].canonical)]
                )
            finally:
                dbapi.execute("RESET ROLE")
        assert db.session.scalars(select(AuditEvent.request_id)).all() == ["r-1"] * 3
        db.session.remove()
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 3 events" in result.output


def test_the_application_role_may_pseudonymise_the_query_log_only_for_an_anonymised_person(app, app_role):
    """Retention replaces an anonymised person's code in the append-only query log through the
    owner's function (migration 0027); nothing else about the log can be changed that way."""
    from portal.database_roles import PSEUDONYMISE_FUNCTION
    from portal.models import QueryDirection, XRoadQuery

    with app.app_context():
        anonymised = add_person("37001010003")
        kept = add_person("37001010004")
        for code in ("37001010003", "37001010004"):
            db.session.add(
                XRoadQuery(
                    direction=QueryDirection.OUTGOING,
                    xroad_id=f"x-{code}",
                    client="EE/GOV/70000740/pes",
                    service="EE/GOV/70008440/rr/population/v1",
                    operation="getPerson",
                    subject_code=code,
                    on_behalf_of=f"EE{code}",
                    purpose="test",
                    outcome="ok",
                    duration_ms=3,
                )
            )
        db.session.execute(
            update(Person)
            .where(Person.id == anonymised)
            .values(national_code=f"ANON{anonymised}", anonymised_at=text("now()"))
        )
        db.session.commit()
        call = text(f"SELECT {PSEUDONYMISE_FUNCTION}(:code, :subject, :pseudonym)")
        for code, pseudonym in (("37001010004", f"ANON{kept}"), ("37001010004", "38001085718")):
            with db.engine.connect() as connection, connection.begin():
                connection.execute(text(f"SET LOCAL ROLE {app_role}"))
                with pytest.raises(DBAPIError, match="pseudonymise_xroad_query"):
                    connection.execute(call, {"code": code, "subject": f"EE{code}", "pseudonym": pseudonym})
        with db.engine.connect() as connection, connection.begin():
            connection.execute(text(f"SET LOCAL ROLE {app_role}"))
            changed = connection.execute(
                call, {"code": "37001010003", "subject": "EE37001010003", "pseudonym": f"ANON{anonymised}"}
            ).scalar()
        assert changed == 1
        rows = db.session.execute(select(XRoadQuery.subject_code, XRoadQuery.on_behalf_of)).all()
        assert sorted(rows) == sorted(
            [(f"ANON{anonymised}", f"ANON{anonymised}"), ("37001010004", "EE37001010004")]
        )


def test_concurrent_staff_uses_all_land_in_one_intact_chain(app):
    """Threads that record list views at once (the caseload's `person:list` events) share the
    chain's final step; with business events (`record`) written beside them, every event is
    there, each person's once per view, and the chain verifies."""
    with app.app_context():
        actor_id = add_person("37001010001")
        subjects = [add_person(f"3700101{n:04d}") for n in range(10, 20)]
        errors: list[BaseException] = []

        def lists(n: int) -> None:
            try:
                with app.app_context():
                    for page in range(5):
                        audit.record_staff_use(
                            AuditTag.PERSON_LIST,
                            actor_person_id=actor_id,
                            actor_role="counsellor",
                            subject_person_ids=subjects,
                            purpose="caseload listed",
                            categories=[DataCategory.NAME, DataCategory.CASE],
                            request_id=f"r-{n}-{page}",
                        )
            except BaseException as error:
                errors.append(error)

        def business(n: int) -> None:
            try:
                with app.app_context():
                    record_events(actor_id, subjects[n], count=3)
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=lists, args=(n,)) for n in range(6)]
        threads += [threading.Thread(target=business, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        listed = db.session.scalars(
            select(AuditEvent.subject_person_id).where(AuditEvent.tag == AuditTag.PERSON_LIST)
        ).all()
        assert len(listed) == 6 * 5 * len(subjects)
        assert {subject: listed.count(subject) for subject in subjects} == dict.fromkeys(subjects, 30)
        db.session.remove()
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert f"audit chain intact: {6 * 5 * len(subjects) + 2 * 3} events" in result.output


def test_a_staff_use_that_cannot_be_written_fails_the_request(app, monkeypatch):
    """The events of a shown list are committed before the page is answered: when their write
    fails, the caller gets an error (a 500 page), not a page whose use went unrecorded."""
    with app.app_context():
        person_id = add_person("37001010001")

        def fails(_engine, _events, _connection=None):
            raise RuntimeError("disk full")

        monkeypatch.setattr(audit_append, "append_alone", fails)
        with pytest.raises(audit_append.AuditWriteFailed):
            audit.record_staff_use(
                AuditTag.PERSON_LIST,
                actor_person_id=person_id,
                actor_role="counsellor",
                subject_person_ids=[person_id],
                purpose="caseload listed",
                categories=[DataCategory.NAME],
                request_id="r-1",
            )
        monkeypatch.undo()
        audit.record_staff_use(
            AuditTag.PERSON_LIST,
            actor_person_id=person_id,
            actor_role="counsellor",
            subject_person_ids=[person_id],
            purpose="caseload listed",
            categories=[DataCategory.NAME],
            request_id="r-2",
        )
        assert db.session.scalars(select(AuditEvent.request_id)).all() == ["r-2"]


def test_one_staff_use_is_hashed_onto_the_chain_by_the_database_as_by_python(app):
    """One event (a case page's) is read onto the chain's end and written in one statement, its
    hash computed by the database (SQLite: the registered function; PostgreSQL: `sha256`, in
    `audit_append_durable`, which also takes the chain's lock and hashes a batch too): the
    same hash `audit_chain.chain_hash` makes of the same text, non-ASCII letters included, after
    events written the other ways, so the chain verifies."""
    with app.app_context():
        person_id = add_person("37001010001")
        record_events(person_id, person_id, count=1)  # the ORM path first
        on_the_trail = []  # per use: the statements that read or wrote the trail

        def count(_conn, _cursor, statement, *_args) -> None:
            on_the_trail[-1] += "audit_event" in statement or audit_append.APPEND_PROCEDURE in statement

        for subjects in ([person_id], [person_id], [person_id, add_person("37001010002")]):
            on_the_trail.append(0)
            sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
            try:
                audit.record_staff_use(
                    AuditTag.PERSON_VIEW,
                    actor_person_id=person_id,
                    actor_role="counsellor",
                    subject_person_ids=subjects,
                    purpose="juhtum vaadatud: Jõeorg, Šõäöü",
                    categories=[DataCategory.NAME, DataCategory.CASE],
                    request_id=None,
                    details={"case": 1, "note": "ÕÄÖÜ\nžš"},
                )
            finally:
                sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)
        if db.engine.dialect.name == "postgresql":
            # One CALL each, through the driver, which the engine's events do not see (its round
            # trips are counted in test_audit_append_postgresql).
            assert on_the_trail == [0, 0, 0]
        else:
            # One event: one statement in autocommit, through the driver (unseen); two: in a
            # transaction, the end, then the rows.
            assert on_the_trail == [0, 0, 2]
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        for before, after in itertools.pairwise(events):
            assert after.prev_hash == before.row_hash
            assert after.row_hash == audit_chain.chain_hash(after.prev_hash, audit.canonical_form(after))
    assert len(events) == 5
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 5 events" in result.output
