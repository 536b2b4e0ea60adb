"""The per-request shortcuts of issue 18 (ninth pass) answer as Flask, Flask-Login, Flask-WTF and
the templates' macros would: the context proxies' direct reads, the forms' CSRF token, the kept
service navigation."""

from __future__ import annotations

import pytest
from flask import current_app, g, render_template_string, request, session
from flask_login import AnonymousUserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import validate_csrf
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.local import LocalProxy
from wtforms import StringField

from portal import security
from portal.catalog import lazy_gettext as _l
from portal.context_proxies import DirectLocalProxy
from portal.services.auth import SessionUser
from portal.web.forms import PortalForm


def test_the_proxies_read_the_objects_attributes(app):
    with app.test_request_context("/a/path?x=1", headers={"Accept-Language": "et"}):
        assert type(request) is DirectLocalProxy and isinstance(request, LocalProxy)
        real = request._get_current_object()
        assert request.path == real.path == "/a/path"
        assert request.args.get("x") == "1"
        assert request.__class__ is type(real)  # dunder names: LocalProxy's own lookup
        assert current_app.config is current_app._get_current_object().config
        g.probe = "set through the proxy"
        assert g._get_current_object().probe == "set through the proxy" == g.probe
        assert "probe" in g and g.get("probe") == "set through the proxy"
        del g.probe
        assert "probe" not in g
        session["lang"] = "et"
        assert session.get("lang") == "et" and session.modified
        assert bool(request) and repr(request) == repr(real)


def test_a_missing_attribute_is_the_same_attribute_error(app):
    with app.test_request_context("/"):
        with pytest.raises(AttributeError, match="no_such_attribute"):
            _ = g.no_such_attribute
        with pytest.raises(AttributeError):
            _ = request.no_such_attribute
        assert not hasattr(request, "no_such_attribute")
        assert getattr(g, "no_such_attribute", "default") == "default"


def test_outside_a_context_the_proxies_fail_as_before():
    with pytest.raises(RuntimeError, match="request context"):
        _ = request.path
    with pytest.raises(RuntimeError, match="application context"):
        _ = g.anything
    assert not bool(request)
    assert "unbound" in repr(request)
    assert isinstance(request.__class__, type)  # LocalProxy's fallback: the proxy's class
    with pytest.raises(AttributeError):  # Flask-Login's `_get_user()` is None outside a request
        _ = current_user.is_authenticated


def test_current_user_is_the_request_user_flask_login_loaded(app):
    user = SessionUser(
        token="t" * 40,
        session_id=1,
        person_id=1,
        full_name="Mari Maasikas",
        national_code="49001010000",
        subject="EE49001010000",
        acr="high",
        roles=("jobseeker",),
        active_role="jobseeker",
        idle_seconds=900,
    )
    with app.test_request_context("/"):
        assert not current_user.is_authenticated  # loaded by Flask-Login: the anonymous user
        assert isinstance(current_user._get_current_object(), AnonymousUserMixin)
        login_user(user)
        assert current_user.full_name == "Mari Maasikas"
        assert current_user._get_current_object() is user is security.request_user()
        logout_user()
        assert not current_user.is_authenticated


class _TokenForm(PortalForm):
    name = StringField("Name")


def test_a_forms_csrf_token_is_the_sessions_kept_token_and_is_checked_as_before(app):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context("/"):
        form = _TokenForm(formdata=None)
        token = form.csrf_token.current_token
        assert token == security.csrf_token()  # the page's token, the form's too
        raw = session["csrf_token"]
        validate_csrf(token)
    with app.test_request_context("/"):
        session["csrf_token"] = raw
        assert _TokenForm(formdata=None).csrf_token.current_token == token  # reused within the minute
    with app.test_request_context("/", method="POST"):
        session["csrf_token"] = raw
        assert _TokenForm(formdata=MultiDict({"csrf_token": token, "name": "x"})).validate()
        refused = _TokenForm(formdata=MultiDict({"csrf_token": token[:-2] + "xx", "name": "x"}))
        assert not refused.validate() and refused.csrf_token.errors
        missing = _TokenForm(formdata=MultiDict({"name": "x"}))
        assert not missing.validate() and missing.csrf_token.errors
    with app.test_request_context("/", method="POST"):
        session["csrf_token"] = "another session's token" + "x" * 20
        assert not _TokenForm(formdata=MultiDict({"csrf_token": token, "name": "x"})).validate()


