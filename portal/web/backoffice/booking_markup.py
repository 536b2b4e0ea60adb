"""The booking form of a new meeting on a case's meetings page, written once and kept.

The page built a `BookingForm` on every view and wrote it through `_booking_form.html` (radios, a
date, a select and four text inputs): about a sixth of the page. Shown empty it is the same for
every case of an office but for the person's phone number, the page's address and the session's
CSRF token, so it is rendered once per language, country profile (the lengths offered) and office
address, with markers where those three go, and the markers replaced on each view by what the
template would have written there (each escaped as `{{ }}` and the text input escape it). A form
with errors (a booking that failed) is written by the template as before.
"""

from __future__ import annotations

from flask import render_template, url_for
from markupsafe import Markup, escape

from portal import text
from portal.catalog import template_text as _template_text
from portal.i18n import current_language
from portal.models import JobseekerCase
from portal.profiles import current_profile
from portal.security import csrf_token
from portal.web.backoffice.meeting_forms import booking_form

# Stand for the CSRF token, the form's address and the phone number: private-use characters, which
# HTML escaping, the fields' filters (strip, NFC) and the labels leave as they are.
_TOKEN, _ACTION, _PHONE = "\ue000token\ue000", "\ue000action\ue000", "\ue000phone\ue000"
_KEPT: dict[tuple[object, ...], str] = {}
_KEPT_MAX = 256


def new_booking(case: JobseekerCase, phone: str) -> Markup:
    """`_booking_form.html` for a new meeting of `case` (the office's address and `phone` filled in,
    as `booking_form(case, phone=phone)`), posting to the page's booking address."""
    profile = current_profile()
    address = profile.offices.by_name(case.office).address
    rules = profile.meetings
    key = (current_language().code, profile.code, tuple(rules.durations), rules.default_duration, address)
    markup = _KEPT.get(key)
    if markup is None:
        markup = render_template(
            "backoffice/case/_booking_form.html",
            form=booking_form(case, phone=_PHONE),
            action=_ACTION,
            submit=_template_text("Book the meeting"),
            csrf_token=lambda: _TOKEN,
        )
        if markup.count(_TOKEN) != 1 or markup.count(_ACTION) != 1 or markup.count(_PHONE) != 1:
            raise ValueError("the booking form's markers are not each in one place")  # pragma: no cover
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = markup
    action = url_for("backoffice.case_meeting_book", case_id=case.id)
    return Markup(  # noqa: S704 - the template's markup, the values escaped as it escapes them
        markup.replace(_TOKEN, str(escape(csrf_token())))
        .replace(_ACTION, str(escape(action)))
        # The phone as the form's filters leave a value (`PortalForm`: stripped, in NFC).
        .replace(_PHONE, str(escape(text.normalize(phone.strip()))))
    )
