"""Read again the register sections that did not answer, for a draft or a submitted registration.

A draft gets the fresh sections in place of the failed ones (as the person's own "try again"
button does). A registration keeps what it was decided on, gets the fresh values beside them in
`register_data["sections"]`, and, where the person's manual entry differs from what the register
now says, the review reason `register_differs:<section>` so that a counsellor looks at it.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from portal.extensions import db
from portal.models import Registration, RegistrationDraft
from portal.services.persons import adopt_register_names
from portal.services.registration.drafts import enterable
from portal.services.registration.prefill import read_sections

log = logging.getLogger(__name__)

PURPOSE = "registration as a jobseeker: register read again after it did not answer"


def refetch(*, draft_id: int | None = None, registration_id: int | None = None) -> list[str]:
    """Read again the failed sections of a draft or a registration; return those still failing."""
    if (draft_id is None) == (registration_id is None):
        raise ValueError("Give either draft_id or registration_id")
    if draft_id is not None:
        return refetch_draft(draft_id)
    return refetch_registration(registration_id or 0)


def failed_names(sections: dict[str, dict[str, Any]]) -> list[str]:
    return [name for name, section in sections.items() if section.get("status") == "failed"]


def _read(national_code: str, names: list[str], issue: str | None) -> dict[str, dict[str, Any]]:
    if db.session().in_transaction():
        db.session.commit()  # end the read transaction: nothing is held while the registers answer
    return read_sections(national_code, names, on_behalf_of=None, purpose=PURPOSE, issue=issue)


def refetch_draft(draft_id: int) -> list[str]:
    """Replace the draft's failed sections with fresh answers; return the sections still failing."""
    draft = db.session.get(RegistrationDraft, draft_id, populate_existing=True)
    if draft is None:  # submitted, expired or deleted meanwhile
        return []
    failed = failed_names(draft.prefill.get("sections", {}))
    if not failed:
        return []
    fresh = _read(draft.person.national_code, failed, None)
    with db.write() as session:
        draft = session.get(RegistrationDraft, draft_id, populate_existing=True, with_for_update=True)
        if draft is None:
            return []
        prefill, answers = copy.deepcopy(draft.prefill), copy.deepcopy(draft.answers)
        sections = prefill.setdefault("sections", {})
        changed = False
        for name, section in fresh.items():
            if section["status"] != "failed" and sections.get(name, {}).get("status") == "failed":
                sections[name] = section
                if name not in enterable(sections):  # the register answered: nothing to verify
                    answers.get("manual", {}).pop(name, None)
                changed = True
        if changed:
            adopt_register_names(session, draft.person_id, fresh.get("population"))
            draft.prefill, draft.answers = prefill, answers
            flag_modified(draft, "prefill")
            flag_modified(draft, "answers")
            # Not the person's activity: the expiry clock keeps running (the version still moves,
            # so a page opened before this shows the person the new data instead of overwriting it).
            draft.updated_at = RegistrationDraft.updated_at  # type: ignore[assignment]
        still = failed_names(sections)
    return still


def refetch_registration(registration_id: int) -> list[str]:
    """Store fresh answers for the registration's failed sections and flag differing manual entries."""
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None:
        return []
    failed = failed_names(registration.register_data.get("sections", {}))
    if not failed:
        return []
    fresh = _read(registration.person.national_code, failed, registration.reference)
    with db.write() as session:
        registration = session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None:
            return []
        data = copy.deepcopy(registration.register_data)
        reasons = list(registration.review_reasons or [])
        manual = registration.answers.get("manual", {})
        sections = data.setdefault("sections", {})
        changed = False
        for name, section in fresh.items():
            if section["status"] == "failed" or sections.get(name, {}).get("status") != "failed":
                continue
            sections[name] = section
            changed = True
            reason = f"register_differs:{name}"
            if name in manual and manual_differs(name, manual[name], section) and reason not in reasons:
                reasons.append(reason)
                log.info("Registration %s: manual %s entry differs from the register", registration.id, name)
        if changed:
            registration.register_data = data
            registration.review_reasons = reasons
            flag_modified(registration, "register_data")
            flag_modified(registration, "review_reasons")
        still = failed_names(sections)
    return still


# --- comparing a manual entry with the register -----------------------------------------------


def _norm(text: Any) -> str:
    return re.sub(r"[\W_]+", " ", str(text or "")).casefold().strip()


def manual_differs(name: str, entered: dict[str, Any], section: dict[str, Any]) -> bool:
    """Whether what the person entered (`answers["manual"][name]`, as the journey stores it) differs
    from what the register now says. A register that does not know the person (`unknown`) says
    nothing to compare with; an entry the rules cannot compare counts as not differing."""
    if section.get("status") != "ok" or not entered:
        return False
    values = section.get("values", {})
    if name == "population":
        if "address" not in entered:
            return False
        return _norm(entered["address"]) != _norm(values.get("address"))
    if name == "education":
        if not entered.get("highest"):
            return False
        highest = _norm(entered["highest"])
        titles = [_norm(item.get("title")) for item in values.get("qualifications", [])]
        return not any(highest and title and (highest in title or title in highest) for title in titles)
    if name == "employment" and "employed" in entered:
        return bool(entered["employed"]) != bool(values.get("active"))
    if name == "social_assistance" and "receives" in entered:
        return bool(entered["receives"]) != (values.get("status") == "ACTIVE")
    if name == "health_insurance" and "insured" in entered:
        return bool(entered["insured"]) != bool(values.get("insured"))
    return False
