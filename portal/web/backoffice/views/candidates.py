"""Candidates for a vacancy: ranked active jobseekers with the reasons of their rank; the
counsellor filters, selects several and proposes the vacancy to them (the offers module)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, g, get_flashed_messages, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.i18n import current_language
from portal.models import JobseekerCase, RiskLevel, StaffMember
from portal.models.vacancy import Vacancy, VacancyState
from portal.profiles import current_profile
from portal.services import matching, reference_data
from portal.services.matching import proposing
from portal.services.matching.reasons import Explained, explain
from portal.web.backoffice import backoffice, case_extensions, case_panels, usage
from portal.web.forms import PortalForm
from portal.web.parameters import repeatable
from portal.web.records import load_authorized

PAGE_SIZE = 50
PROPOSED = "candidates-proposed"  # flash category; the message is the number of offers made
CANDIDATE_ROW = (usage.C.NAME, usage.C.WORK_PREFERENCES, usage.C.REGISTER_DATA, usage.C.REGISTRATION)


class ProposeForm(PortalForm):
    """Only the CSRF token: the selected people arrive as repeated `person` values."""


@dataclass(frozen=True)
class Row:
    candidate: matching.Candidate
    why: Explained


def _load(vacancy_id: int) -> Vacancy:
    # Every counsellor may look for candidates for any vacancy (Access.STAFF).
    return load_authorized(Vacancy, vacancy_id, lambda _vacancy, user: user.is_staff)


def _filters() -> tuple[matching.CandidateFilters, int]:
    municipality = request.args.get("municipality", "").strip()
    known = {m.code for m in reference_data.municipalities(current_profile().code, "en")}
    page = request.args.get("page", "1")
    return matching.CandidateFilters(
        municipality=municipality if municipality in known else None,
        social_assistance_first=request.args.get("assistance_first") == "1",
        not_offered=request.args.get("not_offered") == "1",
        risk_level=risk if (risk := request.args.get("risk", "")) in {r.value for r in RiskLevel} else None,
    ), max(1, min(int(page) if page.isdigit() else 1, 100))


def _render(vacancy: Vacancy, form: ProposeForm, status: int = 200, error: str | None = None):
    filters, page = _filters()
    profile = current_profile()
    language = current_language().code
    found = matching.candidates_for(vacancy, filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    rows = [
        Row(candidate, explain(candidate.assessment, profile_code=profile.code, language=language))
        for candidate in found[:PAGE_SIZE]
    ]
    usage.record_use(
        [row.candidate.person.id for row in rows],
        "candidates for a vacancy listed",
        CANDIDATE_ROW,
        {"vacancy": vacancy.id},
        listing=True,
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "backoffice/candidates/page.html",
        vacancy=vacancy,
        occupation=reference_data.occupation(vacancy.occupation_code, language),
        places=[
            reference_data.municipality(profile.code, code, language) for code in vacancy.municipality_codes
        ],
        municipalities=reference_data.municipalities(profile.code, language),
        risk_levels=[(level.value, labels.RISK_LEVELS[level.value]) for level in RiskLevel],
        filters=filters,
        rows=rows,
        page=page,
        first=(page - 1) * PAGE_SIZE,
        prev_href=url_for("backoffice.vacancy_candidates", vacancy_id=vacancy.id, page=page - 1, **args)
        if page > 1
        else None,
        next_href=url_for("backoffice.vacancy_candidates", vacancy_id=vacancy.id, page=page + 1, **args)
        if len(found) > PAGE_SIZE
        else None,
        form=form,
        error=error,
        proposed=next(iter(get_flashed_messages(category_filter=[PROPOSED])), None),
        can_propose=vacancy.state is VacancyState.PUBLISHED,
    ), status


@backoffice.get("/vacancies/<int:vacancy_id>/candidates")
def vacancy_candidates(vacancy_id: int):
    return _render(_load(vacancy_id), ProposeForm(formdata=None))


NOTHING_SELECTED = _l("Select at least one person to propose the vacancy to")


@backoffice.post("/vacancies/<int:vacancy_id>/candidates")
@repeatable("person")
def vacancy_candidates_propose(vacancy_id: int):
    vacancy = _load(vacancy_id)
    form = ProposeForm()
    if not form.validate_on_submit():
        abort(400)
    person_ids = [int(value) for value in request.form.getlist("person") if value.isdigit()]
    if not person_ids:
        return _render(vacancy, form, 400, error=str(NOTHING_SELECTED))
    staff = db.session.scalar(select(StaffMember).where(StaffMember.person_id == current_user.person_id))
    if staff is None:  # removed from the staff table since signing in
        abort(403)
    try:
        made = proposing.propose(
            vacancy, person_ids, staff=staff, profile=current_profile(), request_id=g.get("request_id")
        )
    except proposing.NotAvailable as refused:
        return _render(vacancy, form, 409, error=str(refused.message))
    flash(str(made), PROPOSED)
    return redirect(url_for("backoffice.vacancy_candidates", vacancy_id=vacancy.id, **request.args), code=303)


# --- the case view: the vacancies matching recommends for the person -----------------------------

CASE_RECOMMENDED = 5


def _case_recommendations(case: JobseekerCase) -> dict[str, object] | None:
    # Written on every view: a panel kept under one person's cards would be used again only by the
    # next view of the same person in the same worker (docs/performance.md, the twelfth pass).
    profile = current_profile()
    language = current_language().code
    recommended = [
        {
            "vacancy": item.vacancy,
            "why": explain(item.assessment, profile_code=profile.code, language=language),
            "score": item.assessment.score,
        }
        for item in matching.recommended_cards(case.person_id, CASE_RECOMMENDED)
    ]
    # Written as markup by a function, not by a template included with the page's whole context.
    return {"html": case_panels.recommended_panel(recommended)}


def _read_recommendations_ahead(case: JobseekerCase) -> None:
    matching.read_cards_ahead(case.person_id, CASE_RECOMMENDED)


case_extensions.add_panel(
    "recommended-vacancies", None, _case_recommendations, order=50, ahead=_read_recommendations_ahead
)
