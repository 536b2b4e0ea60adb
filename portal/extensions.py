"""Extensions are created unbound here and bound to an app in `create_app`."""

from typing import Any

from flask import Response, current_app
from flask.globals import _cv_app, _cv_request
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_login.config import AUTH_HEADER_NAME, COOKIE_NAME
from flask_login.signals import user_accessed
from flask_login.utils import _get_user
from flask_wtf.csrf import CSRFProtect

from portal.database import Database
from portal.rate_limits import PortalLimiter


class PortalLoginManager(LoginManager):
    """Flask-Login's manager, not hashing the client's address and user agent on every request for
    a session protection the portal turns off (`SESSION_PROTECTION = None`: sessions are
    server-side, services/auth.py); Flask-Login computes that hash before it looks at the mode."""

    def init_app(self, app: Any, add_context_processor: bool = True) -> None:
        """Flask-Login's, with its template context processor in the same place made cheaper."""
        super().init_app(app, add_context_processor=False)
        if add_context_processor:
            app.context_processor(_user_context_processor)

    def _session_protection_failed(self) -> bool:
        context = _cv_app.get(None)  # the app itself: through `current_app` a read raises first
        config = (current_app if context is None else context.app).config
        mode = config.get("SESSION_PROTECTION", self.session_protection)
        if mode not in ("basic", "strong"):
            return False
        return super()._session_protection_failed()

    def _load_user(self) -> Any:
        """Flask-Login's, with the request, session and app read from the request's context.

        Through their proxies each read raised an AttributeError inside first (four a request),
        and asking whether the request has an `Authorization` header raised a KeyError when it
        had none; the environ answers that directly. The same order of sources as Flask-Login:
        the session's user, then the remember cookie, then the header. A request loader (the
        portal sets none) goes to Flask-Login's own."""
        context = _cv_request.get(None)
        if context is None or self._user_callback is None or self._request_callback is not None:
            return super()._load_user()
        app = context.app
        user_accessed.send(app)
        if self._session_protection_failed():
            return self._update_request_context_with_user()
        session = context.session
        user = None
        user_id = session.get("_user_id")
        if user_id is not None:
            user = self._user_callback(user_id)
        if user is None:
            config, request = app.config, context.request
            cookie_name = config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
            header_name = config.get("AUTH_HEADER_NAME", AUTH_HEADER_NAME)
            if cookie_name in request.cookies and session.get("_remember") != "clear":
                user = self._load_user_from_remember_cookie(request.cookies[cookie_name])
            elif _environ_key(header_name) in request.environ:
                user = self._load_user_from_header(request.headers[header_name])
        return self._update_request_context_with_user(user)

    def _update_remember_cookie(self, response: Response) -> Response:
        """Flask-Login's after-request hook, returning at once when it has nothing to do (no
        `_remember` in the session and no refresh on each request), without reading through proxies."""
        context = _cv_request.get(None)
        if (
            context is not None
            and "_remember" not in context.session
            and not context.app.config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
        ):
            return response
        return super()._update_remember_cookie(response)


def _user_context_processor() -> dict[str, Any]:
    """Flask-Login's: templates' `current_user`, the user object itself. Flask-Login asks `g`
    through its proxy twice (each read raising and discarding an AttributeError first); once the
    request's user is loaded it is taken from `g`'s own attributes."""
    context = _cv_app.get(None)
    user = None if context is None else context.g.__dict__.get("_login_user")
    return {"current_user": _get_user() if user is None else user}


def _environ_key(header: str) -> str:
    """The WSGI environ's key of a request header, as werkzeug's `EnvironHeaders` finds it."""
    key = header.upper().replace("-", "_")
    return key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"


db = Database()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()
login_manager = PortalLoginManager()
# Storage comes from RATELIMIT_STORAGE_URI: memory embedded, Redis when PORTAL_REDIS_URL is set.
limiter = PortalLimiter(key_func=get_remote_address, default_limits=[])
