import re

import pytest
from flask import Blueprint, render_template_string

from portal.security import Access, access


def test_strict_csp_with_a_fresh_nonce_per_response(client):
    first = client.get("/")
    second = client.get("/")
    csp = first.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'nonce="{nonce}"' in first.get_data(as_text=True)
    assert nonce not in second.headers["Content-Security-Policy"]


def test_every_inline_script_carries_the_nonce(client):
    body = client.get("/").get_data(as_text=True)
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or "nonce=" in tag, tag


def test_baseline_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # only in production, behind TLS
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-Id"])


def test_a_proxys_request_id_is_kept_and_an_unsafe_one_replaced(client):
    assert client.get("/", headers={"X-Request-Id": "proxy-id.123_AB"}).headers["X-Request-Id"] == (
        "proxy-id.123_AB"
    )
    for unsafe in ("short", "has space in it", "x" * 65, ""):
        answered = client.get("/", headers={"X-Request-Id": unsafe}).headers["X-Request-Id"]
        assert re.fullmatch(r"[0-9a-f]{32}", answered), unsafe


def test_production_sends_hsts_and_secure_host_cookies(make_app):
    app = make_app(
        ENV="production",
        SECRET_KEY="k" * 40,
        DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none",
        EID_DISCOVERY_URL="https://eid.example/.well-known/openid-configuration",
        EID_CLIENT_ID="pes",
        EID_CLIENT_SECRET="secret",
        XROAD_URL="https://ss.example",
        SEAL_KEY_PATH="/run/secrets/seal-key.pem",  # read only when the first document is sealed
        SEAL_CERT_PATH="/etc/pes/seal-chain.pem",
        PUBLIC_URL="https://pes.example",
        SMTP_URL="smtp://mail.example:587",
        XROAD_PROVIDER_NETWORKS="10.20.0.5/32",
    )
    response = app.test_client().get("/language/en?next=/", base_url="https://pes.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-portal=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in cookie


def test_session_cookie_is_httponly_and_lax(client):
    cookie = client.get("/language/en?next=/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def app_with_form(make_app):
    app = make_app()
    probe = Blueprint("probe", __name__)

    @probe.post("/probe-form")
    @access(Access.PUBLIC)
    def probe_form():
        return "accepted"

    @probe.get("/probe-form-page")
    @access(Access.PUBLIC)
    def probe_form_page():
        return render_template_string(
            '<form method="post"><input name="csrf_token" value="{{ csrf_token() }}"></form>'
        )

    @probe.get("/probe-private")
    @access(Access.CITIZEN)
    def probe_private():
        return "secret"

    app.register_blueprint(probe)
    return app


def test_post_without_csrf_token_is_refused_with_a_translated_page(app_with_form):
    client = app_with_form.test_client()
    response = client.post("/probe-form", headers={"Accept-Language": "et"})
    assert response.status_code == 400
    assert "Teie päringuga on probleem" in response.get_data(as_text=True)


def test_htmx_post_with_the_body_csrf_header_is_accepted(app_with_form):
    client = app_with_form.test_client()
    client.get("/probe-form-page")  # a page with a form gives the visitor a token
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    response = client.post("/probe-form", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 200


def test_private_pages_send_anonymous_visitors_to_sign_in_and_are_not_cached(app_with_form):
    client = app_with_form.test_client()
    response = client.get("/probe-private")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=/probe-private"
    assert response.headers["Cache-Control"] == "no-store"
    assert client.post("/probe-private").status_code in (401, 405)


def test_endpoint_without_access_rule_is_refused(make_app):
    app = make_app()
    app.add_url_rule("/forgotten-guard", "forgotten", lambda: "leak")
    assert app.test_client().get("/forgotten-guard").status_code == 403


def test_pages_vary_by_language_inputs(client):
    vary = client.get("/").headers["Vary"]
    assert "Cookie" in vary and "Accept-Language" in vary


def test_anonymous_pages_without_a_form_set_no_cookie(app_with_form):
    # A cookie would make every anonymous page uncacheable (issue 18).
    client = app_with_form.test_client()
    for path in ("/", "/verify"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
        assert "X-CSRFToken" not in response.get_data(as_text=True), path


def test_a_page_with_a_form_still_gets_its_token_cookie(app_with_form):
    client = app_with_form.test_client()
    response = client.get("/probe-form-page")
    assert "Set-Cookie" in response.headers
    token = re.search(r'value="([^"]+)"', response.get_data(as_text=True)).group(1)
    assert client.post("/probe-form", data={"csrf_token": token}).status_code == 200


def test_a_view_that_set_headers_keeps_them_and_gets_the_same_others(make_app):
    """A plain response takes the header set made once per kind; one whose view set headers goes
    header by header: the same headers, in the same order, and the view's own are kept."""
    from flask import Response

    app = make_app()
    probe = Blueprint("probe_headers", __name__)

    @probe.get("/probe-plain")
    @access(Access.PUBLIC)
    def plain():
        return "<p>plain</p>"

    @probe.get("/probe-own")
    @access(Access.PUBLIC)
    def own():
        response = Response("<p>own</p>", mimetype="text/html")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Vary"] = "Origin"
        return response

    @probe.get("/probe-text")
    @access(Access.PUBLIC)
    def text():
        return Response("text", mimetype="text/plain")

    app.register_blueprint(probe)
    client = app.test_client()

    def names(response):
        return [name for name, _ in response.headers if name not in ("Content-Length", "X-Request-Id")]

    plain_response = client.get("/probe-plain")
    assert names(plain_response) == [
        "Content-Type",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "Vary",
    ]
    assert plain_response.headers["Vary"] == "Cookie, Accept-Language"
    assert "Cache-Control" not in plain_response.headers
    own_response = client.get("/probe-own")
    assert own_response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert own_response.headers["Vary"] == "Origin, Cookie, Accept-Language"
    assert own_response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    text_response = client.get("/probe-text")
    assert "Accept-Language" not in text_response.headers.get("Vary", "")  # not a page
    assert text_response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_csrf_check_reads_nothing_for_safe_methods_and_checks_the_others(app_with_form, monkeypatch):
    csrf = app_with_form.extensions["csrf"]
    checked = []
    original = csrf.protect
    monkeypatch.setattr(csrf, "protect", lambda **kwargs: checked.append(kwargs) or original(**kwargs))
    client = app_with_form.test_client()
    assert client.get("/probe-form-page").status_code == 200
    assert client.head("/probe-form-page").status_code == 200
    assert checked == []
    assert client.post("/probe-form").status_code == 400
    assert checked == [{"apply_exemptions": True}]
    app_with_form.config["WTF_CSRF_ENABLED"] = False
    assert client.post("/probe-form").status_code == 200
    assert len(checked) == 1
