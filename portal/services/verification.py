"""Checking a decision or a certificate by the verification code printed on it (`/verify`).

Anyone holding the paper (an employer, another office) may ask whether it is authentic and still
in force. The answer shows the minimum needed to match it with the paper: the document type, the
issue date, its status, and the person's initials and year of birth — never a name, a personal
code or the decision's content. An unknown code and a code with one character changed get the
same "not found" (None), and nothing here logs the code or the person.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from flask_babel import LazyString
from sqlalchemy import select

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import Certificate, CertificateStatus, Decision, DecisionState, Person
from portal.models.registration import CODE_ALPHABET
from portal.profiles import CountryProfile, current_profile

# Longer than any code the portal issues (decisions 20, certificates 16): not worth a query.
MAX_CODE_LENGTH = 40
_SEPARATORS = re.compile(r"[\s\-]+")
_ALPHABET = frozenset(CODE_ALPHABET)


class VerificationStatus(enum.StrEnum):
    VALID = "valid"
    SUPERSEDED = "superseded"  # replaced by a later decision (changed on appeal or corrected)
    REVOKED = "revoked"
    EXPIRED = "expired"


DECISION_LABELS = labels.DOCUMENT_TYPES
CERTIFICATE_LABEL = labels.CERTIFICATE

_DECISION_STATUS = {
    DecisionState.ISSUED: VerificationStatus.VALID,
    DecisionState.APPEALED: VerificationStatus.VALID,
    DecisionState.UPHELD: VerificationStatus.VALID,
    DecisionState.CHANGED: VerificationStatus.SUPERSEDED,
    DecisionState.SUPERSEDED: VerificationStatus.SUPERSEDED,
}
_CERTIFICATE_STATUS = {
    CertificateStatus.VALID: VerificationStatus.VALID,
    CertificateStatus.REVOKED: VerificationStatus.REVOKED,
    CertificateStatus.EXPIRED: VerificationStatus.EXPIRED,
}


@dataclass(frozen=True)
class VerificationResult:
    document_type: LazyString  # translated label, rendered in the reader's language
    issued_on: dt.date
    status: VerificationStatus
    initials: str  # e.g. "J.-K. J."
    birth_year: int | None
    valid_until: dt.date | None = None  # certificates only
    authentic: bool = True  # a result exists only for a document the PES issued


def normalise(code: str | None) -> str | None:
    """Upper-case, without spaces and hyphens; None unless only Crockford base32 characters remain."""
    if not code:
        return None
    cleaned = _SEPARATORS.sub("", code.strip()).upper()
    if not cleaned or len(cleaned) > MAX_CODE_LENGTH or not set(cleaned) <= _ALPHABET:
        return None
    return cleaned


def verify(code: str | None) -> VerificationResult | None:
    """What the PES can confirm about the document with `code`, or None when there is none."""
    wanted = normalise(code)
    if wanted is None:
        return None
    profile: CountryProfile = current_profile()
    decision = db.session.scalar(select(Decision).where(Decision.verification_code == wanted))
    if decision is not None:
        return VerificationResult(
            document_type=DECISION_LABELS.get(decision.kind, _l("Decision")),
            issued_on=profile.local_date(decision.issued_at),
            status=_DECISION_STATUS[decision.state],
            **_person_hints(decision.person_id, profile),
        )
    certificate = db.session.scalar(select(Certificate).where(Certificate.verification_code == wanted))
    if certificate is not None:
        today = profile.today()
        return VerificationResult(
            document_type=CERTIFICATE_LABEL,
            issued_on=certificate.issued_on,
            status=_CERTIFICATE_STATUS[certificate.status_on(today)],
            valid_until=certificate.valid_until,
            **_person_hints(certificate.person_id, profile),
        )
    return None


def initials(given_name: str, family_name: str) -> str:
    """Initials, as "J.-K. J." for "Jaak-Kristjan Jõeorg": enough to match the paper, too little to identify."""

    def word(text: str) -> str:
        return "-".join(f"{part[0].upper()}." for part in text.split("-") if part)

    return " ".join(word(text) for text in f"{given_name} {family_name}".split() if word(text))


def _person_hints(person_id: int, profile: CountryProfile) -> dict[str, object]:
    person = db.session.get(Person, person_id)
    if person is None:  # cannot happen (foreign key), but never fail a public page on it
        return {"initials": "", "birth_year": None}
    born = person.date_of_birth
    if born is None:
        try:
            born = profile.parse_national_id(person.national_code).date_of_birth
        except ValueError:
            born = None
    return {
        "initials": initials(person.given_name, person.family_name),
        "birth_year": born.year if born else None,
    }
