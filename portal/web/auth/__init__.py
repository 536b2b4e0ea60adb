"""Sign in with eID, sign out, switch roles, keep a session alive."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, g

from portal.extensions import login_manager
from portal.security import Access, guard_blueprint
from portal.services import auth as auth_service
from portal.settings import settings

auth = Blueprint("auth", __name__)
guard_blueprint(auth, Access.PUBLIC)


def session_policy() -> auth_service.SessionPolicy:
    current = settings()
    return auth_service.SessionPolicy(
        idle=dt.timedelta(minutes=current.session_idle_minutes),
        staff_idle=dt.timedelta(minutes=current.staff_session_idle_minutes),
        absolute=dt.timedelta(hours=current.session_absolute_hours),
    )


@login_manager.user_loader
def _load_user(token: str) -> auth_service.SessionUser | None:
    lookup = auth_service.load_session(token, session_policy())
    if lookup.ended_reason:
        g.session_ended_reason = lookup.ended_reason
    return lookup.user


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    # Sessions are server-side (services/auth.py). Set per app: the login manager is shared.
    app.config["SESSION_PROTECTION"] = None


from portal.web.auth.views import login, roles, session  # noqa: E402,F401  (registers routes)
