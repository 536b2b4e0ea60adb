"""The person's exports not yet expired, as "Download your data" lists them, and the navigation's
unread count, in one statement of columns.

The page read the exports as ORM objects and the navigation's count in a statement of its own: two
round trips on PostgreSQL, and the ORM's execution for a list that is empty on most views. Now the
person's row, left-joined to their exports, gives at least one row (the person's own, its export
columns NULL when there is none), read on the driver's cursor (`core_rows.read_kept`).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import and_, bindparam, select

from portal.models import DataExport, ExportState, Person
from portal.models.base import utcnow
from portal.services import inbox
from portal.services.core_rows import read_kept


class ExportRow(NamedTuple):
    """What the page shows of an export, by the model's names."""

    id: int
    state: ExportState
    requested_at: dt.datetime
    expires_at: dt.datetime


_PERSON = bindparam("person_id")
# Built once: the person's row with each export not yet expired (by the moment bound), newest first.
_EXPORTS = (
    select(
        inbox.unread_count_of(Person.id),
        DataExport.id,
        DataExport.state,
        DataExport.requested_at,
        DataExport.expires_at,
    )
    .select_from(Person)
    .outerjoin(
        DataExport,
        and_(
            DataExport.person_id == Person.id,
            DataExport.expires_at > bindparam("now", type_=DataExport.expires_at.type),
        ),
    )
    .where(Person.id == _PERSON)
    .order_by(DataExport.id.desc())
)


def exports_of(person_id: int) -> list[ExportRow]:
    """The person's exports not yet expired, newest first; the navigation's unread count is kept
    for the request (`inbox.keep_unread_count`)."""
    rows = read_kept(_EXPORTS, {"person_id": person_id, "now": utcnow()})[1]
    if rows:
        inbox.keep_unread_count(person_id, rows[0][0])
    return [ExportRow(*row[1:]) for row in rows if row[1] is not None]
