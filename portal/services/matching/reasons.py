"""A reason in the reader's words: "Same occupation: Software developers (2512)".

Names (occupations, municipalities, languages) come from the reference data in the page's
language; each sentence is a translatable message with named values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from flask_babel import format_date, get_translations
from markupsafe import Markup, escape

from portal.catalog import lazy_gettext as _l
from portal.services import reference_data
from portal.services.matching.assess import Assessment, Kind, Reason

LANGUAGE_NAMES = {
    "et": _l("Estonian"),
    "en": _l("English"),
    "ru": _l("Russian"),
    "sq": _l("Albanian"),
    "sr": _l("Serbian"),
    "fi": _l("Finnish"),
    "de": _l("German"),
    "tr": _l("Turkish"),
}
# ISCED 2011 levels, as a person names them.
EDUCATION_LEVELS = {
    0: _l("early childhood education"),
    1: _l("primary education"),
    2: _l("lower secondary education"),
    3: _l("upper secondary education"),
    4: _l("post-secondary non-tertiary education"),
    5: _l("short-cycle tertiary education"),
    6: _l("a bachelor's degree or equivalent"),
    7: _l("a master's degree or equivalent"),
    8: _l("a doctoral degree"),
}
WORKING_TIMES = {
    "any": _l("full-time or part-time"),
    "full": _l("full-time"),
    "part": _l("part-time"),
    "shifts": _l("shifts"),
}

# The job's kind of contract, as a reason names it inside a sentence.
CONTRACT_WORDS = {
    "permanent": _l("permanent"),
    "fixed_term": _l("fixed-term"),
    "seasonal": _l("seasonal"),
}


class _Translator:
    """`gettext` with the request's catalogue looked up once: Flask-Babel finds the catalogue on
    every call, which cost more than the ranking itself for a page of 50 candidates."""

    def __init__(self) -> None:
        self.catalogue = get_translations()
        self.dates: dict[dt.date, str] = {}  # a page repeats a few dates many times

    def date(self, value: dt.date) -> str:
        if value not in self.dates:
            self.dates[value] = format_date(value, "long")
        return self.dates[value]

    def __call__(self, message: object, **values: object) -> str:
        # A lazy string (`_l`) is translated by its message id, not through Flask-Babel again.
        msgid = message._args[0] if hasattr(message, "_args") else str(message)
        text = self.catalogue.gettext(msgid)
        return text % values if values else text


def _occupation(code: object, language: str) -> str:
    found = reference_data.occupation(str(code), language)
    return f"{found.title} ({code})" if found is not None else str(code)


def _place(profile_code: str, code: object, language: str) -> str:
    found = reference_data.municipality(profile_code, str(code), language)
    return found.name if found is not None else str(code)


# `is not None`, not truthiness: the truth of a lazy string is its length, which translates it
# through Flask-Babel's context again (a third of the wording's time before).
def _language(gettext: _Translator, code: str | None) -> str:
    name = LANGUAGE_NAMES.get(code or "")
    return gettext(name) if name is not None else (code or "")


def _working_time(gettext: _Translator, value: object) -> str:
    name = WORKING_TIMES.get(str(value))
    return gettext(name) if name is not None else str(value)


def _contract(gettext: _Translator, value: object) -> str:
    name = CONTRACT_WORDS.get(str(value))
    return gettext(name) if name else str(value)


def _contracts(gettext: _Translator, kinds: object) -> str:
    """One kind, or two joined by "or" (all three is "any kind", said by its own sentence)."""
    words = [_contract(gettext, kind) for kind in (kinds if isinstance(kinds, tuple) else ())]
    if len(words) == 2:
        return gettext("%(first)s or %(second)s", first=words[0], second=words[1])
    return ", ".join(words)


def _education(gettext: _Translator, level: object) -> str:
    name = EDUCATION_LEVELS.get(level) if isinstance(level, int) else None
    return gettext(name) if name is not None else str(level)


def _level(gettext: _Translator, level: object) -> str:
    return gettext("as first language") if level == "native" else gettext("at %(level)s", level=level)


def _date(gettext: _Translator, value: object) -> str:
    return gettext.date(value) if isinstance(value, dt.date) else gettext("at once")


def describe(reason: Reason, *, profile_code: str, language: str, gettext: _Translator | None = None) -> str:
    gettext = gettext or _Translator()
    k, mine, theirs = reason.kind, reason.person_value, reason.vacancy_value
    if k is Kind.SAME_UNIT_GROUP:
        return gettext("Same occupation: %(occupation)s", occupation=_occupation(theirs, language))
    if k is Kind.SAME_MINOR_GROUP:
        return gettext(
            "Closely related occupation: %(own)s, the job is %(job)s",
            own=_occupation(mine, language),
            job=_occupation(theirs, language),
        )
    if k is Kind.SAME_SUB_MAJOR_GROUP:
        return gettext(
            "Occupation in the same field: %(own)s, the job is %(job)s",
            own=_occupation(mine, language),
            job=_occupation(theirs, language),
        )
    if k is Kind.HISTORY_RELATED:
        return gettext(
            "The tax register shows work as %(own)s, related to %(job)s",
            own=_occupation(mine, language),
            job=_occupation(theirs, language),
        )
    if k is Kind.HOME_MUNICIPALITY:
        place = _place(profile_code, mine, language)
        return gettext("Lives in %(home)s, the job is in %(job)s", home=place, job=place)
    if k is Kind.HOME_COUNTY:
        return gettext(
            "Lives in %(home)s, the job is in %(job)s in the same county (%(county)s)",
            home=_place(profile_code, mine, language),
            job=_place(profile_code, theirs, language),
            county=reason.subject,
        )
    if k is Kind.PREFERRED_PLACE:
        return gettext(
            "Would work in %(place)s, where the job is", place=_place(profile_code, mine, language)
        )
    if k is Kind.REMOTE:
        return gettext("Would work remotely, and the job allows it")
    if k is Kind.EDUCATION_MET:
        return gettext(
            "Education: %(own)s, asked %(asked)s",
            own=_education(gettext, mine),
            asked=_education(gettext, theirs),
        )
    if k is Kind.EDUCATION_MISSING:
        return gettext(
            "Education: %(own)s, less than asked (%(asked)s)",
            own=_education(gettext, mine),
            asked=_education(gettext, theirs),
        )
    if k is Kind.LANGUAGE_MET:
        return gettext(
            "Speaks %(language)s %(level)s, asked %(asked)s",
            language=_language(gettext, reason.subject),
            level=_level(gettext, mine),
            asked=theirs,
        )
    if k is Kind.LANGUAGE_UNKNOWN:
        return gettext(
            "Speaks %(language)s, level not stated; asked %(asked)s",
            language=_language(gettext, reason.subject),
            asked=theirs,
        )
    if k is Kind.LANGUAGE_MISSING:
        if mine is None:
            return gettext(
                "%(language)s at %(asked)s asked, not on the record",
                language=_language(gettext, reason.subject),
                asked=theirs,
            )
        return gettext(
            "Speaks %(language)s %(level)s, asked %(asked)s",
            language=_language(gettext, reason.subject),
            level=_level(gettext, mine),
            asked=theirs,
        )
    if k is Kind.LANGUAGES_MET:
        return gettext("Every language asked, at the level asked")
    if k is Kind.LICENCE_MET:
        return gettext("Driving licence %(asked)s, as asked", asked=theirs)
    if k is Kind.LICENCE_MISSING:
        return gettext("Driving licence %(asked)s asked, not on the record", asked=theirs)
    if k is Kind.WORKING_TIME_MET:
        return gettext(
            "Looks for %(own)s work; the job is %(job)s",
            own=_working_time(gettext, mine),
            job=_working_time(gettext, theirs),
        )
    if k is Kind.WORKING_TIME_MISSING:
        return gettext(
            "Looks for %(own)s work, but the job is %(job)s",
            own=_working_time(gettext, mine),
            job=_working_time(gettext, theirs),
        )
    if k is Kind.CONTRACT_MET:
        if isinstance(mine, tuple) and len(mine) == len(CONTRACT_WORDS):
            return gettext(
                "Would take any kind of contract; the job is %(job)s", job=_contract(gettext, theirs)
            )
        return gettext(
            "Wants a %(own)s contract; the job is %(job)s",
            own=_contracts(gettext, mine),
            job=_contract(gettext, theirs),
        )
    if k is Kind.CONTRACT_MISSING:
        return gettext(
            "Wants a %(own)s contract, but the job is %(job)s",
            own=_contracts(gettext, mine),
            job=_contract(gettext, theirs),
        )
    if k is Kind.AVAILABLE_MET:
        return gettext(
            "Can start %(own)s; the job starts %(job)s", own=_date(gettext, mine), job=_date(gettext, theirs)
        )
    if k is Kind.AVAILABLE_LATE:
        return gettext(
            "Can start only on %(own)s; the job starts %(job)s",
            own=_date(gettext, mine),
            job=_date(gettext, theirs),
        )
    low, high = theirs if isinstance(theirs, tuple) else (0, 0)
    if k is Kind.WAGE_MET:
        return gettext(
            "Expects %(wage)s a month; the job pays %(low)s to %(high)s", wage=mine, low=low, high=high
        )
    return gettext(
        "Expects %(wage)s a month, more than the job pays (%(low)s to %(high)s)",
        wage=mine,
        low=low,
        high=high,
    )


@dataclass(frozen=True)
class Explained:
    raised: tuple[str, ...]
    lowered: tuple[str, ...]
    notes: tuple[str, ...]

    @cached_property
    def written(self) -> tuple[str, str]:
        """The raised and the lowered reasons as the jobseeker's cards write them: each list joined
        by "; " and escaped, as `{{ items | join("; ") }}` wrote it. Written once with the words
        (kept per process, below), not joined and escaped again on every view (~10 a home)."""
        return _written(self.raised), _written(self.lowered)


def _written(items: tuple[str, ...]) -> str:
    if any(hasattr(item, "__html__") for item in items):
        return str(Markup("; ").join(items))  # Markup items as they are, the others escaped
    return str(escape("; ".join(map(str, items))))


# The words of an assessment's reasons, kept per process: they depend only on the reasons (plain
# values), the country profile and the language, whose catalogue and reference data do not change
# while the process runs. The pages that show recommendations word the same few vacancies' reasons
# on every view (0.05 ms a card, most of it Babel's catalogue and date formatting).
_EXPLAINED: dict[tuple[object, ...], Explained] = {}
_EXPLAINED_KEPT = 4_096  # full, it starts again


def explain(assessment: Assessment, *, profile_code: str, language: str) -> Explained:
    key = (assessment.reasons, profile_code, language)
    try:
        found = _EXPLAINED.get(key)
    except TypeError:  # a value that cannot be hashed: worded each time
        return _explain(assessment, profile_code=profile_code, language=language)
    if found is None:
        found = _explain(assessment, profile_code=profile_code, language=language)
        if len(_EXPLAINED) >= _EXPLAINED_KEPT:
            _EXPLAINED.clear()
        _EXPLAINED[key] = found
    return found


def _explain(assessment: Assessment, *, profile_code: str, language: str) -> Explained:
    gettext = _Translator()

    def say(reasons: tuple[Reason, ...]) -> tuple[str, ...]:
        return tuple(
            describe(reason, profile_code=profile_code, language=language, gettext=gettext)
            for reason in reasons
        )

    return Explained(say(assessment.raised), say(assessment.lowered), say(assessment.notes))
