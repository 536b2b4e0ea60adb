"""People, registrations, staff and offers for the tests of offers, refusals and shortlists."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    ContractType,
    EmployerCompany,
    Offer,
    OfferKind,
    Person,
    Registration,
    RegistrationKind,
    RegistrationState,
    StaffMember,
    StaffRole,
    Vacancy,
    VacancyState,
    VacancyWorkingTime,
)
from portal.models.register_snapshot import RegisterSnapshot, Section, SocialAssistance, Status
from portal.services.offers import proposing
from portal.services.staff import add_staff

_counter = itertools.count(1)

# Kosovo personas (docs/personas.md): a beneficiary of category II, and a person never one.
XK_BENEFICIARY = "1184527396"
XK_UNEMPLOYED = "1234567890"
XK_COUNSELLOR = "1190817263"
EE_UNEMPLOYED = "38001085718"
EE_COUNSELLOR = "49403136526"


def person(code: str, country: str = "EE") -> int:
    found = db.session.scalar(select(Person).where(Person.national_code == code))
    if found is None:
        with db.write() as session:
            found = Person(
                country=country, national_code=code, given_name="Test", family_name=f"Person {code[-4:]}"
            )
            session.add(found)
    return found.id


def registered(
    code: str,
    country: str = "EE",
    *,
    social_assistance: str | None = None,
    category: str = "II",
    registered_on: dt.date | None = None,
) -> int:
    """A person registered as unemployed; `social_assistance` is the status the registers said."""
    person_id = person(code, country)
    snapshot = RegisterSnapshot(
        social_assistance=Section(
            status=Status.OK,
            read_at=dt.datetime.now(dt.UTC),
            xroad_id=None,
            values=SocialAssistance(status=social_assistance, category=category, since=None, office=None),
        )
        if social_assistance
        else None
    )
    with db.write() as session:
        row = Registration(
            reference=f"REG-2026-OFFERS{next(_counter):04d}",
            person_id=person_id,
            kind=RegistrationKind.UNEMPLOYED,
            state=RegistrationState.REGISTERED,
            decision_due_on=dt.date.today(),
            registered_on=registered_on or dt.date.today(),
            consent_at=dt.datetime.now(dt.UTC),
            consent_version="test",
            register_data={},
            answers={},
            review_reasons=[],
        )
        row.snapshot = snapshot
        session.add(row)
    return person_id


def counsellor(app, code: str = EE_COUNSELLOR) -> StaffMember:
    existing = db.session.scalar(select(StaffMember).join(Person).where(Person.national_code == code))
    if existing is None:
        add_staff(app.extensions["profile"], code, StaffRole.COUNSELLOR, "Office")
        existing = db.session.scalar(select(StaffMember).join(Person).where(Person.national_code == code))
    return existing


EMPLOYER_CODE = "12874520"  # Tartu Puit OÜ (docs/personas.md)
OTHER_EMPLOYER_CODE = "14216734"  # Põhjarannik OÜ


def company(code: str = EMPLOYER_CODE, name: str = "Tartu Puit OÜ") -> str:
    if db.session.scalar(select(EmployerCompany.id).where(EmployerCompany.registry_code == code)) is None:
        with db.write() as session:
            session.add(EmployerCompany(registry_code=code, name=name))
    return code


def vacancy(
    title: str = "Warehouse worker", *, employer_code: str = EMPLOYER_CODE, state=VacancyState.PUBLISHED
) -> int:
    """A published vacancy that takes applications through the portal."""
    company(employer_code, "Tartu Puit OÜ" if employer_code == EMPLOYER_CODE else "Põhjarannik OÜ")
    with db.write() as session:
        row = Vacancy(
            employer_code=employer_code,
            title=title,
            occupation_code="9333",
            description="<p>Loading and unloading.</p>",
            working_time=VacancyWorkingTime.FULL,
            contract=ContractType.PERMANENT,
            wage_min=1200,
            wage_max=1500,
            currency="EUR",
            deadline=dt.date.today() + dt.timedelta(days=30),
            state=state,
            published_at=dt.datetime.now(dt.UTC) if state is VacancyState.PUBLISHED else None,
        )
        session.add(row)
    return row.id


def vacancy_subject(vacancy_id: int | None = None, title: str = "Warehouse worker") -> proposing.Subject:
    return proposing.Subject(OfferKind.VACANCY, vacancy_id or vacancy(title), title, "Tartu Puit OÜ")


def offer_to(
    app, person_id: int, *, vacancy_id: int | None = None, staff: StaffMember | None = None, **kwargs
) -> Offer:
    staff = staff or counsellor(app)
    made = proposing.propose(
        [person_id], vacancy_subject(vacancy_id), staff=staff, profile=app.extensions["profile"], **kwargs
    )
    assert len(made) == 1
    return made[0]
