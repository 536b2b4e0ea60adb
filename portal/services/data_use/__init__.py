"""Who used my data: every use of one person's data the portal knows of, newest first, paged in SQL.

Four kinds, from two append-only logs:
- `staff`: audit events about the person by someone acting in a staff role (a case opened, a queue
  that listed them, a decision, a break-glass opening of another office's case with its reason);
- `employer`: audit events about the person by someone acting for a company (the shortlist of a
  vacancy that showed them, an outcome recorded), shown with the company's name, never the
  representative's (withheld as counsellors' are);
- `register`: X-Road messages the PES sent to a register about them (the query log, outgoing);
- `institution`: X-Road messages another institution sent the PES about them (incoming).

A page's cost does not grow with the uses recorded about the person (issue 18): a counsellor who
opens a case a hundred times a day adds a hundred rows. The list is paged by keyset, not by offset:
a page is the uses after the last one shown, in one order that no two uses share (the moment, newest
first, then the log, then the id, so uses recorded in the same microsecond neither repeat nor go
missing between pages). Each log is read in parts of one actor role or one direction, every part
from its own index in that order (`ix_audit_event_subject_role_occurred`,
`ix_xroad_query_subject_direction_occurred`: the person, the role or direction, the moment, the id),
so a part reads at most one page and one entry past the cursor, however deep the page. The count
beside the list stops at COUNT_CAP ("more than 1000 uses"). The columns the page shows of each use
(its audit event or X-Road message by id) are read in the same statement, after the keys are
limited to the page; the vacancies of employers' uses are one more statement when the page shows
any: at most three statements with the person's code, whatever the page's length and depth.
Nothing about another person can appear: every part is filtered by this person alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.models import Person
from portal.profiles import CountryProfile
from portal.services.data_use.keyset import PERSON, page_keys
from portal.services.data_use.rows import page_uses, register_of
from portal.services.data_use.uses import (
    AUDIT_LOG,
    BREAK_GLASS_DETAIL,
    COUNT_CAP,
    EMPLOYER_ROLE,
    PAGE_SIZE,
    PERIOD_DAYS,
    STAFF_ROLES,
    XROAD_LOG,
    Cursor,
    Period,
    Use,
    UseKind,
    UsePage,
)

__all__ = [
    "AUDIT_LOG",
    "BREAK_GLASS_DETAIL",
    "COUNT_CAP",
    "EMPLOYER_ROLE",
    "PAGE_SIZE",
    "PERIOD_DAYS",
    "STAFF_ROLES",
    "XROAD_LOG",
    "Cursor",
    "Period",
    "Use",
    "UseKind",
    "UsePage",
    "register_of",
    "uses_of",
]

_PERSON_CODE = select(Person.national_code).where(Person.id == PERSON)


def uses_of(
    person_id: int,
    profile: CountryProfile,
    *,
    kind: UseKind | None = None,
    period: Period = Period.ALL,
    before: Cursor | None = None,
    after: Cursor | None = None,
    now: dt.datetime | None = None,
    size: int | None = None,
    national_code: str | None = None,
) -> UsePage:
    """One page of the uses of this person's data, newest first: the newest page, the page of the
    uses older than `before` (the next page), or of those newer than `after` (the previous page).
    A cursor that leads nowhere (no newer uses past `after`, none older than `before`) gives the
    newest page. `national_code` is the person's when the caller knows it (the signed-in person's
    session read it), else read: the X-Road log is keyed by it."""
    size = size or PAGE_SIZE
    # The code alone, not the person's whole row.
    code = national_code or db.session.scalar(_PERSON_CODE, {"person": person_id})
    if code is None:
        return UsePage([], 0)
    days = PERIOD_DAYS[period]
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days) if days else None
    values: dict[str, Any] = {"person": person_id, "code": code}
    values |= {"since": since} if since else {}
    names = profile.data_use.show_staff_names
    keys, counted, unread = page_keys(kind, values, before=before, after=after, size=size, names=names)
    if (after is not None and len(keys) <= size) or (before is not None and not keys):
        keys, counted, unread = page_keys(kind, values, before=None, after=None, size=size, names=names)
        before = after = None
    more = len(keys) > size
    keys = keys[:size]
    if after is not None:
        keys.reverse()  # read from the cursor up, oldest first; shown newest first
        newer, older = (keys[0][1] if more else None), keys[-1][1]
    else:
        newer = keys[0][1] if before is not None else None
        older = keys[-1][1] if more else None
    uses = page_uses(keys, profile)
    return UsePage(uses, min(counted, COUNT_CAP), counted <= COUNT_CAP, newer, older, unread)
