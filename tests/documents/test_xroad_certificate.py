"""Other institutions get the sealed certificate's SHA-256 over X-Road, as the contract says."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Certificate, Document
from tests.contract import assert_werkzeug_conforms
from tests.documents.conftest import add_certificate

SAS = "DEV/GOV/70000005/sas"


def test_the_certificate_service_returns_the_sealed_documents_hash(app, client):
    with app.app_context():
        certificate_id = add_certificate()
        number = db.session.get(Certificate, certificate_id).number
    response = client.get(f"/xroad/pes/v1/certificates/{number}", headers={"X-Road-Client": SAS})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_werkzeug_conforms("pes", response, prefix="/xroad/pes")
    with app.app_context():
        # Made in the profile's first language (Estonian for EE), once.
        document = db.session.query(Document).filter_by(certificate_id=certificate_id).one()
        assert document.language == app.extensions["profile"].default_language == "et"
    assert response.json["documentSha256"] == document.sha256
    assert response.json["signatureAlgorithm"] == "PAdES-B-B/ECDSA-SHA256"
    again = client.get(f"/xroad/pes/v1/certificates/{number}", headers={"X-Road-Client": SAS})
    assert again.json["documentSha256"] == document.sha256
    with app.app_context():
        assert db.session.query(Document).filter_by(certificate_id=certificate_id).count() == 1
