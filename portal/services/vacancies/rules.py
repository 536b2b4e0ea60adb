"""The rules a vacancy's data must meet before it is saved (draft or not), and the checks a
counsellor sees: wording that may discriminate, a wage below the legal minimum, a duplicate."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.catalog import lazy_gettext as _l
from portal.models.vacancy import (
    ApplyMethod,
    ContractType,
    RemoteWork,
    Vacancy,
    VacancyState,
    VacancyWorkingTime,
)
from portal.profiles.base import CountryProfile
from portal.services import vacancy_text
from portal.services.reference_data import fold, municipality, occupation
from portal.services.vacancies.base import VacancyInput

# Languages a job may require (ISO 639-1): the five of the portal and the region's others.
WORK_LANGUAGES = ("et", "en", "ru", "sq", "sr", "de", "fi", "fr", "it", "lv", "lt", "pl", "sv", "tr", "uk")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
DRIVING_LICENCE_CATEGORIES = ("AM", "A", "B", "BE", "C1", "C", "CE", "D1", "D", "DE")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
HTTPS_URL = re.compile(r"^https://[^\s/$.?#][^\s]*$", re.IGNORECASE)
MAX_POSITIONS = 999
MAX_WAGE = 1_000_000


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def latest_deadline(profile: CountryProfile, today: dt.date) -> dt.date:
    return add_months(today, profile.vacancies.deadline_months)


def problems(data: VacancyInput, profile: CountryProfile, today: dt.date) -> dict[str, str]:
    """Field name -> message for every rule `data` breaks (empty when it is valid)."""
    errors: dict[str, object] = {}
    if occupation(data.occupation_code, "en") is None:
        errors["occupation"] = _l("Select an occupation from the list")
    if not vacancy_text.plain(data.description):
        errors["description"] = _l("Enter a description of the job")
    unknown = [code for code in data.municipality_codes if municipality(profile.code, code, "en") is None]
    if unknown:
        errors["places"] = _l("Select places of work from the list")
    elif not data.municipality_codes and data.remote != RemoteWork.REMOTE:
        errors["places"] = _l("Select at least one place of work, or remote work")
    if data.contract == ContractType.FIXED_TERM:
        if data.contract_end is None:
            errors["contract_end"] = _l("Enter the date the fixed-term contract ends")
        elif data.contract_end <= max(today, data.start_date or today):
            errors["contract_end"] = _l("The contract must end after it starts and after today")
    if data.wage_min > data.wage_max:
        errors["wage_max"] = _l("The highest wage must be the same as or more than the lowest wage")
    if data.deadline < today:
        errors["deadline"] = _l("The application deadline must be today or later")
    elif data.deadline > latest_deadline(profile, today):
        errors["deadline"] = _l(
            "The application deadline can be at most %(months)d months ahead",
            months=profile.vacancies.deadline_months,
        )
    if data.start_date is not None and data.start_date < today:
        errors["start_date"] = _l("The start date must be today or later")
    if data.apply_method == ApplyMethod.EMAIL and not EMAIL.match(data.apply_address or ""):
        errors["apply_address"] = _l("Enter the e-mail address for applications, like jobs@example.com")
    if data.apply_method == ApplyMethod.WEBSITE and not HTTPS_URL.match(data.apply_address or ""):
        errors["apply_address"] = _l("Enter the address of the job on your website, starting with https://")
    if any(code not in WORK_LANGUAGES or level not in CEFR_LEVELS for code, level in data.languages):
        errors["languages"] = _l("Select languages and levels from the lists")
    elif len({code for code, _level in data.languages}) != len(data.languages):
        errors["languages"] = _l("Select each language once")
    return {name: str(message) for name, message in errors.items()}


@cache
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(fold(term)) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def discriminatory_terms(texts: list[str], profile: CountryProfile) -> list[str]:
    """The profile's listed terms found in `texts` (whole words, ignoring case and accents)."""
    pattern = _term_pattern(profile.vacancies.discriminatory_terms)
    if pattern is None:
        return []
    return sorted({match.group(0) for text in texts for match in pattern.finditer(fold(text))})


def check_flags(session: Session, vacancy: Vacancy, profile: CountryProfile) -> list[str]:
    """What a counsellor must look at before (or after) publishing this vacancy."""
    flags = []
    if discriminatory_terms([vacancy.title, vacancy_text.plain(vacancy.description)], profile):
        flags.append("wording")
    # The legal minimum is for full-time work; part-time wages are pro rata and are not compared.
    if vacancy.working_time != VacancyWorkingTime.PART and vacancy.wage_min < profile.vacancies.minimum_wage:
        flags.append("low_wage")
    duplicate = session.scalar(
        select(Vacancy.id)
        .where(
            Vacancy.employer_code == vacancy.employer_code,
            Vacancy.state.in_((VacancyState.SUBMITTED, VacancyState.PUBLISHED)),
            Vacancy.occupation_code == vacancy.occupation_code,
            func.lower(Vacancy.title) == vacancy.title.lower(),
            Vacancy.id != vacancy.id,
        )
        .limit(1)
    )
    if duplicate is not None:
        flags.append("duplicate")
    return flags
