"""The registration draft: started once, saved at every step, safe against two tabs and the back button.

Answers live in `draft.answers`:
- `checked`: the person has seen the register data;
- `corrections`: `{"<section>.<item>": {"declared": text, "register": text, "at": iso}}`, beside the
  register value, never over it;
- `manual`: `{section: {...}}` for registers that did not answer (to be verified);
- `contact`: `{"phone", "email"}`; `occupations`: ISCO-08 codes;
- `preferences`: `{"municipalities": [codes], "remote": bool, "working_time", "languages": [...],
  "start_on": iso, "contracts": [kinds of contract; empty or absent: any]}`; `kind`: `unemployed` or `jobseeker`.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified

from portal import queue
from portal.extensions import db
from portal.models import AuditTag, Registration, RegistrationDraft
from portal.models.register_snapshot import RegisterSnapshot, Section
from portal.models.registration import ACTIVE_STATES
from portal.profiles import CountryProfile
from portal.services import audit
from portal.services.jobseeker_profile import Contact, Preferences
from portal.services.persons import adopt_register_names
from portal.services.registration.answers import Answers
from portal.services.registration.prefill import read_sections
from portal.services.registration.rules import Assessment, assess, manual_differs

# Bump when the start page's text about rights, obligations and registers changes.
CONSENT_VERSION = "registration-start-2026-11"
PREFILL_PURPOSE = "registration as a jobseeker: prefill"
REFETCH_DELAY_SECONDS = 120
REFETCH_TASK = "refetch_failed_sections"  # `portal.jobs.registration`, queued by name

# Registers whose manual entry is a yes or no, and the key the answer is stored under.
YES_NO_ANSWERS = {"employment": "employed", "social_assistance": "receives", "health_insurance": "insured"}

# Items a person may correct, by section.
CORRECTABLE: dict[str, tuple[str, ...]] = {
    "population": ("address",),
    "education": ("qualifications",),
    "employment": ("employments",),
    "social_assistance": ("status",),
    "health_insurance": ("coverage",),
}


class AlreadyRegistered(Exception):
    def __init__(self, registration: Registration):
        super().__init__("the person already has an active registration")
        self.registration = registration


class DraftConflict(Exception):
    """The draft was changed elsewhere (another tab or device) since this page was loaded."""


class NoDraft(Exception):
    """There is no draft (never started, expired, or already submitted)."""


@dataclass(frozen=True)
class Applicant:
    """Who is registering, as the session knows them."""

    person_id: int
    national_code: str
    subject: str  # country-prefixed, for X-Road-UserId


def active_registration(person_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.person_id == person_id, Registration.state.in_(ACTIVE_STATES))
    )


def draft_for(person_id: int) -> RegistrationDraft | None:
    return db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.person_id == person_id))


def start(applicant: Applicant) -> RegistrationDraft:
    """Record the acknowledgement, read the registers and open the draft (or return the open one)."""
    existing = active_registration(applicant.person_id)
    if existing is not None:
        raise AlreadyRegistered(existing)
    draft = draft_for(applicant.person_id)
    if draft is not None:
        return draft
    # Read before the write transaction: registers may be slow, and SQLite allows one writer.
    sections = read_sections(applicant.national_code, on_behalf_of=applicant.subject, purpose=PREFILL_PURPOSE)
    try:
        with db.write() as session:
            draft = RegistrationDraft(
                person_id=applicant.person_id,
                consent_at=dt.datetime.now(dt.UTC),
                consent_version=CONSENT_VERSION,
                answers={},
            )
            draft.snapshot = RegisterSnapshot().replace(sections)
            session.add(draft)
            adopt_register_names(session, applicant.person_id, sections.get("population"))
            audit.record(
                session,
                AuditTag.REGISTRATION_START,
                actor_role="jobseeker",
                purpose="registration started; registers read with the person's acknowledgement",
                actor_person_id=applicant.person_id,
                subject_person_id=applicant.person_id,
                details={"consent_version": CONSENT_VERSION, "failed": failed_sections(draft)},
            )
    except IntegrityError:  # a second tab started at the same moment: use its draft
        draft = draft_for(applicant.person_id)
        if draft is None:
            raise
        return draft
    if failed_sections(draft):
        schedule_refetch(draft_id=draft.id)
    return draft


def schedule_refetch(*, draft_id: int | None = None, registration_id: int | None = None) -> None:
    """Ask the registers that did not answer again later, in the background."""
    queue.schedule(
        REFETCH_TASK,
        kwargs={"draft_id": draft_id, "registration_id": registration_id},
        delay=REFETCH_DELAY_SECONDS,
    )


def failed_sections(draft: RegistrationDraft) -> list[str]:
    return draft.snapshot.failed()


def to_enter(snapshot: RegisterSnapshot) -> list[str]:
    """Sections the person must tell us themselves: registers that did not answer, and a residence the
    population register does not have (then the address is asked, and a counsellor checks it)."""
    names = snapshot.failed()
    population = snapshot.section("population")
    if population.values is not None and not population.values.address:
        names.append("population")
    return names


def enterable(snapshot: RegisterSnapshot) -> list[str]:
    """Sections the person may tell us themselves: those they must, and an education the register
    does not know (studied abroad)."""
    names = to_enter(snapshot)
    if snapshot.section("education").unknown:
        names.append("education")
    return names


def retry_failed_sections(applicant: Applicant, version: int) -> RegistrationDraft:
    """Ask the registers that did not answer once more; keep what the person typed meanwhile."""
    draft = _require(applicant.person_id)
    failed = failed_sections(draft)
    if not failed:
        return draft
    fresh = read_sections(
        applicant.national_code, failed, on_behalf_of=applicant.subject, purpose=PREFILL_PURPOSE
    )
    return update(applicant.person_id, version, _take_answers(fresh))


def reassess(applicant: Applicant, profile: CountryProfile) -> RegistrationDraft | None:
    """The person's draft, its registers read again if they refused it: a refusal rests on a register
    answer, and a corrected register must not leave the person refused until the draft expires."""
    draft = draft_for(applicant.person_id)
    if draft is None or assessment(draft, profile).refusal is None:
        return draft
    fresh = read_sections(applicant.national_code, on_behalf_of=applicant.subject, purpose=PREFILL_PURPOSE)
    try:
        return update(applicant.person_id, draft.version, _take_answers(fresh))
    except (DraftConflict, NoDraft):  # another tab changed or submitted it meanwhile
        return draft_for(applicant.person_id)


def _take_answers(
    fresh: dict[str, Section[Any]],
) -> Callable[[dict[str, Any], RegisterSnapshot], RegisterSnapshot | None]:
    """Store the sections that answered now (a register down now keeps its earlier answer). What the
    person entered for a register that now answers stays beside it: `differing_entries` compares."""

    def merge(_answers: dict[str, Any], snapshot: RegisterSnapshot) -> RegisterSnapshot:
        return snapshot.replace({name: section for name, section in fresh.items() if not section.failed})

    return merge


def update(
    person_id: int,
    version: int,
    change: Callable[[dict[str, Any], RegisterSnapshot], RegisterSnapshot | None],
) -> RegistrationDraft:
    """Apply `change(answers, snapshot)` if the draft is still at `version`; raise `DraftConflict` if
    not. `change` edits the answers in place and returns a new snapshot, or None to keep it."""
    with db.write() as session:
        draft = session.scalar(
            select(RegistrationDraft)
            .where(RegistrationDraft.person_id == person_id)
            .execution_options(populate_existing=True)  # what is stored now, not what this request saw
        )
        if draft is None:
            raise NoDraft
        if draft.version != version:
            raise DraftConflict
        answers = copy.deepcopy(draft.answers)
        snapshot = change(answers, draft.snapshot)
        draft.answers = answers
        flag_modified(draft, "answers")
        if snapshot is not None:
            draft.snapshot = snapshot
        draft.reminder_sent_at = None  # touched: the expiry clock starts again
    return draft


# --- named operations: the only code that decides the shape of `draft.answers` -----------------


def mark_checked(person_id: int, version: int) -> RegistrationDraft:
    """The person has seen what the registers said."""
    return update(person_id, version, lambda answers, _: answers.__setitem__("checked", True))


def set_contact(person_id: int, version: int, contact: Contact) -> RegistrationDraft:
    stored = {
        "phone": contact.phone or None,
        "email": contact.email or None,
        "notice_language": contact.notice_language,
    }
    return update(person_id, version, lambda answers, _: answers.__setitem__("contact", stored))


def set_occupations(person_id: int, version: int, codes: list[str]) -> RegistrationDraft:
    selected = list(dict.fromkeys(codes))
    return update(person_id, version, lambda answers, _: answers.__setitem__("occupations", selected))


def answers_of(draft: RegistrationDraft) -> Answers:
    return Answers.from_json(draft.answers)


def preferences_of(draft: RegistrationDraft) -> Preferences | None:
    return answers_of(draft).preferences


def contact_of(draft: RegistrationDraft) -> Contact:
    return answers_of(draft).contact


def occupations_of(draft: RegistrationDraft) -> list[str] | None:
    """The chosen ISCO codes; None before the person has been on the occupations page."""
    chosen = answers_of(draft).occupations
    return list(chosen) if chosen is not None else None


def set_preferences(person_id: int, version: int, preferences: Preferences) -> RegistrationDraft:
    stored = {
        "municipalities": list(preferences.municipalities),
        "remote": preferences.remote,
        "working_time": preferences.working_time,
        "languages": list(preferences.languages),
        "start_on": preferences.start_on.isoformat() if preferences.start_on else None,
        "contracts": list(preferences.contracts),
    }
    return update(person_id, version, lambda answers, _: answers.__setitem__("preferences", stored))


def set_situation(person_id: int, version: int, kind: str) -> RegistrationDraft:
    return update(person_id, version, lambda answers, _: answers.__setitem__("kind", kind))


def correct(person_id: int, version: int, section: str, item: str, declared: str) -> RegistrationDraft:
    """A correction of a register's item, kept beside the register value, never over it."""
    if item not in CORRECTABLE.get(section, ()):
        raise ValueError(f"{section}.{item} cannot be corrected")

    def change(answers: dict[str, Any], _: RegisterSnapshot) -> None:
        corrections = answers.setdefault("corrections", {})
        corrections[f"{section}.{item}"] = {"declared": declared, "at": dt.datetime.now(dt.UTC).isoformat()}

    return update(person_id, version, change)


