"""The page layout of the PDFs: the verification block stays with the document's content."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext

from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import Decision, DecisionKind
from portal.services.documents import decision_document
from tests.documents.conftest import add_decision, unlink_decisions
from tests.documents.pdftext import pdf_page_texts

# A paragraph of reasons; the tests add one at a time so that, at some length, the verification
# block no longer fits below the content on the page where the content ends.
PARAGRAPH = (
    "The tax register shows income from employment in the month before the registration, and the "
    "employer reported the employment as ended on the last day of that month."
)


@pytest.fixture
def linked_decisions(app):
    yield
    with app.app_context():
        unlink_decisions()


def check_heading(language: str) -> str:
    with force_locale(language):
        return gettext("Check this document")


def assert_verification_not_alone(pdf: bytes, language: str) -> int:
    pages = pdf_page_texts(pdf)
    before_block, heading, _after = pages[-1].partition(check_heading(language))
    assert heading, f"the verification block is not on the last page: {pages[-1][:200]}"
    assert before_block.strip(), f"the verification block is alone on page {len(pages)}"
    return len(pages)


def test_the_verification_block_never_sits_alone_on_a_page(app, linked_decisions):
    with app.app_context():
        page_counts = set()
        for paragraphs in range(1, 13):
            decision_id = add_decision(kind=DecisionKind.DEREGISTRATION)
            with db.write() as session:
                session.get(Decision, decision_id).reasoning = "\n\n".join([PARAGRAPH] * paragraphs)
            # The canonical document (a rendering in another language adds its note, and a page).
            pdf = decision_document(decision_id, "et").content
            page_counts.add(assert_verification_not_alone(pdf, "et"))
        assert page_counts == {1, 2}  # the sweep crossed a page break


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_a_decision_made_at_once_keeps_its_verification_block(app, linked_decisions, language):
    with app.app_context():
        decision_id = add_decision(kind=DecisionKind.REGISTRATION, automated=True)
        assert_verification_not_alone(decision_document(decision_id, language).content, language)
