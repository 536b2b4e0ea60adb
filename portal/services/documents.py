"""Issued decisions and certificates as sealed PDFs, made once per language and kept as issued.

Each record has one canonical document, in the profile's first language: it is the decision (or
certificate) as issued, sealed by the outbox handler right after the issue
(`portal.services.decisions.delivery`), and its SHA-256 is what other institutions are given over
X-Road. A document in another language is a rendering for reading: sealed too, made on first
request, and it says that it is a rendering and names the canonical document's fingerprint. Every
later request gets the same bytes. Nothing updates a stored document: a changed decision is a new
decision.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.documents import seal as sealing
from portal.documents.pdf import html_to_pdf
from portal.documents.render import Original, render_certificate, render_decision
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import Certificate, Decision, Document, DocumentKind
from portal.profiles import current_profile


class DocumentNotFound(LookupError):
    """No decision or certificate with this id."""


def _stored(kind: DocumentKind, column, record_id: int, language: str) -> Document | None:
    # The earliest row wins: should two first requests race past each other, both answers and
    # every later one name the same document.
    return db.session.scalar(
        select(Document)
        .where(Document.kind == kind, column == record_id, Document.language == language)
        .order_by(Document.id)
        .limit(1)
    )


def _store(
    kind: DocumentKind, column, record_id: int, person_id: int, language: str, content: bytes
) -> Document:
    try:
        with db.write() as session:
            # Another request may have stored it while this one was rendering: SQLite serialises
            # writers, so this re-check settles it there; on PostgreSQL the unique constraint does.
            existing = _stored(kind, column, record_id, language)
            if existing is not None:
                return existing
            document = Document(
                kind=kind,
                person_id=person_id,
                decision_id=record_id if kind is DocumentKind.DECISION else None,
                certificate_id=record_id if kind is DocumentKind.CERTIFICATE else None,
                language=language,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
            )
            session.add(document)
    except IntegrityError:
        db.session.rollback()
    return _stored(kind, column, record_id, language) or document


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")


def canonical_language() -> str:
    """The language of every canonical document: the profile's first."""
    return current_profile().default_language


def _original(canonical: Document | None) -> Original | None:
    return Original(canonical.language, canonical.sha256) if canonical is not None else None


def canonical_decision_document(decision_id: int) -> Document:
    """The decision as issued: sealed at issue by the outbox handler (or, should that not have
    run yet, now)."""
    return decision_document(decision_id, canonical_language())


def canonical_certificate_document(certificate_id: int) -> Document:
    """The certificate as issued; its SHA-256 is what the X-Road certificate service answers."""
    return certificate_document(certificate_id, canonical_language())


def decision_document(decision_id: int, language: str) -> Document:
    """The sealed PDF of a decision in `language`: the canonical document, or a rendering of it."""
    _check_language(language)
    found = _stored(DocumentKind.DECISION, Document.decision_id, decision_id, language)
    if found is not None:
        return found
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise DocumentNotFound(decision_id)
    canonical = None if language == canonical_language() else canonical_decision_document(decision_id)
    content = sealing.seal(html_to_pdf(render_decision(decision, language, original=_original(canonical))))
    return _store(
        DocumentKind.DECISION, Document.decision_id, decision.id, decision.person_id, language, content
    )


def certificate_document(certificate_id: int, language: str) -> Document:
    """The sealed PDF of an unemployment certificate in `language`: canonical, or a rendering."""
    _check_language(language)
    found = _stored(DocumentKind.CERTIFICATE, Document.certificate_id, certificate_id, language)
    if found is not None:
        return found
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise DocumentNotFound(certificate_id)
    canonical = None if language == canonical_language() else canonical_certificate_document(certificate_id)
    original = _original(canonical)
    content = sealing.seal(html_to_pdf(render_certificate(certificate, language, original=original)))
    return _store(
        DocumentKind.CERTIFICATE,
        Document.certificate_id,
        certificate.id,
        certificate.person_id,
        language,
        content,
    )


def signature_algorithm() -> str:
    """The seal's format and algorithm as the X-Road contract states it (`PAdES-B-B/ECDSA-SHA256`)."""
    return sealing.signature_algorithm()
