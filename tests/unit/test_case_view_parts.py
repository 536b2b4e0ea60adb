"""The case view's summary lists and timeline written by functions (`case_view_parts`) write what
the template wrote with the `summary_list` macro and its loop, byte for byte: for values to escape,
lazy labels, missing values and every branch of the rows, in English and Estonian."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from flask import render_template_string
from markupsafe import Markup

from portal.catalog import lazy_gettext as _l
from portal.models.caseload import PlanStatus, RiskLevel
from portal.models.registration import RegistrationKind, RegistrationState
from portal.services.timeline import TimelineEntry
from portal.web.backoffice import case_panels
from portal.web.backoffice import case_view_parts as parts

# The page's summary and timeline as they were (templates/backoffice/case/page.html).
OLD = r"""{% from "components/summary_list.html" import summary_list %}
    {% set not_recorded = _("Not recorded") %}
    {{ summary_list([
      {"key": _("Date of birth"), "value": person.date_of_birth | dateformat("long") if person.date_of_birth else not_recorded},
      {"key": _("Registration"), "value": (registration.reference ~ ": " ~ labels.REGISTRATION_STATES[registration.state] ~ ", " ~ labels.REGISTRATION_KINDS[registration.kind]) if registration else not_recorded},
      {"key": _("Registered since"), "value": case.opened_on | dateformat("long")},
      {"key": _("Counsellor"), "value": counsellor_name if counsellor_name is not none else _("Not assigned")},
      {"key": _("Risk level"), "value": labels.RISK_LEVELS[case.risk_level] if case.risk_level else _("Not yet profiled")},
      {"key": _("Individual plan"), "value": labels.PLAN_STATUSES[case.plan_status]},
      {"key": _("Next action due"), "value": case.next_due_on | dateformat("long") if case.next_due_on else _("None")},
      {"key": _("Receiving social assistance"), "value": _("Yes") if case.social_assistance else _("No")},
    ]) }}
    {% if record %}
    {% set occupation_text %}{% for code, title in occupations %}{{ title or code }} ({{ code }}){% if not loop.last %}; {% endif %}{% else %}{{ not_recorded }}{% endfor %}{% endset %}
    {{ summary_list([
      {"key": _("Phone"), "value": record.phone or not_recorded},
      {"key": _("E-mail"), "value": record.email or not_recorded},
      {"key": _("Occupations sought"), "value": occupation_text},
      {"key": _("Where"), "value": (preferences.municipalities | join(", ") if preferences and preferences.municipalities else not_recorded) ~ ((", " ~ _("Remote work")) if preferences and preferences.remote else "")},
      {"key": _("Working time"), "value": preferences.working_time if preferences else not_recorded},
      {"key": _("Contract"), "value": preferences.contracts if preferences else not_recorded},
      {"key": _("Languages"), "value": preferences.languages | join(", ") if preferences and preferences.languages else not_recorded},
      {"key": _("Education (ISCED level)"), "value": record.education_level if record.education_level is not none else not_recorded},
      {"key": _("Driving licence"), "value": record.driving_licence or _("None")},
    ]) }}
    {% endif %}
    {% if entries %}
    <ol class="govuk-list">
      {% for entry in entries %}
      <li class="govuk-!-margin-bottom-4">
        <p class="govuk-body-s govuk-!-margin-bottom-1">{{ entry.at | datetimeformat("medium") }}</p>
        <p class="govuk-body govuk-!-margin-bottom-1">
          {% if entry.link %}<a class="govuk-link" href="{{ url_for(entry.link[0], **entry.link[1]) }}">{{ entry.title }}</a>{% else %}<strong>{{ entry.title }}</strong>{% endif %}
          {% if entry.actor %}<span class="govuk-body-s"> · {{ entry.actor }}</span>{% endif %}
        </p>
        {% if entry.detail %}<p class="govuk-body-s govuk-!-margin-bottom-0">{{ entry.detail }}</p>{% endif %}
      </li>
      {% endfor %}
    </ol>
    {% endif %}
"""

NEW = """    {{ case_summary }}
    {% if record %}
    {{ record_summary }}
    {% endif %}
    {% if entries %}
    {{ timeline }}
    {% endif %}
