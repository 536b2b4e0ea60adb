"""The offer pages' rows written by `portal.web.offers_html` are the markup the templates' loops
wrote: the person's offers table and the offers timeline in the back office, the jobseeker's
waiting and answered offers. Each loop is kept here as the template had it and rendered beside the
function, with offers, refusals and candidacies in every state, in each language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.models import (
    CandidateSource,
    NotSelectedReason,
    OfferKind,
    OfferState,
    Outcome,
    RefusalReason,
    ReviewState,
    SasReportState,
)
from portal.profiles.refusals import Consequence
from portal.services.offers.rows import AnswerRow, CandidacyRow, OfferRow, RefusalRow
from portal.services.offers.timeline import timeline
from portal.web import offers_html

AT = dt.datetime(2026, 11, 2, 22, 30, tzinfo=dt.UTC)  # another day in Tallinn than in UTC
LANGUAGES = ["en", "et", "sq"]

# `backoffice/offers/person.html`'s rows as the template wrote them.
_PERSON_ROWS = """{% from "components/tag.html" import tag %}
        {% for offer in offers %}
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">{{ offer.title }}<br><span class="govuk-body-s">{{ labels.OFFER_KINDS[offer.kind] }}{% if offer.employer_name %}, {{ offer.employer_name }}{% endif %}</span></td>
          <td class="govuk-table__cell">{{ offer.reply_by | dateformat("long") }}</td>
          <td class="govuk-table__cell">{{ tag(labels.OFFER_STATES_FOR_STAFF[offer.state], labels.OFFER_STATE_COLOURS[offer.state]) }}
            {% if offer.refusal %}<br><a class="govuk-link" href="{{ url_for('backoffice.refusal_review', refusal_id=offer.refusal.id) }}">{{ labels.REVIEW_STATES[offer.refusal.review_state] }}<span class="govuk-visually-hidden">: {{ offer.title }}</span></a>{% endif %}</td>
          <td class="govuk-table__cell">
            {% if offer.state == OfferState.PROPOSED %}
            <form method="post" action="{{ url_for('backoffice.withdraw_offer', offer_id=offer.id) }}" novalidate>
              <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
              <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">{{ _("Withdraw") }}<span class="govuk-visually-hidden"> {{ offer.title }}</span></button>
            </form>
            {% endif %}
          </td>
        </tr>
        {% endfor %}
"""

# `backoffice/offers/_timeline.html`'s macro as it was.
_TIMELINE = """{% macro offer_timeline(events) %}
{% if events %}
<ol class="govuk-list app-timeline">
  {% for event in events %}
  <li>
    <strong>{{ profile().local_date(event.at) | dateformat("long") }}</strong> —
    {% if event.kind == TimelineKind.PROPOSED %}{{ _("Offered: %(title)s", title=event.title) }}
    {% elif event.kind == TimelineKind.ACCEPTED %}{{ _("Accepted: %(title)s", title=event.title) }}
    {% elif event.kind == TimelineKind.REFUSED %}{{ _("Refused: %(title)s", title=event.title) }}{% if event.offer.answer and event.offer.answer.reason %} ({{ labels.REFUSAL_REASONS[event.offer.answer.reason] }}){% endif %}
    {% elif event.kind == TimelineKind.EXPIRED %}{{ _("Not answered in time: %(title)s", title=event.title) }}
    {% elif event.kind == TimelineKind.WITHDRAWN %}{{ _("Withdrawn: %(title)s", title=event.title) }}
    {% elif event.kind == TimelineKind.REVIEWED %}{{ _("Refusal reviewed: %(title)s", title=event.title) }} — {{ labels.REVIEW_STATES[event.offer.refusal.review_state] }}; {{ labels.CONSEQUENCES[event.offer.refusal.consequence] }}
    {% elif event.kind == TimelineKind.SAS %}{{ labels.SAS_REPORT_STATES[event.offer.refusal.sas_state] }}{% if event.offer.refusal.sas_beneficiary_status %} ({{ labels.label(labels.SOCIAL_ASSISTANCE_STATUSES, event.offer.refusal.sas_beneficiary_status) }}){% endif %}: {{ event.title }}
    {% elif event.kind == TimelineKind.APPLIED %}{{ _("Applied: %(title)s", title=event.title) }}
    {% elif event.kind == TimelineKind.OUTCOME %}{{ _("Employer's answer: %(outcome)s", outcome=labels.OUTCOMES[event.candidate.outcome]) }}: {{ event.title }}
    {% elif event.kind == TimelineKind.CONSENT %}{{ _("Left the shortlist: %(title)s", title=event.title) }}
    {% endif %}
  </li>
  {% endfor %}
