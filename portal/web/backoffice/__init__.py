from flask import Blueprint

from portal.security import Access, guard_blueprint

backoffice = Blueprint("backoffice", __name__, url_prefix="/back-office")
guard_blueprint(backoffice, Access.STAFF)

from portal.web.backoffice.views import (  # noqa: E402,F401
    appeals,
    home,
    registrations,
    reviews,
    training_requests,
    trainings,
    vacancies,
)
