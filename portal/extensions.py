"""Extensions are created unbound here and bound to an app in `create_app`."""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.database import Database
from portal.rate_limits import PortalLimiter

db = Database()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()
login_manager = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI: memory embedded, Redis when PORTAL_REDIS_URL is set.
limiter = PortalLimiter(key_func=get_remote_address, default_limits=[])
