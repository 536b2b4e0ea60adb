from flask import Blueprint, g, request, url_for
from flask_login import current_user

from portal.catalog import lazy_gettext as _l
from portal.security import Access, guard_blueprint

employer = Blueprint("employer", __name__, url_prefix="/employer")
guard_blueprint(employer, Access.EMPLOYER)


def _vacancy_globals(state) -> None:
    """Vacancy labels and display helpers for every template that shows a vacancy (employer, back
    office, public; macros imported without context see globals only)."""
    from portal import vacancy_labels
    from portal.models.vacancy import ApplyMethod, VacancyState
    from portal.web import vacancy_view

    state.app.jinja_env.globals.update(
        vacancy_view=vacancy_view,
        vacancy_labels=vacancy_labels,
        VacancyState=VacancyState,
        ApplyMethod=ApplyMethod,
    )


employer.record_once(_vacancy_globals)


def unread_count() -> int:
    """The company's unread messages, counted once per request: the home page shows the count
    and the navigation shows it again."""
    if "employer_unread" not in g:
        from portal.services.vacancies import messages

        g.employer_unread = messages.unread_count(current_user.acting_for_code)
    return g.employer_unread


@employer.context_processor
def navigation():
    """Home, the company's vacancies, its profile and its inbox (with the unread count)."""
    if not getattr(current_user, "acting_for_code", None):
        return {}
    unread = unread_count()
    inbox = str(_l("Inbox")) + (f" ({unread})" if unread else "")
    endpoint = request.endpoint or ""
    return {
        "navigation_items": [
            {"text": _l("Home"), "href": url_for("employer.home"), "current": endpoint == "employer.home"},
            {
                "text": _l("Vacancies"),
                "href": url_for("employer.vacancies"),
                "current": endpoint.startswith("employer.vacanc"),
            },
            {
                "text": _l("Company profile"),
                "href": url_for("employer.company"),
                "current": endpoint == "employer.company",
            },
            {"text": inbox, "href": url_for("employer.inbox"), "current": endpoint == "employer.inbox"},
        ]
    }


from portal.web.employer.views import company, home, shortlists, vacancies  # noqa: E402,F401
