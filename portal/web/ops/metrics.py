"""`/metrics` in Prometheus's text format: what an operator watches, never about a person.

Two kinds of figures. Request latency and counts are recorded by each process as it serves; under
gunicorn `PROMETHEUS_MULTIPROC_DIR` (set by `gunicorn.conf.py`) lets one scrape add up every worker
of the instance, and each instance is scraped at its own address. The state the instances share
— queue depth, the outbox's backlog, register circuits, register errors — is read at scrape time
from PostgreSQL and Redis, so every instance reports the same deployment-wide values.

Not public: with `PORTAL_METRICS_TOKEN` a scraper sends it as a bearer token; without one, only a
client on the machine itself (loopback) is answered. Anyone else gets a plain 404.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, abort, current_app, request
from flask.globals import _cv_app, _cv_request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage, XRoadQuery
from portal.models.base import utcnow
from portal.settings import settings

REQUESTS = Counter(
    "portal_http_requests", "Requests served, by endpoint and status class", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time from the first hook to the response, by endpoint",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 6.0, 15.0),
)
# Decided when the metrics are created (here, at import), as prometheus_client decides where values live.
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
LOOPBACK = frozenset({"127.0.0.1", "::1"})
REGISTER_WINDOW = dt.timedelta(minutes=5)


def start_timer() -> None:
    _cv_app.get().g.metrics_started = time.perf_counter()


# Each label set's child metric, as `labels()` returns it: `labels()` checks and converts the values
# and takes the metric's lock on every call (twice a request). Forgotten past this many.
_CHILDREN_KEPT = 4096
_children: dict[tuple[str, ...], Any] = {}


def _child(metric: Counter | Histogram, *values: str) -> Any:
    key = (metric._name, *values)
    child = _children.get(key)
    if child is None:
        if len(_children) >= _CHILDREN_KEPT:
            _children.clear()
        child = _children[key] = metric.labels(*values)
    return child


def record(response: Response) -> Response:
    # `g` and the request themselves, from their context variables.
    started = _cv_app.get().g.__dict__.pop("metrics_started", None)
    if started is not None:
        incoming = _cv_request.get().request
        endpoint = incoming.endpoint or "unmatched"  # bounded labels: a 404's path is not one
        _child(LATENCY, endpoint).observe(time.perf_counter() - started)
        _child(REQUESTS, endpoint, incoming.method, f"{response.status_code // 100}xx").inc()
    return response


def allowed() -> bool:
    token = settings().metrics_token
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return secrets.compare_digest(given.encode(), token.encode())
    return request.remote_addr in LOOPBACK


class SharedStateCollector(Collector):
    """Deployment-wide gauges read at scrape time (needs the app in context)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from portal.queue import huey
        from portal.services import xroad

        queue = GaugeMetricFamily("portal_queue_tasks", "Background tasks waiting", labels=["kind"])
        queue.add_metric(["pending"], huey.pending_count())
        queue.add_metric(["scheduled"], huey.scheduled_count())
        yield queue

        unsent = (OutboxMessage.sent_at.is_(None)) & (OutboxMessage.failed_at.is_(None))
        count, oldest = db.session.execute(
            select(func.count(), func.min(OutboxMessage.created_at)).where(unsent)
        ).one()
        yield GaugeMetricFamily("portal_outbox_unsent", "Outbox messages not yet delivered", value=count)
        age = (utcnow() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily(
            "portal_outbox_oldest_unsent_seconds", "Age of the oldest undelivered", value=age
        )
        failed = db.session.scalar(select(func.count()).where(OutboxMessage.failed_at.is_not(None)))
        yield GaugeMetricFamily("portal_outbox_failed", "Outbox messages given up on", value=failed or 0)

        circuits = GaugeMetricFamily(
            "portal_register_circuit_open", "1 while a register's circuit is open", labels=["register"]
        )
        board = xroad.client().breakers
        profile = current_app.extensions["profile"]
        for name, service in xroad.service_ids(settings().xroad_services, profile.xroad_services).items():
            circuits.add_metric([name], 1.0 if board.is_open(str(service)) else 0.0)
        yield circuits

        calls = GaugeMetricFamily(
            "portal_register_calls_5m",
            "Register calls in the last five minutes, by outcome",
            labels=["operation", "outcome"],
        )
        rows = db.session.execute(
            select(XRoadQuery.operation, XRoadQuery.outcome, func.count())
            .where(XRoadQuery.occurred_at >= utcnow() - REGISTER_WINDOW)
            .group_by(XRoadQuery.operation, XRoadQuery.outcome)
        )
        for operation, outcome, number in rows:
            calls.add_metric([operation, outcome], number)
        yield calls


def exposition() -> bytes:
    registry = CollectorRegistry()
    if MULTIPROCESS:
        MultiProcessCollector(registry)  # every worker of this instance, added up
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(SharedStateCollector())
    return generate_latest(registry)


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, start_timer)  # first: time every hook
    app.after_request(record)


def metrics_view() -> Response:
    if not allowed():
        abort(404)
    return Response(exposition(), mimetype=CONTENT_TYPE_LATEST)
