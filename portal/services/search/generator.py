"""`flask search generate N`: N synthetic vacancies with realistic text, for demos and the benchmark.

Vacancies spread over every ISCO-08 major group (weighted like a labour market: many service,
trade and elementary jobs, few armed-forces ones), over the profile's municipalities (the capital
weighted up), with monthly wages around the profile's level per major group, and a description
assembled from duties, requirements and offers in the profile's first language and English. About
nine in ten are published; the rest are drafts or closed, so the index must leave them out. Rows
are written with Core in batches and indexed with the same code as the ORM events.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert, select

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.search import EntryKind
from portal.models.vacancy import EmployerCompany, Vacancy, VacancyPlace, refresh_place_codes
from portal.profiles import current_profile
from portal.services import reference_data
from portal.services.search.index import optimize
from portal.services.search.sources import refresh

BATCH = 1000
# Share of vacancies per ISCO-08 major group (0..9).
GROUP_WEIGHTS = (1, 4, 14, 12, 9, 20, 3, 14, 11, 12)
# Wage level per major group, as a factor of the profile's typical monthly wage.
GROUP_WAGE = (1.2, 2.2, 1.6, 1.3, 0.95, 0.8, 0.75, 1.0, 0.95, 0.65)
TYPICAL_WAGE = {"EE": 1800, "XK": 550}
CAPITALS = {"EE": "0784", "XK": "PR"}

TEXT = {
    "et": {
        "intro": [
            "Otsime oma meeskonda kohusetundlikku kolleegi ametikohale {title}.",
            "Meie kasvav ettevõte ootab tööle: {title}.",
            "Pakume tööd ametikohal {title} stabiilses ja sõbralikus meeskonnas.",
        ],
        "duties": [
            "Igapäevaste tööülesannete täpne ja õigeaegne täitmine.",
            "Klientide nõustamine ja teenindamine.",
            "Töövahendite ja -koha korrashoid.",
            "Koostöö teiste osakondadega.",
            "Dokumentatsiooni ja aruannete koostamine.",
            "Ohutusnõuete järgimine ja kvaliteedi kontroll.",
        ],
        "requirements": [
            "Eelnev töökogemus on eeliseks.",
            "Eesti keele oskus suhtlustasandil.",
            "Täpsus, kohusetunne ja valmidus õppida.",
            "B-kategooria juhiluba.",
            "Hea suhtlemisoskus ja meeskonnatöö oskus.",
        ],
        "offers": [
            "Konkurentsivõimeline töötasu ja tulemustasu.",
            "Väljaõpe ja täiendkoolitused.",
            "Tervisesport ja ühisüritused.",
            "Paindlik tööaeg.",
            "Tasuta parkimine ja sõidukulude hüvitis.",
        ],
    },
    "sq": {
        "intro": [
            "Kërkojmë një koleg të përgjegjshëm për pozitën {title}.",
            "Kompania jonë në rritje punëson: {title}.",
            "Ofrojmë punë si {title} në një ekip stabil dhe miqësor.",
        ],
        "duties": [
            "Kryerja e saktë dhe në kohë e detyrave të përditshme.",
            "Këshillimi dhe shërbimi ndaj klientëve.",
            "Mirëmbajtja e mjeteve dhe vendit të punës.",
            "Bashkëpunimi me departamentet e tjera.",
            "Përgatitja e dokumentacionit dhe raporteve.",
        ],
        "requirements": [
            "Përvoja e mëparshme është përparësi.",
            "Njohja e gjuhës shqipe dhe angleze.",
            "Saktësi, përgjegjësi dhe gatishmëri për të mësuar.",
            "Patentë shoferi e kategorisë B.",
        ],
        "offers": [
            "Pagë konkurruese dhe shpërblime.",
            "Trajnime dhe zhvillim profesional.",
            "Orar fleksibël pune.",
            "Sigurim shëndetësor privat.",
        ],
    },
    "en": {
        "intro": ["We are looking for a {title} to join our team."],
        "duties": [
            "Serve customers and keep records up to date.",
            "Work safely with the equipment and report faults.",
            "Plan the work of the week with the team leader.",
        ],
        "requirements": ["Experience is an advantage.", "Good communication skills in English."],
        "offers": ["Training on the job.", "Paid overtime and a yearly bonus."],
    },
}
COMPANY_WORDS = {
    "EE": (
        [
            "Balti",
            "Põhja",
            "Lõuna",
            "Tamme",
            "Kase",
            "Mere",
            "Järve",
            "Vilja",
            "Raud",
            "Tule",
            "Kivi",
            "Linna",
        ],
        [
            "Ehitus",
            "Logistika",
            "Teenindus",
            "Tootmine",
            "Kaubandus",
            "Tehnika",
            "Transport",
            "Hooldus",
            "Toit",
            "Puit",
        ],
        ["OÜ", "AS"],
    ),
    "XK": (
        ["Dardania", "Iliria", "Drini", "Sharri", "Rugova", "Kosova", "Prizreni", "Besa", "Arbëria", "Nora"],
        ["Ndërtim", "Logjistikë", "Tregti", "Prodhim", "Shërbime", "Teknika", "Transport", "Ushqim", "Dru"],
        ["SH.P.K.", "SH.A."],
    ),
}


@dataclass(frozen=True)
class Generated:
    vacancies: int
    published: int
    companies: int


def _companies(session, profile: str, rng: random.Random, count: int) -> list[str]:
    first, second, forms = COMPANY_WORDS.get(profile, COMPANY_WORDS["EE"])
    existing = set(session.scalars(select(EmployerCompany.registry_code)))
    codes, rows = [], []
    for number in range(count):
        code = f"9{number:07d}"
        codes.append(code)
        if code not in existing:
            name = f"{rng.choice(first)} {rng.choice(second)} {rng.choice(forms)}"
            rows.append({"registry_code": code, "name": name, "verified": True, "version": 1})
    if rows:
        session.execute(insert(EmployerCompany), rows)
    return codes


def _occupations() -> dict[str, list[str]]:
    by_group: dict[str, list[str]] = {}
    for code in reference_data.occupation_codes():
        by_group.setdefault(code[0], []).append(code)
    return by_group


def _title(code: str, language: str, rng: random.Random) -> str:
    synonyms = reference_data.occupation_synonyms(code, language)
    if synonyms:
        return rng.choice(synonyms).capitalize()
    found = reference_data.occupation(code, language)
    return found.title if found else code


def _description(title: str, language: str, rng: random.Random) -> str:
    texts = TEXT.get(language, TEXT["en"])
    parts = [f"<p>{rng.choice(texts['intro']).format(title=title.lower())}</p>"]
    for heading, key, count in (
        ("Tööülesanded", "duties", 3),
        ("Nõudmised", "requirements", 2),
        ("Pakume", "offers", 2),
    ):
        items = "".join(f"<li>{line}</li>" for line in rng.sample(texts[key], min(count, len(texts[key]))))
        parts.append(
            f"<p><strong>{heading if language == 'et' else key.capitalize()}</strong></p><ul>{items}</ul>"
        )
    if rng.random() < 0.3:  # some employers write in English as well
        english = TEXT["en"]
        parts.append(
            f"<p>{rng.choice(english['intro']).format(title=title.lower())} {rng.choice(english['duties'])}</p>"
        )
    return "".join(parts)


def generate(count: int, *, seed: int = 1, now: dt.datetime | None = None) -> Generated:
    """Create `count` vacancies (and up to 500 companies), indexed for search."""
    rng = random.Random(seed)  # noqa: S311 - repeatable demo data, nothing secret
    now = now or utcnow()
    profile = current_profile()
    language = profile.default_language
    municipalities = [m.code for m in reference_data.municipalities(profile.code, language)]
    capital = CAPITALS.get(profile.code, municipalities[0])
    place_weights = [12 if code == capital else 1 for code in municipalities]
    typical = TYPICAL_WAGE.get(profile.code, 1200)
    occupations = _occupations()
    groups = [group for group in "0123456789" if group in occupations]
    weights = [GROUP_WEIGHTS[int(group)] for group in groups]
    published = 0
    with db.write() as session:
        companies = _companies(session, profile.code, rng, min(500, max(1, count // 50)))
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        rows, places = [], []
        for _ in range(size):
            group = rng.choices(groups, weights)[0]
            code = rng.choice(occupations[group])
            title = _title(code, language, rng)
            wage_min = int(typical * GROUP_WAGE[int(group)] * rng.uniform(0.7, 1.1)) // 10 * 10
            posted = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 60))
            state = rng.choices(("published", "draft", "closed"), (90, 5, 5))[0]
            published += state == "published"
            rows.append(
                {
                    "employer_code": rng.choice(companies),
                    "title": title,
                    "occupation_code": code,
                    "description": _description(title, language, rng),
                    "remote": rng.choices(("on_site", "hybrid", "remote"), (80, 15, 5))[0],
                    "working_time": rng.choices(("full", "part", "shifts"), (70, 18, 12))[0],
                    "contract": rng.choices(("permanent", "fixed_term", "seasonal"), (70, 22, 8))[0],
                    "wage_min": wage_min,
                    "wage_max": wage_min + rng.choice((0, 100, 200, 300, 500)),
                    "currency": "EUR",
                    "education_level": rng.choice((None, 2, 3, 3, 4, 6, 7)),
                    "experience_years": rng.choice((0, 0, 1, 2, 3, 5)),
                    "positions": rng.choice((1, 1, 1, 2, 3)),
                    "deadline": (posted + dt.timedelta(days=rng.randint(30, 150))).date(),
                    "apply_method": "portal",
                    "state": state,
                    "needs_check": False,
                    "check_flags": [],
                    "created_by_role": "employer",
                    "created_at": posted,
                    "updated_at": posted,
                    "published_at": posted if state != "draft" else None,
                    "closed_at": now if state == "closed" else None,
                    "closure_reason": "filled" if state == "closed" else None,
                    "version": 1,
                }
            )
        with db.write() as session:
            ids = session.scalars(insert(Vacancy).returning(Vacancy.id), rows).all()
            for vacancy_id in ids:
                chosen = {
                    rng.choices(municipalities, place_weights)[0] for _ in range(rng.choice((1, 1, 1, 2)))
                }
                places += [{"vacancy_id": vacancy_id, "municipality_code": code} for code in sorted(chosen)]
            session.execute(insert(VacancyPlace), places)
            refresh_place_codes(session.connection(), ids)
            refresh(session.connection(), EntryKind.VACANCY, ids)
        made += size
    with db.write() as session:
        optimize(session.connection())
    return Generated(vacancies=count, published=published, companies=len(companies))
