"""Sign in with eID, sign out, switch roles, keep a session alive."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, current_app, g

from portal.extensions import login_manager
from portal.security import Access, guard_blueprint
from portal.services import auth as auth_service

auth = Blueprint("auth", __name__)
guard_blueprint(auth, Access.PUBLIC)


def session_policy() -> auth_service.SessionPolicy:
    settings = current_app.config["PORTAL"]
    return auth_service.SessionPolicy(
        idle=dt.timedelta(minutes=settings["SESSION_IDLE_MINUTES"]),
        staff_idle=dt.timedelta(minutes=settings["STAFF_SESSION_IDLE_MINUTES"]),
        absolute=dt.timedelta(hours=settings["SESSION_ABSOLUTE_HOURS"]),
    )


@login_manager.user_loader
def _load_user(token: str) -> auth_service.SessionUser | None:
    lookup = auth_service.load_session(token, session_policy())
    if lookup.ended_reason:
        g.session_ended_reason = lookup.ended_reason
    return lookup.user


def init_app(app: Flask) -> None:
    from portal.web.auth.client import init_eid_client

    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are server-side; see services/auth.py
    init_eid_client(app)


from portal.web.auth.views import login, roles, session  # noqa: E402,F401  (registers routes)
