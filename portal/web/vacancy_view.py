"""A vacancy as pages show it (employer, back office, public): labels in the reader's language,
and the schema.org `JobPosting` that job boards and search engines read from the public page."""

from __future__ import annotations

import json
from typing import Any

from babel import Locale
from flask import url_for
from flask_babel import format_decimal
from markupsafe import Markup, escape

from portal import vacancy_labels as labels
from portal.catalog import template_text
from portal.i18n import babel_locale, current_language, current_translations
from portal.models.vacancy import EmployerCompany, Vacancy
from portal.profiles import current_profile
from portal.services import vacancy_text
from portal.services.reference_data import municipality, occupation
from portal.templating import isodate
from portal.web.field_components import _esc

# schema.org employmentType values for the portal's working times and contracts.
EMPLOYMENT_TYPES = {"full": "FULL_TIME", "part": "PART_TIME", "shifts": "FULL_TIME"}
CONTRACT_TYPES = {"fixed_term": "TEMPORARY", "seasonal": "TEMPORARY"}


def _(message: str, **variables: Any) -> str:
    """Flask-Babel's `gettext` on the request's catalog, found once per request (`portal.i18n`)."""
    text = current_translations().ugettext(message)
    return text % variables if variables else text


def occupation_title(code: str) -> str:
    found = occupation(code, current_language().code)
    return f"{found.title} ({code})" if found else code


def place_names(vacancy: Vacancy) -> list[str]:
    language = current_language().code
    profile = current_profile()
    return [
        found.name
        for code in vacancy.municipality_codes
        if (found := municipality(profile.code, code, language)) is not None
    ]


def wage_text(vacancy: Vacancy) -> str:
    low, high = format_decimal(vacancy.wage_min), format_decimal(vacancy.wage_max)
    amount = low if vacancy.wage_min == vacancy.wage_max else f"{low}\u2013{high}"
    return _("%(amount)s %(currency)s per month (gross)", amount=amount, currency=vacancy.currency)


def language_rows(vacancy: Vacancy) -> list[str]:
    locale = Locale.parse(babel_locale(current_language().code))
    return [
        f"{(locale.languages.get(row.language) or row.language).capitalize()} "
        f"({labels.CEFR_LABELS.get(row.level, row.level)})"
        for row in vacancy.languages
    ]


# The summary list's markup around its twelve values, kept per catalog (the keys are the same for
# every vacancy); full, it starts again.
_SUMMARY_FRAMES: dict[Any, tuple[str, ...]] = {}
_SUMMARY_FRAMES_KEPT = 16
_ROW_END = "</dd>\n  </div>\n"


def _summary_frame() -> tuple[str, ...]:
    """`components/summary_list.html`'s markup for the vacancy's rows (no actions), cut where
    each value goes: thirteen pieces."""
    translations = current_translations()
    found = _SUMMARY_FRAMES.get(translations)
    if found is None:
        keys = (
            _("Occupation"),
            _("Place of work"),
            _("Working time"),
            _("Contract"),
            _("Wage"),
            _("Positions"),
            _("Education required"),
            _("Experience required"),
            _("Languages"),
            _("Driving licence"),
            _("Start"),
            _("Apply by"),
        )
        pieces, before = [], '<dl class="govuk-summary-list">\n'
        for key in keys:
            pieces.append(
                f'{before}  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">\n'
                f'    <dt class="govuk-summary-list__key">{escape(key)}</dt>\n'
                '    <dd class="govuk-summary-list__value">'
            )
            before = _ROW_END
        pieces.append(_ROW_END + "</dl>\n")
        if len(_SUMMARY_FRAMES) >= _SUMMARY_FRAMES_KEPT:
            _SUMMARY_FRAMES.clear()
        found = _SUMMARY_FRAMES[translations] = tuple(pieces)
    return found


def _summary_values(vacancy: Vacancy) -> tuple[Any, ...]:
    """The vacancy's facts in the summary list's order (the description is shown apart)."""
    places = place_names(vacancy)
    where = [str(labels.REMOTE[vacancy.remote.value])]
    if places:
        where.append(", ".join(places))
    contract = str(labels.CONTRACTS[vacancy.contract.value])
    if vacancy.contract_end:
        contract += " " + _("until %(date)s", date=isodate(vacancy.contract_end))
    # `_`, not lazy strings: each lazy one looked the catalog up again when made text (~20 a page).
    return (
        occupation_title(vacancy.occupation_code),
        "; ".join(where),
        labels.WORKING_TIMES[vacancy.working_time.value],
        contract,
        wage_text(vacancy),
        vacancy.positions,
        labels.EDUCATION_LEVELS.get(vacancy.education_level, _("No requirement"))
        if vacancy.education_level is not None
        else _("No requirement"),
        _("%(years)s years", years=vacancy.experience_years),
        ", ".join(language_rows(vacancy)) or _("No requirement"),
        vacancy.driving_licence or _("No requirement"),
        isodate(vacancy.start_date) if vacancy.start_date else _("As soon as possible"),
        isodate(vacancy.deadline),
    )


