from flask import Blueprint

from portal.security import Access, guard_blueprint

jobseeker = Blueprint("jobseeker", __name__, url_prefix="/jobseeker")
guard_blueprint(jobseeker, Access.CITIZEN)

from portal.web.jobseeker.registration import check, details, review, start  # noqa: E402,F401
from portal.web.jobseeker.views import (  # noqa: E402,F401
    data_export,
    data_use,
    decisions,
    documents,
    ending,
    home,
    inbox,
    meetings,
    offers,
    plan,
    profile,
    proposals,
    register_data,
    risk,
    saved_searches,
    saved_vacancies,
    trainings,
)
