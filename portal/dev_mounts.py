"""Mounts the development simulators beside the portal, only when configuration asks for them."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from portal.config import DEV_EID_MOUNT, DEV_MAIL_MOUNT, DEV_XROAD_MOUNT


def _dev_eid_store(settings):
    """Shared by every worker and instance, as TARA is one service: Redis when the portal has it,
    else a file in the instance folder (several workers of one machine)."""
    from portal.simulators.dev_eid.store import RedisStore, SqliteStore

    if settings.redis_url:
        return RedisStore(settings.redis_url, prefix=f"dev-eid:{settings.profile}")
    return SqliteStore(Path(settings.instance_path) / f"dev-eid-{settings.profile.lower()}.sqlite3")


def mount_dev_simulators(app: Flask) -> None:
    settings = app.extensions["settings"]
    if settings.env == "production":
        return  # config.validate already refuses the flags; never mount them in production
    mounts = {}
    if settings.dev_eid:
        from portal.simulators.dev_eid import create_dev_eid_app
        from portal.simulators.dev_eid.app import RegisteredClient

        provider = create_dev_eid_app(
            profile=settings.profile,
            clients=[
                RegisteredClient(
                    settings.eid_client_id,
                    settings.eid_client_secret,
                    frozenset(settings.dev_eid_redirect_uris.split()),
                )
            ],
            faults=[f.strip() for f in settings.dev_eid_faults.split(",") if f.strip()],
            store=_dev_eid_store(settings),
        )
        app.extensions["dev_eid"] = provider
        mounts[DEV_EID_MOUNT] = provider
    if settings.dev_xroad:
        from portal.services.xroad import simulator

        # The same simulator the in-process client uses, so both ways see the same state.
        mounts[DEV_XROAD_MOUNT] = simulator(app)
    if settings.dev_mail:
        from portal.services.inbox import SMS_DIRECTORY
        from portal.services.mail import MAIL_DIRECTORY
        from portal.simulators.dev_mail import create_dev_mail_app

        # What the development mail and SMS sinks received (instance/mail/, instance/sms/).
        instance = Path(settings.instance_path)
        mounts[DEV_MAIL_MOUNT] = create_dev_mail_app(instance / MAIL_DIRECTORY, instance / SMS_DIRECTORY)
    if mounts:
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, mounts)  # type: ignore[method-assign]
