from typing import Any

from flask import Blueprint, g, url_for
from flask.globals import _cv_request
from flask_login import current_user
from markupsafe import Markup

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.security import Access, guard_blueprint, request_user

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


def _navigation_items(unread: int, endpoint: str) -> list[dict[str, Any]]:
    """Home, the company's vacancies, its profile and its inbox (with the unread count)."""
    inbox = str(_l("Inbox")) + (f" ({unread})" if unread else "")
    return [
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


# Finished navigations kept per app, up to this many (then forgotten all at once).
_FINISHED_KEPT = 1024


def finished_navigation(label: Any) -> Markup:
    """The employer layout's navigation, finished once per language, page and unread count.

    It was a context processor of the blueprint building the four items (four `url_for`, four
    translations) for every render, and the layout's `service_navigation` keyed them again: now
    the layout asks for it, in the blueprint's requests only (as the processor ran), with the
    unread count read as before (`unread_count`, once per request) and the rest kept per language,
    where the app is served and the endpoint (which item is current). A fragment that shows no
    navigation no longer counts the unread messages. Byte-identical to the macro on the items
    (`tests/views/test_layout_parts.py`)."""
    from portal.templating import _service_navigation  # the layout's, which renders the macro

    context = _cv_request.get(None)
    if context is None or "employer" not in context.request.blueprints:
        return _service_navigation(label, [])
    if not getattr(request_user(), "acting_for_code", None):
        return _service_navigation(label, [])
    incoming = context.request
    unread = unread_count()
    key = (
        type(label),
        str(label),
        current_language().code,
        incoming.script_root,
        incoming.endpoint,
        unread,
    )
    kept = context.app.extensions.setdefault("finished_employer_navigation", {})
    html = kept.get(key)
    if html is None:
        html = _service_navigation(label, _navigation_items(unread, incoming.endpoint or ""))
        if len(kept) >= _FINISHED_KEPT:
            kept.clear()
        kept[key] = html
    return html


employer.record_once(
    lambda state: state.app.jinja_env.globals.update(employer_navigation=finished_navigation)
)


from portal.web.employer.views import company, home, shortlists, vacancies  # noqa: E402,F401
