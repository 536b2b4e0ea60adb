"""One-click unsubscribe from a saved search's alerts: the link in the mail, without signing in.

Opening the link turns the alerts off at once (one click, as the mail promises); the page offers
to turn them back on. Mail clients that support RFC 8058 POST to the same address instead
(`List-Unsubscribe-Post`); that POST carries no CSRF token, so this view is exempt: the signed
token is the authority, and all it can do is switch one search's alerts.
"""

from __future__ import annotations

from flask import abort, render_template, request

from portal.extensions import csrf
from portal.services.search import saved
from portal.web.search import search_pages


@search_pages.route("/alerts/unsubscribe/<signed_token:token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    turn_on = request.method == "POST" and request.form.get("alerts") == "on"
    found = saved.unsubscribe(token, on=turn_on)
    if found is None:
        abort(404)
    return render_template("search/unsubscribed.html", token=token, alerts_on=turn_on)


csrf.exempt(unsubscribe)
