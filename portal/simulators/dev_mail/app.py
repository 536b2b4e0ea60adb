"""A development mail and SMS sink page: what the portal "sent", read from its sink directories.

The portal writes every e-mail as an `.eml` file (`DirectoryMailer`) and every SMS as a `.txt`
file (`DirectorySmsSender`) when no SMTP server or SMS gateway is configured. This small app lists
them, newest first, at `/dev-mail` when `PORTAL_DEV_MAIL=1` (never in production). It knows
nothing of the portal: it is given the two directories.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from flask import Flask, Response, render_template

MAX_ITEMS = 200


@dataclass(frozen=True)
class Mail:
    name: str
    to: str
    subject: str
    date: str
    body: str


@dataclass(frozen=True)
class Sms:
    name: str
    to: str
    date: str
    text: str


def _newest_first(directory: Path, suffix: str) -> list[Path]:
    if not directory.is_dir():
        return []
    files = [path for path in directory.iterdir() if path.suffix == suffix and not path.name.startswith(".")]
    # Names start with the UTC time they were written, so the name orders them.
    return sorted(files, key=lambda path: path.name, reverse=True)[:MAX_ITEMS]


def _when(value: str | None) -> str:
    if not value:
        return ""
    try:
        return parsedate_to_datetime(value).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (TypeError, ValueError):
        return value


def read_mail(directory: Path) -> list[Mail]:
    mails = []
    for path in _newest_first(directory, ".eml"):
        try:
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            part = message.get_body(preferencelist=("plain", "html"))
            body = part.get_content() if part is not None else ""
        except (OSError, LookupError, ValueError):
            continue  # deleted meanwhile, or not a message: skip it
        mails.append(
            Mail(
                name=path.name,
                to=str(message.get("To", "")),
                subject=str(message.get("Subject", "")),
                date=_when(message.get("Date")),
                body=body,
            )
        )
    return mails


def read_sms(directory: Path) -> list[Sms]:
    messages = []
    for path in _newest_first(directory, ".txt"):
        try:
            head, _, text = path.read_text(encoding="utf-8").partition("\n\n")
        except (OSError, UnicodeDecodeError):
            continue
        fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        messages.append(
            Sms(name=path.name, to=fields.get("To", ""), date=fields.get("Date", ""), text=text.strip())
        )
    return messages


def create_dev_mail_app(
    mail_directory: str | os.PathLike[str], sms_directory: str | os.PathLike[str]
) -> Flask:
    app = Flask(__name__)
    app.url_map.strict_slashes = False  # /dev-mail and /dev-mail/ both show the page
    mail_path, sms_path = Path(mail_directory), Path(sms_directory)

    @app.get("/")
    def index():
        return render_template(
            "dev_mail/index.html",
            mails=read_mail(mail_path),
            sms=read_sms(sms_path),
            mail_directory=mail_path,
            sms_directory=sms_path,
        )

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )
        return response

    return app
