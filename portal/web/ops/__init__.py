"""Probes for the process supervisor and load balancer; no personal data, no session."""

from __future__ import annotations

from flask import Blueprint, jsonify

from portal.security import Access, guard_blueprint
from portal.services import health
from portal.web.ops import metrics

ops = Blueprint("ops", __name__)
guard_blueprint(ops, Access.PUBLIC)
ops.record_once(lambda state: metrics.init_app(state.app))
ops.add_url_rule("/metrics", "metrics", metrics.metrics_view)


@ops.get("/healthz")
def healthz():
    return jsonify(status="ok")


@ops.get("/readyz")
def readyz():
    report = health.readiness()
    return jsonify(status="ok" if report.ready else "unavailable", checks=report.checks), (
        200 if report.ready else 503
    )
