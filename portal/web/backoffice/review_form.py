"""The refusal review's form and error summary (`backoffice/offers/_review_form.html`).

A GET shows the form with no answer and no error: its markup is the same for every refusal and
counsellor but for the form's address and the session's CSRF token. Writing it (the form object
bound, the radios, hint and button, ~10% of the page's CPU) is done once per language and
application root with stand-ins for those two, and each GET joins the kept pieces with its own
values, escaped as the template's `{{ }}` escapes them. A POST's form (answers, errors) is written
by the macros each time.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, request
from markupsafe import Markup, escape

from portal.i18n import current_language
from portal.security import csrf_token
from portal.web.offer_forms import ReviewForm

_TEMPLATE = "backoffice/offers/_review_form.html"
# Stand for the form's address and the session's token (no character of them is escaped in HTML).
_ACTION, _TOKEN = "\x1faction\x1f", "\x1ftoken\x1f"
_STAND_IN = re.compile("(\x1f(?:action|token)\x1f)")
_KEPT_EXTENSION = "review_form.empty"
_KEPT = 64  # (language, root) pairs: few; a proxy's odd prefixes must not grow it
_NOTHING = Markup("")


def _macros() -> Any:
    return current_app.jinja_env.get_template(_TEMPLATE).module


def _empty_parts() -> tuple[str, ...]:
    """The empty form's markup split at the stand-ins: text, stand-in, text, ..."""
    kept: dict[tuple[str, str], tuple[str, ...]] = current_app.extensions.setdefault(_KEPT_EXTENSION, {})
    key = (current_language().code, request.script_root)
    parts = kept.get(key)
    if parts is None:
        markup = str(_macros().review_form(ReviewForm(formdata=None), _ACTION, _TOKEN))
        if len(kept) >= _KEPT:
            kept.clear()
        parts = kept[key] = tuple(_STAND_IN.split(markup))
    return parts


def empty_form(action: str) -> Markup:
    """The form with no answer and no error, posting to `action`."""
    values = {_ACTION: str(escape(action)), _TOKEN: str(escape(csrf_token()))}
    return Markup(  # noqa: S704 - the macro's markup, the values escaped
        "".join([part if index % 2 == 0 else values[part] for index, part in enumerate(_empty_parts())])
    )


def errors(form: ReviewForm) -> Markup:
    """The error summary of a submitted form."""
    return _macros().errors(form)


def written(form: ReviewForm | None, action: str) -> tuple[Markup, Markup]:
    """(error summary, form) of a page that shows the form: `form` as submitted, or None for the
    empty form of a GET (no error summary)."""
    if form is None:
        return _NOTHING, empty_form(action)
    macros = _macros()
    return macros.errors(form), macros.review_form(form, action, csrf_token())
