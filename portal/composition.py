"""The composition root: the one place that turns settings into the app's clients of other systems.

`create_app` calls `init_app` once; each object lands in `app.extensions` and is read back through
one accessor, which never builds anything:

| object | extension key | accessor |
|---|---|---|
| X-Road client (security server, or the simulators in-process) | `xroad_client` | `portal.services.xroad.client()` |
| the six registers over that client | `registers` | `portal.services.xroad.registers()` |
| mailer (SMTP, or `.eml` files in `<instance>/mail/`) | `mailer` | `portal.services.mail.mailer()` |
| SMS sender (gateway, files in `<instance>/sms/`, or none in production) | `sms_sender` | `portal.services.inbox.sms_sender()` |
| eID client (OIDC relying party) | `eid_client` | `portal.web.auth.client.eid_client()` |
| country profile | `profile` | `portal.profiles.current_profile()` |

Building them touches no network: the eID client reads discovery on first use, and the register
simulator (seconds to build) is created on the first in-process call, not with every app.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
from flask import Flask

from portal import audit_chain
from portal.config import DEV_EID_MOUNT, ConfigurationError
from portal.integrations.eid import EidClient, EidSettings
from portal.integrations.mail import DirectoryMailer, Mailer, SmtpMailer
from portal.integrations.sms import DirectorySmsSender, HttpSmsSender, SmsSender
from portal.integrations.xroad.breaker import BreakerBoard, BreakerPolicy, RedisBreakerBoard
from portal.integrations.xroad.client import RetryPolicy, XRoadClient
from portal.integrations.xroad.registers import Registers
from portal.services.inbox import SMS_DIRECTORY
from portal.services.mail import MAIL_DIRECTORY
from portal.services.query_log import DatabaseQueryLog
from portal.services.xroad import EMBEDDED_BASE_URL, service_ids, simulator
from portal.settings import Settings


def init_app(app: Flask) -> None:
    settings: Settings = app.extensions["settings"]
    client = build_xroad_client(app)
    app.extensions["xroad_client"] = client
    app.extensions["registers"] = Registers.build(
        client, service_ids(settings.xroad_services, app.extensions["profile"].xroad_services)
    )
    app.extensions["mailer"] = build_mailer(settings)
    app.extensions["sms_sender"] = build_sms_sender(settings)
    app.extensions["eid_client"] = build_eid_client(app)


def build_xroad_client(app: Flask) -> XRoadClient:
    settings: Settings = app.extensions["settings"]
    base_url = settings.xroad_url
    transport: httpx.BaseTransport | None = None
    if not base_url:
        if settings.production:  # config.validate refuses this; never fall back silently
            raise ConfigurationError("PORTAL_XROAD_URL is required in production")
        base_url = EMBEDDED_BASE_URL
        # The simulator is built on the first call (one per app: /dev-xroad shares it).
        transport = httpx.WSGITransport(app=lambda environ, start: simulator(app)(environ, start))
    return XRoadClient(
        base_url,
        settings.xroad_client,
        transport=transport,
        connect_timeout=settings.xroad_connect_timeout,
        read_timeout=settings.xroad_read_timeout,
        retry=RetryPolicy(attempts=1 + max(0, settings.xroad_retries)),
        query_log=DatabaseQueryLog(
            app.extensions["database_engine"],
            settings.xroad_client,
            audit_chain.pseudonym_key(settings.secret_key),
        ),
        breakers=build_breakers(settings),
    )


def build_breakers(settings: Settings) -> BreakerBoard:
    """Shared in Redis when the portal has it (every instance learns a register is down), else per process."""
    policy = BreakerPolicy(
        failures=settings.xroad_breaker_failures,
        window=settings.xroad_breaker_window,
        cooldown=settings.xroad_breaker_cooldown,
    )
    if settings.redis_url:
        return RedisBreakerBoard(settings.redis_url, policy)
    return BreakerBoard(policy)


def build_mailer(settings: Settings) -> Mailer:
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url)
    return DirectoryMailer(settings.instance_path / MAIL_DIRECTORY)


def build_sms_sender(settings: Settings) -> SmsSender | None:
    """The gateway; the file sink outside production; None in production without a gateway
    (SMS is optional there, e-mail is not: files of phone numbers on a server help nobody)."""
    if settings.sms_url:
        return HttpSmsSender(settings.sms_url)
    if settings.production:
        return None
    return DirectorySmsSender(settings.instance_path / SMS_DIRECTORY)


def _reaches_embedded_provider(settings: Settings) -> bool:
    url = urlsplit(settings.eid_discovery_url)
    return (
        settings.dev_eid
        and url.hostname in ("127.0.0.1", "localhost")
        and url.path.startswith(DEV_EID_MOUNT + "/")
    )


def build_eid_client(app: Flask) -> EidClient:
    """The only place that knows about the embedded development provider."""
    settings: Settings = app.extensions["settings"]
    if _reaches_embedded_provider(settings):
        # Same protocol, same code path; the bytes just do not leave the process, so a
        # single-threaded server cannot deadlock calling itself.
        transport: httpx.BaseTransport = httpx.WSGITransport(app=lambda env, start: app.wsgi_app(env, start))
    else:
        transport = httpx.HTTPTransport(retries=1)
    http = httpx.Client(transport=transport, follow_redirects=False, headers={"User-Agent": "pes-portal"})
    return EidClient(
        EidSettings(
            discovery_url=settings.eid_discovery_url,
            client_id=settings.eid_client_id,
            client_secret=settings.eid_client_secret,
            acr=settings.eid_acr,
            extra_scopes=tuple(settings.eid_scopes.split()),
            issuer=settings.eid_issuer,
        ),
        http,
    )
