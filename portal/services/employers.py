"""The employer's company profile: name and address from the business register, the rest its own.

One row per company, created the first time anyone acts for it (a representative's first visit, or
a counsellor registering a vacancy on its behalf). Name and address are refreshed from the register
at most once a day; the contact details and description belong to the company and are edited by
its representatives.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.integrations.xroad import CallContext
from portal.integrations.xroad.errors import NotFound, XRoadError
from portal.models import AuditTag
from portal.models.base import utcnow
from portal.models.vacancy import EmployerCompany
from portal.services import audit
from portal.services.xroad import registers

log = logging.getLogger(__name__)
REFRESH_AFTER = dt.timedelta(days=1)


@dataclass(frozen=True)
class CompanyContact:
    contact_person: str | None
    email: str | None
    phone: str | None
    website: str | None
    description: str | None
    notice_language: str | None = None  # one of the portal's languages; None keeps the profile's first


class CompanyConflict(Exception):
    """The profile was saved elsewhere since the form was loaded."""


class UnknownCompany(Exception):
    """The business register does not know the company, or it is deleted."""


# Built once: every employer page reads the company (`ensure_company`).
_COMPANY = select(EmployerCompany).where(EmployerCompany.registry_code == bindparam("registry_code"))


def company(registry_code: str) -> EmployerCompany | None:
    return db.session.scalar(_COMPANY, {"registry_code": registry_code})


def is_fresh(found: EmployerCompany | None, now: dt.datetime | None = None) -> bool:
    """Whether the profile's name and address were read from the register less than a day ago
    (`ensure_company` then keeps them as they are)."""
    return bool(
        found is not None
        and found.register_checked_at
        and (now or utcnow()) - found.register_checked_at < REFRESH_AFTER
    )


def _register_entry(registry_code: str, purpose: str, on_behalf_of: str | None):
    found = registers().business.company(
        registry_code, context=CallContext(purpose=purpose, on_behalf_of=on_behalf_of)
    )
    if found.status == "DELETED":
        raise UnknownCompany(registry_code)
    return found


def ensure_company(
    registry_code: str, *, name: str | None = None, on_behalf_of: str | None = None, strict: bool = False
) -> EmployerCompany:
    """The company's profile, created or refreshed from the business register when due.

    `strict` (a counsellor typing a registry code) raises `UnknownCompany` or `XRoadError` when the
    register does not confirm the company; otherwise a register failure keeps what is known (or the
    name the login session holds), since the session's own check already confirmed the company."""
    existing = company(registry_code)
    now = utcnow()
    if is_fresh(existing, now) and not strict:
        return existing  # type: ignore[return-value]
    try:
        entry = _register_entry(registry_code, "employer company profile", on_behalf_of)
    except NotFound:
        raise UnknownCompany(registry_code) from None
    except (XRoadError, UnknownCompany):
        if strict or (existing is None and not name):
            raise
        log.info("business register not reached for a company profile; kept what was known")
        entry = None
    with db.write() as session:
        row = session.scalar(select(EmployerCompany).where(EmployerCompany.registry_code == registry_code))
        if row is None:
            row = EmployerCompany(registry_code=registry_code, name=entry.name if entry else name)
            session.add(row)
        if entry is not None:
            row.name, row.address, row.register_checked_at = entry.name, entry.address, now
    return company(registry_code)  # type: ignore[return-value]


def update_contact(
    registry_code: str, version: int, contact: CompanyContact, *, actor_person_id: int, actor_role: str
) -> None:
    try:
        with db.write() as session:
            row = _locked(session, registry_code, version)
            row.contact_person = contact.contact_person or None
            row.email = contact.email or None
            row.phone = contact.phone or None
            row.website = contact.website or None
            row.description = contact.description or None
            row.notice_language = contact.notice_language if contact.notice_language in LANGUAGES else None
            audit.record(
                session,
                AuditTag.EMPLOYER_PROFILE_UPDATE,
                actor_role=actor_role,
                purpose="company profile updated",
                actor_person_id=actor_person_id,
                details={"company": registry_code},
            )
    except StaleDataError:
        raise CompanyConflict(registry_code) from None


def set_verified(registry_code: str, verified: bool, *, actor_person_id: int) -> None:
    """A counsellor trusts (or no longer trusts) the company to publish directly."""
    with db.write() as session:
        row = session.scalar(select(EmployerCompany).where(EmployerCompany.registry_code == registry_code))
        if row is None:
            raise UnknownCompany(registry_code)
        row.verified = verified
        audit.record(
            session,
            AuditTag.EMPLOYER_PROFILE_UPDATE,
            actor_role="counsellor",
            purpose="employer verified" if verified else "employer verification removed",
            actor_person_id=actor_person_id,
            details={"company": registry_code, "verified": verified},
        )


def _locked(session: Session, registry_code: str, version: int) -> EmployerCompany:
    row = session.scalar(select(EmployerCompany).where(EmployerCompany.registry_code == registry_code))
    if row is None:
        raise UnknownCompany(registry_code)
    if row.version != version:
        raise CompanyConflict(registry_code)
    return row
