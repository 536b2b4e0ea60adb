from flask import Blueprint

from portal.security import Access, guard_blueprint

backoffice = Blueprint("backoffice", __name__, url_prefix="/back-office")
guard_blueprint(backoffice, Access.STAFF)

from portal.web.backoffice.views import appeals, home, registrations, reviews  # noqa: E402,F401
