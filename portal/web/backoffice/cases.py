"""What the back-office registration pages show: translated labels and read-only views of a case.

Presentation only: the rules (who must decide, deadlines, decisions) live in
`portal.services.registration`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from portal import labels
from portal.catalog import gettext
from portal.display_names import language_name
from portal.i18n import current_language
from portal.models import Decision, Registration
from portal.models.register_snapshot import RegisterSnapshot
from portal.models.register_snapshot import Status as SectionStatus
from portal.profiles import current_profile
from portal.services import jobseeker_profile
from portal.services.registration.answers import Answers, Correction
from portal.web.register_titles import ITEM_TITLES, SECTION_TITLES

DUE_SOON_DAYS = 2

KIND_LABELS = labels.REGISTRATION_KINDS
DECISION_KIND_LABELS = labels.DECISION_KINDS_FOR_STAFF
WORKING_TIME_LABELS = labels.WORKING_TIME_FOR_STAFF


def section_title(name: str) -> str:
    return str(SECTION_TITLES.get(name, name))


def reason_label(code: str) -> str:
    """A review reason code (`correction:<section>.<item>`, `manual:<section>`, ...) in words."""
    kind, _, subject = code.partition(":")
    section = subject.partition(".")[0]
    if kind == "correction":
        item = ITEM_TITLES.get(subject, subject)
        return gettext(
            "The person corrected %(register)s data: %(item)s", register=section_title(section), item=item
        )
    if kind == "manual":
        return gettext(
            "%(register)s did not answer; the person's own entry must be verified",
            register=section_title(section),
        )
    if kind == "no_residence":
        return gettext(
            "The population register has no residence for the person; the address they gave must be verified"
        )
    if kind == "unable_to_work":
        return gettext(
            "%(register)s: category I, no member of the household is able to work",
            register=section_title(section),
        )
    if kind == "register_differs":
        return gettext(
            "%(register)s now says something else than the person's entry", register=section_title(section)
        )
    return code


def local_date(moment: dt.datetime | None) -> dt.date | None:
    return current_profile().local_date(moment)


def iso_date(value: str | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class QueueRow:
    registration: Registration
    submitted_on: dt.date | None
    reasons: list[str]
    overdue: bool
    due_soon: bool


def queue_rows(registrations: list[Registration], today: dt.date) -> list[QueueRow]:
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return [
        QueueRow(
            registration=registration,
            submitted_on=local_date(registration.submitted_at),
            reasons=[reason_label(code) for code in registration.review_reasons or []],
            overdue=registration.decision_due_on < today,
            due_soon=today <= registration.decision_due_on <= soon,
        )
        for registration in registrations
    ]


@dataclass(frozen=True)
class SectionView:
    """One register's answer beside what the person declared about it."""

    name: str
    title: str
    status: SectionStatus
    values: Any  # the register's typed values (`portal.models.register_snapshot`), None unless ok
    read_on: dt.date | None
    manual: dict[str, Any] | None  # the person's own entry: register down, no residence, education unknown
    corrections: dict[str, Correction] = field(default_factory=dict)  # item -> correction


@dataclass(frozen=True)
class CaseView:
    registration: Registration
    kind_label: str
    submitted_on: dt.date | None
    reasons: list[str]
    sections: list[SectionView]
    contact: dict[str, Any]
    occupations: list[tuple[str, str | None]]  # (code, title when known)
    preferences: dict[str, Any] | None
    decisions: list[DecisionView]


@dataclass(frozen=True)
class DecisionView:
    decision: Decision
    kind_label: str
    issued_on: dt.date | None
    review_requested_on: dt.date | None


def decision_view(decision: Decision) -> DecisionView:
    return DecisionView(
        decision=decision,
        kind_label=str(DECISION_KIND_LABELS.get(decision.kind, decision.kind.value)),
        issued_on=local_date(decision.issued_at),
        review_requested_on=local_date(decision.review_requested_at),
    )


def case_view(registration: Registration) -> CaseView:
    answers = Answers.from_json(registration.answers)  # corrections and manual entries: the registration's
    record = jobseeker_profile.profile_of(registration.person_id)
    return CaseView(
        registration=registration,
        kind_label=str(KIND_LABELS.get(registration.kind, registration.kind.value)),
        submitted_on=local_date(registration.submitted_at),
        reasons=[reason_label(code) for code in registration.review_reasons or []],
        sections=_sections(registration.snapshot, answers),
        contact={"phone": record.phone, "email": record.email} if record else {},
        occupations=[(code, _occupation_title(code)) for code in (record.occupation_codes if record else [])],
        preferences=_preferences(jobseeker_profile.preferences_of(record) if record else None),
        decisions=[decision_view(decision) for decision in registration.decisions],
    )


def _sections(snapshot: RegisterSnapshot, answers: Answers) -> list[SectionView]:
    return [
        SectionView(
            name=name,
            title=section_title(name),
            status=section.status,
            values=section.values,
            read_on=local_date(section.read_at),
            manual=answers.manual.get(name),
            corrections=answers.corrections_of(name),
        )
        for name, section in snapshot.sections().items()
    ]


def _occupation_title(code: str) -> str | None:
    try:
        from portal.services.reference_data import occupation
    except ImportError:  # the ISCO-08 reference data is not installed: the code alone
        return None
    found = occupation(code, current_language().code)
    return getattr(found, "title", None) if found is not None else None


def _municipality_name(code: str) -> str:
    try:
        from portal.services.reference_data import municipality
    except ImportError:
        return code
    found = municipality(current_profile().code, code, current_language().code)
    return f"{found.name} ({code})" if found is not None else code


def _preferences(preferences: jobseeker_profile.Preferences | None) -> dict[str, Any] | None:
    if preferences is None:
        return None
    return {
        "municipalities": [_municipality_name(code) for code in preferences.municipalities],
        "remote": preferences.remote,
        "working_time": str(WORKING_TIME_LABELS.get(preferences.working_time, preferences.working_time)),
        "contracts": labels.contract_preference(preferences.contracts),
        "languages": [language_name(code) for code in preferences.languages],
        "start_on": preferences.start_on,
    }
