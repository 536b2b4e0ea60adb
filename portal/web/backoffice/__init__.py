from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from portal.security import Access, guard_blueprint

backoffice = Blueprint("backoffice", __name__, url_prefix="/back-office")
guard_blueprint(backoffice, Access.STAFF)


def _layout_globals(state: BlueprintSetupState) -> None:
    """The layout's navigation and the case pages' header, as Jinja globals of the app.

    They were an app-wide context processor giving the same three functions to every render
    (an import statement, a dict and Flask's call each time); as globals every template sees the
    same names and objects, and a value passed to `render_template` still wins."""
    from portal.web.backoffice import case_extensions, navigation

    state.app.jinja_env.globals.update(
        backoffice_navigation=navigation.items,
        backoffice_service_navigation=navigation.finished,
        case_header=case_extensions.header,
    )


backoffice.record_once(_layout_globals)


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
