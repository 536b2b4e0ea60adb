"""The back office's catalogue of trainings and measures: create, edit, publish, close.

A training moves draft → published → closed and never back: a published course has people who
asked to join it, so it is closed (no new requests) rather than unpublished. Seats can be lowered
only down to the seats already taken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, select, update

from portal.extensions import db
from portal.models import Measure, MeasureKind, Training, TrainingState
from portal.models.base import utcnow
from portal.services.core_rows import read_kept, read_kept_named
from portal.services.paging import MAX_SIZE, Page, counted


class NotFound(Exception):
    pass


class WrongState(Exception):
    """The training is not in a state that allows this (e.g. publishing a closed course)."""


class SeatsBelowTaken(Exception):
    """Fewer seats than the people already approved."""


@dataclass(frozen=True)
class TrainingInput:
    """What the back office form gives; only these fields are ever written (no mass assignment)."""

    title: str
    provider_name: str
    description: str
    isco_code: str | None
    starts_on: dt.date
    ends_on: dt.date
    hours: int
    municipality_code: str | None
    remote: bool
    language: str
    seats_total: int
    certificate: str


@dataclass(frozen=True)
class MeasureInput:
    kind: MeasureKind
    title: str
    description: str
    eligibility_key: str
    active: bool


def _apply(training: Training, data: TrainingInput) -> None:
    training.title = data.title
    training.provider_name = data.provider_name
    training.description = data.description
    training.isco_code = data.isco_code or None
    training.starts_on = data.starts_on
    training.ends_on = data.ends_on
    training.hours = data.hours
    training.municipality_code = data.municipality_code or None
    training.remote = data.remote
    training.language = data.language
    training.seats_total = data.seats_total
    training.certificate = data.certificate


def create_training(data: TrainingInput, staff_id: int | None) -> Training:
    with db.write() as session:
        training = Training(state=TrainingState.DRAFT, seats_taken=0, created_by_staff_id=staff_id)
        _apply(training, data)
        session.add(training)
        session.flush()
        return training


def update_training(training_id: int, data: TrainingInput) -> Training:
    with db.write() as session:
        # Locked, so a concurrent approval cannot slip a seat under the new total.
        training = session.scalar(select(Training).where(Training.id == training_id).with_for_update())
        if training is None:
            raise NotFound
        if not training.is_editable:
            raise WrongState
        if data.seats_total < training.seats_taken:
            raise SeatsBelowTaken
        _apply(training, data)
        return training


def _move(training_id: int, allowed: tuple[TrainingState, ...], to: TrainingState) -> Training:
    with db.write() as session:
        now = utcnow()
        values: dict[str, object] = {"state": to, "updated_at": now}
        values["published_at" if to is TrainingState.PUBLISHED else "closed_at"] = now
        # Conditional, so two counsellors pressing the button at once change it once.
        moved = session.execute(
            update(Training)
            .where(Training.id == training_id, Training.state.in_(allowed))
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
        training = session.get(Training, training_id)
        if training is None:
            raise NotFound
        if not moved:
            raise WrongState
        session.refresh(training)
        return training


def publish(training_id: int) -> Training:
    return _move(training_id, (TrainingState.DRAFT,), TrainingState.PUBLISHED)


def close(training_id: int) -> Training:
    return _move(training_id, (TrainingState.DRAFT, TrainingState.PUBLISHED), TrainingState.CLOSED)


# The statements are made once, their values bound per execution: building and keying a SELECT
# cost about as much CPU as running it on the short lists here.
_STATE, _LIMIT, _OFFSET = bindparam("state"), bindparam("page_limit"), bindparam("page_offset")
_NEWEST_FIRST = (Training.starts_on.desc(), Training.id.desc())
# The list's columns only, read as named tuples on the driver's cursor (`core_rows.read_kept_named`):
# entities with every column (a description of up to 4,000 characters) and the ORM's loading cost
# about a tenth of the back office's list page.
_LISTED = (
    Training.id,
    Training.title,
    Training.provider_name,
    Training.starts_on,
    Training.seats_taken,
    Training.seats_total,
    Training.state,
)
_ALL_TRAININGS = select(*_LISTED).order_by(*_NEWEST_FIRST).limit(_LIMIT).offset(_OFFSET)
_TRAININGS_IN_STATE = (
    select(*_LISTED).where(Training.state == _STATE).order_by(*_NEWEST_FIRST).limit(_LIMIT).offset(_OFFSET)
)
_COUNT_ALL = select(func.count()).select_from(Training)
_COUNT_IN_STATE = select(func.count()).select_from(Training).where(Training.state == _STATE)
_PUBLISHED = select(Training).where(
    Training.id == bindparam("training_id"), Training.state == TrainingState.PUBLISHED
)


def trainings_page(state: TrainingState | None, page: int, per_page: int = 25) -> Page[Any]:
    """The back office list, newest first, paginated and counted in SQL: rows of the columns the
    list shows (id, title, provider_name, starts_on, seats_taken, seats_total, state). A page past
    the end is shown empty (not the last page, as `paging.paginate` would)."""
    per_page = min(max(per_page, 1), MAX_SIZE)
    page = max(page, 1)
    values = {"page_limit": per_page, "page_offset": (page - 1) * per_page}
    if state is not None:
        values["state"] = state
    rows = read_kept_named(_ALL_TRAININGS if state is None else _TRAININGS_IN_STATE, values)
    total = counted(
        rows,
        page,
        per_page,
        lambda: db.session.scalar(_COUNT_ALL if state is None else _COUNT_IN_STATE, values) or 0,
    )
    return Page(items=rows, total=total, number=page, size=per_page)


def get_training(training_id: int) -> Training | None:
    return db.session.get(Training, training_id)


class ShownTraining(NamedTuple):
    """What the edit page shows of a training and fills its form with (`shown_training`)."""

    id: int
    title: str
    provider_name: str
    description: str
    isco_code: str | None
    starts_on: dt.date
    ends_on: dt.date
    hours: int
    municipality_code: str | None
    remote: bool
    language: str
    seats_total: int
    certificate: str
    seats_taken: int
    state: TrainingState

    @property
    def is_editable(self) -> bool:  # as `Training.is_editable`
        return self.state != TrainingState.CLOSED


# The edit page's columns of one training, on the driver's cursor (`core_rows.read_kept`): the
# ORM's `get` (an entity, its identity and state) cost about a tenth of the page.
_SHOWN = select(*(getattr(Training, name) for name in ShownTraining._fields)).where(
    Training.id == bindparam("training_id")
)


def shown_training(training_id: int) -> ShownTraining | None:
    """The training as it is stored, for a page that only shows it (no entity in the session)."""
    found = read_kept(_SHOWN, {"training_id": training_id})[1]
    return ShownTraining(*found[0]) if found else None


def published_training(training_id: int) -> Training | None:
    """A training the public may see: published only (drafts and closed courses are not found)."""
    return db.session.scalar(_PUBLISHED, {"training_id": training_id})


# --- measures -----------------------------------------------------------------------------------


# Built once: a training request case lists the active measures on every view.
_MEASURES = select(Measure).order_by(Measure.kind, Measure.title)
_ACTIVE_MEASURES = _MEASURES.where(Measure.active.is_(True))


def measures(active_only: bool = False) -> list[Measure]:
    return list(db.session.scalars(_ACTIVE_MEASURES if active_only else _MEASURES))


def get_measure(measure_id: int) -> Measure | None:
    return db.session.get(Measure, measure_id)


def _apply_measure(measure: Measure, data: MeasureInput) -> None:
    measure.kind = data.kind
    measure.title = data.title
    measure.description = data.description
    measure.eligibility_key = data.eligibility_key
    measure.active = data.active


def create_measure(data: MeasureInput) -> Measure:
    with db.write() as session:
        measure = Measure()
        _apply_measure(measure, data)
        session.add(measure)
        session.flush()
        return measure


def update_measure(measure_id: int, data: MeasureInput) -> Measure:
    with db.write() as session:
        measure = session.get(Measure, measure_id)
        if measure is None:
            raise NotFound
        _apply_measure(measure, data)
        return measure
