"""The page's keys: which uses (their kind, log, moment and id) a page shows and how many there are,
read from the logs' indexes in page order (see the package's docstring)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, literal, or_, select, true, union_all

from portal.models import AuditEvent, QueryDirection, XRoadQuery
from portal.services import inbox
from portal.services.core_rows import read_kept
from portal.services.data_use.rows import with_columns
from portal.services.data_use.uses import (
    AUDIT_LOG,
    COUNT_CAP,
    EMPLOYER_ROLE,
    STAFF_ROLES,
    XROAD_LOG,
    Cursor,
    UseKind,
)

# The statements are kept per shape (the kind, a period or none, the cursor's direction and log, the
# page's length), their values bound at each execution: building the union of six limited subqueries
# cost about as much CPU as running it.
PERSON, _CODE, _SINCE = bindparam("person"), bindparam("code"), bindparam("since")
_AT, _ID = bindparam("at"), bindparam("cursor_id")


@dataclass(frozen=True)
class _Part:
    """The uses of one kind from one actor role or one direction: one index range, in page order."""

    kind: UseKind
    log: str
    occurred_at: Any  # the table's column
    id: Any
    conditions: tuple[ColumnElement[bool], ...]

    def past(self, log: str, *, older: bool) -> ColumnElement[bool]:
        """This part's uses past the cursor (`at`, `log`, `cursor_id`) in the page order: older
        (`before`) or newer (`after`). The moment's bound is the index range; the id decides only
        among the cursor's own moment, and only in the cursor's own log."""
        moment, id_ = self.occurred_at, self.id
        if older:
            if self.log == log:
                return and_(moment <= _AT, or_(moment < _AT, id_ < _ID))
            return moment <= _AT if self.log < log else moment < _AT
        if self.log == log:
            return and_(moment >= _AT, or_(moment > _AT, id_ > _ID))
        return moment >= _AT if self.log > log else moment > _AT


def _parts(kind: UseKind | None, since: bool) -> list[_Part]:
    """One part per actor role (staff roles, the employer) and per X-Road direction: an equality
    on each column of its index before the moment, so the index gives the part in page order (an
    IN list of roles would read every event of the roles and sort them)."""
    parts = []
    if kind in (None, UseKind.STAFF, UseKind.EMPLOYER):
        roles = [(UseKind.STAFF, role) for role in STAFF_ROLES] if kind != UseKind.EMPLOYER else []
        roles += [(UseKind.EMPLOYER, EMPLOYER_ROLE)] if kind != UseKind.STAFF else []
        for use_kind, role in roles:
            conditions = [AuditEvent.subject_person_id == PERSON, AuditEvent.actor_role == role]
            conditions += [AuditEvent.occurred_at >= _SINCE] if since else []
            parts.append(_Part(use_kind, AUDIT_LOG, AuditEvent.occurred_at, AuditEvent.id, tuple(conditions)))
    for use_kind, direction in (
        (UseKind.REGISTER, QueryDirection.OUTGOING),
        (UseKind.INSTITUTION, QueryDirection.INCOMING),
    ):
        if kind in (None, use_kind):
            conditions = [XRoadQuery.subject_code == _CODE, XRoadQuery.direction == direction]
            conditions += [XRoadQuery.occurred_at >= _SINCE] if since else []
            parts.append(_Part(use_kind, XROAD_LOG, XRoadQuery.occurred_at, XRoadQuery.id, tuple(conditions)))
    return parts


@functools.cache
def count_statement(kind: UseKind | None, since: bool, limit: int) -> Select[Any]:
    """How many uses the parts hold, reading no further than `limit` index entries in all."""
    union = union_all(
        *(select(literal(1).label("one")).where(*part.conditions) for part in _parts(kind, since))
    )
    return select(func.count()).select_from(union.limit(limit).subquery())


@functools.cache
def _keys_statement(
    kind: UseKind | None, since: bool, cursor: tuple[bool, str] | None, limit: int, names: bool
) -> Select[Any]:
    """Up to `limit` uses past the cursor ((older, log), or from the newest without one), in the
    order read: newest first, or oldest first for the newer ones, each with the columns the page
    shows of it (`rows.with_columns`; the staff members' names only when the profile shows them).
    Each part gives at most `limit` from its index, already in
    order; the union merges those few."""
    ascending = cursor is not None and not cursor[0]
    selects: list[Select[Any]] = []
    for part in _parts(kind, since):
        moment, id_ = part.occurred_at, part.id
        statement = select(
            literal(part.kind.value).label("kind"),
            literal(part.log).label("log"),
            id_.label("id"),
            moment.label("occurred_at"),
        ).where(*part.conditions)
        if cursor is not None:
            statement = statement.where(part.past(cursor[1], older=cursor[0]))
        order = (moment.asc(), id_.asc()) if ascending else (moment.desc(), id_.desc())
        limited = statement.order_by(*order).limit(limit).subquery()
        selects.append(select(limited))  # SQLite takes no LIMIT on a compound's member itself
    union = union_all(*selects).subquery() if len(selects) > 1 else selects[0].subquery()

    def ordered(columns: tuple[Any, ...]) -> list[Any]:
        return [column.asc() if ascending else column.desc() for column in columns]

    # The page's keys ordered and limited on their own: PostgreSQL merges the parts (a Merge
    # Append reads one entry past the page's from each part, not `limit` from every part and a
    # sort of them all), and the columns the page shows are read for these few rows alone.
    keys = (
        select(union)
        .order_by(*ordered((union.c.occurred_at, union.c.log, union.c.id)))
        .limit(limit)
        .subquery("keys")
    )
    # Beside each key, the capped count and the navigation's unread messages: two statements
    # fewer, each a round trip on PostgreSQL. Their one-row subquery is joined to the keys (at least
    # one row, with no keys too), which also keeps SQLite from copying the two subqueries into
    # each part of the union, as it does with columns of the union's own query.
    figures = select(
        count_statement(kind, since, COUNT_CAP + 1).scalar_subquery().label("counted"),
        inbox.unread_count_of(PERSON).label("unread"),
    ).subquery("figures")
    return with_columns(
        select(keys.c.kind, keys.c.log, keys.c.id, keys.c.occurred_at, figures.c.counted, figures.c.unread),
        figures.outerjoin(keys, true()),
        keys,
        names=names,
    ).order_by(*ordered((keys.c.occurred_at, keys.c.log, keys.c.id)))


class Keys(NamedTuple):
    keys: list[tuple[UseKind, Cursor, tuple[Any, ...]]]  # each use's place and its columns (`rows`)
    counted: int  # the uses matching the filters, up to COUNT_CAP + 1
    unread: int  # the person's unread messages


def page_keys(
    kind: UseKind | None,
    values: dict[str, Any],
    *,
    before: Cursor | None,
    after: Cursor | None,
    size: int,
    names: bool = False,
) -> Keys:
    """Up to `size + 1` uses past the cursor with their columns, the count and the unread messages."""
    cursor = after or before
    shape = (cursor is before, cursor.log) if cursor is not None else None
    if cursor is not None:
        values = {**values, "at": cursor.occurred_at, "cursor_id": cursor.id}
    rows = read_kept(_keys_statement(kind, "since" in values, shape, size + 1, names), values)[1]
    # Unpacked, not read by name: a row's attribute is found only after the lookup on its class
    # failed (an AttributeError made and dropped per column).
    first = rows[0]
    return Keys(
        [(_KINDS[row[0]], Cursor(row[3], row[1], row[2]), row[6:]) for row in rows if row[2] is not None],
        first[4] or 0,
        first[5] or 0,
    )


_KINDS = {kind.value: kind for kind in UseKind}
