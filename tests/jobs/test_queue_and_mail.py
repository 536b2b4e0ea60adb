"""The queue's storage and app context, and the two mailers."""

from __future__ import annotations

import email
from email import policy

import pytest
from flask import current_app, has_app_context
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from portal import worker
from portal.integrations.mail import DirectoryMailer, SmtpMailer, build_message
from portal.queue import PortalHuey, build_storage, enqueue, huey
from portal.services.mail import mailer
from portal.worker import app_context


def test_immediate_mode_uses_memory(app):
    with app.app_context():
        assert huey.immediate and isinstance(huey.storage, MemoryStorage)


def test_the_mode_and_the_queue_belong_to_each_app(app, make_app, instance_path):
    """`create_app` sets no process-wide mode: an app without PORTAL_JOBS_IMMEDIATE queues in its
    instance, the immediate app's memory is its own, and outside any app nothing is immediate."""
    queued = make_app(JOBS_IMMEDIATE=False)
    other = make_app()
    with queued.app_context():
        assert not huey.immediate and isinstance(huey.storage, SqliteStorage)
        assert huey.storage.filename == str(instance_path / "jobs.sqlite3")
    with app.app_context():
        assert huey.immediate and isinstance(huey.storage, MemoryStorage)
        mine = huey.storage
    with other.app_context():
        assert huey.storage is not mine


def test_immediate_mode_cannot_be_switched_on_for_the_whole_process():
    with pytest.raises(ValueError, match="PORTAL_JOBS_IMMEDIATE"):
        PortalHuey("global").immediate = True


def test_services_enqueue_by_the_name_of_a_registered_task(app):
    with pytest.raises(LookupError, match="no-such-task"):
        enqueue("no-such-task")


def test_the_storage_is_redis_when_configured_else_sqlite_in_the_instance(tmp_path):
    redis = build_storage("portal", {"REDIS_URL": "redis://127.0.0.1:6390/3", "INSTANCE_PATH": str(tmp_path)})
    assert isinstance(redis, RedisStorage)
    sqlite = build_storage("portal", {"REDIS_URL": "", "INSTANCE_PATH": str(tmp_path / "instance")})
    assert isinstance(sqlite, SqliteStorage) and sqlite.filename == str(
        tmp_path / "instance" / "jobs.sqlite3"
    )


def test_the_storage_is_chosen_from_the_settings_when_first_used(monkeypatch, tmp_path):
    calls = []

    def load():
        calls.append(1)
        return {"REDIS_URL": "", "INSTANCE_PATH": str(tmp_path)}

    monkeypatch.setattr("portal.config.load", load)
    queue = PortalHuey("lazy-test")
    assert calls == []  # creating the instance (importing portal.jobs) reads no configuration
    assert isinstance(queue.storage, SqliteStorage) and queue.storage is queue.storage
    assert not queue.immediate  # the consumer outside any app: PORTAL_JOBS_IMMEDIATE is off
    assert calls == [1]


def test_a_task_outside_an_app_gets_the_consumers_app(app, monkeypatch):
    monkeypatch.setattr(worker, "_worker_app", app)
    assert not has_app_context()
    with app_context() as got:
        assert got is app and current_app._get_current_object() is app
    assert not has_app_context()
    with app.app_context(), app_context() as inner:  # inside an app (immediate mode): that app
        assert inner is app


def test_mail_goes_to_the_instance_directory_unless_smtp_is_configured(app, make_app, instance_path):
    with app.app_context():
        sink = mailer()
        assert isinstance(sink, DirectoryMailer) and sink.directory == instance_path / "mail"
    smtp_app = make_app(SMTP_URL="smtp://user:secret@mail.example:587?starttls=1")
    with smtp_app.app_context():
        assert isinstance(mailer(), SmtpMailer)
        assert "secret" not in repr(mailer())


def test_the_directory_mailer_writes_whole_eml_files(tmp_path):
    message = build_message(
        sender="no-reply@example.org", to="a@example.org", subject="Tere", body="Õun ja šokolaad"
    )
    DirectoryMailer(tmp_path / "mail").send(message)
    [path] = (tmp_path / "mail").iterdir()
    assert path.suffix == ".eml"
    parsed = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Tere" and parsed.get_content().strip() == "Õun ja šokolaad"
    assert parsed["Message-ID"].endswith("@example.org>")


class FakeSMTP:
    instances: list[FakeSMTP] = []

    def __init__(self, host, port, timeout=None, context=None):
        self.host, self.port, self.timeout = host, port, timeout
        self.log: list[tuple] = []
        FakeSMTP.instances.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.log.append(("quit",))

    def starttls(self, context=None):
        self.log.append(("starttls",))

    def login(self, user, password):
        self.log.append(("login", user, password))

    def send_message(self, message):
        self.log.append(("send", message["To"]))


@pytest.mark.parametrize(
    ("url", "expected", "port"),
    [
        (
            "smtp://pes%40example.org:p%3Ass@mail.example:587?starttls=1",
            [("starttls",), ("login", "pes@example.org", "p:ss"), ("send", "a@example.org"), ("quit",)],
            587,
        ),
        ("smtp://relay.internal", [("send", "a@example.org"), ("quit",)], 25),
    ],
)
def test_the_smtp_mailer_follows_its_url(monkeypatch, url, expected, port):
    FakeSMTP.instances.clear()
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    message = build_message(sender="no-reply@example.org", to="a@example.org", subject="s", body="b")
    SmtpMailer(url).send(message)
    [smtp] = FakeSMTP.instances
    assert smtp.port == port and smtp.log == expected


def test_an_smtp_url_must_name_a_host():
    with pytest.raises(ValueError):
        SmtpMailer("mail.example:25")
