"""Issued decisions and certificates as sealed PDFs, made once per language and kept as issued.

The first request for a (record, language) renders, seals and stores the PDF; every later one gets
the same bytes, so the SHA-256 given to other institutions and the file the person downloaded
stay the same. Nothing updates a stored document: a changed decision is a new decision.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.documents import seal as sealing
from portal.documents.pdf import html_to_pdf
from portal.documents.render import render_certificate, render_decision
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import Certificate, Decision, Document, DocumentKind


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


def decision_document(decision_id: int, language: str) -> Document:
    """The sealed PDF of a decision in `language`, made on first request and never changed."""
    _check_language(language)
    found = _stored(DocumentKind.DECISION, Document.decision_id, decision_id, language)
    if found is not None:
        return found
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        raise DocumentNotFound(decision_id)
    content = sealing.seal(html_to_pdf(render_decision(decision, language)))
    return _store(
        DocumentKind.DECISION, Document.decision_id, decision.id, decision.person_id, language, content
    )


def certificate_document(certificate_id: int, language: str) -> Document:
    """The sealed PDF of an unemployment certificate in `language`, made on first request."""
    _check_language(language)
    found = _stored(DocumentKind.CERTIFICATE, Document.certificate_id, certificate_id, language)
    if found is not None:
        return found
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        raise DocumentNotFound(certificate_id)
    content = sealing.seal(html_to_pdf(render_certificate(certificate, language)))
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