"""

AT = dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC)


def _cases():
    yield SimpleNamespace(
        opened_on=dt.date(2026, 1, 5),
        risk_level=None,
        plan_status=PlanStatus.NONE,
        next_due_on=None,
        social_assistance=False,
    )
    yield SimpleNamespace(
        opened_on=dt.date(2025, 12, 31),
        risk_level=RiskLevel.HIGH,
        plan_status=PlanStatus.AGREED,
        next_due_on=dt.date(2026, 4, 1),
        social_assistance=True,
    )


def _records():
    yield None, (), None
    full = SimpleNamespace(
        phone="+372 5123 4567", email="o'brien&co@example.ee", education_level=0, driving_licence="B"
    )
    preferences = {
        "municipalities": ["Tallinn (0784)", "Tõrva <vald>"],
        "remote": True,
        "working_time": "Full-time & part-time",
        "contracts": "Any kind of contract",
        "languages": ["English", "eesti"],
        "start_on": None,
    }
    yield full, (("2512", "Software developers"), ("9999", None), ("<b>", "A & B")), preferences
    bare = SimpleNamespace(phone=None, email="", education_level=None, driving_licence=None)
    yield bare, (), None
    lazy = dict(
        preferences,
        municipalities=[],
        remote=False,
        languages=[_l("Not recorded"), "it's", Markup("<em>fi</em>")],
        contracts="",
    )
    yield bare, (("2512", "Software developers"),), lazy
    yield full, (), dict(preferences, municipalities=[], remote=True, languages=[])


def _entries():
    yield []
    yield [
        TimelineEntry(
            AT,
            "registration",
            "Registration <REG-1> submitted",
            "Unemployed",
            ("backoffice.case", {"case_id": 7}),
        ),
        TimelineEntry(AT, "note", "Confidential note added", actor="Mari-Liis O'Männik"),
        TimelineEntry(
            AT - dt.timedelta(days=3),
            "meeting",
            "Meeting booked",
            detail="Room 4 & 5",
            link=("backoffice.case_meeting", {"case_id": 7, "meeting_id": 12}),
            actor="Jaak",
        ),
        TimelineEntry(AT, "decision", "Decided", detail=""),
        TimelineEntry(AT, "offer", "Refused", link=("backoffice.case", {"case_id": "8"})),
    ]


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_functions_write_what_the_template_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for case in _cases():
            for record, occupations, preferences in _records():
                for registration in (
                    None,
                    SimpleNamespace(
                        reference="REG-<1>",
                        state=RegistrationState.REGISTERED,
                        kind=RegistrationKind.UNEMPLOYED,
                    ),
                ):
                    for entries in _entries():
                        for counsellor_name, born in ((None, None), ("Mari & Liis", dt.date(1980, 1, 8))):
                            person = SimpleNamespace(date_of_birth=born)
                            values = dict(
                                case=case,
                                person=person,
                                registration=registration,
                                counsellor_name=counsellor_name,
                                record=record,
                                occupations=occupations,
                                preferences=preferences,
                                entries=entries,
                            )
                            old = render_template_string(OLD, **values)
                            not_recorded = parts.template_text("Not recorded")
                            new = render_template_string(
                                NEW,
                                record=record,
                                entries=entries,
                                case_summary=parts.summary_list(
                                    parts.case_rows(case, person, registration, counsellor_name, not_recorded)
                                ),
                                record_summary=record
                                and parts.summary_list(
                                    parts.record_rows(record, occupations, preferences, not_recorded)
                                ),
                                timeline=parts.timeline_list(entries),
                            )
                            assert new == old.lstrip("\n")


def test_an_address_is_url_for_s(app):
    from flask import url_for

    links = [
        ("backoffice.case", {"case_id": 1}),
        ("backoffice.case", {"case_id": 918273600}),
        ("backoffice.case_meeting", {"case_id": 70, "meeting_id": 3}),
        ("backoffice.case_meeting", {"meeting_id": 3, "case_id": 70}),
        ("backoffice.registration_case", {"registration_id": 5}),
        ("backoffice.case", {"case_id": 2, "extra": 9}),
        ("backoffice.case", {"case_id": "3"}),
    ]
    for root in ("", "/portal"):
        with app.test_request_context(base_url=f"http://localhost{root}"):
            for link in links * 2:  # made, then kept
                assert parts.address(link) == url_for(link[0], **link[1])


# The recommendations panel as it was (templates/backoffice/candidates/_case_panel.html).
OLD_PANEL = r"""<h2 class="govuk-heading-m" id="recommended-vacancies">{{ _("Recommended vacancies") }}</h2>
{% if panel_context.recommended %}
<ul class="govuk-list">
  {% for item in panel_context.recommended %}
  <li class="govuk-!-margin-bottom-3">
    <a class="govuk-link" href="{{ url_for('backoffice.vacancy_check', vacancy_id=item.vacancy.id) }}">{{ item.vacancy.title }}</a>, {{ item.vacancy.company.name }} ({{ _("score %(score)s", score=item.score) }})
    <p class="govuk-body-s govuk-!-margin-bottom-0">{{ _("Why we suggest it:") }} {{ item.why.raised | join("; ") }}</p>
    {% if item.why.lowered %}<p class="govuk-body-s govuk-!-margin-bottom-0">{{ _("What does not fit:") }} {{ item.why.lowered | join("; ") }}</p>{% endif %}
  </li>
  {% endfor %}
