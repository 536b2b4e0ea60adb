"""The vacancy form's fields (`vacancy_fields` of templates/vacancies/_form.html) kept per process
for a form shown as loaded (issue 18).

An employer's form page opened with GET shows a saved vacancy (or a new one's prefilled contact)
exactly as stored: no submitted data, no errors, no occupation search. Its thirty fields' markup is
then a function of the form's class, each field's data, the occupation's choices, the request's
locale and language (labels, hints, the reference lists), the profile (its municipalities, the
currency and the deadline's months in hints) and the search fragment's address: under that key the
macro's output is kept, and the next GET of the same vacancy writes none of it again. A form with
submitted data, an error or a search is written by the macro every time. The CSRF token is not among
the fields the macro writes (the page writes it), so it is not in the key.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from portal.i18n import current_language
from portal.profiles import current_profile

TEMPLATE = "vacancies/_form.html"
# A kept form is about 40 kB of markup and its key holds the vacancy's text: bounded; full, the
# oldest goes first.
_KEPT_MAX = 128
_KEPT: dict[tuple[Any, ...], Markup] = {}
_KEPT_LOCK = threading.Lock()


def _value(data: Any) -> Any:
    """A field's data as part of a key (a multiple select's list as a tuple, with its type: a str
    and a Markup of the same characters are written differently)."""
    if isinstance(data, list):
        return tuple(_value(item) for item in data)
    return (type(data), data)


def _key(form: Any, search_url: str) -> tuple[Any, ...] | None:
    """What the fields' markup is made from, or None when it must be written (anything submitted,
    an error, a field whose data cannot be a key)."""
    if request.method != "GET" or form.form_errors:
        return None
    values: list[Any] = []
    csrf_field = getattr(form.meta, "csrf_field_name", None)
    for field in form:
        if field.errors or field.raw_data:
            return None
        if field.short_name != csrf_field:
            values.append((field.short_name, _value(field.data)))
    choices = tuple((choice.value, str(choice.label)) for choice in form.occupation.choices)
    key = (
        current_app.jinja_env,  # an app's templates (tests make many apps)
        type(form),
        form.meta.csrf_field_name if form.meta.csrf else None,
        str(get_locale()),
        current_language().code,
        current_profile().code,
        search_url,
        choices,
        tuple(values),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def vacancy_fields(form: Any, search_url: str, results: Any, searched: bool) -> Markup:
    """The markup of `vacancy_fields(form, search_url, results, searched)`, kept for a form shown
    as loaded."""
    macro = current_app.jinja_env.get_template(TEMPLATE).module.vacancy_fields
    key = None if results or searched else _key(form, search_url)
    if key is None:
        return macro(form, search_url, results, searched)
    found = _KEPT.get(key)
    if found is None:
        found = macro(form, search_url, results, searched)
        with _KEPT_LOCK:  # a worker's threads evict at once: the oldest key must exist when deleted
            while len(_KEPT) >= _KEPT_MAX:
                del _KEPT[next(iter(_KEPT))]
            _KEPT[key] = found
    return found
