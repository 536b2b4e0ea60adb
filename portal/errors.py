"""Translated error pages. A 500 rolls the session back and never shows a stack trace.

A database that cannot answer in time (a lock or statement timeout, no free pooled connection, no
connection at all) is the translated 503 page, never gunicorn's bare error after its worker timeout.
"""

from __future__ import annotations

from flask import Flask, render_template
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.catalog import lazy_gettext as _l
from portal.extensions import db

ERROR_TEXTS = {
    400: (
        _l("There is a problem with your request"),
        _l(
            "The page could not process what was sent. If you were filling in a form, go back, "
            "reload the page and try again."
        ),
    ),
    401: (_l("You need to sign in"), _l("Sign in with your eID to see this page.")),
    403: (
        _l("You do not have access to this page"),
        _l("Your account cannot open this page. If you think it should, contact us."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. If you pasted the web address, "
            "check you copied the entire address."
        ),
    ),
    405: (
        _l("This action is not allowed here"),
        _l(
            "The page does not accept this kind of request. Go back and use the links and "
            "buttons on the page."
        ),
    ),
    413: (
        _l("What you sent is too large"),
        _l("The request or file was larger than we accept. Send a smaller file, or fewer files at once."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have tried this too many times in a short time. Wait a few minutes and try again."),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l("Try again later. Nothing you saved before this error has been lost."),
    ),
    503: (
        _l("Sorry, the service is unavailable"),
        _l("The service is not working at the moment. Try again later. Nothing you saved has been lost."),
    ),
}


def render_error(code: int):
    title, body = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    return render_template("errors/page.html", code=code, title=title, body=body), code


def _http_error(error: HTTPException):
    code = error.code or 500
    if code not in ERROR_TEXTS:
        return error
    response = render_error(code)
    if code == 429 and error.response is not None and "Retry-After" in error.response.headers:
        return response[0], code, {"Retry-After": error.response.headers["Retry-After"]}
    return response


def _database_unavailable(error: DBAPIError):
    db.session.rollback()
    if isinstance(error, OperationalError) or error.connection_invalidated:
        return render_error(503)
    raise error


def _pool_exhausted(error: PoolTimeout):
    """No free database connection within DATABASE_POOL_TIMEOUT: busy, not broken."""
    db.session.rollback()
    return render_error(503)


def _internal_error(error: InternalServerError):
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DBAPIError, _database_unavailable)
    app.register_error_handler(PoolTimeout, _pool_exhausted)
    app.register_error_handler(InternalServerError, _internal_error)
