from flask import Blueprint

from portal.security import Access, guard_blueprint

backoffice = Blueprint("backoffice", __name__, url_prefix="/back-office")
guard_blueprint(backoffice, Access.STAFF)


@backoffice.app_context_processor
def _navigation() -> dict[str, object]:
    from portal.web.backoffice import case_extensions, navigation

    return {"backoffice_navigation": navigation.items, "case_header": case_extensions.header}


from portal.web.backoffice.views import (  # noqa: E402,F401
    appeals,
    candidates,
    case,
    caseload,
    home,
    meetings,
    offers,
    plan,
    proposals,
    reconciliation,
    refusals,
    registrations,
    reports,
    reviews,
    risk,
    signals,
    training_requests,
    trainings,
    vacancies,
    workload,
)
