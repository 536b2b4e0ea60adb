"""The PES portal. `create_app` builds an app; nothing runs at import."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask

from portal import config as portal_config
from portal.flask_app import PortalFlask
from portal.settings import Settings

PROJECT_ROOT = portal_config.PROJECT_ROOT


def create_app(config: Mapping[str, Any] | None = None, instance_path: str | Path | None = None) -> Flask:
    """Build the portal. `config` overrides settings (keys without the `PORTAL_` prefix)."""
    from portal import context_proxies

    context_proxies.install()  # Flask's proxies read attributes without an exception first
    instance = Path(instance_path) if instance_path else portal_config.DEFAULT_INSTANCE_PATH
    settings = portal_config.load(config, instance_path=instance)

    app = PortalFlask(
        __name__,
        instance_path=str(instance),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        static_url_path="/static",
    )
    app.config.update(portal_config.flask_settings(settings))
    # Error pages are part of the product, so they are tested, not propagated as in Flask tests.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    # The merged mapping stays readable while code moves to the typed, frozen `settings()`.
    app.config["PORTAL"] = settings
    app.extensions["settings"] = Settings.from_mapping(settings)

    from portal.profiles import get_profile

    profile = get_profile(settings["PROFILE"])
    if settings["REFUSAL_LADDER"]:
        # A deployment changes the ladder of refusal consequences by configuration (docs/offers.md).
        profile = replace(profile, refusals=profile.refusals.with_ladder(settings["REFUSAL_LADDER"]))
    app.extensions["profile"] = profile

    from portal import cli, errors, i18n, security, static_assets, templating
    from portal import logging as portal_logging
    from portal.extensions import babel, csrf, db, htmx, limiter
    from portal.i18n import select_locale

    portal_logging.init_app(app)
    security.init_app(app)
    db.init_app(app)
    from portal import composition

    composition.init_app(app)  # X-Road client and registers, mailer, SMS sender, eID client
    # Times shown through Flask-Babel (the `datetimeformat` filter) in the country's time zone, not UTC.
    app.config["BABEL_DEFAULT_TIMEZONE"] = profile.timezone
    babel.init_app(app, locale_selector=select_locale)
    i18n.init_app(app)  # the catalog looked up once per request, not once per string
    csrf.init_app(app)
    security.install_csrf_check(app, csrf)
    htmx.init_app(app)
    # Counters in Redis, shared by every instance; else in each process (portal/rate_limits.py).
    app.config["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"] or "portal-memory://"
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    limiter.init_app(app)
    templating.init_app(app)
    static_assets.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    # Importing the jobs registers the tasks that services enqueue by name. The queue's mode
    # (immediate with PORTAL_JOBS_IMMEDIATE) and storage are this app's, in app.extensions.
    from portal.jobs import huey

    huey.init_app(app)

    from portal.web import register_blueprints

    register_blueprints(app)

    from portal.dev_mounts import mount_dev_simulators

    mount_dev_simulators(app)
    if settings["PROXY_HOPS"] > 0:
        from portal.proxies import TrustedProxyFix

        app.wsgi_app = TrustedProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, settings["PROXY_HOPS"], settings["TRUSTED_PROXIES"]
        )
    return app
