"""One value per parameter: a query string or form body that names a field twice
(`?code=A&code=B`) is ambiguous (which one did the checks see, which one does the code use?) and
is refused with 400.

The rule covers every request's query string and every form body (URL-encoded or multipart).
The only exceptions are fields a view declares repeatable with `@repeatable(...)`: checkbox lists
and multiple selects (WTForms `SelectMultipleField`). File fields are separate (`request.files`)
and are not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, request
from flask.globals import _cv_request

F = TypeVar("F", bound=Callable[..., Any])
REPEATABLE_ATTRIBUTE = "portal_repeatable_parameters"
FORM_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def repeatable(*names: str) -> Callable[[F], F]:
    """Let these fields of the view's form carry several values (checkbox lists)."""

    def decorate(view: F) -> F:
        setattr(view, REPEATABLE_ATTRIBUTE, frozenset(names))
        return view

    return decorate


def repeated_parameters(endpoint: str | None) -> list[str]:
    """Names given more than once in this request and not declared repeatable by its view."""
    view = current_app.view_functions.get(endpoint) if endpoint else None
    allowed = getattr(view, REPEATABLE_ATTRIBUTE, frozenset())
    sources = [request.args]
    if request.method in FORM_METHODS:
        sources.append(request.form)
    return [
        name
        for source in sources
        for name, values in source.lists()
        if len(values) > 1 and name not in allowed
    ]


def _refuse_repeated() -> None:
    incoming = _cv_request.get().request  # not through the proxy: an AttributeError a read
    if not incoming.query_string and incoming.method not in FORM_METHODS:
        return  # nothing that could repeat (most page views)
    repeated = repeated_parameters(request.endpoint)
    if repeated:
        current_app.logger.info("refused repeated parameters: %s", ", ".join(sorted(set(repeated))))
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(_refuse_repeated)