def test_a_form_with_a_field_name_of_its_own_gets_flask_wtfs_token(app):
    app.config["WTF_CSRF_ENABLED"] = True

    class OwnField(PortalForm):
        class Meta:
            csrf_field_name = "own_token"

    with app.test_request_context("/"):
        token = OwnField(formdata=None).own_token.current_token
        assert g.own_token == token and "own_token" in session


MACRO = '{% from "components/service_navigation.html" import service_navigation as macro %}'


@pytest.mark.parametrize(
    ("label", "items"),
    [
        ("Back office", []),
        (Markup("Back <b>office</b>"), [{"text": "Home", "href": "/back-office/", "current": True}]),
        (
            "A & B",
            [
                {"text": "<i>plain</i> & escaped", "href": "/a?b=1&c=2", "current": False},
                {"text": Markup("<b>kept</b>"), "href": "/b", "current": 1},
                {"text": "missing current", "href": "/c"},
            ],
        ),
        ("Lazy", [{"text": _l("Inbox"), "href": "/inbox", "current": ""}]),
        ("Not a list", ({"text": "Home", "href": "/", "current": True},)),
    ],
)
def test_the_kept_service_navigation_is_the_macros_markup(app, label, items):
    for language in ("en", "et"):
        for _ in range(2):  # the second time from the kept markup
            with app.test_request_context("/", headers={"Accept-Language": language}):
                app.preprocess_request()
                expected = render_template_string(
                    MACRO + "{{ macro(label, items) }}", label=label, items=items
                )
                kept = render_template_string(
                    "{{ service_navigation(label, items) }}", label=label, items=items
                )
                assert kept == expected


def test_plain_and_markup_texts_are_kept_apart(app):
    with app.test_request_context("/"):
        plain = [{"text": "<b>x</b>", "href": "/", "current": False}]
        marked = [{"text": Markup("<b>x</b>"), "href": "/", "current": False}]
        render = "{{ service_navigation('L', items) }}"
        assert "&lt;b&gt;x&lt;/b&gt;" in render_template_string(render, items=plain)
        assert "<b>x</b>" in render_template_string(render, items=marked)
        assert "&lt;b&gt;x&lt;/b&gt;" in render_template_string(render, items=plain)


@pytest.mark.parametrize(
    "vary", [None, "Cookie, Accept-Language", "Accept-Language", '"cookie", x', "HX-Request"]
)
@pytest.mark.parametrize(
    ("values", "accessed", "modified", "permanent"),
    [
        ({}, False, False, False),
        ({}, True, False, False),
        ({}, True, True, False),
        ({"lang": "et"}, True, False, False),
        ({"lang": "et"}, True, False, True),
        ({"lang": "et"}, True, True, False),
    ],
)
def test_saving_the_session_answers_as_flasks_save_session(app, vary, values, accessed, modified, permanent):
    from flask import Response
    from flask.sessions import SecureCookieSessionInterface

    def saved(interface):
        with app.test_request_context("/"):
            session_ = app.session_interface.session_class(values)
            session_.permanent = permanent
            session_.accessed, session_.modified = accessed, modified
            response = Response("x")
            if vary is not None:
                response.headers["Vary"] = vary
            interface.save_session(app, session_, response)
            # A permanent session's Expires is "now" plus the lifetime, to the second: the two saves
            # may fall on either side of a second, so only its presence is compared.
            return [(name, value) for name, value in response.headers.items() if name != "Set-Cookie"], [
                [part if not part.startswith(" Expires=") else " Expires" for part in value.split(";")[1:]]
                for name, value in response.headers.items()
                if name == "Set-Cookie"
            ]

    assert saved(app.session_interface) == saved(SecureCookieSessionInterface())
