"""One X-Road message as the protocol and the query log see it: the provided service's id, why the
call is made and for whom (its headers), and the query log's record of it. No I/O here; the
client (`client.py`) sends messages, the register modules read their answers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote


@dataclass(frozen=True)
class ServiceId:
    """`INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE` of a provided service."""

    instance: str
    member_class: str
    member_code: str
    subsystem: str
    service_code: str

    @classmethod
    def parse(cls, text: str) -> ServiceId:
        parts = text.strip().split("/")
        if len(parts) != 5 or not all(parts):
            raise ValueError(
                f"An X-Road service id has five parts INSTANCE/CLASS/MEMBER/SUBSYSTEM/CODE: {text!r}"
            )
        return cls(*parts)

    def __str__(self) -> str:
        return "/".join(self.parts)

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.instance, self.member_class, self.member_code, self.subsystem, self.service_code)

    @property
    def url_path(self) -> str:
        # The protocol percent-encodes each identifier part on its own; "/" inside a part is data.
        return "/".join(quote(part, safe="") for part in self.parts)


@dataclass(frozen=True)
class CallContext:
    """Why a call is made and for whom; goes into the X-Road headers and the query log."""

    purpose: str
    subject: str | None = None  # national code of the person the data is about
    on_behalf_of: str | None = None  # country-prefixed user id (X-Road-UserId); None for batch jobs
    issue: str | None = None  # the application or case reference (X-Road-Issue)


@dataclass(frozen=True)
class QueryRecord:
    """One X-Road message as the query log keeps it. Never holds response data."""

    xroad_id: str
    service: str
    operation: str
    context: CallContext
    outcome: str
    http_status: int | None
    error_type: str | None
    duration_ms: int
    attempt: int
    occurred_at: dt.datetime


class QueryLog(Protocol):
    def record(self, entry: QueryRecord) -> None: ...


class NoQueryLog:
    def record(self, entry: QueryRecord) -> None:
        return None


# fullmatch: with `match` and `$`, a value ending in a newline passed the check and failed later,
# inside httpx, as if the security server could not be reached.
_USER_ID = re.compile(r"[A-Z]{2}[0-9A-Za-z]{1,62}")
_ISSUE = re.compile(r"[!-~]([ -~]{0,253}[!-~])?")


def request_headers(client_id: str, xroad_id: str, context: CallContext) -> dict[str, str]:
    """The request headers of one message. Checked before sending: a malformed header is our bug."""
    if context.on_behalf_of and not _USER_ID.fullmatch(context.on_behalf_of):
        raise ValueError("X-Road-UserId must be a country code followed by the national code")
    if context.issue and not _ISSUE.fullmatch(context.issue):
        raise ValueError("X-Road-Issue must be printable ASCII, at most 255 characters")
    sent = {"X-Road-Client": client_id, "X-Road-Id": xroad_id, "Accept": "application/json"}
    if context.on_behalf_of:
        sent["X-Road-UserId"] = context.on_behalf_of
    if context.issue:
        sent["X-Road-Issue"] = context.issue
    return sent
