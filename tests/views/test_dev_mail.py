"""`PORTAL_DEV_MAIL=1` mounts the development mail and SMS sink page at /dev-mail."""

from __future__ import annotations

import pytest

from portal.config import ConfigurationError, load
from portal.integrations.mail import DirectoryMailer, build_message
from portal.integrations.sms import DirectorySmsSender


def fill_sinks(instance_path) -> None:
    mailer = DirectoryMailer(instance_path / "mail")
    mailer.send(
        build_message(sender="no-reply@localhost", to="first@example.ee", subject="First", body="One")
    )
    mailer.send(
        build_message(
            sender="no-reply@localhost",
            to="second@example.ee",
            subject="Second <b>bold</b>",
            body="Two\n\nSee http://127.0.0.1:5000/jobseeker/inbox",
        )
    )
    DirectorySmsSender(instance_path / "sms").send("+372 5123 4567", "Something new: http://x/inbox")


def test_the_sink_lists_mail_and_sms_newest_first(make_app, instance_path):
    fill_sinks(instance_path)
    client = make_app(DEV_MAIL=True).test_client()
    response = client.get("/dev-mail/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="en"' in page and page.count("<h1") == 1
    assert page.index("second@example.ee") < page.index("first@example.ee")  # newest first
    assert "Second &lt;b&gt;bold&lt;/b&gt;" in page  # escaped, never rendered
    assert "See http://127.0.0.1:5000/jobseeker/inbox" in page
    assert "+372 5123 4567" in page and "Something new: http://x/inbox" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert "second@example.ee" in client.get("/dev-mail").get_data(as_text=True)


def test_an_empty_sink_says_so(make_app):
    page = make_app(DEV_MAIL=True).test_client().get("/dev-mail/").get_data(as_text=True)
    assert "No e-mail yet." in page and "No SMS yet." in page


def test_without_the_flag_nothing_is_mounted(make_app, instance_path):
    fill_sinks(instance_path)
    client = make_app().test_client()
    assert client.get("/dev-mail/").status_code == 404
    assert client.get("/dev-mail").status_code == 404


def test_production_refuses_the_flag(tmp_path):
    with pytest.raises(ConfigurationError, match="PORTAL_DEV_MAIL cannot be enabled in production"):
        load({"ENV": "production", "DEV_MAIL": True}, environ={}, instance_path=tmp_path)