</ul>
{% else %}
<p class="govuk-body">{{ _("No published vacancy suits the person's record at the moment.") }}</p>
{% endif %}
"""


def _card(vacancy_id, title, company, score, raised, lowered):
    vacancy = SimpleNamespace(id=vacancy_id, title=title, company=SimpleNamespace(name=company))
    return {"vacancy": vacancy, "why": SimpleNamespace(raised=raised, lowered=lowered), "score": score}


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_panel_is_what_the_template_wrote(app, language):
    lists = [
        [],
        [
            _card(
                1, "Tarkvaraarendaja (Python)", "Põhjarannik OÜ", 76, ("Same occupation", "a master's"), ()
            ),
            _card(2, "<Cook> & co", "O'Brien & Sons", 0, (), ("Estonian at B2 asked", "it's <far>")),
            _card(3, "Baker", "AS", 100, (_l("Not recorded"), "x & y"), (Markup("<em>lazy</em>"),)),
        ],
    ]
    with app.test_request_context(headers={"Accept-Language": language}):
        for recommended in lists:
            old = render_template_string(OLD_PANEL, panel_context={"recommended": recommended})
            assert case_panels.recommended_panel(recommended) == old


# The meetings panel as it was (templates/backoffice/case/_meetings_panel.html).
OLD_MEETINGS = r"""<h2 class="govuk-heading-m" id="meetings">{{ _("Meetings") }}</h2>
{% if panel_context.upcoming %}
<ul class="govuk-list">
  {% for meeting in panel_context.upcoming %}
  <li><a class="govuk-link" href="{{ meeting.href }}">{{ meeting.when }}</a>: {{ meeting.where }}{% if meeting.requested %} ({{ meeting.requested }}){% endif %}</li>
  {% endfor %}
</ul>
{% else %}
<p class="govuk-body">{{ _("No meeting is booked.") }} <a class="govuk-link" href="{{ panel_context.book_href }}#book">{{ _("Book a meeting") }}</a></p>
{% endif %}
"""


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_meetings_panel_is_what_the_template_wrote(app, language):
    lists = [
        [],
        [
            {
                "href": "/back-office/cases/1/meetings/2",
                "when": "3 March 2026, 09:30",
                "where": "Pärnu mnt 1 <Tallinn> & co",
                "requested": None,
            },
            {"href": '/a?b=1&c="2"', "when": "<b>", "where": "", "requested": _l("Reschedule requested")},
            {"href": "/x", "when": "w", "where": Markup("<em>by phone</em>"), "requested": "it's <odd>"},
        ],
    ]
    with app.test_request_context(headers={"Accept-Language": language}):
        for upcoming in lists:
            for book_href in ("/back-office/cases/1/meetings", "/p?x=<&>"):
                context = {"upcoming": upcoming, "book_href": book_href}
                old = render_template_string(OLD_MEETINGS, panel_context=context)
                assert case_panels.meetings_panel(upcoming, book_href) == old
