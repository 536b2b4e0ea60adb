"""The "Save this vacancy" button on a vacancy's page and in the job search results: who sees it
(a signed-in person acting as a jobseeker) and which of the shown vacancies they saved already."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from flask_login import current_user
from markupsafe import Markup, escape

from portal.security import csrf_token
from portal.services import saved_vacancies


def can_save() -> bool:
    return bool(current_user.is_authenticated and current_user.active_role == "jobseeker")


def saved_map(vacancy_ids: Iterable[int]) -> dict[int, int]:
    """Vacancy id -> the person's saved row id (empty for anyone who cannot save)."""
    if not can_save():
        return {}
    return saved_vacancies.saved_ids(current_user.person_id, vacancy_ids)


# Stand for a vacancy's id, its title and the page to return to in the button rendered once per
# page (no character HTML escapes).
_ID, _TITLE, _RETURN_TO = "\x1fvacancy\x1f", "\x1ftitle\x1f", "\x1freturn-to\x1f"


def buttons(vacancies: Iterable[tuple[int, str]], saved: dict[int, int], next_url: str) -> dict[int, Markup]:
    """Vacancy id -> its save button and status line (`save_toggle` and `save_status`), for a
    page of results. The button of a vacancy not saved differs from another's only in the id, the
    title and the return address: it is rendered once with stand-ins, and each vacancy's filled in,
    escaped as the macro escapes them (`Markup.replace` escapes). A saved one is rendered as is."""
    macros = current_app.jinja_env.get_template("jobseeker/saved_vacancies/_toggle.html").module
    # The macro's `csrf_token()` is Flask-WTF's, which signs the session's token anew unless the
    # request has one: the results are written before the page, so the request's token is taken
    # here, signed at most once a minute (`security.csrf_token`), as the page's other tokens are.
    csrf_token()

    def rendered(vacancy_id: object, title: str, saved_id: int | None, return_to: str) -> Markup:
        return (
            macros.save_toggle(vacancy_id, title, saved_id, return_to)
            + Markup("\n")
            + macros.save_status(vacancy_id)
        )

    stand_in: str | None = None
    return_to = escape(next_url)
    found: dict[int, Markup] = {}
    for vacancy_id, title in vacancies:
        saved_id = saved.get(vacancy_id)
        if saved_id:
            found[vacancy_id] = rendered(vacancy_id, title, saved_id, next_url)
            continue
        if stand_in is None:
            stand_in = str(rendered(_ID, _TITLE, None, _RETURN_TO))
        # As `Markup.replace` did, in the same order (the title last: nothing in it is taken for a
        # stand-in), with the return address escaped once per page, not once per result.
        found[vacancy_id] = Markup(  # noqa: S704 - the macro's markup, the values escaped
            stand_in.replace(_ID, str(vacancy_id))
            .replace(_RETURN_TO, return_to)
            .replace(_TITLE, escape(title))
        )
    return found
