from flask import Blueprint

from portal.security import Access, guard_blueprint

employer = Blueprint("employer", __name__, url_prefix="/employer")
guard_blueprint(employer, Access.EMPLOYER)

from portal.web.employer.views import home  # noqa: E402,F401
