"""The vacancy form's round trip, shared by the employer's pages and the back office's: search
occupations (the "Search" button without JavaScript), or validate and save through the service,
whose refusals come back as messages on the form; otherwise the page again with every error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.services.reference_data import search_occupations
from portal.services.vacancies import (
    InvalidVacancy,
    NotAllowed,
    RegisterUnavailable,
    VacancyConflict,
    VacancyInput,
    WrongState,
)
from portal.web import vacancy_form
from portal.web.bound_fields import release

CONFLICT = _l("The vacancy was changed in another window or by someone else. Check it and save again.")
NOT_ALONE = _l(
    "The business register does not give you the sole right to represent this company. You may "
    "prepare drafts; a board member or procurator with the sole right must send them for publication."
)
REGISTER_DOWN = _l("We could not check with the business register. Try again in a few minutes.")
STALE = _l("The vacancy is no longer in a state that allows this. Check its current state.")


def handle(
    form: vacancy_form.VacancyForm,
    save: Callable[[VacancyInput], Any],
    render: Callable[[vacancy_form.VacancyForm, int, list[str]], Any],
) -> Any:
    """`save(data)` returns the response after a successful save; `render(form, status, results)`
    shows the form page (with the occupations found, or the errors)."""
    form.submit_action = request.form.get("action", "save")
    results: list[str] = []
    language = current_language().code
    if request.method == "POST" and form.submit_action == "search":
        query = (form.q.data or "")[:100]
        results = [found.code for found in search_occupations(query, language)]
    elif request.method == "POST" and form.validate():
        try:
            return save(vacancy_form.input_of(form))
        except InvalidVacancy as invalid:
            vacancy_form.show_errors(form, invalid.errors)
        except VacancyConflict:
            form.form_errors.append(str(CONFLICT))
        except NotAllowed:
            form.form_errors.append(str(NOT_ALONE))
        except RegisterUnavailable:
            form.form_errors.append(str(REGISTER_DOWN))
        except WrongState:
            form.form_errors.append(str(STALE))
    vacancy_form.prepare(form, language, results)
    status = 400 if request.method == "POST" and form.submit_action != "search" else 200
    page = render(form, status, results)
    release(form)  # written: freed when the view returns, not by the collector
    return page
