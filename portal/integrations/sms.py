"""Sending SMS: to a gateway over HTTP when configured, else into a directory of `.txt` files.

`HttpSmsSender(url)` POSTs JSON `{"to": ..., "text": ...}` (the gateway answers 2xx when it took
the message); `DirectorySmsSender(path)` is the development sink beside the mail sink: every
message is a small text file with `To:` and `Date:` lines, an empty line and the text. Neither
knows about Flask or the models.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Protocol

import httpx

SMS_TIMEOUT_SECONDS = 10


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None: ...


class DirectorySmsSender:
    """Writes each message as `<time>-<id>.txt` into a directory (a development SMS sink)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"DirectorySmsSender({str(self.directory)!r})"

    def send(self, to: str, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        now = dt.datetime.now(dt.UTC)
        name = f"{now:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:12]}.txt"
        partial = self.directory / f".{name}.tmp"
        partial.write_text(
            f"To: {to}\nDate: {now.isoformat(timespec='seconds')}\n\n{text}\n", encoding="utf-8"
        )
        partial.replace(self.directory / name)  # whole files only, for anyone watching the directory


class HttpSmsSender:
    """POSTs `{"to", "text"}` as JSON to a gateway; any non-2xx answer raises `httpx.HTTPError`."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = SMS_TIMEOUT_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.transport = transport

    def __repr__(self) -> str:  # the URL may carry a key: show the host only
        return f"HttpSmsSender({httpx.URL(self.url).host!r})"

    def send(self, to: str, text: str) -> None:
        with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            response = client.post(self.url, json={"to": to, "text": text})
            response.raise_for_status()
