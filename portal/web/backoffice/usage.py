"""Every back-office page that shows people's data records it: who looked, at whom, why, and
which categories of data the page showed (lists included, since a queue shows names too)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask import g

from portal.models import AuditTag
from portal.models.audit import DataCategory
from portal.security import request_user
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
    user = request_user()  # the object itself: each read through the proxy costs two failed look-ups
    known = {**_signed_in_codes(user), **(codes or {})}
    audit.record_staff_use(
        AuditTag.PERSON_LIST if listing else AuditTag.PERSON_VIEW,
        actor_person_id=user.person_id,
        actor_role=user.active_role,
        subject_person_ids=subject_person_ids,
        purpose=purpose,
        categories=categories,
        request_id=g.get("request_id"),
        details=details,
        codes=known,
    )


def _signed_in_codes(user: Any) -> dict[int, tuple[str, str]]:
    """The signed-in person's (country, national code) as this request's session lookup read them
    from their person row (`subject` is the two joined): their pseudonym as the actor needs no
    statement of its own on every audited page."""
    code, subject = getattr(user, "national_code", None), getattr(user, "subject", None)
    if not code or not subject or len(subject) <= len(code) or not subject.endswith(code):
        return {}
    return {user.person_id: (subject[: -len(code)], code)}
