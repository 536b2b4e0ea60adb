"""Sending e-mail: over SMTP when configured, else into a directory of `.eml` files.

`SmtpMailer("smtp://user:password@host:587?starttls=1")` speaks to a mail server (`smtps://` for
TLS from the first byte); `DirectoryMailer(path)` is the development mail sink: every message is a
file you can open in a mail program. Neither knows about Flask or the models.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_TIMEOUT_SECONDS = 15


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def build_message(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    html: str | None = None,
    sender_name: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A UTF-8 message with a date and a message id: plain text, and `html` as its alternative when
    given; `sender_name` is shown as who it is from."""
    message = EmailMessage()
    message["From"] = formataddr((sender_name, sender)) if sender_name else sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    domain = sender.rpartition("@")[2].strip(">") or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    for name, value in (headers or {}).items():  # e.g. List-Unsubscribe
        message[name] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


class SmtpMailer:
    """`smtp://[user:password@]host[:port][?starttls=1]` or `smtps://...` (implicit TLS)."""

    def __init__(self, url: str, *, timeout: float = SMTP_TIMEOUT_SECONDS) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("The SMTP URL must look like smtp://user:password@host:port")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        query = parse_qs(parts.query)
        self.starttls = query.get("starttls", ["0"])[-1].lower() in ("1", "true", "yes", "on")
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the password
        return f"SmtpMailer({'smtps' if self.implicit_tls else 'smtp'}://{self.host}:{self.port})"

    def send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.implicit_tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with connection as smtp:
            if self.starttls:
                smtp.starttls(context=context)
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


class DirectoryMailer:
    """Writes each message as `<time>-<id>.eml` into a directory (a development mail sink)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"DirectoryMailer({str(self.directory)!r})"

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:12]}.eml"
        partial = self.directory / f".{name}.tmp"
        partial.write_bytes(message.as_bytes())
        partial.replace(self.directory / name)  # whole files only, for anyone watching the directory
