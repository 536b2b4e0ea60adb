"""The per-request shortcuts of issue 18 answer as Flask, Werkzeug and Jinja would."""

import functools

import pytest
from flask import render_template_string, request, session, url_for
from werkzeug.datastructures import ImmutableMultiDict

from portal.i18n import LANGUAGES, _accepted_language


@pytest.mark.parametrize(
    "header", ["", "ru-RU,ru;q=0.9,en;q=0.5", "de-DE", "sr-Latn", "en;q=abc, ru", "*", "x" * 300]
)
def test_the_kept_accept_language_match_is_werkzeugs(app, header):
    with app.test_request_context(headers={"Accept-Language": header}):
        expected = request.accept_languages.best_match(list(LANGUAGES))
        assert _accepted_language(header) == expected
        assert _accepted_language(header) == expected  # kept, or parsed again when too long


@pytest.mark.parametrize(
    "base_url", ["http://localhost/", "http://localhost/portal/", "https://example.test/x/"]
)
def test_templates_url_for_builds_what_flask_builds_under_each_script_root(app, base_url):
    for url in ("http://localhost/", base_url):  # a URL kept for one root is not used for another
        with app.test_request_context("/", base_url=url):
            template = "{{ url_for('public.start') }}|{{ url_for('public.choose_language', code='en', next='/a?b') }}"
            expected = (
                url_for("public.start") + "|" + url_for("public.choose_language", code="en", next="/a?b")
            )
            assert render_template_string(template) == render_template_string(
                "{{ expected }}", expected=expected
            )


def test_templates_url_for_keeps_flasks_errors_for_unknown_endpoints(app):
    with app.test_request_context("/"), pytest.raises(Exception, match="no-such"):
        render_template_string("{{ url_for('public.no-such') }}")


def test_ensure_sync_returns_plain_callables_and_leaves_coroutines_to_flask(app):
    def hook():
        return None

    class Hooks:
        def method(self):
            return None

    async def asynchronous():
        return None

    assert app.ensure_sync(hook) is hook
    bound = Hooks().method
    assert app.ensure_sync(bound) is bound
    partial = functools.partial(hook)
    assert app.ensure_sync(partial) is partial
    # Flask's own path: it wraps a coroutine function (and needs asgiref, not installed here).
    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(asynchronous)


def test_the_kept_session_serializer_follows_a_changed_secret_key(app):
    client = app.test_client()
    with app.test_request_context("/"):
        session["probe"] = "kept"
        cookie = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    with client.session_transaction() as opened:
        assert opened.get("probe") == "kept"
    app.secret_key = "another-secret-key-of-at-least-32-characters"
    with client.session_transaction() as opened:
        assert "probe" not in opened  # signed with the old key: not accepted


def _signed_cookie(app, **values):
    return app.session_interface.get_signing_serializer(app).dumps(values)


