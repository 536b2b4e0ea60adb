"""Writing a vacancy's content: a new draft (by a representative, or by a counsellor for a company),
and edits. An edit of a published vacancy keeps it published with a visible "updated" date; an edit
of what a jobseeker decides on (occupation, place, wage) goes back to the check."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.vacancy import (
    ActorRole,
    EmployerCompany,
    Vacancy,
    VacancyLanguage,
    VacancyPlace,
    VacancyState,
)
from portal.profiles import current_profile
from portal.services import vacancy_text
from portal.services.vacancies import messages, publishing, rules
from portal.services.vacancies.base import (
    Actor,
    InvalidVacancy,
    NotFound,
    VacancyConflict,
    VacancyInput,
    WrongState,
    change_state,
    record_change,
)

EDITABLE = frozenset({VacancyState.DRAFT, VacancyState.SUBMITTED, VacancyState.PUBLISHED})
# A counsellor corrects a vacancy in any state, a closed one included (it stays closed).
STAFF_EDITABLE = frozenset(VacancyState)


def _validated(data: VacancyInput) -> VacancyInput:
    profile = current_profile()
    errors = rules.problems(data, profile, profile.today())
    if errors:
        raise InvalidVacancy(errors)
    return data


def _material(vacancy: Vacancy, data: VacancyInput) -> bool:
    """Whether the edit changes what the check was about: occupation, place or wage."""
    return (
        vacancy.occupation_code != data.occupation_code
        or sorted(vacancy.municipality_codes) != sorted(data.municipality_codes)
        or vacancy.remote != data.remote
        or (vacancy.wage_min, vacancy.wage_max) != (data.wage_min, data.wage_max)
    )


def _apply(vacancy: Vacancy, data: VacancyInput) -> None:
    vacancy.title = data.title
    vacancy.occupation_code = data.occupation_code
    vacancy.description = vacancy_text.sanitise(data.description)
    vacancy.remote = data.remote
    vacancy.working_time = data.working_time
    vacancy.contract = data.contract
    vacancy.contract_end = data.contract_end if data.contract.value == "fixed_term" else None
    vacancy.wage_min, vacancy.wage_max = data.wage_min, data.wage_max
    vacancy.currency = current_profile().vacancies.currency
    vacancy.education_level = data.education_level
    vacancy.driving_licence = data.driving_licence or None
    vacancy.experience_years = data.experience_years
    vacancy.positions = data.positions
    vacancy.start_date = data.start_date
    vacancy.deadline = data.deadline
    vacancy.apply_method = data.apply_method
    vacancy.apply_address = data.apply_address if data.apply_method.value != "portal" else None
    vacancy.contact_name = data.contact_name or None
    vacancy.contact_email = data.contact_email or None
    vacancy.contact_phone = data.contact_phone or None
    # Rows kept where unchanged, so their ids (and the unique constraints) stay quiet.
    places = dict.fromkeys(data.municipality_codes)
    vacancy.places = [row for row in vacancy.places if row.municipality_code in places] + [
        VacancyPlace(municipality_code=code) for code in places if code not in vacancy.municipality_codes
    ]
    wanted = dict(data.languages)
    vacancy.languages = [row for row in vacancy.languages if wanted.get(row.language) == row.level] + [
        VacancyLanguage(language=code, level=level)
        for code, level in wanted.items()
        if not any(row.language == code and row.level == level for row in vacancy.languages)
    ]


def create(actor: Actor, employer_code: str, data: VacancyInput) -> int:
    """A new draft for `employer_code`. Employers may only write for the company they act for."""
    _validated(data)
    if actor.role == ActorRole.EMPLOYER and actor.employer_code != employer_code:
        raise NotFound(employer_code)
    with db.write() as session:
        if (
            session.scalar(select(EmployerCompany.id).where(EmployerCompany.registry_code == employer_code))
            is None
        ):
            raise NotFound(employer_code)
        vacancy = Vacancy(
            employer_code=employer_code,
            state=VacancyState.DRAFT,
            created_by_person_id=actor.person_id,
            created_by_role=actor.role,
            check_flags=[],
        )
        _apply(vacancy, data)
        session.add(vacancy)
        session.flush()
        record_change(session, vacancy, None, actor, reason="created")
        if actor.role == ActorRole.COUNSELLOR:
            messages.add(session, vacancy, "vacancy_registered")
        return vacancy.id


def load_for(session: Session, actor: Actor, vacancy_id: int) -> Vacancy:
    """The vacancy, if the actor may write it (its company's representative, or staff)."""
    query = select(Vacancy).where(Vacancy.id == vacancy_id)
    if actor.role == ActorRole.EMPLOYER:
        query = query.where(Vacancy.employer_code == actor.employer_code)
    vacancy = session.scalar(query.with_for_update())
    if vacancy is None:
        raise NotFound(str(vacancy_id))
    return vacancy


def update(actor: Actor, vacancy_id: int, version: int, data: VacancyInput) -> Vacancy:
    """Save an edit, by the company's representative or by a counsellor (the same rules for both).
    Representatives without the sole right may only edit drafts (what is public or waiting for the
    check is the company speaking). A material edit of a published vacancy goes back to the check
    whoever makes it; a counsellor's edit is told to the company in its inbox. Returns the vacancy
    as saved."""
    _validated(data)
    seen = db.session.scalar(
        select(Vacancy.state).where(
            Vacancy.id == vacancy_id,
            *([Vacancy.employer_code == actor.employer_code] if actor.role == ActorRole.EMPLOYER else []),
        )
    )
    if seen is None:
        raise NotFound(str(vacancy_id))
    if seen != VacancyState.DRAFT and actor.role == ActorRole.EMPLOYER:
        # Asked before the transaction: no write lock is held over an X-Road call.
        publishing.confirm_sole_right(actor)
    with db.write() as session:
        vacancy = load_for(session, actor, vacancy_id)
        if vacancy.version != version or vacancy.state != seen:
            raise VacancyConflict(str(vacancy_id))
        if vacancy.state not in (STAFF_EDITABLE if actor.is_staff else EDITABLE):
            raise WrongState(f"vacancy {vacancy_id} is {vacancy.state}")
        published = vacancy.state == VacancyState.PUBLISHED
        material = published and _material(vacancy, data)
        _apply(vacancy, data)
        if published:
            vacancy.edited_at = utcnow()
        if material:
            publishing.send_to_check(session, vacancy, actor, reason="material change")
        elif vacancy.state == VacancyState.SUBMITTED:
            vacancy.check_flags = rules.check_flags(session, vacancy, current_profile())
            record_change(session, vacancy, vacancy.state, actor, reason="edited")
        else:
            record_change(session, vacancy, vacancy.state, actor, reason="edited")
        if actor.is_staff:
            messages.add(session, vacancy, "vacancy_edited")
        session.flush()
        return vacancy


__all__ = ["change_state", "create", "load_for", "update"]
