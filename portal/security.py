"""Access rules for every route, and the HTTP security headers.

Every endpoint must declare who may use it, on the view (`@access(Access.PUBLIC)`) or for its
whole blueprint (`guard_blueprint`). An endpoint without a rule is refused (deny by default) and
the route-map test fails, so a forgotten guard never ships.
"""

from __future__ import annotations

import enum
import functools
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.globals import _cv_app, _cv_request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect, generate_csrf

from portal.settings import settings
from portal.web.redirects import safe_next

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_ATTRIBUTE = "portal_access_rule"


class Access(enum.StrEnum):
    PUBLIC = "public"
    AUTHENTICATED = "authenticated"  # any signed-in person, in any role
    CITIZEN = "citizen"  # acting as a jobseeker
    EMPLOYER = "employer"  # acting for a company (business register)
    STAFF = "staff"  # counsellor, supervisor or administrator, with a `high` eID login
    SUPERVISOR = "supervisor"  # supervisor or administrator, with a `high` eID login
    XROAD = "xroad"  # machine-to-machine, checked by the X-Road provider blueprint itself


STAFF_ROLES = frozenset({"counsellor", "supervisor", "administrator"})
ROLE_RULES: dict[Access, frozenset[str]] = {
    Access.CITIZEN: frozenset({"jobseeker"}),
    Access.EMPLOYER: frozenset({"employer"}),
    Access.STAFF: STAFF_ROLES,
    Access.SUPERVISOR: frozenset({"supervisor", "administrator"}),
}


def access(rule: Access) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, rule)
        return view

    return decorate


def guard_blueprint(blueprint: Blueprint, rule: Access) -> None:
    """Give every endpoint of `blueprint` the same rule unless a view declares its own."""
    blueprint.record_once(
        lambda state: state.app.extensions["access_rules"].__setitem__(blueprint.name, rule)
    )


def request_user() -> Any:
    """Flask-Login's `current_user`, the object itself, in a request.

    Each attribute read through the `current_user` proxy costs two failed attribute look-ups
    (the proxy's own, then Flask-Login's read of `g` through its proxy), each an AttributeError
    made and discarded: the object is taken from `g` once Flask-Login has loaded it."""
    context = _cv_app.get(None)
    user = None if context is None else context.g.__dict__.get("_login_user")
    return current_user._get_current_object() if user is None else user  # type: ignore[attr-defined]


def rule_for_endpoint(app: Flask, endpoint: str | None) -> Access | None:
    if endpoint is None:
        return None
    if endpoint == "static":
        return Access.PUBLIC
    view = app.view_functions.get(endpoint)
    rule = getattr(view, ACCESS_ATTRIBUTE, None)
    if rule is not None:
        return rule
    blueprint = endpoint.rpartition(".")[0]
    return app.extensions["access_rules"].get(blueprint)


