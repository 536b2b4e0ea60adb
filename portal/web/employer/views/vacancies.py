"""The company's vacancies: lists by state, the form (new and edit), the vacancy's own page with its
history, submitting for publication, closing. Every record is loaded scoped to the company."""

from __future__ import annotations

from flask import abort, flash, g, get_flashed_messages, redirect, render_template, request, url_for
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.models.vacancy import ClosureReason, VacancyState
from portal.services.reference_data import search_occupations
from portal.services.vacancies import (
    NotAllowed,
    RegisterUnavailable,
    WrongState,
    company_page,
    editing,
    queries,
    workflow,
)
from portal.web import saved_vacancy_fields, vacancy_editing, vacancy_form
from portal.web.employer import employer
from portal.web.employer.views.common import (
    actor,
    company_code,
    current_company,
    own_vacancy,
    own_vacancy_form,
    own_vacancy_page,
)
from portal.web.forms import PortalForm
from portal.web.parameters import repeatable
from portal.web.vacancy_editing import NOT_ALONE, REGISTER_DOWN, STALE

DONE = "vacancy-done"  # flash category


class ActionForm(PortalForm):
    pass


class CloseForm(PortalForm):
    reason = RadioField(
        _l("Why are you closing the vacancy?"),
        choices=[
            SelectChoice(ClosureReason.FILLED.value, _l("The position is filled")),
            SelectChoice(ClosureReason.WITHDRAWN.value, _l("We withdraw the vacancy")),
        ],
        validators=[InputRequired(message=_l("Select why you are closing the vacancy"))],
    )


def _state_arg() -> VacancyState:
    try:
        return VacancyState(request.args.get("state", VacancyState.PUBLISHED.value))
    except ValueError:
        abort(404)


def _page_arg() -> int:
    value = request.args.get("page", "1")
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 10_000:
        abort(404)
    return int(value)


@employer.get("/vacancies/")
def vacancies():
    state, code = _state_arg(), company_code()
    counts, unread = queries.counts_and_unread(code)
    if unread is not None:
        g.employer_unread = unread  # the navigation's count (`unread_count`), read with the counts
    return render_template(
        "employer/vacancies/list.html",
        state=state,
        states=list(VacancyState),
        counts=counts,
        # The state's count is among the tabs' counts, read in the same transaction.
        found=queries.company_vacancies(code, state, _page_arg(), total=counts[state]),
        done=get_flashed_messages(category_filter=[DONE]),
    )


def _form_page(form: vacancy_form.VacancyForm, vacancy=None, status: int = 200, results=()):
    return render_template(
        "employer/vacancies/form.html",
        form=form,
        vacancy=vacancy,
        results=results,
        searched=getattr(form, "submit_action", "") == "search",
        action=url_for("employer.vacancy_edit", vacancy_id=vacancy.id)
        if vacancy
        else url_for("employer.vacancy_new"),
        search_url=url_for("employer.vacancy_occupation_search"),
        acting_alone=actor().acting_alone,
    ), status


def _handle(form: vacancy_form.VacancyForm, save, vacancy=None):
    """Validate, search occupations or save; the page again with every error otherwise."""
    return vacancy_editing.handle(
        form, save, lambda form, status, results: _form_page(form, vacancy, status, results)
    )


@employer.route("/vacancies/new", methods=["GET", "POST"])
@repeatable("driving_licence")
def vacancy_new():
    company = current_company()
    form = vacancy_form.VacancyForm(
        data={
            "contact_name": company.contact_person,
            "contact_email": company.email,
            "contact_phone": company.phone,
        }
        if request.method == "GET"
        else None
    )

    def save(data):
        vacancy_id = editing.create(actor(), company.registry_code, data)
        flash(str(_l("The draft is saved.")), DONE)
        return redirect(url_for("employer.vacancy", vacancy_id=vacancy_id), code=303)

    return _handle(form, save)


