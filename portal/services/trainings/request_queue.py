"""The back office's queue of training requests waiting for an answer, oldest first (the page
`/back-office/training-requests`); asking, withdrawing and deciding are `requests`'."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import bindparam, func, select

from portal.extensions import db
from portal.models import Person, Training, TrainingRequest, TrainingRequestState
from portal.models.person import full_name
from portal.services import core_rows
from portal.services.paging import MAX_SIZE, Page, counted


class QueueRow(NamedTuple):
    """A request of the queue as the queue page shows it."""

    id: int
    person_id: int
    created_at: dt.datetime
    given_name: str
    family_name: str
    country: str  # with `national_code`, the audit's pseudonym of the person
    national_code: str
    training_title: str
    seats_total: int
    seats_taken: int

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def seats_free(self) -> int:  # as `Training.seats_free`
        return max(self.seats_total - self.seats_taken, 0)


_WAITING = TrainingRequest.state == TrainingRequestState.REQUESTED
# What the queue shows of each request (`QueueRow`), columns only: the requests, their people and
# trainings made as ORM objects cost more than the statement.
_QUEUE = (
    select(
        TrainingRequest.id,
        TrainingRequest.person_id,
        TrainingRequest.created_at,
        Person.given_name,
        Person.family_name,
        Person.country,
        Person.national_code,
        Training.title.label("training_title"),
        Training.seats_total,
        Training.seats_taken,
    )
    .join(Person, Person.id == TrainingRequest.person_id)
    .join(Training, Training.id == TrainingRequest.training_id)
    .where(_WAITING)
    .order_by(TrainingRequest.created_at, TrainingRequest.id)
    .limit(bindparam("page_limit"))
    .offset(bindparam("page_offset"))
)
_QUEUE_COUNT = select(func.count()).select_from(TrainingRequest).where(_WAITING)


def queue(page: int, per_page: int = 25) -> Page[QueueRow]:
    """Requests waiting for an answer, oldest first, with person and training (one query, and a
    count when the first page is full or a later one is asked for)."""
    per_page = min(max(per_page, 1), MAX_SIZE)
    page = max(page, 1)
    found = core_rows.read(_QUEUE, {"page_limit": per_page, "page_offset": (page - 1) * per_page})
    rows = [QueueRow(*values) for values in found]
    total = counted(rows, page, per_page, lambda: db.session.scalar(_QUEUE_COUNT) or 0)
    return Page(items=rows, total=total, number=page, size=per_page)