</ol>
{% else %}
<p class="govuk-body">{{ _("Nothing yet.") }}</p>
{% endif %}
{% endmacro %}
    {{ offer_timeline(events) }}
"""

# `jobseeker/offers/list.html`'s two loops as the template wrote them.
_WAITING = """      {% for offer in open_offers %}
      <li>
        <a class="govuk-link" href="{{ url_for('jobseeker.offer', offer_id=offer.id) }}">{{ offer.title }}</a>
        ({{ labels.OFFER_KINDS[offer.kind] }}{% if offer.employer_name %}, {{ offer.employer_name }}{% endif %})
        <br><span class="govuk-body-s">{{ _("Answer by %(date)s", date=offer.reply_by | dateformat("long")) }}</span>
      </li>
      {% endfor %}
"""
_ANSWERED = """{% from "components/tag.html" import tag %}
        {% for offer in answered %}
        <tr class="govuk-table__row">
          <td class="govuk-table__cell"><a class="govuk-link" href="{{ url_for('jobseeker.offer', offer_id=offer.id) }}">{{ offer.title }}</a></td>
          <td class="govuk-table__cell">{{ profile().local_date(offer.proposed_at) | dateformat("long") }}</td>
          <td class="govuk-table__cell">{{ tag(labels.OFFER_STATES[offer.state], labels.OFFER_STATE_COLOURS[offer.state]) }}</td>
        </tr>
        {% endfor %}
