from flask import redirect, request

from portal.i18n import remember_language
from portal.web.public import public
from portal.web.redirects import safe_next


@public.get("/language/<lang:code>")
def choose_language(code: str):
    """A plain link, so switching works without JavaScript; remembered in the session."""
    remember_language(code)
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.headers["Vary"] = "Cookie"
    return response
