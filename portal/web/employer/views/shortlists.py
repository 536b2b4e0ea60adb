"""The employer's shortlist of a vacancy: only the company's own vacancies, only consented fields,
and the outcome per candidate."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user

from portal import labels
from portal.i18n import current_language
from portal.models import Candidate, NotSelectedReason, Outcome, Vacancy
from portal.services.offers import shortlist as shortlists
from portal.services.paging import requested_number
from portal.services.reference_data import occupation
from portal.web.employer import employer
from portal.web.fields import DateInputField
from portal.web.offer_forms import OutcomeForm
from portal.web.paging import page_links
from portal.web.records import authorize, load_authorized


def _own_vacancy(vacancy: Vacancy, user: object) -> bool:
    """Employer X never sees Y's shortlist: the vacancy must be the company the user acts for."""
    code = getattr(user, "acting_for_code", None)
    return code is not None and vacancy.employer_code == code


def occupation_title(code: str) -> str:
    found = occupation(code, current_language())
    return found.title if found is not None else code


def _page(
    vacancy: Vacancy, form: OutcomeForm | None = None, status: int = 200, total: int | None = None, **context
):
    found = shortlists.shortlist(vacancy, requested_number(request.args), total)
    shown = found.items
    shortlists.record_shortlist_view(vacancy, shown, current_user.person_id)
    return render_template(
        "employer/shortlists/page.html",
        vacancy=vacancy,
        candidates=shown,
        open=shortlists.visible(vacancy),
        # Only the error summary of a failed POST reads the form (each candidate's own form
        # takes the CSRF token directly): a GET builds none.
        form=form,
        failed=context.pop("failed", None),
        outcome_choices=[(outcome.value, labels.OUTCOMES[outcome]) for outcome in Outcome],
        reason_choices=[(reason.value, labels.NOT_SELECTED_REASONS[reason]) for reason in NotSelectedReason],
        date_parts=DateInputField.PARTS,
        occupation_title=occupation_title,
        page=found,
        links=page_links(found, "employer.shortlist", vacancy_id=vacancy.id) if shown else None,
        **context,
    ), status


@employer.get("/vacancies/<int:vacancy_id>/shortlist")
def shortlist(vacancy_id: int):
    # The vacancy, its shortlist's count and the navigation's unread count in one statement; the
    # vacancy's policy (`load_authorized`'s) on what it read.
    found, candidates, unread = shortlists.vacancy_with_counts(vacancy_id, current_user.acting_for_code)
    vacancy = authorize(Vacancy, vacancy_id, found, _own_vacancy)
    if "employer_unread" not in g:
        g.employer_unread = unread
    return _page(vacancy, total=candidates, recorded=request.args.get("recorded"))


@employer.post("/vacancies/<int:vacancy_id>/candidates/<int:candidate_id>/outcome")
def candidate_outcome(vacancy_id: int, candidate_id: int):
    vacancy = load_authorized(Vacancy, vacancy_id, _own_vacancy)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return _page(vacancy, form, 400, failed=candidate_id)
    try:
        shortlists.record_outcome(
            candidate_id,
            vacancy,
            outcome=Outcome(form.outcome.data),
            start_date=form.start_date.data,
            reason=NotSelectedReason(form.not_selected_reason.data)
            if form.not_selected_reason.data
            else None,
            actor_person_id=current_user.person_id,
            request_id=g.get("request_id"),
        )
    except shortlists.NotVisible:
        # Another vacancy's candidate, withdrawn consent or a closed vacancy: as if it did not exist.
        load_authorized(Candidate, candidate_id, lambda _record, _user: False)
    return redirect(url_for("employer.shortlist", vacancy_id=vacancy.id, recorded=candidate_id), code=303)
