"""Builds the eID client from configuration; the only place that knows about the embedded provider."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
from flask import Flask, current_app

from portal.config import DEV_EID_MOUNT
from portal.integrations.eid import EidClient, EidSettings


def _reaches_embedded_provider(settings: dict) -> bool:
    url = urlsplit(settings["EID_DISCOVERY_URL"])
    return (
        bool(settings.get("DEV_EID"))
        and url.hostname in ("127.0.0.1", "localhost")
        and url.path.startswith(DEV_EID_MOUNT + "/")
    )


def init_eid_client(app: Flask) -> None:
    settings = app.config["PORTAL"]
    if _reaches_embedded_provider(settings):
        # Same protocol, same code path; the bytes just do not leave the process, so a
        # single-threaded server cannot deadlock calling itself.
        transport: httpx.BaseTransport = httpx.WSGITransport(app=lambda env, start: app.wsgi_app(env, start))
    else:
        transport = httpx.HTTPTransport(retries=1)
    http = httpx.Client(transport=transport, follow_redirects=False, headers={"User-Agent": "pes-portal"})
    app.extensions["eid_client"] = EidClient(
        EidSettings(
            discovery_url=settings["EID_DISCOVERY_URL"],
            client_id=settings["EID_CLIENT_ID"],
            client_secret=settings["EID_CLIENT_SECRET"],
            acr=settings["EID_ACR"],
            extra_scopes=tuple(settings["EID_SCOPES"].split()),
            issuer=settings["EID_ISSUER"],
        ),
        http,
    )


def eid_client() -> EidClient:
    return current_app.extensions["eid_client"]