def correction_of(draft: RegistrationDraft, section: str, item: str) -> str | None:
    found = answers_of(draft).corrections.get(f"{section}.{item}")
    return found.declared if found else None


def enter_manually(person_id: int, version: int, section: str, value: dict[str, Any]) -> RegistrationDraft:
    """What the person says in place of a register that did not answer (to be verified)."""

    def change(answers: dict[str, Any], _: RegisterSnapshot) -> None:
        answers.setdefault("manual", {})[section] = value

    return update(person_id, version, change)


def manual_entry(draft: RegistrationDraft, section: str) -> dict[str, Any]:
    return dict(answers_of(draft).manual.get(section) or {})


def differing_entries(draft: RegistrationDraft) -> list[str]:
    """Registers that answered after the person entered their data themselves, and now say
    something else (a counsellor compares the two)."""
    snapshot = draft.snapshot
    return [
        name
        for name, entered in sorted(draft.answers.get("manual", {}).items())
        if name not in enterable(snapshot) and manual_differs(name, entered, snapshot.section(name))
    ]


def _require(person_id: int) -> RegistrationDraft:
    draft = draft_for(person_id)
    if draft is None:
        raise NoDraft
    return draft


def assessment(draft: RegistrationDraft, profile: CountryProfile, today: dt.date | None = None) -> Assessment:
    return assess(
        draft.snapshot,
        draft.answers.get("manual", {}),
        profile.registration,
        today or profile.today(),
    )