def summary_list(vacancy: Vacancy) -> Markup:
    """The vacancy's facts as `components/summary_list.html` wrote them from their rows (each value
    as text, escaped): the keys' markup kept per catalog, the values written in."""
    frame = _summary_frame()
    out = [frame[0]]
    for value, piece in zip(_summary_values(vacancy), frame[1:], strict=True):
        out += (escape(str(value)), piece)
    return Markup("".join(out))  # noqa: S704 - the values escaped, the keys escaped in the frame


# The history table's opening (caption and headers) and closing, kept per catalog; full, it starts
# again.
_HISTORY_FRAMES: dict[Any, str] = {}
_CELL = '      <td class="govuk-table__cell">'
_CELL_END = "</td>\n"


def _history_head() -> str:
    translations = current_translations()
    found = _HISTORY_FRAMES.get(translations)
    if found is None:
        caption = template_text("History")  # not inside the f-string: `make translations` finds it here
        headers = "".join(
            f'      <th scope="col" class="govuk-table__header">{text}</th>\n'
            for text in (
                template_text("When"),
                template_text("Who"),
                template_text("Change"),
                template_text("Reason"),
            )
        )
        found = (
            '<table class="govuk-table">\n'
            '  <caption class="govuk-table__caption govuk-table__caption--m">'
            f"{caption}</caption>\n"
            '  <thead class="govuk-table__head">\n    <tr class="govuk-table__row">\n'
            f"{headers}    </tr>\n  </thead>\n"
            '  <tbody class="govuk-table__body">\n'
        )
        if len(_HISTORY_FRAMES) >= _SUMMARY_FRAMES_KEPT:
            _HISTORY_FRAMES.clear()
        _HISTORY_FRAMES[translations] = found
    return found


def history_table(history: list[Any]) -> Markup:
    """The vacancy's state changes as the macro `history_table` (`vacancies/_details.html`) wrote
    them: rows of at, actor_role, from_state, to_state and reason; labels as they render (a lazy
    label's text as it is), other values escaped."""
    profile = current_profile()
    out = [_history_head()]
    for row in history:
        change = _esc(labels.STATES[row.to_state.value])
        if row.from_state and row.from_state != row.to_state:
            change = f"{_esc(labels.STATES[row.from_state.value])} \u2192 {change}"
        reason = _esc(labels.HISTORY_REASONS.get(row.reason, row.reason)) if row.reason else ""
        out.append(
            '    <tr class="govuk-table__row">\n'
            f"{_CELL}{_esc(isodate(profile.local_date(row.at)))}{_CELL_END}"
            f"{_CELL}{_esc(labels.ACTOR_ROLES[row.actor_role.value])}{_CELL_END}"
            f"{_CELL}{change}{_CELL_END}"
            f"{_CELL}{reason}{_CELL_END}"
            "    </tr>\n"
        )
    out.append("  </tbody>\n</table>\n")
    return Markup("".join(out))  # noqa: S704 - the values escaped, the frame's texts the catalog's


def published_on(vacancy: Vacancy):
    return current_profile().local_date(vacancy.published_at)


def updated_on(vacancy: Vacancy):
    return current_profile().local_date(vacancy.edited_at)


def json_ld(vacancy: Vacancy, company: EmployerCompany) -> Markup:
    """schema.org JobPosting, safe inside <script type="application/ld+json">."""
    profile = current_profile()
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy_text.sanitised_again(vacancy.description or ""),
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(vacancy.id)},
        "datePosted": (published_on(vacancy) or profile.today()).isoformat(),
        "validThrough": f"{vacancy.deadline.isoformat()}T23:59:59",
        "employmentType": [EMPLOYMENT_TYPES[vacancy.working_time.value]]
        + ([CONTRACT_TYPES[vacancy.contract.value]] if vacancy.contract.value in CONTRACT_TYPES else []),
        "occupationalCategory": f"ISCO-08 {vacancy.occupation_code}",
        "hiringOrganization": {"@type": "Organization", "name": company.name}
        | ({"sameAs": company.website} if company.website else {}),
        "totalJobOpportunities": vacancy.positions,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": vacancy.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": vacancy.wage_min,
                "maxValue": vacancy.wage_max,
                "unitText": "MONTH",
            },
        },
        "url": url_for("public.vacancy", vacancy_id=vacancy.id, _external=True),
    }
    if vacancy.places:
        posting["jobLocation"] = [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": name,
                    "addressCountry": profile.code,
                },
            }
            for name in place_names(vacancy)
        ]
    if vacancy.remote.value != "on_site":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": profile.code}
    if vacancy.start_date:
        posting["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.experience_years:
        posting["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": vacancy.experience_years * 12,
        }
    text = json.dumps(posting, ensure_ascii=False, sort_keys=True)
    # "</script>" or "<!--" inside a title must not end the script element.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704


def description(vacancy: Vacancy) -> Markup:
    """The description, sanitised again on output; pages put it inside `hx-disable`."""
    return vacancy_text.render(vacancy.description)


def jobs_href() -> str:
    """The public job search (the search module's page), or its path before that module is there."""
    try:
        return url_for("public.jobs")
    except Exception:  # BuildError: the search module is not installed
        return "/jobs"
