"""Jinja setup: globals every layout needs. Logic stays in services and model properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, request, url_for
from flask_babel import format_date
from flask_login import current_user

from portal import labels
from portal.brand import BRAND_COLOUR
from portal.decision_texts import decided_by, reasoning_paragraphs
from portal.display_names import country_name, language_name
from portal.i18n import LANGUAGES, current_language, ordered_languages
from portal.models import (
    DecisionKind,
    DecisionState,
    EntryKind,
    ExportState,
    MeetingKind,
    MeetingState,
    OfferKind,
    OfferState,
    Outcome,
    PlanStatus,
    ProposalState,
    RegistrationKind,
    RegistrationState,
    ReviewState,
    RiskLevel,
    RunState,
    SasReportState,
    SignalState,
    TimelineKind,
    TrainingRequestState,
    TrainingState,
)
from portal.models.register_snapshot import Status as SectionStatus
from portal.profiles import current_profile
from portal.profiles.refusals import Consequence


def _language_links() -> list[dict[str, Any]]:
    current = current_language().code
    back_to = request.full_path.rstrip("?") if request else "/"
    return [
        {
            "code": lang.code,
            "html_lang": lang.html_lang,
            "native_name": lang.native_name,
            "name": lang.name,
            "current": lang.code == current,
            "href": url_for("public.choose_language", code=lang.code, next=back_to),
        }
        for lang in ordered_languages()
    ]


def isodate(value: str | dt.date | None, format: str = "medium") -> str:
    """A date (or one kept as ISO text in JSON) shown in the reader's language."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return format_date(value, format)


def _role_label(role: str) -> str:
    return labels.role_label(role, getattr(current_user, "acting_for_name", None))


def init_app(app: Flask) -> None:
    app.jinja_env.filters["isodate"] = isodate
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        brand_colour=BRAND_COLOUR,
        current_language=current_language,
        language_links=_language_links,
        languages=LANGUAGES,
        profile=current_profile,
        role_label=_role_label,
        # Labels and the codes templates compare with: never a raw value in a template.
        labels=labels,
        register_titles=labels.REGISTER_TITLES,
        DecisionKind=DecisionKind,
        DecisionState=DecisionState,
        ExportState=ExportState,
        RegistrationKind=RegistrationKind,
        RegistrationState=RegistrationState,
        RiskLevel=RiskLevel,
        PlanStatus=PlanStatus,
        MeetingKind=MeetingKind,
        MeetingState=MeetingState,
        SectionStatus=SectionStatus,
        ProposalState=ProposalState,
        RunState=RunState,
        SignalState=SignalState,
        TrainingState=TrainingState,
        TrainingRequestState=TrainingRequestState,
        OfferState=OfferState,
        OfferKind=OfferKind,
        ReviewState=ReviewState,
        SasReportState=SasReportState,
        Outcome=Outcome,
        Consequence=Consequence,
        TimelineKind=TimelineKind,
        EntryKind=EntryKind,
        reasoning_paragraphs=reasoning_paragraphs,
        decided_by=decided_by,
    )