def _htmx_page() -> str | None:
    """The same-site page an htmx request was made from (its `HX-Current-URL`), if any."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    if current.netloc != request.host:
        return None
    return safe_next(current.path + (f"?{current.query}" if current.query else ""), default="") or None


def _sign_in_required() -> Response | str | tuple[str, int]:
    ended = g.get("session_ended_reason")
    if ended:
        session.clear()
    if request.headers.get("HX-Request") == "true":
        # htmx ignores a 401 page and would swap a redirect's target into the fragment: send the
        # whole page to sign-in instead, and back to the page afterwards.
        response = Response(status=401)
        response.headers["HX-Redirect"] = url_for("auth.login", next=_htmx_page())
        return response
    if ended:
        return render_template("auth/signed_out/page.html", reason=ended), 401
    if request.method != "GET":
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")), code=303)


def _enforce_access_rule() -> Response | str | tuple[str, int] | None:
    # The request, app and `g` from the request's context: read through their proxies, each
    # attribute is an AttributeError raised and discarded first (on every request).
    context = _cv_request.get()
    endpoint = context.request.endpoint
    if endpoint is None:  # 404/405 are raised by routing, before this
        return None
    app = context.app
    rule = rule_for_endpoint(app, endpoint)
    _cv_app.get().g.access_rule = rule
    if rule is None:
        app.logger.error("endpoint %s has no access rule; refused", endpoint)
        abort(403)
    if rule in (Access.PUBLIC, Access.XROAD):
        return None
    user = request_user()
    if not user.is_authenticated:
        return _sign_in_required()
    allowed_roles = ROLE_RULES.get(rule)
    if allowed_roles is not None and user.active_role not in allowed_roles:
        abort(403)
    if allowed_roles is not None and allowed_roles <= STAFF_ROLES and user.acr != "high":
        # Staff pages hold many people's data: they need the highest eID assurance level.
        return render_template("auth/assurance/page.html"), 403
    return None


def csp_nonce() -> str:
    context = _cv_app.get(None)
    if context is None:  # outside an app context: `g` says so
        return g.csp_nonce
    values = context.g.__dict__  # this request's `g`, not through its proxy
    nonce = values.get("csp_nonce")
    if nonce is None:
        nonce = values["csp_nonce"] = secrets.token_urlsafe(18)
    return nonce


# The policy around the nonce, joined once: only the nonce changes from one response to the next.
_CSP_BEFORE_NONCE, _CSP_AFTER_NONCE = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
).split("{nonce}")
_BASELINE_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def _content_security_policy() -> str:
    return f"{_CSP_BEFORE_NONCE}{csp_nonce()}{_CSP_AFTER_NONCE}"


# The headers of a response whose view set none but its type and length (nearly every one).
_PLAIN = frozenset({"content-type", "content-length"})


@functools.cache
def _headers_after_csp(production: bool, html: bool, personal: bool) -> tuple[tuple[str, str], ...]:
    """Every header the hook adds to a plain response after the CSP, in the order it adds them,
    made once per kind of response."""
    return (
        *_BASELINE_HEADERS,
        *((_HSTS,) if production else ()),
        *((("Vary", "Cookie, Accept-Language"),) if html else ()),
        *((("Cache-Control", "no-store"),) if personal else ()),
    )


# What a page's language depends on, added to a `Vary` the view set itself (an htmx view's).
_LANGUAGE_INPUTS = ("Cookie", "Accept-Language")
# The characters werkzeug writes a header item with, unquoted (`http.quote_header_value`'s tokens).
_TOKEN_CHARACTERS = frozenset("!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~")


def _vary_also(response: Response, names: tuple[str, ...]) -> None:
    """`response.vary.add(name)` for each of `names`, in one step for a `Vary` of plain tokens.

    werkzeug parses the first `Vary` header into a set at each `add` (a character loop) and, for a
    name it lacks, writes the set back in its place (every other `Vary` header removed); the htmx
    views' "HX-Request" paid that twice on every fragment. The same reading (items split at commas,
    spaces and tabs stripped, empty ones dropped, duplicates kept), the same check (a name already
    there in any case adds nothing) and the same value written; a header with quotes, or an item
    werkzeug would quote when writing it back, goes to werkzeug."""
    headers = response.headers
    value = headers.get("Vary")
    if value is None or '"' in value:
        for name in names:
            response.vary.add(name)
        return
    items = [item for item in (part.strip(" \t") for part in value.split(",")) if item]
    if not all(_TOKEN_CHARACTERS.issuperset(item) for item in items):
        for name in names:
            response.vary.add(name)
        return
    present = {item.lower() for item in items}
    added = []
    for name in names:
        if name.lower() not in present:
            present.add(name.lower())
            added.append(name)
    if added:
        headers["Vary"] = ", ".join((*items, *added))


def _set_security_headers(response: Response) -> Response:
    context = _cv_request.get()
    headers = response.headers
    # A header the view set itself is kept (setdefault's rule), looked up in one pass over the
    # response's headers instead of one scan (and a KeyError inside werkzeug) per header.
    present = {name.lower() for name, _ in headers._list}
    production = settings().production
    html = response.mimetype == "text/html"
    rule = _cv_app.get().g.__dict__.get("access_rule")
    # Static files are the same for everyone and keep their own caching (portal/static_assets.py).
    # The cookie check avoids loading the user for them.
    personal = context.request.endpoint != "static" and (
        (rule is not None and rule is not Access.PUBLIC) or "_user_id" in context.session
    )
    if present <= _PLAIN:
        # Appended to the header list itself: `add` checks each value for a newline (a regex
        # search per header, ten a response), and these are the constants above and a nonce of
        # URL-safe characters. The same headers in the same order as `add` gives.
        headers._list.append(("Content-Security-Policy", _content_security_policy()))
        headers._list.extend(_headers_after_csp(production, html, personal))
        return response
    # The constants below (and the nonce, URL-safe characters) appended to the list itself where
    # `add` would append them after a regular expression's check of the value.
    added = headers._list
    if "content-security-policy" not in present:
        added.append(("Content-Security-Policy", _content_security_policy()))
    for name, value in _BASELINE_HEADERS:
        if name.lower() not in present:
            added.append((name, value))
    if production and "strict-transport-security" not in present:
        added.append(_HSTS)
    if html:
        # Pages differ by chosen language (cookie) and by Accept-Language.
        if "vary" in present:
            _vary_also(response, _LANGUAGE_INPUTS)
        else:
            added.append(("Vary", "Cookie, Accept-Language"))
    if personal:
        # Personal data must not stay in shared or back/forward caches.
        if "cache-control" in present:
            headers["Cache-Control"] = "no-store"
        else:
            added.append(("Cache-Control", "no-store"))  # as `set` appends a header not there
    return response


# A session's signed CSRF token is reused for this long. Flask-WTF signs the session's token anew
# on every request that shows one (every signed-in page: a serializer, JSON, zlib, two HMACs,
# about 40 µs) only to give it a fresh timestamp; a token up to a minute older still has nearly
# all of WTF_CSRF_TIME_LIMIT (8 hours) left, and is checked against the same session's token.
_SIGNED_TOKEN_REUSE_SECONDS = 60
_SIGNED_TOKENS_KEPT = 4096
_signed_tokens: dict[tuple[Any, str], tuple[float, str]] = {}


def csrf_token() -> str:
    """Flask-WTF's `generate_csrf` (the token of forms and htmx), signed at most once a minute
    per session and process. The first one of a request is what forms get too (`g`)."""
    context = _cv_request.get(None)
    if context is None:
        return generate_csrf()  # (which says what is missing)
    app = context.app
    field = app.config["WTF_CSRF_FIELD_NAME"]
    values = _cv_app.get().g.__dict__
    if field in values:
        return values[field]  # this request's, as generate_csrf returns it
    raw = context.session.get(field)
    if raw is None:
        return generate_csrf()  # a new session's token
    key = (app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key, raw)
    now = time.monotonic()
    kept = _signed_tokens.get(key)
    if kept is not None and now - kept[0] < _SIGNED_TOKEN_REUSE_SECONDS:
        values[field] = kept[1]
        return kept[1]
    signed = generate_csrf()
    if len(_signed_tokens) >= _SIGNED_TOKENS_KEPT:
        _signed_tokens.clear()
    _signed_tokens[key] = (now, signed)
    return signed


def htmx_csrf_token() -> str | None:
    """The CSRF token for htmx's request header, when the visitor already has one.

    Generating a token stores it in the session, which sets a cookie and makes the page
    uncacheable. An anonymous page without a form needs none (htmx only sends GETs there); a page
    with a form makes one through the form's hidden field, which its POST carries.
    """
    context = _cv_request.get(None)
    if context is None:  # pragma: no cover - templates render in a request
        return csrf_token() if current_user.is_authenticated else None
    if request_user().is_authenticated or context.app.config["WTF_CSRF_FIELD_NAME"] in context.session:
        return csrf_token()
    return None


def _check_csrf(csrf: CSRFProtect) -> Callable[[], None]:
    """Flask-WTF's CSRF hook, asking the method first.

    Flask-WTF's hook reads the endpoint, the view and the blueprint's exemptions (eight reads
    through proxies) before it looks at the method; a GET, HEAD or OPTIONS is never checked, so
    for them nothing else is read. Other methods go through Flask-WTF's hook unchanged."""

    def csrf_protect() -> None:
        context = _cv_request.get()
        config = context.app.config
        if context.request.method not in config["WTF_CSRF_METHODS"]:
            return
        if not config["WTF_CSRF_ENABLED"] or not config["WTF_CSRF_CHECK_DEFAULT"]:
            return
        csrf.protect(apply_exemptions=True)

    return csrf_protect


def install_csrf_check(app: Flask, csrf: CSRFProtect) -> None:
    """Put `_check_csrf` in the place of Flask-WTF's hook (after `csrf.init_app(app)`)."""
    hooks = app.before_request_funcs[None]
    for index, hook in enumerate(hooks):
        if hook.__module__ == "flask_wtf.csrf" and hook.__name__ == "csrf_protect":
            hooks[index] = _check_csrf(csrf)
            return
    raise RuntimeError("Flask-WTF's CSRF hook was not found")  # pragma: no cover - a new Flask-WTF


def init_app(app: Flask) -> None:
    app.extensions["access_rules"] = {}
    app.before_request(_enforce_access_rule)
    app.after_request(_set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.globals["htmx_csrf_token"] = htmx_csrf_token
