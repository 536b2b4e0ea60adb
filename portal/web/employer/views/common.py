"""What the employer's views share: who acts (from the login session), and the company's records."""

from __future__ import annotations

from flask import abort, g, request
from flask_login import current_user

from portal.integrations.xroad.errors import XRoadError
from portal.models.vacancy import ActorRole, EmployerCompany, Vacancy
from portal.services import employers
from portal.services.vacancies import Actor, company_page, queries
from portal.web.records import load_scoped


def actor() -> Actor:
    return Actor(
        person_id=current_user.person_id,
        role=ActorRole.EMPLOYER,
        employer_code=current_user.acting_for_code,
        acting_alone=bool(current_user.acting_alone),
        national_code=current_user.national_code,
        subject=current_user.subject,
    )


def company_code() -> str:
    code = current_user.acting_for_code
    if not code:
        abort(403)
    return code


def current_company(with_unread: bool = False) -> EmployerCompany:
    """The company's profile, created at the first visit (name and address from the register).

    `with_unread`: a GET page reads the navigation's unread count in the same statement
    (`unread_count` keeps it for the request) when the profile is there and fresh."""
    if with_unread and request.method == "GET" and "employer_unread" not in g:
        found, unread = queries.company_with_unread(company_code())
        if found is not None:
            g.employer_unread = unread
            if employers.is_fresh(found):
                return found
    try:
        return employers.ensure_company(
            company_code(), name=current_user.acting_for_name, on_behalf_of=current_user.subject
        )
    except (employers.UnknownCompany, XRoadError):
        abort(403)


def own_vacancy(vacancy_id: int) -> Vacancy:
    """One of the company's vacancies; another company's answers 404 and is audited.

    A GET page reads the navigation's unread count in the same statement (`unread_count` keeps it
    for the request); a POST may write messages before its page is drawn, so it counts them then."""
    if request.method == "GET" and "employer_unread" not in g:
        found, unread = queries.company_vacancy_with_unread(company_code(), vacancy_id)
        if found is not None:
            g.employer_unread = unread
    else:
        found = queries.company_vacancy(company_code(), vacancy_id)
    return load_scoped(Vacancy, vacancy_id, found)


def own_vacancy_form(vacancy_id: int) -> queries.FormVacancy:
    """What the form shows of one of the company's vacancies (columns, not the ORM's objects), and
    the navigation's unread count with it; another company's answers 404 and is audited, as
    `own_vacancy`'s."""
    found, unread = queries.company_vacancy_form(company_code(), vacancy_id)
    if found is not None and "employer_unread" not in g:
        g.employer_unread = unread
    return load_scoped(Vacancy, vacancy_id, found)  # type: ignore[arg-type]


def own_vacancy_page(vacancy_id: int) -> company_page.PageVacancy:
    """What the vacancy's own page shows of one of the company's vacancies (columns, not the ORM's
    objects; its history read ahead), and the navigation's unread count with it; another company's
    answers 404 and is audited, as `own_vacancy`'s."""
    found, unread = company_page.vacancy_with_unread(company_code(), vacancy_id)
    if found is not None and "employer_unread" not in g:
        g.employer_unread = unread
    return load_scoped(Vacancy, vacancy_id, found)  # type: ignore[arg-type]
