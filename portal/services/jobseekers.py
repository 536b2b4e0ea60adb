"""What the PES tells other institutions about a person's jobseeker status and certificates
(`contracts/pes.yaml`), answered from the registrations in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from portal.extensions import db
from portal.models import Certificate, Person, Registration, RegistrationState
from portal.profiles import current_profile
from portal.services import documents
from portal.services.lifecycle.ending import CONTRACT_REASONS
from portal.settings import settings

ISSUER = "Public employment service"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _end_reason(registration: Registration) -> str | None:
    """The contract's code for why it ended; set exactly when deregistered."""
    if registration.state is not RegistrationState.DEREGISTERED:
        return None
    return CONTRACT_REASONS.get(registration.end_reason or "", "OTHER")


def verification_url(certificate: Certificate) -> str:
    base = settings().public_url.rstrip("/")
    return f"{base}/verify?code={certificate.verification_code}"


def jobseeker_status(personal_code: str) -> dict[str, Any]:
    """The contract's `JobseekerStatus`. A pending application is not (yet) a registration."""
    registration = db.session.scalar(
        select(Registration)
        .join(Person, Person.id == Registration.person_id)
        .where(
            Person.national_code == personal_code,
            Registration.state.in_((RegistrationState.REGISTERED, RegistrationState.DEREGISTERED)),
        )
        .order_by(Registration.registered_on.desc(), Registration.id.desc())
        .limit(1)
    )
    if registration is None:
        return {
            "personalCode": personal_code,
            "status": "NOT_REGISTERED",
            "registeredOn": None,
            "deregisteredOn": None,
            "deregistrationReason": None,
            "refusals": [],
            "certificate": None,
        }
    certificate = registration.certificates[-1] if registration.certificates else None
    return {
        "personalCode": personal_code,
        "status": registration.state.value.upper(),
        "registeredOn": _iso(registration.registered_on),
        "deregisteredOn": _iso(registration.deregistered_on),
        "deregistrationReason": _end_reason(registration),
        "refusals": [],  # offers and refusals arrive with a later issue
        "certificate": None
        if certificate is None
        else {
            "number": certificate.number,
            "issuedOn": certificate.issued_on.isoformat(),
            "validUntil": certificate.valid_until.isoformat(),
            "status": certificate.status_on(current_profile().today()).value,
            "verificationUrl": verification_url(certificate),
        },
    }


def certificate(number: str) -> dict[str, Any] | None:
    """The contract's `Certificate` for a number the PES issued, else None."""
    found = db.session.scalar(select(Certificate).where(Certificate.number == number))
    if found is None:
        return None
    person = db.session.get(Person, found.person_id)
    assert person is not None
    record = {
        "number": found.number,
        "personalCode": person.national_code,
        "givenNames": person.given_name,
        "familyName": person.family_name,
        "status": found.status_on(current_profile().today()).value,
        "issuedOn": found.issued_on.isoformat(),
        "validUntil": found.valid_until.isoformat(),
        "registeredSince": _iso(found.registration.registered_on) or found.issued_on.isoformat(),
        "issuer": ISSUER,
        "signatureAlgorithm": documents.signature_algorithm(),
    }
    # The canonical document: the certificate as issued and sealed at issue (in the profile's first
    # language); documents in other languages are renderings that name this fingerprint.
    record["documentSha256"] = documents.canonical_certificate_document(found.id).sha256
    return record
