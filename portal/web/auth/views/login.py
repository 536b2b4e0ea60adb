from __future__ import annotations

import secrets
from urllib.parse import urlencode

from flask import g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from portal.extensions import limiter
from portal.integrations.eid import EidError, ProviderUnavailable
from portal.models import EidLogKind
from portal.profiles import current_profile
from portal.services import auth as auth_service
from portal.services import pending_logins
from portal.services.mail import absolute_url
from portal.settings import settings
from portal.web.auth import auth, session_policy
from portal.web.auth.client import eid_client
from portal.web.redirects import safe_next

BROWSER_KEY = "eid_browser"  # the random id binding logins in progress to this browser


def _login_limit() -> str:
    return settings().ratelimit_login


def _external(endpoint: str) -> str:
    """An address given to the eID provider. In production it comes from PORTAL_PUBLIC_URL, never
    from the request's Host header, which whoever reaches the server chooses."""
    if settings().production:
        return absolute_url(endpoint, "")
    return url_for(endpoint, _external=True)


def _redirect_uri() -> str:
    return settings().eid_redirect_uri or _external("auth.callback")


def home_for(role: str) -> str:
    if role in auth_service.STAFF_ROLES:
        return url_for("backoffice.home")
    if role == auth_service.EMPLOYER:
        return url_for("employer.home")
    return url_for("jobseeker.home")


def _failed(reason: str, detail: str, status: int = 400, next_page: str = ""):
    auth_service.record_failed_login(reason, g.get("request_id"), detail)
    return render_template(
        "auth/failed/page.html",
        reason=reason,
        retry=url_for("auth.login", next=next_page or None),
    ), status


@auth.get("/login")
@limiter.limit(_login_limit)
def login():
    next_page = safe_next(request.args.get("next"), default="")
    try:
        url, pending = eid_client().begin_login(_redirect_uri())
    except ProviderUnavailable as exc:
        return _failed(exc.reason, str(exc), 503, next_page)
    flow_id = secrets.token_hex(16)
    # One id per browser, kept across logins started in several tabs until one of them finishes.
    browser = session.setdefault(BROWSER_KEY, pending_logins.new_browser_id())
    pending_logins.remember(browser, pending, next_page, flow_id)
    auth_service.log_eid_exchange(flow_id, EidLogKind.AUTHENTICATION_REQUEST, url)
    return redirect(url, code=303)


@auth.get("/auth/callback")
@limiter.limit(_login_limit)
def callback():
    try:
        resumed = pending_logins.take(session.get(BROWSER_KEY), request.args.get("state", ""))
    except EidError as exc:
        auth_service.log_eid_exchange("unknown", EidLogKind.CALLBACK, request.url)
        return _failed(exc.reason, str(exc))
    auth_service.log_eid_exchange(resumed.flow_id, EidLogKind.CALLBACK, request.url)
    next_page = resumed.next_page
    try:
        result = eid_client().finish_login(request.args.to_dict(), resumed.pending)
        auth_service.log_eid_exchange(resumed.flow_id, EidLogKind.ID_TOKEN, result.id_token)
        token = auth_service.complete_login(result.identity, current_profile(), g.get("request_id"))
    except (EidError, auth_service.LoginRefused) as exc:
        status = 503 if isinstance(exc, ProviderUnavailable) else 400
        return _failed(exc.reason, str(exc), status, next_page)
    language = session.get("lang")
    session.clear()  # nothing from before the login survives it (no session fixation)
    if language:
        session["lang"] = language
    user = auth_service.load_session(token, session_policy()).user
    login_user(user)  # type: ignore[arg-type]
    return redirect(next_page or url_for("jobseeker.home"), code=303)


@auth.post("/logout")
def logout():
    if current_user.is_authenticated:
        auth_service.logout(current_user, g.get("request_id"))
    language = session.get("lang")
    logout_user()
    session.clear()
    end_session = eid_client().end_session_endpoint
    if end_session:
        target = f"{end_session}?{urlencode({'post_logout_redirect_uri': _external('auth.signed_out')})}"
    elif language:
        # The browser forgets every cookie now; the chosen language is set again on the way out.
        target = url_for("public.choose_language", code=language, next=url_for("auth.signed_out"))
    else:
        target = url_for("auth.signed_out")
    response = redirect(target, code=303)
    # Nothing of the session may stay in this browser: cookies, cached pages, storage.
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@auth.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out/page.html", reason="logout")
