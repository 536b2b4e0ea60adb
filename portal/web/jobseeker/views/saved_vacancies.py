"""A jobseeker's saved vacancies: save or remove one (a POST form that works without JavaScript;
with htmx the button is swapped in place), and the list, paginated in SQL, closed and expired
vacancies marked. Only the person's own rows are ever read (`load_owned`: another's is a 404 with
an `access:refused` event)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.catalog import gettext, ngettext
from portal.extensions import htmx
from portal.models import SavedVacancy
from portal.profiles import current_profile
from portal.services import saved_vacancies
from portal.services.paging import requested_number
from portal.web.jobseeker import jobseeker
from portal.web.paging import page_links
from portal.web.records import load_owned
from portal.web.redirects import safe_next

FLASH = "saved-vacancy"


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("jobseeker.saved_vacancies"))


def _toggle(vacancy_id: int, saved_id: int | None, *, announce: str):
    """The button again, in its new state, for htmx to swap in place of the form."""
    title = saved_vacancies.title_of(vacancy_id)
    return render_template(
        "jobseeker/saved_vacancies/_toggle_response.html",
        vacancy_id=vacancy_id,
        title=title,
        saved_id=saved_id,
        next_url=request.form.get("next") or "",
        announce=announce,
    )


@jobseeker.get("/saved-vacancies", endpoint="saved_vacancies")
def saved_vacancies_page():
    found = saved_vacancies.saved_list(
        current_user.person_id, requested_number(request.args), current_profile().today()
    )
    return render_template(
        "jobseeker/saved_vacancies/page.html",
        page=found,
        links=page_links(found, "jobseeker.saved_vacancies"),
    )


@jobseeker.post("/saved-vacancies", endpoint="save_vacancy")
def save_vacancy():
    raw = request.form.get("vacancy_id", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 12):
        abort(400)
    vacancy_id = int(raw)
    try:
        row = saved_vacancies.save(current_user.person_id, vacancy_id)
    except saved_vacancies.NotSaveable:
        abort(404)
    except saved_vacancies.TooManySaved:
        flash(
            ngettext(
                "You already keep %(num)d saved vacancy. Remove it to save another.",
                "You already keep %(num)d saved vacancies. Remove some to save more.",
                saved_vacancies.MAX_SAVED,
            ),
            FLASH,
        )
        return redirect(url_for("jobseeker.saved_vacancies"), code=303)
    if htmx:
        return _toggle(vacancy_id, row.id, announce=gettext("Vacancy saved."))
    flash(gettext("Vacancy saved."), FLASH)
    return redirect(_back(), code=303)


@jobseeker.post("/saved-vacancies/<int:saved_id>/remove", endpoint="remove_saved_vacancy")
def remove_saved_vacancy(saved_id: int):
    row = load_owned(SavedVacancy, saved_id)
    vacancy_id = row.vacancy_id
    saved_vacancies.remove(row)
    if htmx:
        return _toggle(vacancy_id, None, announce=gettext("Vacancy removed from your saved vacancies."))
    flash(gettext("Vacancy removed from your saved vacancies."), FLASH)
    return redirect(_back(), code=303)
