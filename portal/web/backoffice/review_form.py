"""The refusal review's form and error summary (`backoffice/offers/_review_form.html`).

A GET shows the form with no answer and no error: its markup is the same for every refusal and
counsellor but for the form's address and the session's CSRF token. Writing it (the form object
bound, the radios, hint and button, ~10% of the page's CPU) is done once per language and
application root with stand-ins for those two, and each GET joins the kept pieces with its own
values, escaped as the template's `{{ }}` escapes them. A POST's form (answers, errors) is written
by the macros each time.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from portal.security import csrf_token
from portal.web import stand_ins
from portal.web.offer_forms import ReviewForm

_TEMPLATE = "backoffice/offers/_review_form.html"
# Stand for the form's address and the session's token (`web.stand_ins`).
_ACTION, _TOKEN = stand_ins.stand_in("action"), stand_ins.stand_in("token")
_CUT = stand_ins.splitter(("action", "token"))
_NOTHING = Markup("")


def _macros() -> Any:
    return current_app.jinja_env.get_template(_TEMPLATE).module


def _empty_parts() -> tuple[str, ...]:
    """The empty form's markup split at the stand-ins: text, stand-in, text, ..."""
    return stand_ins.kept_parts(
        "review_form.empty", _CUT, lambda: _macros().review_form(ReviewForm(formdata=None), _ACTION, _TOKEN)
    )


def empty_form(action: str) -> Markup:
    """The form with no answer and no error, posting to `action`."""
    return stand_ins.filled(_empty_parts(), {_ACTION: str(escape(action)), _TOKEN: str(escape(csrf_token()))})


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
