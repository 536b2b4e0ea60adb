"""PostgreSQL: a batch of audit events, one or several, is appended and waited for on disk by one
CALL of `audit_append_durable` (migration 0051), one round trip, the chain's lock freed before the
disk write, and appends from several connections at once still make one chain that verifies."""

from __future__ import annotations

import ctypes
import tempfile
import threading

import pytest
from sqlalchemy import event, func, select

from portal import audit_chain
from portal.database import build_engine
from portal.extensions import db
from portal.models import AuditEvent, AuditTag, Person
from portal.services import audit, audit_append


@pytest.fixture(autouse=True)
def _postgresql_only(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL's one-call append")


def add_person(code: str) -> int:
    person = Person(country="EE", national_code=code, given_name="Kalle", family_name="Kask")
    db.session.add(person)
    db.session.commit()
    return person.id


def prepared(actor_id: int, subjects: list[int], request_id: str) -> list[audit_append.PreparedEvent]:
    return audit._prepared_rows(
        db.session(),
        AuditTag.PERSON_VIEW,
        actor_role="counsellor",
        purpose="juhtum vaadatud: Jõeorg",
        actor_person_id=actor_id,
        subject_person_ids=subjects,
        request_id=request_id,
        details={"data_categories": ["name", "case"]},
    )


class RoundTrips:
    """The answers the server ended with ReadyForQuery, read from libpq's protocol trace of every
    connection the engine opens (psycopg's own BEGIN and the pool's rollback included)."""

    def __init__(self, engine) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115  (open for the test)
        event.listen(engine.pool, "connect", self._trace)

    def _trace(self, dbapi_connection, _record) -> None:
        from psycopg import pq

        dbapi_connection.pgconn.trace(self.file.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def lines(self) -> list[list[str]]:
        ctypes.CDLL(None).fflush(None)  # libpq writes through a buffered stdio stream
        self.file.seek(0)
        return [line.split("\t") for line in self.file.read().decode("utf-8", "replace").splitlines()]

    def count(self) -> int:
        return sum(1 for fields in self.lines() if fields[0] == "B" and fields[2] == "ReadyForQuery")


def test_one_event_or_several_are_one_round_trip_and_are_committed(app, database_url):
    with app.app_context():
        actor_id = add_person("37001010001")
        subject_id = add_person("37001010002")
        events = prepared(actor_id, [subject_id], "r-1")
        engine = build_engine(database_url)
        trips = RoundTrips(engine)
        try:
            with engine.connect() as connection:  # the pool's connect, not counted
                connection.exec_driver_sql("SELECT 1")
            for request_id, subjects in (("r-1", [subject_id]), ("r-2", [subject_id, actor_id])):
                before = trips.count()
                audit_append.append_alone(engine, prepared(actor_id, subjects, request_id))
                # One CALL: the append, its commit and the wait for the disk.
                assert trips.count() - before == 1
                sent = [
                    fields[3]
                    for fields in trips.lines()
                    if fields[0] == "F" and fields[2] in ("Query", "Parse", "Bind")
                ]
                assert not any("BEGIN" in text or "COMMIT" in text for text in sent)
                assert "CALL audit_append_durable" in [text for text in sent if "audit" in text][-1]
                # Another connection sees the events at once: they were committed before the call
                # returned.
                assert (
                    db.session.scalars(
                        select(AuditEvent.subject_person_id).where(AuditEvent.request_id == request_id)
                    ).all()
                    == subjects
                )
                db.session.remove()
            assert len(events) == 1
        finally:
            engine.dispose()
            trips.file.close()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 3 events" in result.output


def test_one_event_appends_from_several_connections_at_once_make_one_chain(app, database_url):
    """Each thread its own engine and appender, as separate worker processes have: their one-event
    calls, lists of three written in a transaction, and business events (`record`, in the
    caller's transaction) all queue on the chain's lock, and every event is hashed onto the one
    before it."""
    with app.app_context():
        actor_id = add_person("37001010001")
        subjects = [add_person(f"3700101{n:04d}") for n in range(10, 16)]
        errors: list[BaseException] = []
        start = threading.Barrier(len(subjects) + 2)

        def one_event_appends(subject_id: int) -> None:
            engine = build_engine(database_url)
            try:
                with app.app_context():
                    appender = audit_append.ChainAppender(engine)
                    events = [prepared(actor_id, [subject_id], f"one-{n}") for n in range(15)]
                    db.session.remove()
                    start.wait()
                    for each in events:
                        appender.append(each)
            except BaseException as error:
                errors.append(error)
            finally:
                engine.dispose()

        def list_appends() -> None:
            engine = build_engine(database_url)
            try:
                with app.app_context():
                    events = [prepared(actor_id, subjects[:3], f"list-{n}") for n in range(5)]
                    db.session.remove()
                    start.wait()
                    for each in events:
                        audit_append.append_alone(engine, each)
            except BaseException as error:
                errors.append(error)
            finally:
                engine.dispose()

        def business() -> None:
            try:
                with app.app_context():
                    start.wait()
                    for n in range(5):
                        with db.write() as session:
                            audit.record(
                                session,
                                AuditTag.PERSON_VIEW,
                                actor_role="counsellor",
                                purpose=f"registration case viewed ({n})",
                                actor_person_id=actor_id,
                                subject_person_id=subjects[0],
                            )
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=one_event_appends, args=(subject,)) for subject in subjects]
        threads += [threading.Thread(target=list_appends), threading.Thread(target=business)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        one_events = len(subjects) * 15
        assert (
            db.session.scalar(select(func.count()).where(AuditEvent.request_id.like("one-%"))) == one_events
        )
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert f"audit chain intact: {len(subjects) * 15 + 5 * 3 + 5} events" in result.output


def test_the_call_runs_outside_a_transaction_on_a_pooled_connection(app, database_url):
    """The pool's connections are in autocommit (`database_engine._configure_postgresql`); the call is a
    plain SELECT to the engine, so no BEGIN goes before it and nothing is left open after it."""
    engine = build_engine(database_url)
    try:
        with app.app_context():
            actor_id = add_person("37001010001")
            events = prepared(actor_id, [actor_id], "r-1")
        audit_append.append_alone(engine, events)
        with engine.connect() as connection:
            dbapi = connection.connection.driver_connection
            assert dbapi.autocommit is True
            assert dbapi.info.transaction_status == 0  # IDLE
    finally:
        engine.dispose()


def test_only_the_chains_own_transaction_commits_without_waiting_for_the_disk(app, database_url):
    """The append's transaction sets `synchronous_commit` off for itself alone, so the chain's lock
    is not held through a disk write; each procedure then waits for the disk last, in a transaction
    committed synchronously, and the connection's later transactions (a business write on the same
    pooled connection) commit synchronously again."""
    engine = build_engine(database_url)
    try:
        with app.app_context():
            actor_id = add_person("37001010001")
            one = prepared(actor_id, [actor_id], "r-1")
            three = prepared(actor_id, [actor_id, actor_id, actor_id], "r-3")
        # The one-event procedure's append: 0046's function, which turns the setting off for its
        # transaction only.
        with engine.connect() as connection:
            dbapi = connection.connection.driver_connection
            with dbapi.transaction():
                dbapi.execute(
                    "SELECT audit_append_one(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (*one[0].params, one[0].canonical),
                )
                assert dbapi.execute("SHOW synchronous_commit").fetchone()[0] == "off"
            assert dbapi.execute("SHOW synchronous_commit").fetchone()[0] == "on"
        audit_append.append_alone(engine, one)
        with engine.connect() as connection:
            dbapi = connection.connection.driver_connection
            assert dbapi.execute("SHOW synchronous_commit").fetchone()[0] == "on"
        audit_append.append_alone(engine, three)
        with engine.connect() as connection, connection.begin():
            connection.exec_driver_sql("SELECT 1")
            assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        with engine.connect() as connection:
            bodies = (
                connection.exec_driver_sql(
                    "SELECT prosrc FROM pg_proc WHERE proname = 'audit_append_durable' ORDER BY pronargs"
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert len(bodies) == 2  # one event, or arrays of them
    for body in bodies:
        lines = [line.strip() for line in body.splitlines()]
        statements = [line for line in lines if line and not line.startswith("--")]
        commit = statements.index("COMMIT;")
        # The append, then its COMMIT; then the wait, the procedure's last statement.
        assert statements[commit + 1 :] == [
            "PERFORM pg_logical_emit_message(true, 'pes.audit_event', 'flushed');",
            "END",
        ]
        appended = statements[:commit]
        if "PERFORM audit_append_one(" not in appended:
            # The setting in the append's transaction, before the lock.
            setting = appended.index("PERFORM set_config('synchronous_commit', 'off', true);")
            lock = next(
                n for n, line in enumerate(appended) if line.startswith("PERFORM pg_advisory_xact_lock(")
            )
            assert setting < lock
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 5 events" in result.output


def test_a_batchs_arrays_go_in_binary_and_arrive_as_they_were(app, database_url):
    """A batch's arrays are sent in psycopg's binary format (the text format escaped every quote
    and backslash of each canonical form with a regular expression: ~1.9 M instructions for three
    events); what arrives is what was sent: quotes, backslashes and non-ASCII letters, NULLs in
    every element of a column, each event's moment to the microsecond, and the chain verifies."""
    engine = build_engine(database_url)
    trips = RoundTrips(engine)
    try:
        with app.app_context():
            subjects = [add_person(f"3700101{n:04d}") for n in range(20, 23)]
            events = audit._prepared_rows(
                db.session(),
                AuditTag.PERSON_LIST,
                actor_role="counsellor",
                purpose='nimekiri "Jõeorg" \\ C:\\töö',
                actor_person_id=None,  # no actor: NULL in every element of two columns
                subject_person_ids=subjects,
                request_id=None,
                details={"märkus": 'jutumärgid " ja \\ kaldkriips', "data_categories": ["name"]},
            )
            db.session.remove()
            sent_at = [event.params[0] for event in events]
            audit_append.append_alone(engine, events)
            audit_append.append_alone(engine, events[:1])
            binds = [fields for fields in trips.lines() if fields[0] == "F" and fields[2] == "Bind"]
            formats = [_parameter_formats(fields[3]) for fields in binds]
            # The batch in binary, but for a column of NULLs only, which psycopg sends as text
            # (its elements have no type to dump). One event: psycopg's choice per value, as before.
            columns = [*zip(*(event.params for event in events), strict=True), ["canonical"]]
            assert formats[0] == [0 if all(v is None for v in column) else 1 for column in columns]
            assert formats[0].count(1) == 8 and len(formats) == 2
            listed = select(AuditEvent).where(AuditEvent.tag == AuditTag.PERSON_LIST)
            rows = db.session.scalars(listed.order_by(AuditEvent.id)).all()
            assert [row.subject_person_id for row in rows] == [*subjects, subjects[0]]
            assert [row.occurred_at for row in rows[:3]] == sent_at
            for row in rows:
                assert row.purpose == 'nimekiri "Jõeorg" \\ C:\\töö'
                assert row.actor_person_id is None and row.actor_ref is None and row.request_id is None
                assert row.details["märkus"] == 'jutumärgid " ja \\ kaldkriips'
                assert row.prev_hash is not None
                assert row.row_hash == audit_chain.chain_hash(row.prev_hash, audit.canonical_form(row))
            assert [row.prev_hash for row in rows[1:]] == [row.row_hash for row in rows[:-1]]
            db.session.remove()
    finally:
        engine.dispose()
        trips.file.close()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 4 events" in result.output


def _parameter_formats(bind: str) -> list[int]:
    """The parameter format codes of a Bind message as libpq's trace writes it: the portal and
    statement names, the count of codes, the codes (0 text, 1 binary), then the values."""
    fields = bind.split()
    count = int(fields[2])
    return [int(code) for code in fields[3 : 3 + count]]


def test_a_page_that_wrote_nothing_appends_on_its_own_connection(app, database_url):
    """A page that only read (in autocommit: no BEGIN sent) and changed nothing in its session:
    its events' CALL goes on the session's own connection, with no commit and no second
    connection from the pool, and the events are committed (another connection sees them) when
    `record_staff_use` returns; the connection is left outside a transaction, the session's
    transaction still open for the rest of the page."""
    with app.app_context():
        actor_id = add_person("37001010001")
        subject_id = add_person("37001010002")
        db.session.remove()
        seen: list[str] = []

        def checkout(*_args) -> None:
            seen.append("checkout")

        def commit(*_args) -> None:
            seen.append("commit")

        event.listen(db.engine, "checkout", checkout)
        event.listen(db.engine, "commit", commit)
        try:
            assert db.session.get(Person, subject_id) is not None  # the page's read
            own = db.session.connection().connection.driver_connection
            seen.clear()
            audit.record_staff_use(
                AuditTag.PERSON_VIEW,
                actor_person_id=actor_id,
                actor_role="counsellor",
                subject_person_ids=[subject_id],
                purpose="case viewed",
                categories=[],
                request_id="r-own",
            )
            assert seen == []
            assert db.session().in_transaction()
            assert db.session.connection().connection.driver_connection is own
            assert own.info.transaction_status == 0  # IDLE
        finally:
            event.remove(db.engine, "checkout", checkout)
            event.remove(db.engine, "commit", commit)
        engine = build_engine(database_url)
        try:
            with engine.connect() as other:
                found = other.execute(
                    select(AuditEvent.subject_person_id).where(AuditEvent.request_id == "r-own")
                ).scalars()
                assert list(found) == [subject_id]
        finally:
            engine.dispose()
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 1 events" in result.output


def test_a_page_that_wrote_commits_its_work_before_its_events(app, database_url):
    """A page that wrote (a BEGIN sent, or changes waiting in the session): its work is
    committed first, as before, and the events are appended outside its transaction."""
    with app.app_context():
        actor_id = add_person("37001010001")
        subject_id = add_person("37001010002")
        db.session.remove()
        for flushed in (True, False):
            person = db.session.get(Person, subject_id)
            person.given_name = f"Kaarel {flushed}"
            if flushed:
                db.session.flush()  # BEGIN and the UPDATE sent
            audit.record_staff_use(
                AuditTag.PERSON_VIEW,
                actor_person_id=actor_id,
                actor_role="counsellor",
                subject_person_ids=[subject_id],
                purpose="case viewed",
                categories=[],
                request_id=f"r-{flushed}",
            )
            assert not db.session().in_transaction()
            db.session.remove()
            engine = build_engine(database_url)
            try:
                with engine.connect() as other:
                    assert (
                        other.execute(select(Person.given_name).where(Person.id == subject_id)).scalar()
                        == f"Kaarel {flushed}"
                    )
                    assert (
                        other.execute(
                            select(func.count()).where(AuditEvent.request_id == f"r-{flushed}")
                        ).scalar()
                        == 1
                    )
            finally:
                engine.dispose()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 2 events" in result.output
