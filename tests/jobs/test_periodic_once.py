"""A periodic job runs once per period however many consumers' schedulers ask for it."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.queue import huey
from tests.shared_services import redis_url_or_skip

MINUTELY = "send_due_outbox"  # the outbox's safety net, every minute
DAILY_AT_5 = "remind_counsellors"  # the counsellors' reminder, 05:00 UTC


def due(app, at: dt.datetime) -> set[str]:
    """What one consumer's scheduler enqueues when it looks at `at`."""
    with app.app_context():
        return {task.name for task in huey.read_periodic(at)}


@pytest.fixture(params=["sqlite", "redis"])
def consumers(request, make_app):
    """Two consumers (two apps, as two processes have) on one shared queue storage."""
    if request.param == "sqlite":
        return make_app(JOBS_IMMEDIATE=False), make_app(JOBS_IMMEDIATE=False)
    url = redis_url_or_skip()
    first = make_app(JOBS_IMMEDIATE=False, REDIS_URL=url)
    with first.app_context():
        huey.storage.flush_all()
    return first, make_app(JOBS_IMMEDIATE=False, REDIS_URL=url)


def test_two_consumers_enqueue_each_due_task_once_per_minute(consumers):
    first, second = consumers
    five = dt.datetime(2026, 12, 3, 5, 0, 12)
    assert {MINUTELY, DAILY_AT_5} <= due(first, five)
    # The other consumer's scheduler looks later in the same minute: nothing left for it.
    assert due(second, five.replace(second=47)) == set()
    # The next minute the minutely task is due again, once; the daily one is not.
    next_minute = due(second, five + dt.timedelta(minutes=1))
    assert MINUTELY in next_minute and DAILY_AT_5 not in next_minute
    assert MINUTELY not in due(first, five + dt.timedelta(minutes=1, seconds=30))
    # The next day's run is a new period.
    assert DAILY_AT_5 in due(first, five + dt.timedelta(days=1))
