"""The counsellors' vacancy check: the queue (submitted, published directly, reported), a vacancy's
check page with its flags (wording, wage below the legal minimum, duplicate), publish or return with
a reason; and registering a vacancy on behalf of an employer who called or visited."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.integrations.xroad.errors import XRoadError
from portal.models.vacancy import ActorRole, Vacancy
from portal.profiles import current_profile
from portal.services import employers, vacancy_text
from portal.services.reference_data import search_occupations
from portal.services.vacancies import (
    Actor,
    InvalidVacancy,
    WrongState,
    check_page,
    check_queue,
    editing,
    queries,
    rules,
    workflow,
)
from portal.web import vacancy_editing, vacancy_form
from portal.web.backoffice import backoffice, navigation
from portal.web.forms import PortalForm
from portal.web.parameters import repeatable
from portal.web.records import authorize, load_authorized

DONE = "vacancy-checked"
navigation.add(
    "vacancies",
    _l("Vacancies to check"),
    "backoffice.vacancy_checks",
    order=40,
    also_current=("backoffice.vacancy*",),
)
REASON_MAX = 2000


class PublishForm(PortalForm):
    pass


class ReturnForm(PortalForm):
    reason = TextAreaField(
        _l("Why are you returning the vacancy?"),
        description=_l("The employer reads this. Say what to change."),
        validators=[
            DataRequired(message=_l("Enter why you are returning the vacancy")),
            Length(max=REASON_MAX, message=_l("Use 2000 characters or fewer")),
        ],
    )


class OnBehalfForm(vacancy_form.VacancyForm):
    registry_code = StringField(
        _l("Employer's registry code"),
        description=_l("From the business register, for example 14216734"),
        validators=[
            DataRequired(message=_l("Enter the employer's registry code")),
            Regexp(r"^[0-9]{6,12}$", message=_l("Enter a registry code of 6 to 12 digits")),
        ],
    )


def _actor() -> Actor:
    return Actor(person_id=current_user.person_id, role=ActorRole.COUNSELLOR)


def _page_arg() -> int:
    value = request.args.get("page", "1")
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 10_000:
        abort(404)
    return int(value)


@backoffice.get("/vacancies/")
def vacancy_checks():
    return render_template(
        "backoffice/vacancies/queue.html",
        found=check_queue.check_queue(_page_arg()),
        done=get_flashed_messages(category_filter=[DONE]),
    )


def _load(vacancy_id: int) -> Vacancy:
    # Every counsellor may check every vacancy (Access.STAFF); vacancies hold no jobseeker's data.
    # Read with its places and languages first: `load_authorized` then finds the row in the
    # session's identity map instead of reading it a second time.
    found = queries.any_vacancy(vacancy_id)
    vacancy = load_authorized(Vacancy, vacancy_id, lambda _vacancy, user: user.is_staff)
    return found or vacancy


def _checked(vacancy_id: int) -> check_page.CheckedVacancy:
    """The vacancy as the check page shows it (one statement), with the same policy as `_load`."""
    return authorize(
        Vacancy, vacancy_id, check_page.checked_vacancy(vacancy_id), lambda _vacancy, user: user.is_staff
    )


def _check_page(vacancy: check_page.CheckedVacancy, return_form: ReturnForm, status: int = 200):
    """The publish and verify forms are a button and the session's CSRF token (`csrf_token()` in
    the template): no form is made for them."""
    profile = current_profile()
    terms = rules.discriminatory_terms([vacancy.title, vacancy_text.plain(vacancy.description)], profile)
    return render_template(
        "backoffice/vacancies/check.html",
        vacancy=vacancy,
        company=vacancy.company,
        flags=list(vacancy.check_flags or []),
        terms=terms,
        minimum_wage=profile.vacancies.minimum_wage,
        reports=vacancy.open_reports,
        history=vacancy.history,
        return_form=return_form,
        stale=request.args.get("stale") == "1",
        done=get_flashed_messages(category_filter=[DONE]),
    ), status


@backoffice.get("/vacancies/<int:vacancy_id>")
def vacancy_check(vacancy_id: int):
    return _check_page(_checked(vacancy_id), ReturnForm())


@backoffice.post("/vacancies/<int:vacancy_id>/publish")
def vacancy_publish(vacancy_id: int):
    vacancy = _load(vacancy_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        workflow.publish(_actor(), vacancy.id)
    except WrongState:
        return redirect(url_for("backoffice.vacancy_check", vacancy_id=vacancy.id, stale=1), code=303)
    flash(str(_l("The vacancy “%(title)s” is published and checked.", title=vacancy.title)), DONE)
    return redirect(url_for("backoffice.vacancy_checks"), code=303)


@backoffice.post("/vacancies/<int:vacancy_id>/return")
def vacancy_return(vacancy_id: int):
    vacancy = _checked(vacancy_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            workflow.return_to_employer(_actor(), vacancy.id, form.reason.data)
        except WrongState:
            return redirect(url_for("backoffice.vacancy_check", vacancy_id=vacancy.id, stale=1), code=303)
        flash(str(_l("The vacancy “%(title)s” is returned to the employer.", title=vacancy.title)), DONE)
        return redirect(url_for("backoffice.vacancy_checks"), code=303)
    return _check_page(vacancy, form, 400)


@backoffice.post("/vacancies/<int:vacancy_id>/verify-employer")
def vacancy_verify_employer(vacancy_id: int):
    """Trust the company to publish directly from now on (where the profile allows it)."""
    vacancy = _load(vacancy_id)
    if not PublishForm().validate_on_submit():
        abort(400)
    employers.set_verified(vacancy.employer_code, True, actor_person_id=current_user.person_id)
    return redirect(url_for("backoffice.vacancy_check", vacancy_id=vacancy.id), code=303)


@backoffice.route("/vacancies/<int:vacancy_id>/edit", methods=["GET", "POST"])
@repeatable("driving_licence")
def vacancy_edit(vacancy_id: int):
    """A counsellor corrects a vacancy in any state, with the employer's form and the same service
    (the same rules; a material edit of a published vacancy goes back to the check)."""
    vacancy = _load(vacancy_id)
    form = vacancy_form.VacancyForm(data=vacancy_form.data_of(vacancy) if request.method == "GET" else None)

    def save(data):
        saved = editing.update(_actor(), vacancy.id, form.version.data or 0, data)
        flash(str(_l("Your changes to the vacancy “%(title)s” are saved.", title=saved.title)), DONE)
        return redirect(url_for("backoffice.vacancy_check", vacancy_id=saved.id), code=303)

    def render(form, status, results):
        return render_template(
            "backoffice/vacancies/edit.html",
            form=form,
            vacancy=vacancy,
            company=employers.company(vacancy.employer_code),
            results=results,
            searched=form.submit_action == "search",
            search_url=url_for("backoffice.vacancy_occupation_search"),
        ), status

    return vacancy_editing.handle(form, save, render)


@backoffice.route("/vacancies/new", methods=["GET", "POST"])
@repeatable("driving_licence")
def vacancy_on_behalf():
    form = OnBehalfForm()
    form.submit_action = request.form.get("action", "save")
    results: list[str] = []
    language = current_language().code
    if request.method == "POST" and form.submit_action == "search":
        results = [found.code for found in search_occupations((form.q.data or "")[:100], language)]
    elif form.validate_on_submit():
        try:
            company = employers.ensure_company(form.registry_code.data, strict=True)
            vacancy_id = editing.create(_actor(), company.registry_code, vacancy_form.input_of(form))
            workflow.publish(_actor(), vacancy_id)
        except employers.UnknownCompany:
            form.registry_code.errors = [
                str(_l("The business register does not know an active company with this code"))
            ]
        except XRoadError:
            form.form_errors.append(
                str(_l("We could not check with the business register. Try again in a few minutes."))
            )
        except InvalidVacancy as invalid:
            vacancy_form.show_errors(form, invalid.errors)
        else:
            flash(
                str(_l("The vacancy is registered for %(company)s and published.", company=company.name)),
                DONE,
            )
            return redirect(url_for("backoffice.vacancy_check", vacancy_id=vacancy_id), code=303)
    vacancy_form.prepare(form, language, results)
    status = 400 if request.method == "POST" and form.submit_action != "search" else 200
    return render_template(
        "backoffice/vacancies/new.html",
        form=form,
        results=results,
        searched=form.submit_action == "search",
        search_url=url_for("backoffice.vacancy_occupation_search"),
    ), status


@backoffice.get("/vacancies/occupation-search")
def vacancy_occupation_search():
    query = (request.args.get("q") or "")[:100]
    return render_template(
        "employer/vacancies/_occupation_results.html",
        results=search_occupations(query, current_language().code),
        query=query,
    )
