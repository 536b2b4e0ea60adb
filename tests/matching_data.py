"""Hand-made jobseekers and vacancies for the matching tests: only what a case needs is given."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    JobseekerProfile,
    OccupationSource,
    Person,
    ProfileEmployment,
    ProfileLanguage,
    ProfileOccupation,
    ProfilePlace,
    Registration,
    RegistrationKind,
    RegistrationState,
    WorkingTime,
)
from portal.models.base import utcnow
from portal.models.vacancy import (
    ContractType,
    EmployerCompany,
    RemoteWork,
    Vacancy,
    VacancyLanguage,
    VacancyPlace,
    VacancyState,
    VacancyWorkingTime,
)

_serial = itertools.count(1)
TODAY = dt.date(2026, 12, 3)


def jobseeker(
    name: str,
    occupations: tuple[str, ...] = (),
    *,
    history: tuple[str, ...] = (),
    home: str | None = None,
    places: tuple[str, ...] = (),
    remote: bool = False,
    languages: tuple[tuple[str, str | None], ...] = (),
    working_time: str = "any",
    contracts: tuple[str, ...] = (),  # kinds of contract the person would take; (): any
    available_from: dt.date | None = None,
    wage: int | None = None,
    licence: str | None = None,
    education: int | None = None,
    assistance: str | None = None,
    state: RegistrationState = RegistrationState.REGISTERED,
    registered_on: dt.date = dt.date(2026, 1, 1),
    opt_out: bool = False,
    national_code: str | None = None,
) -> JobseekerProfile:
    n = next(_serial)
    with db.write() as session:
        code = national_code or f"9{n:010d}"
        person = session.scalar(select(Person).where(Person.national_code == code))
        if person is None:
            person = Person(country="EE", national_code=code, given_name=name, family_name="Test")
            session.add(person)
            session.flush()
        session.add(
            Registration(
                reference=f"T-{n}",
                person_id=person.id,
                kind=RegistrationKind.UNEMPLOYED,
                state=state,
                decision_due_on=registered_on,
                registered_on=registered_on if state is RegistrationState.REGISTERED else None,
                consent_at=utcnow(),
                consent_version="test",
                register_data={},
                answers={},
            )
        )
        profile = JobseekerProfile(
            person_id=person.id,
            working_time=WorkingTime(working_time),
            contract_permanent=not contracts or "permanent" in contracts,
            contract_fixed_term=not contracts or "fixed_term" in contracts,
            contract_seasonal=not contracts or "seasonal" in contracts,
            remote=remote,
            available_from=available_from,
            wage_expectation=wage,
            driving_licence=licence,
            education_level=education,
            home_municipality=home,
            social_assistance_category=assistance,
            proposals_opt_out=opt_out,
            occupations=[
                ProfileOccupation(isco_code=c, source=OccupationSource.DECLARED) for c in occupations
            ],
            places=[ProfilePlace(municipality_code=c) for c in places],
            languages=[ProfileLanguage(code=c, level=level) for c, level in languages],
            employments=[ProfileEmployment(isco_code=c, employer_name="Old employer") for c in history],
        )
        session.add(profile)
    return profile


def vacancy(
    occupation: str,
    places: tuple[str, ...] = ("0793",),
    *,
    remote: RemoteWork = RemoteWork.ON_SITE,
    working_time: VacancyWorkingTime = VacancyWorkingTime.FULL,
    contract: ContractType = ContractType.PERMANENT,
    start_date: dt.date | None = None,
    wage: tuple[int, int] = (1500, 2000),
    education: int | None = None,
    licence: str | None = None,
    languages: tuple[tuple[str, str], ...] = (),
    state: VacancyState = VacancyState.PUBLISHED,
    title: str = "A job",
) -> Vacancy:
    n = next(_serial)
    with db.write() as session:
        company = EmployerCompany(registry_code=f"8{n:07d}", name=f"Employer {n}")
        session.add(company)
        session.flush()
        found = Vacancy(
            employer_code=company.registry_code,
            title=title,
            occupation_code=occupation,
            description="<p>A job.</p>",
            remote=remote,
            working_time=working_time,
            contract=contract,
            contract_end=TODAY + dt.timedelta(days=365) if contract is ContractType.FIXED_TERM else None,
            wage_min=wage[0],
            wage_max=wage[1],
            currency="EUR",
            education_level=education,
            driving_licence=licence,
            start_date=start_date,
            deadline=TODAY + dt.timedelta(days=3650),
            state=state,
            published_at=utcnow() if state is VacancyState.PUBLISHED else None,
            places=[VacancyPlace(municipality_code=c) for c in places],
            languages=[VacancyLanguage(language=c, level=level) for c, level in languages],
        )
        session.add(found)
    return found
