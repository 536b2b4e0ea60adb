"""Every decision kind and the certificate in every language: a sealed, tagged PDF/A that keeps."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask_babel import force_locale, gettext
from pyhanko.pdf_utils.reader import PdfFileReader

from portal.documents import seal
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import Decision, DecisionKind, DecisionState, Document, StaffRole
from portal.services.documents import certificate_document, decision_document, signature_algorithm
from tests.documents.conftest import (
    AUTOMATED_RULE,
    FAMILY_NAME,
    GIVEN_NAME,
    add_certificate,
    add_decision,
    add_staff,
    unlink_decisions,
)
from tests.documents.pdftext import pdf_text

NAME = f"{GIVEN_NAME} {FAMILY_NAME}"
RULE_IN_WORDS = "Decided automatically: the data from the state"


def compact(text: str) -> str:
    return "".join(text.split())


def catalog(pdf: bytes):
    return PdfFileReader(io.BytesIO(pdf)).root


def assert_sealed_pdf(pdf: bytes, html_lang: str) -> str:
    assert pdf.startswith(b"%PDF-")
    assert seal.validate(pdf)
    root = catalog(pdf)
    assert root["/Lang"] == html_lang
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].data.decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert 'pdfuaid:part="1"' in xmp
    text = pdf_text(pdf)
    assert compact(NAME) in compact(text)
    assert "38001085718" in text
    return text


@pytest.fixture
def linked_decisions(app):
    yield
    with app.app_context():
        unlink_decisions()


@pytest.mark.parametrize("kind", list(DecisionKind))
def test_each_kind_of_decision_becomes_a_sealed_pdf(app, linked_decisions, kind):
    with app.app_context():
        earlier = staff_id = registration_id = None
        if kind in (DecisionKind.REVIEW_OUTCOME, DecisionKind.APPEAL_OUTCOME):
            earlier = add_decision()
            with db.write() as session:
                first = session.get(Decision, earlier)
                first.state = DecisionState.UPHELD
                registration_id = first.registration_id
            role = StaffRole.SUPERVISOR if kind is DecisionKind.APPEAL_OUTCOME else StaffRole.COUNSELLOR
            staff_id = add_staff("49403136526", role)
        decision_id = add_decision(
            kind=kind,
            automated=staff_id is None,
            staff_id=staff_id,
            responds_to_id=earlier,
            registration_id=registration_id,
        )
        document = decision_document(decision_id, "en")
        text = compact(assert_sealed_pdf(document.content, "en"))
        decision = db.session.get(Decision, decision_id)
        assert compact(decision.verification_code) in text
        assert compact("Tööturuteenuste ja -toetuste seadus § 6") in text
        if kind is DecisionKind.REGISTRATION:  # the rule's own reasons, in the reader's language
            assert compact("Every condition was met by data from the registers") in text
        else:  # the reasons as the person who decided wrote them
            assert compact("The tax register shows no employment.") in text
        assert compact("http://127.0.0.1:5000/verify") in text
        assert compact(f"/jobseeker/decisions/{decision_id}") in text  # how to appeal
        expected = {
            DecisionKind.REGISTRATION: ("Decision on registration as unemployed", RULE_IN_WORDS),
            DecisionKind.REGISTRATION_REJECTED: ("Registration refused", RULE_IN_WORDS),
            DecisionKind.DEREGISTRATION: ("Deregistration", RULE_IN_WORDS),
            DecisionKind.REVIEW_OUTCOME: ("Review of a decision", "Decided by a counsellor"),
            DecisionKind.APPEAL_OUTCOME: ("Decision on an appeal", "Decided by a supervisor"),
            DecisionKind.REFUSAL_BREACH: ("Decision on a refused offer", "a warning is recorded"),
            DecisionKind.TRAINING_APPROVED: (
                "Decision on a training request",
                "Your request to join the training is granted",
            ),
            DecisionKind.TRAINING_REJECTED: (
                "Decision on a training request",
                "Your request to join the training is refused",
            ),
        }[kind]
        for phrase in expected:
            assert compact(phrase) in text
        # Made at once (automated) or not a registration: no deadline to print (test_decision_due.py).
        assert compact("Decision due by") not in text
        assert compact(AUTOMATED_RULE) not in text  # who decided, in words: never the rule's identifier
        if earlier is not None:
            assert compact(db.session.get(Decision, earlier).verification_code) in text
            assert compact("The earlier decision stays in force") in text
        assert document.sha256 == hashlib.sha256(document.content).hexdigest()


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_certificate_in_each_language(app, language):
    with app.app_context():
        certificate_id = add_certificate()
        document = certificate_document(certificate_id, language)
        text = assert_sealed_pdf(document.content, LANGUAGES[language].html_lang)
        assert document.language == language and document.certificate_id == certificate_id
        assert "EE-2026-" in text
        with force_locale(language):
            title = gettext("Unemployment certificate")
        assert compact(title) in compact(text)
        assert f"{title} – " in catalog(document.content)["/Metadata"].data.decode()  # the PDF's title


def test_serbian_dates_are_in_latin_script(app):
    with app.app_context():
        text = pdf_text(certificate_document(add_certificate(), "sr").content)
        assert "novembar 2026" in text
        assert "новембар" not in text


def test_a_document_is_stored_once_and_never_changes(app):
    with app.app_context():
        decision_id = add_decision()
        first = decision_document(decision_id, "en")
        again = decision_document(decision_id, "en")
        assert (again.id, again.sha256, again.content) == (first.id, first.sha256, first.content)
        estonian = decision_document(decision_id, "et")
        assert estonian.id != first.id and estonian.sha256 != first.sha256
        assert db.session.query(Document).filter_by(decision_id=decision_id).count() == 2


def test_changing_one_signed_byte_breaks_the_seal(app):
    with app.app_context():
        pdf = decision_document(add_decision(), "en").content
        assert seal.validate(pdf)
        position = len(pdf) // 3  # in the first signed range: the document WeasyPrint wrote
        tampered = pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1 :]
        assert not seal.validate(tampered)
        # Anything appended after the seal is no longer covered by it.
        assert not seal.validate(pdf + b"\n% appended\n")
        assert not seal.validate(b"%PDF-1.7 not really")


def test_an_unknown_language_is_refused(app):
    with app.app_context():
        decision_id = add_decision()
        with pytest.raises(ValueError, match="xx"):
            decision_document(decision_id, "xx")


def test_the_signature_algorithm_names_the_seal(app):
    with app.app_context():
        assert signature_algorithm() == "PAdES-B-B/ECDSA-SHA256"
