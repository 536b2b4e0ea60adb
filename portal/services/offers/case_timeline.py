"""The case view's timeline (`services/timeline.py`) gets the offers' events: proposals, answers,
reviews with their consequences, SAS receipts, applications and employers' outcomes."""

from __future__ import annotations

from flask_babel import gettext

from portal import labels
from portal.models import TimelineKind
from portal.services.offers.timeline import Event, timeline
from portal.services.timeline import TimelineEntry, source


def _title(event: Event) -> tuple[str, str | None]:
    offer, candidate = event.offer, event.candidate
    if event.kind is TimelineKind.PROPOSED:
        return gettext("Offered: %(title)s", title=event.title), None
    if event.kind is TimelineKind.ACCEPTED:
        return gettext("Accepted: %(title)s", title=event.title), None
    if event.kind is TimelineKind.REFUSED:
        reason = offer.answer.reason if offer and offer.answer else None
        return gettext("Refused: %(title)s", title=event.title), str(
            labels.REFUSAL_REASONS[reason]
        ) if reason else None
    if event.kind is TimelineKind.EXPIRED:
        return gettext("Not answered in time: %(title)s", title=event.title), None
    if event.kind is TimelineKind.WITHDRAWN:
        return gettext("Withdrawn: %(title)s", title=event.title), None
    if event.kind is TimelineKind.REVIEWED and offer and offer.refusal:
        refusal = offer.refusal
        detail = f"{labels.REVIEW_STATES[refusal.review_state]}; {labels.CONSEQUENCES[refusal.consequence]}"
        return gettext("Refusal reviewed: %(title)s", title=event.title), detail
    if event.kind is TimelineKind.SAS and offer and offer.refusal:
        status = offer.refusal.sas_beneficiary_status
        detail = labels.label(labels.SOCIAL_ASSISTANCE_STATUSES, status) if status else None
        return str(labels.SAS_REPORT_STATES[offer.refusal.sas_state]), detail
    if event.kind is TimelineKind.APPLIED:
        return gettext("Applied: %(title)s", title=event.title), None
    if event.kind is TimelineKind.OUTCOME and candidate and candidate.outcome:
        return gettext(
            "Employer's answer: %(outcome)s", outcome=labels.OUTCOMES[candidate.outcome]
        ), event.title
    return gettext("Left the shortlist: %(title)s", title=event.title), None


@source("offer")
def _offers(person_id: int):
    for event in timeline(person_id):
        title, detail = _title(event)
        link = None
        if event.offer is not None and event.offer.refusal is not None:
            link = ("backoffice.refusal_review", {"refusal_id": event.offer.refusal.id})
        yield TimelineEntry(at=event.at, kind="offer", title=title, detail=detail, link=link)
