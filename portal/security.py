"""Access rules for every route, and the HTTP security headers.

Every endpoint must declare who may use it, on the view (`@access(Access.PUBLIC)`) or for its
whole blueprint (`guard_blueprint`). An endpoint without a rule is refused (deny by default) and
the route-map test fails, so a forgotten guard never ships.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, abort, current_app, g, request, session

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_ATTRIBUTE = "portal_access_rule"


class Access(enum.StrEnum):
    PUBLIC = "public"
    AUTHENTICATED = "authenticated"
    CITIZEN = "citizen"
    EMPLOYER = "employer"
    STAFF = "staff"
    XROAD = "xroad"  # machine-to-machine, checked by the X-Road provider blueprint itself


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


def current_roles() -> frozenset[str]:
    """Roles of the signed-in user; the eID login fills `session["roles"]`."""
    return frozenset(session.get("roles", ()))


def _enforce_access_rule() -> None:
    if request.endpoint is None:  # 404/405 are raised by routing, before this
        return
    rule = rule_for_endpoint(current_app, request.endpoint)
    g.access_rule = rule
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refused", request.endpoint)
        abort(403)
    if rule in (Access.PUBLIC, Access.XROAD):
        return
    roles = current_roles()
    if not roles:
        abort(401)
    if rule is not Access.AUTHENTICATED and rule.value not in roles:
        abort(403)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _content_security_policy() -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


def _set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", _content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["PORTAL"]["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    rule = g.get("access_rule")
    if (rule is not None and rule is not Access.PUBLIC) or session.get("roles"):
        # Personal data must not stay in shared or back/forward caches.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.extensions["access_rules"] = {}
    app.before_request(_enforce_access_rule)
    app.after_request(_set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
