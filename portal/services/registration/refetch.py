"""Read again the register sections that did not answer, for a draft or a submitted registration.

A draft gets the fresh sections in place of the failed ones (as the person's own "try again"
button does). A registration keeps what it was decided on, gets the fresh values beside them in
its snapshot, and, where the person's manual entry differs from what the register
now says, the review reason `register_differs:<section>` so that a counsellor looks at it.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from portal.extensions import db
from portal.models import Registration, RegistrationDraft
from portal.models.register_snapshot import Section
from portal.services.persons import adopt_register_names
from portal.services.registration.answers import Answers
from portal.services.registration.prefill import read_sections
from portal.services.registration.rules import manual_differs

log = logging.getLogger(__name__)

PURPOSE = "registration as a jobseeker: register read again after it did not answer"


def refetch(*, draft_id: int | None = None, registration_id: int | None = None) -> list[str]:
    """Read again the failed sections of a draft or a registration; return those still failing."""
    if (draft_id is None) == (registration_id is None):
        raise ValueError("Give either draft_id or registration_id")
    if draft_id is not None:
        return refetch_draft(draft_id)
    return refetch_registration(registration_id or 0)


def _read(national_code: str, names: list[str], issue: str | None) -> dict[str, Section[Any]]:
    if db.session().in_transaction():
        db.session.commit()  # end the read transaction: nothing is held while the registers answer
    return read_sections(national_code, names, on_behalf_of=None, purpose=PURPOSE, issue=issue)


def refetch_draft(draft_id: int) -> list[str]:
    """Replace the draft's failed sections with fresh answers; return the sections still failing."""
    draft = db.session.get(RegistrationDraft, draft_id, populate_existing=True)
    if draft is None:  # submitted, expired or deleted meanwhile
        return []
    failed = draft.snapshot.failed()
    if not failed:
        return []
    fresh = _read(draft.person.national_code, failed, None)
    with db.write() as session:
        draft = session.get(RegistrationDraft, draft_id, populate_existing=True, with_for_update=True)
        if draft is None:
            return []
        snapshot = draft.snapshot
        answered = {
            name: section
            for name, section in fresh.items()
            if not section.failed and snapshot.section(name).failed
        }
        if answered:
            # What the person entered meanwhile stays beside the register's answer: where the two
            # differ, submitting sends the registration to a counsellor (`register_differs`).
            snapshot = snapshot.replace(answered)
            draft.snapshot = snapshot
            adopt_register_names(session, draft.person_id, fresh.get("population"))
            # Not the person's activity: the expiry clock keeps running (the version still moves,
            # so a page opened before this shows the person the new data instead of overwriting it).
            draft.updated_at = RegistrationDraft.updated_at  # type: ignore[assignment]
        still = snapshot.failed()
    return still


def refetch_registration(registration_id: int) -> list[str]:
    """Store fresh answers for the registration's failed sections and flag differing manual entries."""
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None:
        return []
    failed = registration.snapshot.failed()
    if not failed:
        return []
    fresh = _read(registration.person.national_code, failed, registration.reference)
    with db.write() as session:
        registration = session.get(
            Registration, registration_id, populate_existing=True, with_for_update=True
        )
        if registration is None:
            return []
        snapshot = registration.snapshot
        reasons = list(registration.review_reasons or [])
        manual = Answers.from_json(registration.answers).manual
        answered = {
            name: section
            for name, section in fresh.items()
            if not section.failed and snapshot.section(name).failed
        }
        for name, section in answered.items():
            reason = f"register_differs:{name}"
            if name in manual and manual_differs(name, manual[name], section) and reason not in reasons:
                reasons.append(reason)
                log.info("Registration %s: manual %s entry differs from the register", registration.id, name)
        if answered:
            snapshot = snapshot.replace(answered)
            registration.snapshot = snapshot
            registration.review_reasons = reasons
            flag_modified(registration, "review_reasons")
        still = snapshot.failed()
    return still
