"""The nightly checks' runs as the back office lists them: a page of the list's columns, newest
first, read on the driver's cursor (the page htmx polls while a run is in progress)."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.models import ReconciliationRun
from portal.services.paging import Listing, paginate_counted_kept

PAGE_SIZE = 20

_RUN_COLUMNS = (
    ReconciliationRun.id,
    ReconciliationRun.kind,
    ReconciliationRun.night,
    ReconciliationRun.state,
    ReconciliationRun.started_at,
    ReconciliationRun.finished_at,
    ReconciliationRun.batches_total,
    ReconciliationRun.batches_done,
    ReconciliationRun.persons_checked,
    ReconciliationRun.proposals_made,
    ReconciliationRun.errors,
)


class RunRow(namedtuple("RunRow", [column.key for column in _RUN_COLUMNS])):
    """A run as the list shows it: its columns, with the entity's `percent_done` and `is_running`."""

    __slots__ = ()

    percent_done = ReconciliationRun.percent_done
    is_running = ReconciliationRun.is_running


@dataclass(frozen=True)
class RunPage:
    runs: list[RunRow]
    total: int
    page: int
    pages: int


# Made once (`Listing`): no statement construction per page. The list's columns only, read on the
# driver's cursor (`core_rows.read_kept`) with the COUNT as the page's last column
# (`Listing.counted_page`): one statement, where the ORM's COUNT and page of entities were two,
# each through the ORM's execution (on the empty list the COUNT's execution alone was about a
# sixth of the instructions of the fragment htmx polls).
_RUNS = Listing(
    select(*_RUN_COLUMNS).order_by(ReconciliationRun.started_at.desc(), ReconciliationRun.id.desc()),
    count=select(func.count()).select_from(ReconciliationRun),
)


def _run_row(columns: tuple) -> RunRow:
    return tuple.__new__(RunRow, columns)


def recent_runs(page: int = 1) -> RunPage:
    """Page `page` of the runs, newest first (past the end: the last page), on the driver's cursor."""
    found = paginate_counted_kept(_RUNS, page, PAGE_SIZE, make=_run_row)
    return RunPage(found.items, found.total, found.number, found.pages)
