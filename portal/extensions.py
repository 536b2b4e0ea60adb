"""Extensions are created unbound here and bound to an app in `create_app`."""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_wtf.csrf import CSRFProtect

from portal.database import Database

db = Database()
babel = Babel()
csrf = CSRFProtect()
htmx = HTMX()
