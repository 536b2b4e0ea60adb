"""A person downloads their own decisions and certificates; nobody else's."""

from __future__ import annotations

from portal.documents import seal
from portal.extensions import db
from portal.models import Certificate, Decision, Document
from tests.documents.conftest import add_certificate, add_decision
from tests.eid import JAAN, MARI


def jobseeker(client_as):
    client = client_as("jobseeker")  # signs in as JAAN, which creates their person row
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_owner_downloads_their_decision(eid_app, client_as):
    client = jobseeker(client_as)
    with eid_app.app_context():
        decision_id = add_decision(JAAN)
        code = db.session.get(Decision, decision_id).verification_code
    response = client.get(f"/jobseeker/decisions/{decision_id}/pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="decision-{code}.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"%PDF-")
    with eid_app.app_context():
        assert seal.validate(response.data)
        stored = db.session.query(Document).filter_by(decision_id=decision_id, language="en").one()
        assert stored.content == response.data
        # An English download is a rendering of the canonical Estonian document, which exists first.
        canonical = db.session.query(Document).filter_by(decision_id=decision_id, language="et").one()
        assert canonical.id < stored.id
        canonical_content = canonical.content
    # The UI language is the default; ?lang= asks for another one, each kept on its own.
    estonian = client.get(f"/jobseeker/decisions/{decision_id}/pdf?lang=et")
    assert estonian.status_code == 200 and estonian.data == canonical_content != response.data
    assert client.get(f"/jobseeker/decisions/{decision_id}/pdf").data == response.data


def test_the_owner_downloads_their_certificate(eid_app, client_as):
    client = jobseeker(client_as)
    with eid_app.app_context():
        certificate_id = add_certificate(JAAN)
        number = db.session.get(Certificate, certificate_id).number
    response = client.get(f"/jobseeker/certificates/{certificate_id}/pdf?lang=ru")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="certificate-{number}.pdf"'
    with eid_app.app_context():
        languages = {d.language for d in db.session.query(Document).filter_by(certificate_id=certificate_id)}
        assert languages == {"ru", "et"}  # the Russian rendering, and the canonical document it renders


def test_nobody_else_gets_the_document(eid_app, client_as):
    client = jobseeker(client_as)
    with eid_app.app_context():
        decision_id = add_decision(MARI)
        certificate_id = add_certificate(MARI)
    assert client.get(f"/jobseeker/decisions/{decision_id}/pdf").status_code == 404
    assert client.get(f"/jobseeker/certificates/{certificate_id}/pdf").status_code == 404
    assert client.get("/jobseeker/decisions/999999/pdf").status_code == 404
    with eid_app.app_context():
        assert db.session.query(Document).count() == 0  # refused before anything was made


def test_an_anonymous_visitor_is_sent_to_sign_in(eid_app, client_as):
    with eid_app.app_context():
        decision_id = add_decision(MARI)
    response = client_as(None).get(f"/jobseeker/decisions/{decision_id}/pdf")
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


def test_an_unknown_language_is_not_found(eid_app, client_as):
    client = jobseeker(client_as)
    with eid_app.app_context():
        decision_id = add_decision(JAAN)
        certificate_id = add_certificate(JAAN)
    assert client.get(f"/jobseeker/decisions/{decision_id}/pdf?lang=xx").status_code == 404
    assert client.get(f"/jobseeker/decisions/{decision_id}/pdf?lang=EN").status_code == 404
    assert client.get(f"/jobseeker/certificates/{certificate_id}/pdf?lang=de").status_code == 404
    with eid_app.app_context():
        assert db.session.query(Document).count() == 0
