"""The kept booking form of a case's meetings page (`booking_markup.new_booking`) is what the page's
template wrote with `booking_form(case)` and `_booking_form.html`, byte for byte: for each office,
phone numbers to escape, strip and normalise, and none, in English and Estonian, with the request's
CSRF token."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template_string

from portal.profiles import current_profile
from portal.web.backoffice.booking_markup import new_booking
from portal.web.backoffice.meeting_forms import booking_form

# The form as the page wrote it (templates/backoffice/case/meetings.html).
OLD = """{% with action=url_for('backoffice.case_meeting_book', case_id=case.id), submit=_("Book the meeting") %}
{% include "backoffice/case/_booking_form.html" %}
{% endwith %}"""

PHONES = ["", "+372 5123 4567", '  <b>"5&6"</b> ', "Cafe\u0301 1"]


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_kept_form_is_what_the_template_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for number, office in enumerate(current_profile().offices.names):
            case = SimpleNamespace(id=number + 3, office=office, person_id=1)
            for phone in PHONES:
                old = render_template_string(OLD, case=case, form=booking_form(case, phone=phone))
                assert render_template_string("{{ booking }}", booking=new_booking(case, phone)) == old
