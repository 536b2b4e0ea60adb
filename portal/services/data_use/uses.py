"""The uses of a person's data as the page shows them, and a use's place in the page order."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import NamedTuple

PAGE_SIZE = 25
COUNT_CAP = 1000  # the count stops here: "more than 1000 uses of your data"
STAFF_ROLES = ("counsellor", "supervisor", "administrator")
EMPLOYER_ROLE = "employer"
BREAK_GLASS_DETAIL = "break_glass_reason"  # the reason a staff member gave to open another office's case


class UseKind(enum.StrEnum):
    STAFF = "staff"
    EMPLOYER = "employer"
    REGISTER = "register"
    INSTITUTION = "institution"


class Period(enum.StrEnum):
    DAYS_30 = "30d"
    DAYS_90 = "90d"
    YEAR = "1y"
    ALL = "all"


PERIOD_DAYS = {Period.DAYS_30: 30, Period.DAYS_90: 90, Period.YEAR: 365, Period.ALL: None}

# The two logs, as the order's second key: of uses in the same microsecond, X-Road messages come
# first (newest first: descending), then audit events; within a log, the higher id first.
AUDIT_LOG, XROAD_LOG = "a", "x"


class Cursor(NamedTuple):
    """One use's place in the page order, compared as (moment, log, id); the page shows them
    descending. A named tuple, not a frozen dataclass: the page makes one per key it reads (26),
    and a frozen dataclass sets each field through `object.__setattr__`."""

    occurred_at: dt.datetime
    log: str  # AUDIT_LOG or XROAD_LOG
    id: int

    @property
    def token(self) -> str:
        """For a URL: `20261204042000123456-a1234` (UTC to the microsecond, the log, the id)."""
        return f"{self.occurred_at.astimezone(dt.UTC):%Y%m%d%H%M%S%f}-{self.log}{self.id}"

    @classmethod
    def parse(cls, token: str | None) -> Cursor | None:
        """The cursor a token names; None for anything else (a typo or a probe: the newest page)."""
        found = _TOKEN.fullmatch(token or "")
        if not found:
            return None
        try:
            moment = dt.datetime.strptime(found.group(1), "%Y%m%d%H%M%S%f").replace(tzinfo=dt.UTC)
        except ValueError:
            return None
        return cls(moment, found.group(2), int(found.group(3)))


_TOKEN = re.compile(r"(\d{20})-([ax])(\d{1,18})")


class Use(NamedTuple):
    """One use, immutable. A named tuple, not a frozen dataclass: a page builds 25 of them, and a
    frozen dataclass of 18 fields sets each through `object.__setattr__` (about 28,000 instructions
    a use, more than reading its row)."""

    kind: UseKind
    occurred_at: dt.datetime
    purpose: str
    # staff
    tag: str | None = None
    role: str | None = None
    office: str | None = None
    staff_name: str | None = None  # only when the profile shows staff names
    break_glass_reason: str | None = None
    data_categories: tuple[str, ...] = ()
    # employer
    company: str | None = None  # the company the representative acted for
    vacancy: str | None = None  # the vacancy's title
    # register and institution
    register: str | None = None  # the register's name (key of labels.REGISTER_TITLES) or service id
    client: str | None = None  # the asking institution's name, from the profile's directory
    operation: str | None = None
    xroad_id: str | None = None


@dataclass(frozen=True)
class UsePage:
    uses: list[Use]
    total: int  # uses matching the filters, at most COUNT_CAP
    total_exact: bool = True  # False: more than `total` uses match
    newer: Cursor | None = None  # the first use's place when newer uses exist (the previous page)
    older: Cursor | None = None  # the last use's place when older uses exist (the next page)
    unread: int | None = None  # the person's unread messages, read with the page (None: not read)

    @property
    def first(self) -> bool:
        """The newest page."""
        return self.newer is None
