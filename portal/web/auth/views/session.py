from flask import g, redirect, request, url_for
from flask_login import current_user

from portal.security import Access, access
from portal.services import auth as auth_service
from portal.web.auth import auth
from portal.web.redirects import safe_next


@auth.post("/session/keep-alive")
@access(Access.AUTHENTICATED)
def keep_alive():
    """The "stay signed in" button of the idle warning; a plain form without JavaScript."""
    auth_service.keep_alive(current_user)
    if g.get("htmx_request") or request.headers.get("HX-Request"):
        return "", 204
    return redirect(safe_next(request.form.get("next"), default=url_for("public.start")), code=303)
