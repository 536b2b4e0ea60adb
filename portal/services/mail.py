"""The app's mailer: SMTP with `PORTAL_SMTP_URL`, otherwise `.eml` files in `<instance>/mail/`."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import BuildError

from portal.integrations.mail import DirectoryMailer, Mailer, SmtpMailer, build_message

MAIL_DIRECTORY = "mail"


def mailer() -> Mailer:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "mailer" not in app.extensions:
        settings = app.config["PORTAL"]
        if settings["SMTP_URL"]:
            app.extensions["mailer"] = SmtpMailer(settings["SMTP_URL"])
        else:
            app.extensions["mailer"] = DirectoryMailer(Path(settings["INSTANCE_PATH"]) / MAIL_DIRECTORY)
    return app.extensions["mailer"]


def send_mail(*, to: str, subject: str, body: str) -> None:
    """Send a plain-text message from `PORTAL_MAIL_FROM`."""
    sender = current_app.config["PORTAL"]["MAIL_FROM"]
    mailer().send(build_message(sender=sender, to=to, subject=subject, body=body))


def absolute_url(endpoint: str, fallback_path: str, **values: Any) -> str:
    """An absolute link into the portal built from `PORTAL_PUBLIC_URL`, usable outside a request
    (mail sent by a background job). `fallback_path` when the endpoint is not registered."""
    public = current_app.config["PORTAL"]["PUBLIC_URL"].rstrip("/")
    parts = urlsplit(public)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    try:
        return adapter.build(endpoint, values, force_external=True)
    except BuildError:
        return public + fallback_path
