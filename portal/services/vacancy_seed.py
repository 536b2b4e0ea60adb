"""Demo vacancies for `make run` (the current country profile's): companies of the business register
simulator, occupations across the ISCO major groups, wages of the country. Idempotent: a company's
vacancy with the same title is not added twice. Written straight into the tables as the services
would leave them (published ones with their history), without asking the register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.vacancy import (
    ActorRole,
    ApplyMethod,
    ContractType,
    EmployerCompany,
    RemoteWork,
    Vacancy,
    VacancyLanguage,
    VacancyPlace,
    VacancyState,
    VacancyStateChange,
    VacancyWorkingTime,
)
from portal.profiles import current_profile
from portal.services import vacancy_text


@dataclass(frozen=True)
class Demo:
    company: str  # registry code
    title: str
    isco: str
    places: tuple[str, ...]
    wage: tuple[int, int]
    description: str
    working_time: str = "full"
    contract: str = "permanent"
    remote: str = "on_site"
    education: int | None = None
    languages: tuple[tuple[str, str], ...] = ()
    licence: str | None = None
    experience: int = 0
    positions: int = 1
    state: str = "published"
    days_open: int = 45


COMPANIES = {
    "EE": {
        "14216734": "Põhjarannik OÜ",
        "10765896": "Lõunatäht AS",
        "12874520": "Tartu Puit OÜ",
        "16000041": "Männi Hooldus OÜ",
    },
    "XK": {
        "811234567": "Dardania Tech SH.P.K.",
        "812345678": "Kalaja Ndërtimi SH.P.K.",
        "814567890": "Iliria Tregtia SH.P.K.",
        "815678901": "Rugova Ushqimi SH.P.K.",
    },
}

DEMOS = {
    "EE": (
        Demo(
            "14216734",
            "Tarkvaraarendaja (Python)",
            "2512",
            ("0784",),
            (2800, 4200),
            "<p>Arendame avalike teenuste veebirakendusi.</p><ul><li>Python, Flask, PostgreSQL</li>"
            "<li>Koodiülevaatused ja testimine</li></ul><p><strong>Pakume</strong> paindlikku tööaega.</p>",
            remote="hybrid",
            education=6,
            languages=(("et", "B2"), ("en", "B2")),
            experience=3,
        ),
        Demo(
            "14216734",
            "Raamatupidaja",
            "3313",
            ("0784",),
            (1600, 2100),
            "<p>Ostu- ja müügiarvete kirjendamine, pangakanded ja kuuaruanded.</p>",
            working_time="part",
            education=4,
            languages=(("et", "C1"),),
            experience=2,
        ),
        Demo(
            "10765896",
            "Kokk",
            "5120",
            ("0793",),
            (1300, 1700),
            "<p>Otsime kokka Tartu kesklinna restorani.</p><ul><li>Hommiku- ja lõunasöögid</li>"
            "<li>Tooraine tellimine</li></ul>",
            working_time="shifts",
            languages=(("et", "B1"),),
            positions=2,
        ),
        Demo(
            "10765896",
            "Müüja-klienditeenindaja",
            "5223",
            ("0793", "0796"),
            (1100, 1300),
            "<p>Klientide nõustamine ja kassatöö kaubanduskeskuses.</p>",
            working_time="shifts",
            contract="fixed_term",
            languages=(("et", "B1"), ("ru", "B1")),
        ),
        Demo(
            "12874520",
            "Puusepp",
            "7115",
            ("0793",),
            (1500, 2200),
            "<p>Puitmajade moodulite valmistamine tehases.</p><ul><li>Joonistelt töötamine</li></ul>",
            education=3,
            licence="B",
            experience=1,
            positions=3,
        ),
        Demo(
            "12874520",
            "Veoautojuht (C-kategooria)",
            "8332",
            ("0793", "0511"),
            (1700, 2300),
            "<p>Puidu ja valmistoodangu vedu üle Eesti.</p>",
            licence="C,CE",
            experience=2,
        ),
        Demo(
            "16000041",
            "Hooldustöötaja",
            "5321",
            ("0663",),
            (1150, 1450),
            "<p>Eakate igapäevane hooldus Rakvere hooldekodus.</p>",
            working_time="shifts",
            languages=(("et", "B1"),),
            positions=4,
        ),
        Demo(
            "16000041",
            "Õde",
            "2221",
            ("0663",),
            (1900, 2500),
            "<p>Otsime õde hooldekodu meditsiinitöö korraldamiseks.</p>",
            education=6,
            languages=(("et", "C1"),),
            state="submitted",
        ),
    ),
    "XK": (
        Demo(
            "811234567",
            "Zhvillues softueri (Java)",
            "2512",
            ("PR",),
            (900, 1600),
            "<p>Zhvillojmë aplikacione për bankat.</p><ul><li>Java, Spring, PostgreSQL</li></ul>",
            remote="hybrid",
            education=6,
            languages=(("sq", "C1"), ("en", "B2")),
            experience=2,
        ),
        Demo(
            "811234567",
            "Asistent zyre",
            "4110",
            ("PR",),
            (450, 550),
            "<p>Administrimi i dokumenteve dhe pritja e klientëve.</p>",
            languages=(("sq", "C1"),),
        ),
        Demo(
            "812345678",
            "Elektricist ndërtimi",
            "7411",
            ("PR", "FK"),
            (500, 750),
            "<p>Instalime elektrike në objekte banimi.</p>",
            education=3,
            licence="B",
            experience=2,
            positions=2,
        ),
        Demo(
            "812345678",
            "Saldator",
            "7212",
            ("MI",),
            (550, 800),
            "<p>Saldim i konstruksioneve metalike në kantier.</p>",
            experience=1,
            contract="seasonal",
        ),
        Demo(
            "814567890",
            "Shitës në dyqan",
            "5223",
            ("PE",),
            (380, 450),
            "<p>Shitje dhe shërbim ndaj klientëve në dyqanin tonë në Pejë.</p>",
            working_time="shifts",
            languages=(("sq", "B2"),),
            positions=2,
        ),
        Demo(
            "814567890",
            "Menaxher shitjesh",
            "1221",
            ("PR",),
            (1000, 1500),
            "<p>Udhëheqja e ekipit të shitjeve dhe marrëdhëniet me furnitorët.</p>",
            education=6,
            languages=(("sq", "C1"), ("en", "B2")),
            experience=5,
        ),
        Demo(
            "815678901",
            "Kuzhinier",
            "5120",
            ("PZ",),
            (400, 600),
            "<p>Përgatitja e ushqimeve tradicionale në restorantin tonë në Prizren.</p>",
            working_time="shifts",
            languages=(("sq", "B1"),),
        ),
        Demo(
            "815678901",
            "Shofer kamioni",
            "8332",
            ("PE", "PR"),
            (600, 850),
            "<p>Shpërndarja e produkteve ushqimore në të gjithë Kosovën.</p>",
            licence="C,CE",
            state="submitted",
        ),
    ),
}


def seed_demo_vacancies() -> int:
    """Add the current profile's demo vacancies; returns how many were added."""
    profile = current_profile()
    today, now = profile.today(), utcnow()
    added = 0
    with db.write() as session:
        for code, name in COMPANIES.get(profile.code, {}).items():
            if (
                session.scalar(select(EmployerCompany.id).where(EmployerCompany.registry_code == code))
                is None
            ):
                session.add(EmployerCompany(registry_code=code, name=name))
        session.flush()
        existing = {(row[0], row[1]) for row in session.execute(select(Vacancy.employer_code, Vacancy.title))}
        for demo in DEMOS.get(profile.code, ()):
            if (demo.company, demo.title) in existing:
                continue
            state = VacancyState(demo.state)
            vacancy = Vacancy(
                employer_code=demo.company,
                title=demo.title,
                occupation_code=demo.isco,
                description=vacancy_text.sanitise(demo.description),
                remote=RemoteWork(demo.remote),
                working_time=VacancyWorkingTime(demo.working_time),
                contract=ContractType(demo.contract),
                contract_end=today + dt.timedelta(days=240) if demo.contract == "fixed_term" else None,
                wage_min=demo.wage[0],
                wage_max=demo.wage[1],
                currency=profile.vacancies.currency,
                education_level=demo.education,
                driving_licence=demo.licence,
                experience_years=demo.experience,
                positions=demo.positions,
                deadline=today + dt.timedelta(days=demo.days_open),
                apply_method=ApplyMethod.PORTAL,
                state=state,
                check_flags=[],
                created_by_role=ActorRole.EMPLOYER,
                published_at=now if state == VacancyState.PUBLISHED else None,
                places=[VacancyPlace(municipality_code=place) for place in demo.places],
                languages=[VacancyLanguage(language=lang, level=level) for lang, level in demo.languages],
            )
            session.add(vacancy)
            session.flush()
            session.add(
                VacancyStateChange(
                    vacancy_id=vacancy.id,
                    actor_role=ActorRole.EMPLOYER,
                    at=now,
                    to_state=VacancyState.DRAFT,
                    reason="created",
                )
            )
            if state != VacancyState.DRAFT:
                session.add(
                    VacancyStateChange(
                        vacancy_id=vacancy.id,
                        actor_role=ActorRole.EMPLOYER,
                        at=now,
                        from_state=VacancyState.DRAFT,
                        to_state=VacancyState.SUBMITTED,
                    )
                )
            if state == VacancyState.PUBLISHED:
                session.add(
                    VacancyStateChange(
                        vacancy_id=vacancy.id,
                        actor_role=ActorRole.COUNSELLOR,
                        at=now,
                        from_state=VacancyState.SUBMITTED,
                        to_state=VacancyState.PUBLISHED,
                        reason="checked",
                    )
                )
            added += 1
    return added
