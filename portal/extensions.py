"""Extensions are created unbound here and bound to an app in `create_app`."""

from flask import current_app
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.database import Database
from portal.rate_limits import PortalLimiter


class PortalLoginManager(LoginManager):
    """Flask-Login's manager, not hashing the client's address and user agent on every request for
    a session protection the portal turns off (`SESSION_PROTECTION = None`: sessions are
    server-side, services/auth.py); Flask-Login computes that hash before it looks at the mode."""

    def _session_protection_failed(self) -> bool:
        mode = current_app.config.get("SESSION_PROTECTION", self.session_protection)
        if mode not in ("basic", "strong"):
            return False
        return super()._session_protection_failed()


db = Database()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()
login_manager = PortalLoginManager()
# Storage comes from RATELIMIT_STORAGE_URI: memory embedded, Redis when PORTAL_REDIS_URL is set.
limiter = PortalLimiter(key_func=get_remote_address, default_limits=[])
