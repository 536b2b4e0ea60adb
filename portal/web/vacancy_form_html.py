"""The employer's vacancy form shown as loaded, kept per process (issue 18).

An employer's form page opened with GET shows a saved vacancy (or a new one's prefilled contact)
exactly as stored: no submitted data, no errors, no occupation search. Its thirty fields' markup
(`vacancy_fields` of templates/vacancies/_form.html) is then a function of the data the form is made
from, the form's class, the request's locale and language (labels, hints, the reference lists, the
occupation's title), the profile (its municipalities, the currency and the deadline's months in
hints), the search fragment's address and the app's templates: under that key (`key_of`) the macro's
output is kept, and the next GET with the same data neither builds the form nor writes its fields
again (`kept`). A form with submitted data, an error or a search is written by the macro every
time. The CSRF token is not among the fields the macro writes (the page writes it).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from portal.i18n import current_language
from portal.profiles import current_profile
from portal.web.vacancy_form import VacancyForm

TEMPLATE = "vacancies/_form.html"
# A kept form is about 40 kB of markup and its key holds the vacancy's text: bounded; full, the
# oldest goes first.
_KEPT_MAX = 128
_KEPT: dict[tuple[Any, ...], Markup] = {}
_KEPT_LOCK = threading.Lock()


def _value(data: Any) -> Any:
    """A value of the form's data as part of a key (a multiple select's list as a tuple; with its
    type: a str and a Markup of the same characters are written differently)."""
    if isinstance(data, list):
        return tuple(_value(item) for item in data)
    return (type(data), data)


def key_of(data: Mapping[str, Any], search_url: str) -> tuple[Any, ...] | None:
    """What the fields of a `VacancyForm(data=data)` shown on a GET are written from, or None when
    they are not kept (not a GET, data that cannot be a key)."""
    if request.method != "GET":
        return None
    key = (
        current_app.jinja_env,  # an app's templates (tests make many apps)
        VacancyForm,
        str(get_locale()),
        current_language().code,
        current_profile().code,
        search_url,
        tuple(sorted((name, _value(value)) for name, value in data.items())),
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


def kept(key: tuple[Any, ...] | None) -> Markup | None:
    """The fields' markup kept under `key`, if any."""
    return None if key is None else _KEPT.get(key)


def _clean(form: VacancyForm) -> bool:
    return not form.form_errors and not any(field.errors or field.raw_data for field in form)


def vacancy_fields(
    form: VacancyForm, search_url: str, results: Any, searched: bool, key: tuple[Any, ...] | None = None
) -> Markup:
    """The markup of `vacancy_fields(form, search_url, results, searched)`; kept under `key` (the
    form's, from `key_of`) when the form is shown as loaded."""
    macro = current_app.jinja_env.get_template(TEMPLATE).module.vacancy_fields
    written = macro(form, search_url, results, searched)
    if key is not None and not results and not searched and _clean(form):
        with _KEPT_LOCK:  # a worker's threads evict at once: the oldest key must exist when deleted
            while len(_KEPT) >= _KEPT_MAX:
                del _KEPT[next(iter(_KEPT))]
            _KEPT[key] = written
    return written