"""


def _offer(number: int, state: OfferState, *, answer=None, refusal=None, **values) -> OfferRow:
    return OfferRow(
        id=number,
        kind=values.pop("kind", OfferKind.VACANCY),
        title=values.pop("title", f"Cook & <helper> {number}"),
        employer_name=values.pop("employer_name", "Kokad & Pojad OÜ"),
        state=state,
        proposed_at=AT + dt.timedelta(days=number),
        reply_by=(AT + dt.timedelta(days=number + 7)).date(),
        closed_at=values.pop("closed_at", None),
        answer=answer,
        refusal=refusal,
    )


def _refusal(number: int, review: ReviewState, **values) -> RefusalRow:
    reviewed = review is not ReviewState.PENDING
    return RefusalRow(
        id=100 + number,
        review_state=review,
        reviewed_at=AT + dt.timedelta(days=number, hours=3) if reviewed else None,
        consequence=values.get("consequence"),
        sas_state=values.get("sas_state"),
        sas_received_at=values.get("sas_received_at"),
        sas_beneficiary_status=values.get("status"),
    )


def _offers() -> list[OfferRow]:
    refused_at = AT + dt.timedelta(days=2, hours=1)
    return [
        _offer(1, OfferState.PROPOSED),
        _offer(2, OfferState.PROPOSED, kind=OfferKind.TRAINING, employer_name=None),
        _offer(3, OfferState.ACCEPTED, answer=AnswerRow(30, None, AT), kind=OfferKind.MEASURE),
        _offer(
            4,
            OfferState.REFUSED,
            answer=AnswerRow(40, RefusalReason.DISTANCE, refused_at),
            refusal=_refusal(4, ReviewState.PENDING),
        ),
        _offer(
            5,
            OfferState.REFUSED,
            answer=AnswerRow(50, RefusalReason.NONE, refused_at),
            refusal=_refusal(
                5,
                ReviewState.NOT_VALID,
                consequence=Consequence.SUSPENSION_PROPOSAL,
                sas_state=SasReportState.ACCEPTED,
                sas_received_at=AT + dt.timedelta(days=6),
                status="RECEIVING",
            ),
        ),
        _offer(
            6,
            OfferState.REFUSED,
            answer=AnswerRow(60, None, refused_at),
            refusal=_refusal(
                6, ReviewState.VALID, consequence=Consequence.NONE, sas_state=SasReportState.NOT_BENEFICIARY
            ),
        ),
        _offer(7, OfferState.EXPIRED, closed_at=AT + dt.timedelta(days=9)),
        _offer(8, OfferState.WITHDRAWN, closed_at=AT + dt.timedelta(days=10), title="Plain"),
    ]


def _candidacies() -> list[tuple[CandidacyRow, str]]:
    def candidacy(number: int, **values) -> CandidacyRow:
        return CandidacyRow(
            id=number,
            offer_id=values.get("offer_id"),
            source=values.get("source", CandidateSource.APPLICATION),
            created_at=AT + dt.timedelta(days=number),
            outcome=values.get("outcome"),
            outcome_at=values.get("outcome_at"),
            start_date=None,
            not_selected_reason=values.get("reason"),
            consent_withdrawn_at=values.get("withdrawn_at"),
        )

    later = AT + dt.timedelta(days=20)
    return [
        (candidacy(11), "Baker <b>"),
        (
            candidacy(12, offer_id=3, source=CandidateSource.OFFER, outcome=Outcome.HIRED, outcome_at=later),
            "Cook",
        ),
        (
            candidacy(13, outcome=Outcome.NOT_SELECTED, outcome_at=later, reason=NotSelectedReason.LANGUAGE),
            "Driver",
        ),
        (candidacy(14, withdrawn_at=later), "Welder & Co"),
    ]


def _masked(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_back_office_rows_and_timeline_are_what_the_loops_wrote(app, language):
    offers, candidacies = _offers(), _candidacies()
    headers = {"Accept-Language": language}
    with app.test_request_context("/back-office/people/1/offers", headers=headers):
        events = timeline(1, offers, candidacies)
        assert {event.kind.value for event in events} >= {"proposed", "refused", "reviewed", "sas", "outcome"}
        env = app.jinja_env
        rows = str(offers_html.person_offer_rows(offers))
        assert rows.count("<tr ") == len(offers) and "Cook &amp; &lt;helper&gt; 1" in rows
        assert _masked(rows) == _masked(env.from_string(_PERSON_ROWS).render(offers=offers))
        written = str(offers_html.offer_timeline(events))
        assert written == env.from_string(_TIMELINE).render(events=events)[4:]  # the call's indent
        assert str(offers_html.offer_timeline([])) == env.from_string(_TIMELINE).render(events=[])[4:]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_jobseekers_rows_are_what_the_loops_wrote(app, language):
    offers = _offers()
    waiting = [offer for offer in offers if offer.answer is None and offer.closed_at is None]
    answered = [offer for offer in offers if offer not in waiting]
    with app.test_request_context("/jobseeker/offers", headers={"Accept-Language": language}):
        env = app.jinja_env
        assert str(offers_html.waiting_offers(waiting)) == env.from_string(_WAITING).render(
            open_offers=waiting
        )
        assert str(offers_html.answered_offers(answered)) == env.from_string(_ANSWERED).render(
            answered=answered
        )
        assert str(offers_html.waiting_offers([])) == str(offers_html.answered_offers([])) == ""


def test_a_label_and_a_link_are_kept_per_language_and_address_not_per_record(app):
    """What the functions keep is keyed by the catalog and the app's address: another language's
    label and another id's link are their own."""
    offer = _offers()[0]
    texts = {}
    for language in ("en", "et"):
        with app.test_request_context("/jobseeker/offers", headers={"Accept-Language": language}):
            texts[language] = str(offers_html.waiting_offers([offer, offer._replace(id=42)]))
    assert texts["en"] != texts["et"]
    assert 'href="/jobseeker/offers/1"' in texts["en"] and 'href="/jobseeker/offers/42"' in texts["en"]
    with app.test_request_context("/jobseeker/offers", base_url="http://localhost/portal"):
        assert 'href="/portal/jobseeker/offers/1"' in str(offers_html.waiting_offers([offer]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_kept_labels_and_links_are_the_templates(app, language):
    """`label` and `url`, which the offer and refuse pages call, give what `{{ mapping[key] }}` and
    `url_for` gave: every label of the mappings they read, nothing for a missing one."""
    from flask import url_for
    from markupsafe import escape

    from portal import labels

    mappings = (labels.OFFER_KINDS, labels.OFFER_STATES, labels.ANSWER_KINDS, labels.REFUSAL_REASONS)
    with app.test_request_context("/jobseeker/offers/1", headers={"Accept-Language": language}):
        for mapping in (*mappings, labels.OUTCOMES):
            for key, text in mapping.items():
                assert offers_html.label(mapping, key) == escape(text) == offers_html.label(mapping, key)
        assert offers_html.label(labels.OUTCOMES, None) == ""
        assert offers_html.label(labels.REFUSAL_REASONS, "distance") == escape(
            labels.REFUSAL_REASONS[RefusalReason.DISTANCE]
        )
        for endpoint in ("jobseeker.offer", "jobseeker.accept_offer", "jobseeker.refuse_offer"):
            assert offers_html.url(endpoint, "offer_id", 7) == url_for(endpoint, offer_id=7)