@employer.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@repeatable("driving_licence")
def vacancy_edit(vacancy_id: int):
    vacancy = own_vacancy_form(vacancy_id) if request.method == "GET" else own_vacancy(vacancy_id)
    if vacancy.state == VacancyState.CLOSED:
        abort(404)
    data = vacancy_form.data_of(vacancy) if request.method == "GET" else None
    if data is not None:
        # The fields written from the data, as the form would write them (no form built).
        search_url = url_for("employer.vacancy_occupation_search")
        fields = saved_vacancy_fields.written(data, current_language().code, search_url)
        if fields is not None:
            return render_template(
                "employer/vacancies/form.html",
                form=None,
                fields=fields,
                vacancy=vacancy,
                action=url_for("employer.vacancy_edit", vacancy_id=vacancy.id),
                acting_alone=actor().acting_alone,
            )
    form = vacancy_form.VacancyForm(data=data)

    def save(data):
        saved = editing.update(actor(), vacancy.id, form.version.data or 0, data)
        flash(str(_l("Your changes are saved.")), DONE)
        return redirect(url_for("employer.vacancy", vacancy_id=saved.id), code=303)

    return _handle(form, save, vacancy)


@employer.get("/vacancies/occupation-search")
def vacancy_occupation_search():
    query = (request.args.get("q") or "")[:100]
    return render_template(
        "employer/vacancies/_occupation_results.html",
        results=search_occupations(query, current_language().code),
        query=query,
    )


@employer.get("/vacancies/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    found = own_vacancy_page(vacancy_id)
    draft, acting_alone = found.state == VacancyState.DRAFT, actor().acting_alone
    return render_template(
        "employer/vacancies/page.html",
        vacancy=found,
        history=company_page.history(company_code(), found.id),
        returned_reason=queries.last_return_reason(found.id) if draft else None,
        # Only a draft's "Send for publication" form needs one (its CSRF token).
        form=ActionForm() if draft and acting_alone else None,
        acting_alone=acting_alone,
        done=get_flashed_messages(category_filter=[DONE]),
        problem=request.args.get("problem"),
    )


PROBLEMS = {"alone": NOT_ALONE, "register": REGISTER_DOWN, "state": STALE}


@employer.post("/vacancies/<int:vacancy_id>/submit")
def vacancy_submit(vacancy_id: int):
    found = own_vacancy(vacancy_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    version = request.form.get("version", "")
    try:
        state = workflow.submit(actor(), found.id, int(version) if version.isdigit() else -1)
    except NotAllowed:
        return redirect(url_for("employer.vacancy", vacancy_id=found.id, problem="alone"), code=303)
    except RegisterUnavailable:
        return redirect(url_for("employer.vacancy", vacancy_id=found.id, problem="register"), code=303)
    except WrongState:
        return redirect(url_for("employer.vacancy", vacancy_id=found.id, problem="state"), code=303)
    message = (
        _l("The vacancy is published. A counsellor will check it.")
        if state == VacancyState.PUBLISHED
        else _l("The vacancy is sent for publication. A counsellor checks it first.")
    )
    flash(str(message), DONE)
    return redirect(url_for("employer.vacancy", vacancy_id=found.id), code=303)


@employer.route("/vacancies/<int:vacancy_id>/close", methods=["GET", "POST"])
def vacancy_close(vacancy_id: int):
    found = own_vacancy(vacancy_id)
    if found.state == VacancyState.CLOSED:
        abort(404)
    form = CloseForm()
    if form.validate_on_submit():
        version = request.form.get("version", "")
        try:
            workflow.close(
                actor(), found.id, int(version) if version.isdigit() else -1, ClosureReason(form.reason.data)
            )
        except NotAllowed:
            form.form_errors.append(str(NOT_ALONE))
        except RegisterUnavailable:
            form.form_errors.append(str(REGISTER_DOWN))
        except (WrongState, ValueError):
            form.form_errors.append(str(STALE))
        else:
            flash(str(_l("The vacancy is closed.")), DONE)
            return redirect(url_for("employer.vacancy", vacancy_id=found.id), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("employer/vacancies/close.html", vacancy=found, form=form), status
