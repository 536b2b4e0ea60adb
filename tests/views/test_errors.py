import io

import pytest
from flask import Blueprint
from sqlalchemy import select

from portal.extensions import db
from portal.models import Person
from portal.security import Access, guard_blueprint


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Page not found"),
        ("et", "Lehte ei leitud"),
        ("sq", "Faqja nuk u gjet"),
        ("ru", "Страница не найдена"),
        ("sr", "Strana nije pronađena"),
    ],
)
def test_not_found_is_translated(client, lang, text):
    response = client.get("/no-such-page", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_method_not_allowed_page(client):
    response = client.post("/healthz", headers={"Accept-Language": "en"})
    assert response.status_code == 405
    assert "This action is not allowed here" in response.get_data(as_text=True)


def test_oversized_body_gets_a_translated_413(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    broken = Blueprint("upload", __name__)
    guard_blueprint(broken, Access.PUBLIC)

    @broken.post("/upload-probe")
    def upload_probe():
        from flask import request

        return str(len(request.get_data()))

    app.register_blueprint(broken)
    app.config["WTF_CSRF_ENABLED"] = False
    response = app.test_client().post(
        "/upload-probe",
        data=b"x" * 5000,
        headers={"Accept-Language": "sq"},
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    assert "Ajo që dërguat është shumë e madhe" in response.get_data(as_text=True)


@pytest.fixture
def failing_app(make_app):
    app = make_app()
    broken = Blueprint("broken", __name__)
    guard_blueprint(broken, Access.PUBLIC)

    @broken.get("/explode")
    def explode():
        db.session.add(Person(country="EE", national_code="38001085718", given_name="A", family_name="B"))
        db.session.flush()
        raise RuntimeError("secret internals 38001085718")

    app.register_blueprint(broken)
    return app


def test_unexpected_error_rolls_back_and_hides_the_stack_trace(failing_app):
    response = failing_app.test_client().get("/explode", headers={"Accept-Language": "en"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "Traceback" not in body and "secret internals" not in body
    with failing_app.app_context():
        assert db.session.scalars(select(Person)).all() == []


def test_unexpected_error_is_logged_without_personal_codes(failing_app):
    stream = io.StringIO()
    failing_app.logger.handlers[0].setStream(stream)
    failing_app.test_client().get("/explode")
    logged = stream.getvalue()
    assert "RuntimeError" in logged
    assert "38001085718" not in logged


def test_database_down_gives_translated_503_and_readyz_503(make_app):
    app = make_app(DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none")
    broken = Blueprint("dbpage", __name__)
    guard_blueprint(broken, Access.PUBLIC)

    @broken.get("/needs-database")
    def needs_database():
        return str(db.session.scalars(select(Person)).all())

    app.register_blueprint(broken)
    client = app.test_client()
    response = client.get("/needs-database", headers={"Accept-Language": "et"})
    assert response.status_code == 503
    assert "Vabandust, teenus ei ole kättesaadav" in response.get_data(as_text=True)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["checks"]["database"] == "unreachable"
    assert client.get("/healthz").status_code == 200
