"""The eID client of this app (built by `portal.composition`, which knows about the embedded provider)."""

from __future__ import annotations

from flask import current_app

from portal.integrations.eid import EidClient


def eid_client() -> EidClient:
    return current_app.extensions["eid_client"]