def _open(app, cookie):
    with app.test_request_context("/", headers={"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}):
        return app.session_interface.open_session(app, request)


def test_a_session_opened_again_from_a_kept_cookie_is_a_fresh_copy(app):
    cookie = _signed_cookie(app, lang="et", _user_id="token")
    first = _open(app, cookie)
    first["lang"] = "ru"
    first["added"] = True
    again = _open(app, cookie)
    assert dict(again) == {"lang": "et", "_user_id": "token"}
    assert not again.modified


def test_a_session_with_changeable_values_is_opened_anew_each_time(app):
    cookie = _signed_cookie(app, _flashes=[["message", "Saved"]])
    _open(app, cookie)["_flashes"].append(["message", "Another"])
    assert _open(app, cookie)["_flashes"] == [["message", "Saved"]]


def test_a_kept_cookie_still_expires_and_a_tampered_one_is_refused(app, monkeypatch):
    import portal.flask_app

    cookie = _signed_cookie(app, lang="et")
    assert _open(app, cookie)["lang"] == "et"
    assert dict(_open(app, cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"))) == {}
    lifetime = app.permanent_session_lifetime.total_seconds()
    later = __import__("time").time() + lifetime + 5
    monkeypatch.setattr(portal.flask_app.time, "time", lambda: later)
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert dict(_open(app, cookie)) == {}


def test_a_sessions_signed_csrf_token_is_reused_for_a_minute_and_validates(app, monkeypatch):
    from types import SimpleNamespace

    from flask_wtf.csrf import validate_csrf

    from portal import security

    clock = [1000.0]
    monkeypatch.setattr(security, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    signed = []
    generate = security.generate_csrf
    monkeypatch.setattr(security, "generate_csrf", lambda: signed.append(1) or generate())

    def token_of(raw):
        with app.test_request_context("/"):
            session["csrf_token"] = raw
            token = security.csrf_token()
            assert security.csrf_token() == token  # the same within a request
            validate_csrf(token)  # raises unless it is this session's, signed with the app's key
            return token

    first = token_of("a" * 40)
    assert token_of("a" * 40) == first and len(signed) == 1
    assert token_of("b" * 40) != first and len(signed) == 2  # another session signs its own
    clock[0] += 61
    token_of("a" * 40)
    assert len(signed) == 3  # signed again after a minute


@pytest.mark.parametrize("path", ["/", "/jobseeker/inbox", "/employer/", "/back-office/", "/no-such-page"])
def test_the_template_context_is_flasks_with_its_default_processor_run_once(app, path):
    """Flask runs its default context processor again for each blueprint of the page (each
    blueprint's own copy of it); the portal runs it once and gives the same context."""
    import sys

    from flask import Flask
    from flask.templating import _default_template_ctx_processor

    with app.test_request_context(path):
        calls = []

        def count(frame, event, _arg):
            if event == "call" and frame.f_code is _default_template_ctx_processor.__code__:
                calls.append(path)

        portal_context = {"given": 1, "g": "the view's own"}
        sys.setprofile(count)
        try:
            app.update_template_context(portal_context)
        finally:
            sys.setprofile(None)
        flask_context = {"given": 1, "g": "the view's own"}
        Flask.update_template_context(app, flask_context)
        assert portal_context.keys() == flask_context.keys()
        for key, value in flask_context.items():
            assert portal_context[key] is value or portal_context[key] == value, key
        assert len(calls) == 1


@pytest.mark.parametrize(
    "header",
    [
        "portal=abc.def",
        'a=1; b="quoted \\"value\\""; c=3',
        "a=1; a=2; junk; =empty; d",
        "lang=et;portal=x%20y",
    ],
)
def test_kept_parsed_cookies_are_werkzeugs_and_immutable(app, header):
    from werkzeug.sansio.http import parse_cookie

    expected = parse_cookie(header, cls=ImmutableMultiDict)
    with app.test_request_context("/", environ_base={"HTTP_COOKIE": header}):
        first = request.cookies
        assert list(first.items(multi=True)) == list(expected.items(multi=True))
        assert isinstance(first, ImmutableMultiDict)
    with app.test_request_context("/", environ_base={"HTTP_COOKIE": header}):
        assert request.cookies is first  # parsed once per process
    with pytest.raises(TypeError):
        first["new"] = "value"  # type: ignore[index]
    with app.test_request_context("/"):
        assert not request.cookies


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        (200, {}, "page"),
        (200, {"Content-Security-Policy": "default-src 'none'", "Vary": "Cookie"}, "svg"),
        (303, {"Location": "/sign-in?next=/é"}, ""),
        (201, {"Content-Location": "/a b"}, "x"),
        (204, {}, ""),
        (304, {"ETag": '"x"', "Content-Type": "text/plain"}, ""),
        (101, {}, ""),
        (200, {}, None),  # a body werkzeug cannot measure (an iterator)
    ],
)
def test_wsgi_headers_are_werkzeugs(app, status, headers, body):
    from flask import Response as FlaskResponse  # werkzeug's get_wsgi_headers

    from portal.flask_app import PortalResponse

    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": "localhost", "SERVER_NAME": "localhost"}
    environ.update({"SERVER_PORT": "80", "SCRIPT_NAME": "/portal", "PATH_INFO": "/x"})
    ours = PortalResponse(iter([b"streamed"]) if body is None else body, status=status, headers=headers)
    theirs = FlaskResponse(iter([b"streamed"]) if body is None else body, status=status, headers=headers)
    ours.headers._list.append(("X-Appended", "directly"))  # as the portal's hooks append
    theirs.headers._list.append(("X-Appended", "directly"))
    copied = ours.get_wsgi_headers(environ)
    assert copied.to_wsgi_list() == theirs.get_wsgi_headers(environ).to_wsgi_list()
    assert copied._list is not ours.headers._list
    ours.headers._list.append(("X-Broken", "a\r\nb"))  # werkzeug refuses a line break, so do we
    with pytest.raises(ValueError, match="newline"):
        ours.get_wsgi_headers(environ)


def test_request_ids_are_uuid4_hex(app):
    import uuid

    from portal.logging import _new_request_id

    for _ in range(200):
        value = _new_request_id()
        parsed = uuid.UUID(hex=value)
        assert parsed.hex == value and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_the_echoed_request_id_replaces_one_a_view_set(app):
    from flask import Response

    from portal.security import Access, access

    @app.get("/request-id-test")
    @access(Access.PUBLIC)
    def _view():
        return Response("x", headers={"X-Request-ID": "from-view"})

    response = app.test_client().get("/request-id-test", headers={"X-Request-Id": "abcdefgh-1234"})
    assert response.headers.getlist("X-Request-Id") == ["abcdefgh-1234"]
    response = app.test_client().get("/healthz", headers={"X-Request-Id": "abcdefgh-5678"})
    assert response.headers.getlist("X-Request-Id") == ["abcdefgh-5678"]


@pytest.mark.parametrize(
    ("path", "environ"),
    [
        ("/jobs?q=kokk&county=37", {}),
        ("/back-office/", {"HTTP_HOST": "Example.TEST:8080"}),
        ("/", {"HTTP_HOST": "bücher.example", "wsgi.url_scheme": "https"}),
        ("/x/jobs", {"SCRIPT_NAME": "/x", "PATH_INFO": "/jobs"}),
        ("/", {"HTTP_CONNECTION": "Upgrade", "HTTP_UPGRADE": "websocket"}),
        ("/jobs?q=%C3%B5", {"SERVER_NAME": "portal.test", "SERVER_PORT": "443"}),
    ],
)
def test_the_kept_url_adapter_is_flasks(app, path, environ):
    from flask import Flask
    from werkzeug.wsgi import get_host

    for _ in range(2):  # worked out, then from the kept parts
        with app.test_request_context(path, environ_overrides=environ) as context:
            kept, host = context.url_adapter, context.request.host
            flasks = Flask.create_url_adapter(app, context.request)
            assert host == get_host(context.request.environ)
            assert vars(kept) == vars(flasks)


@pytest.mark.parametrize("environ", [{}, {"HTTP_COOKIE": ""}])
def test_a_request_without_cookies_has_werkzeugs_empty_mapping(app, environ):
    from werkzeug.wrappers import Request as WerkzeugRequest

    with app.test_request_context("/", environ_base=environ):
        expected = WerkzeugRequest(request.environ).cookies
        assert type(request.cookies) is type(expected) is ImmutableMultiDict
        assert list(request.cookies.items(multi=True)) == list(expected.items(multi=True)) == []
