"""The "Save this vacancy" button on a vacancy's page and in the job search results: who sees it
(a signed-in person acting as a jobseeker) and which of the shown vacancies they saved already."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_login import current_user
from markupsafe import Markup, escape

from portal.security import csrf_token
from portal.services import saved_vacancies
from portal.web import stand_ins


def can_save() -> bool:
    return bool(current_user.is_authenticated and current_user.active_role == "jobseeker")


def saved_map(vacancy_ids: Iterable[int]) -> dict[int, int]:
    """Vacancy id -> the person's saved row id (empty for anyone who cannot save)."""
    if not can_save():
        return {}
    return saved_vacancies.saved_ids(current_user.person_id, vacancy_ids)


# Stand for a vacancy's id, its title, the page to return to and the session's CSRF token in the
# unsaved button, written once per language and application root (`web.stand_ins`): the same for
# every person and vacancy (their values are filled in per result).
_ID, _TITLE, _RETURN_TO, _TOKEN = (
    stand_ins.stand_in(name) for name in ("vacancy", "title", "return-to", "token")
)
_CUT = stand_ins.splitter(("vacancy", "title", "return-to", "token"))


def _macros() -> Any:
    """The toggle's macros (looked up only when a button is written by them)."""
    return current_app.jinja_env.get_template("jobseeker/saved_vacancies/_toggle.html").module


def _unsaved_parts() -> tuple[str, ...]:
    """The unsaved button and status line split at the stand-ins: text, stand-in, text, ..."""

    def write() -> Markup:
        macros = _macros()
        return (
            macros.save_toggle(_ID, _TITLE, None, _RETURN_TO, _TOKEN) + Markup("\n") + macros.save_status(_ID)
        )

    return stand_ins.kept_parts("saved_vacancy_toggle.unsaved", _CUT, write)


def _request_pieces(next_url: str, token: str) -> tuple[list[str], list[int], int]:
    """The request's copy of the unsaved button's pieces with its return address and token in
    their places, and the places of the vacancy's id and of its title: each vacancy then writes
    only those (walking every piece per vacancy was the most of a button's CPU)."""
    pieces = list(_unsaved_parts())
    constant = {_RETURN_TO: str(escape(next_url)), _TOKEN: str(escape(token))}
    ids = [index for index in range(1, len(pieces), 2) if pieces[index] == _ID]
    [title_at] = [index for index in range(1, len(pieces), 2) if pieces[index] == _TITLE]
    for index in range(1, len(pieces), 2):
        pieces[index] = constant.get(pieces[index], pieces[index])
    return pieces, ids, title_at


def buttons(vacancies: Iterable[tuple[int, str]], saved: dict[int, int], next_url: str) -> dict[int, Markup]:
    """Vacancy id -> its save button and status line (`save_toggle` and `save_status`), for a
    page of results. The button of a vacancy not saved differs from another's only in the id, the
    title, the return address and the session's token: it is rendered once per language with
    stand-ins (`_unsaved_parts`), and each vacancy's values written in its place, escaped as the
    macro escapes them. A saved one is rendered as is."""
    # The macro's `csrf_token()` is Flask-WTF's, which signs the session's token anew unless the
    # request has one: the results are written before the page, so the request's token is taken
    # here, signed at most once a minute (`security.csrf_token`), as the page's other tokens are.
    token = csrf_token()
    pieces: list[str] | None = None
    ids: list[int] = []
    title_at = 0
    found: dict[int, Markup] = {}
    for vacancy_id, title in vacancies:
        saved_id = saved.get(vacancy_id)
        if saved_id:
            macros = _macros()
            found[vacancy_id] = (
                macros.save_toggle(vacancy_id, title, saved_id, next_url)
                + Markup("\n")
                + macros.save_status(vacancy_id)
            )
            continue
        if pieces is None:
            pieces, ids, title_at = _request_pieces(next_url, token)
        number = str(vacancy_id)
        for index in ids:
            pieces[index] = number
        pieces[title_at] = escape(title)
        found[vacancy_id] = Markup("".join(pieces))  # noqa: S704 - the macro's markup, the values escaped
    return found
