"""Every back-office page that shows people's data records it: who looked, at whom, why, and
which categories of data the page showed (lists included, since a queue shows names too)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from flask import g
from flask_login import current_user

from portal.models import AuditTag
from portal.models.audit import DataCategory
from portal.services import audit

C = DataCategory
REGISTRATION_CASE = (
    C.NAME,
    C.PERSONAL_CODE,
    C.REGISTER_DATA,
    C.CONTACT,
    C.WORK_PREFERENCES,
    C.REGISTRATION,
    C.DECISION,
)
REGISTRATION_QUEUE_ROW = (C.NAME, C.REGISTRATION)
REVIEW_QUEUE_ROW = (C.NAME, C.REGISTRATION, C.DECISION, C.REVIEW_REQUEST)
REVIEW_CASE = (C.NAME, C.PERSONAL_CODE, C.REGISTRATION, C.DECISION, C.REVIEW_REQUEST)
APPEAL_QUEUE_ROW = (C.NAME, C.REGISTRATION, C.DECISION, C.APPEAL)
APPEAL_CASE = (C.NAME, C.PERSONAL_CODE, C.REGISTRATION, C.DECISION, C.APPEAL)
APPEAL_ATTACHMENT = (C.APPEAL_ATTACHMENT,)
OFFER_QUEUE_ROW = (C.NAME, C.OFFER)
OFFER_CASE = (C.NAME, C.OFFER, C.REGISTER_DATA)  # the history shows whether social assistance is paid


def record_use(
    subject_person_ids: Iterable[int | None],
    purpose: str,
    categories: Sequence[DataCategory],
    details: dict[str, object] | None = None,
    *,
    listing: bool = False,
    codes: Mapping[int, tuple[str, str]] | None = None,
) -> None:
    """`codes`: (country, national code) by person id, for the people the page's own rows name."""
    known = {**_signed_in_codes(), **(codes or {})}
    audit.record_staff_use(
        AuditTag.PERSON_LIST if listing else AuditTag.PERSON_VIEW,
        actor_person_id=current_user.person_id,
        actor_role=current_user.active_role,
        subject_person_ids=subject_person_ids,
        purpose=purpose,
        categories=categories,
        request_id=g.get("request_id"),
        details=details,
        codes=known,
    )


def _signed_in_codes() -> dict[int, tuple[str, str]]:
    """The signed-in person's (country, national code) as this request's session lookup read them
    from their person row (`subject` is the two joined): their pseudonym as the actor needs no
    statement of its own on every audited page."""
    code, subject = getattr(current_user, "national_code", None), getattr(current_user, "subject", None)
    if not code or not subject or len(subject) <= len(code) or not subject.endswith(code):
        return {}
    return {current_user.person_id: (subject[: -len(code)], code)}