# The journey's steps after the start page, in order. "situation" is asked only of people the
# tax register shows as employed (they may register as jobseekers, not as unemployed).
STEPS = ("check", "contact", "occupations", "preferences", "situation", "review")


def steps(draft: RegistrationDraft, profile: CountryProfile) -> tuple[str, ...]:
    if assessment(draft, profile).may_be_unemployed:
        return tuple(step for step in STEPS if step != "situation")
    return STEPS


def is_complete(draft: RegistrationDraft, step: str) -> bool:
    answers = draft.answers
    return {
        "check": bool(answers.get("checked"))
        and all(name in answers.get("manual", {}) for name in to_enter(draft.snapshot)),
        "contact": bool(answers.get("contact")),
        "occupations": bool(answers.get("occupations")),
        "preferences": bool(answers.get("preferences")),
        "situation": bool(answers.get("kind")),
        "review": False,
    }[step]


def next_step(draft: RegistrationDraft, profile: CountryProfile) -> str:
    """The first step not yet done: where "continue your application" leads."""
    return next(step for step in steps(draft, profile) if not is_complete(draft, step))


def kind_of(draft: RegistrationDraft, profile: CountryProfile) -> str:
    if not assessment(draft, profile).may_be_unemployed:
        return "jobseeker"
    return draft.answers.get("kind") or "unemployed"
