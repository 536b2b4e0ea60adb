"""A person's own certificates, and their decisions and certificates as sealed PDFs."""

from __future__ import annotations

import re

from flask import Response, abort, render_template, request

from portal.catalog import lazy_gettext as _l
from portal.i18n import LANGUAGES, current_language
from portal.models import Certificate, CertificateStatus, Decision, Document
from portal.profiles import current_profile
from portal.services import documents
from portal.web.jobseeker import jobseeker
from portal.web.records import load_owned

_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9-]+")
CERTIFICATE_STATUS_LABELS = {
    CertificateStatus.VALID: _l("Valid"),
    CertificateStatus.EXPIRED: _l("Expired"),
    CertificateStatus.REVOKED: _l("Revoked"),
}


def _language() -> str:
    code = request.args.get("lang") or current_language().code
    if code not in LANGUAGES:
        abort(404)
    return code


def _pdf(document: Document, filename: str) -> Response:
    safe = _UNSAFE_FILENAME.sub("-", filename).strip("-") or "document"
    return Response(
        document.content,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{safe}.pdf"',
            "Cache-Control": "no-store",
        },
    )


# Paths end in /pdf rather than /document.pdf: every path segment is kebab-case
# (tests/views/test_route_map.py); the file name comes from Content-Disposition.
@jobseeker.get("/decisions/<int:decision_id>/pdf")
def decision_document(decision_id: int):
    decision = load_owned(Decision, decision_id)
    language = _language()
    return _pdf(documents.decision_document(decision.id, language), f"decision-{decision.verification_code}")


@jobseeker.get("/certificates/<int:certificate_id>/pdf")
def certificate_document(certificate_id: int):
    certificate = load_owned(Certificate, certificate_id)
    language = _language()
    return _pdf(documents.certificate_document(certificate.id, language), f"certificate-{certificate.number}")


@jobseeker.get("/certificates/<int:certificate_id>")
def certificate(certificate_id: int):
    """The certificate's page: what other offices see, how they check it, and its sealed PDF."""
    found = load_owned(Certificate, certificate_id)
    status = found.status_on(current_profile().today())
    return render_template(
        "jobseeker/certificates/page.html",
        certificate=found,
        status_label=CERTIFICATE_STATUS_LABELS[status],
    )
