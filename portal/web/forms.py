"""The base form every portal form extends."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import support
from flask import current_app, has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from wtforms import FieldList, FormField, StringField, TextAreaField
from wtforms.i18n import messages_path

from portal import text
from portal.catalog import lazy_gettext as _l
from portal.security import csrf_token


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _nfc(value: Any) -> Any:
    return text.normalize(value) if isinstance(value, str) else value


@cache
def _wtforms_catalog(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class _WTFormsTranslations:
    """WTForms' own messages ("This field is required.") in the request's language, as
    Flask-WTF's `translations`, with each language's catalog read once per process: Flask-WTF
    reads and parses the catalog file again in every request that makes a form (about a tenth of
    the CPU of a page with a form)."""

    @staticmethod
    def _catalog() -> support.Translations | None:
        if not has_request_context() or "babel" not in current_app.extensions:
            return None
        return _wtforms_catalog(str(get_locale()))

    def gettext(self, string: str) -> str:
        catalog = self._catalog()
        return string if catalog is None else catalog.ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        catalog = self._catalog()
        if catalog is None:
            return singular if n == 1 else plural
        return catalog.ungettext(singular, plural, n)


WTFORMS_TRANSLATIONS = _WTFormsTranslations()


class _SessionCSRF(_FlaskFormCSRF):
    """Flask-WTF's CSRF for forms, the token written into the form taken from
    `security.csrf_token()`: the session's token signed at most once a minute, as the page's
    other tokens are. Flask-WTF signed it anew for every form page (about 40 µs), only for a newer
    timestamp. Checking a submitted token is Flask-WTF's, unchanged. A form with a secret or a
    field name of its own gets Flask-WTF's token."""

    def generate_csrf_token(self, csrf_token_field: Any) -> str:
        config = current_app.config
        if self.meta.csrf_field_name == config["WTF_CSRF_FIELD_NAME"] and self.meta.csrf_secret == config.get(
            "WTF_CSRF_SECRET_KEY", current_app.secret_key
        ):
            return csrf_token()
        return str(super().generate_csrf_token(csrf_token_field))


class PortalForm(FlaskForm):
    """Strips surrounding whitespace from every submitted string (people paste codes with spaces),
    brings it to Unicode NFC, and refuses control and bidi characters in every text field (a
    right-to-left override would reorder what a reason says on the page and in a sealed PDF)."""

    class Meta:
        csrf_class = _SessionCSRF

        def get_translations(self, form: Any) -> Any:
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return WTFORMS_TRANSLATIONS

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            if issubclass(unbound_field.field_class, FieldList | FormField):
                # Containers take no filters; the fields inside get their own (see `PortalSubform`).
                return unbound_field.bind(form=form, **options)
            # Passed to this binding only: the unbound field (and its kwargs) belongs to the form
            # class, so writing the filters into it added two more to every field of the class on
            # each instantiation — a form's cost grew with the number of requests the process served.
            filters = (_strip, _nfc, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, **{**options, "filters": filters})

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField | TextAreaField) or not isinstance(field.data, str):
                continue
            if text.unsafe_characters(field.data, multiline=isinstance(field, TextAreaField)):
                message = str(_l("Remove the control or text-direction characters from this answer"))
                if message not in field.errors:
                    field.errors = [*field.errors, message]
                valid = False
        return valid
