"""The canonical document is sealed when the decision is issued, before the person is told; other
languages are renderings of it that say so."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    Document,
    InboxMessage,
    Person,
    Registration,
    RegistrationState,
    StaffMember,
    StaffRole,
)
from portal.models.register_snapshot import RegisterSnapshot
from portal.services import jobseeker_profile
from portal.services.documents import (
    canonical_certificate_document,
    certificate_document,
    decision_document,
)
from portal.services.registration.decide import decide
from tests.documents.conftest import FAMILY_NAME, add_certificate, add_person, add_staff
from tests.documents.pdftext import pdf_text
from tests.eid import JAAN, MARI


def compact(text: str) -> str:
    return "".join(text.split())


def test_the_decision_is_sealed_at_issue_before_the_person_is_told(make_app):
    app = make_app(DOCUMENTS_AT_ISSUE=True)
    with app.app_context():
        profile = app.extensions["profile"]
        person_id = add_person(JAAN)
        with db.write() as session:
            pending = Registration(
                reference="REG-2026-ATISSUE1",
                person_id=person_id,
                kind="unemployed",
                state=RegistrationState.PENDING,
                decision_due_on=dt.date(2026, 12, 17),
                consent_at=dt.datetime.now(dt.UTC),
                consent_version="test",
                register_data={"sections": {}},
                answers={},
                review_reasons=[],
            )
            session.add(pending)
            jobseeker_profile.write_from_registration(
                session,
                person_id,
                snapshot=RegisterSnapshot.from_json({"sections": {}}),
                contact=jobseeker_profile.Contact(phone=None, email="jaan@example.ee"),
                occupations=[],
                preferences=None,
            )
        staff = db.session.get(StaffMember, add_staff(MARI, StaffRole.COUNSELLOR))
        registration = decide(pending.id, approve=True, reason="Checked.", staff=staff, profile=profile)
        decision = registration.decisions[-1]
        stored = db.session.scalars(select(Document).where(Document.decision_id == decision.id)).all()
        # Made when issued, in the profile's language, not waiting for a download.
        assert [d.language for d in stored] == [profile.default_language]
        certificate = registration.certificates[-1]
        assert [
            d.language
            for d in db.session.scalars(select(Document).where(Document.certificate_id == certificate.id))
        ] == [profile.default_language]
        # The person was told, and only after the documents were stored.
        messages = db.session.scalars(select(InboxMessage).where(InboxMessage.person_id == person_id)).all()
        assert {m.kind for m in messages} == {"decision", "certificate"}
        assert all(m.notified_at is not None and m.notified_at >= stored[0].created_at for m in messages)

        # Its words never depend on later data: a new name or role leaves the document as issued.
        db.session.get(Person, person_id).family_name = "Uusnimi"
        db.session.commit()
        document = decision_document(decision.id, profile.default_language)
        assert document.id == stored[0].id
        text = compact(pdf_text(document.content))
        assert compact(FAMILY_NAME) in text and "Uusnimi" not in text


def test_other_languages_are_renderings_of_the_canonical_document(app):
    with app.app_context():
        certificate_id = add_certificate()
        english = certificate_document(certificate_id, "en")
        canonical = canonical_certificate_document(certificate_id)
        assert canonical.language == "et" and english.id != canonical.id
        text = compact(pdf_text(english.content))
        assert compact("This is a rendering in English, for reading.") in text
        assert canonical.sha256 in text  # the fingerprint other institutions are given
        assert "rendering" not in pdf_text(canonical.content)
