"""Labels live in portal.labels; templates neither build label dictionaries nor compare raw codes."""

from __future__ import annotations

import re

import pytest

from portal import PROJECT_ROOT, labels
from portal.models import (
    BatchState,
    CandidateSource,
    ConsentField,
    DecisionKind,
    DecisionState,
    EndReason,
    NotificationKind,
    NotificationState,
    NotSelectedReason,
    OfferKind,
    OfferState,
    Outcome,
    ProposalSource,
    ProposalState,
    RefusalReason,
    RegistrationKind,
    RegistrationState,
    ReviewState,
    RunKind,
    RunState,
    SasReportState,
    SignalKind,
    SignalState,
)
from portal.profiles.refusals import Consequence

TEMPLATES = PROJECT_ROOT / "templates"
# `{% set name = {"code": _("Label"), …} %}`: a dictionary of translated labels built in a template.
LABEL_DICTIONARY = re.compile(r"{%-?\s*set\s+\w+\s*=\s*{[^%]*?_\(")
# `.state.value == "registered"`, `.kind.value in (…)`, `section.status == "failed"`: a stored code
# compared as text.
RAW_CODE = re.compile(r"\.(state|kind|status)(\.value\s*(==|!=|in\b)|\s*(==|!=)\s*[\"'])")
# Dictionaries that are not labels: the sign-in failure page pairs a title with its advice.
NOT_LABELS = {"auth/failed/page.html"}


@pytest.mark.parametrize(
    ("mapping", "codes"),
    [
        (labels.REGISTRATION_STATES, RegistrationState),
        (labels.REGISTRATION_KINDS, RegistrationKind),
        (labels.NOTIFICATION_KINDS, NotificationKind),
        (labels.NOTIFICATION_STATES, NotificationState),
        (labels.DOCUMENT_TYPES, DecisionKind),
        (labels.OFFER_KINDS, OfferKind),
        (labels.OFFER_STATES, OfferState),
        (labels.OFFER_STATE_COLOURS, OfferState),
        (labels.REFUSAL_REASONS, RefusalReason),
        (labels.REVIEW_STATES, ReviewState),
        (labels.CONSEQUENCES, Consequence),
        (labels.SAS_REPORT_STATES, SasReportState),
        (labels.CONSENT_FIELDS, ConsentField),
        (labels.CANDIDATE_SOURCES, CandidateSource),
        (labels.OUTCOMES, Outcome),
        (labels.NOT_SELECTED_REASONS, NotSelectedReason),
        (labels.END_REASONS, EndReason),
        (labels.PROPOSAL_SOURCES, ProposalSource),
        (labels.PROPOSAL_STATES, ProposalState),
        (labels.RUN_KINDS, RunKind),
        (labels.RUN_STATES, RunState),
        (labels.BATCH_STATES, BatchState),
        (labels.SIGNAL_KINDS, SignalKind),
        (labels.SIGNAL_STATES, SignalState),
    ],
)
def test_every_code_has_a_label(mapping, codes):
    assert set(mapping) == set(codes)


def test_decision_labels_cover_what_people_see():
    assert set(labels.DECISION_KINDS) == set(labels.DECISION_KINDS_FOR_STAFF)
    assert set(labels.DECISION_STATES) == set(DecisionState) - {DecisionState.ISSUED}
    assert set(labels.DECISION_KINDS) == set(DecisionKind)


def test_a_code_is_found_by_its_enum_or_its_value_and_an_unknown_one_is_shown_as_it_is(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert labels.label(labels.REGISTRATION_STATES, RegistrationState.REGISTERED) == "Registered"
        assert labels.label(labels.REGISTRATION_STATES, "registered") == "Registered"
        assert labels.label(labels.SOCIAL_ASSISTANCE_STATUSES, "NEW_CODE") == "NEW_CODE"
        assert labels.role_label("employer", "Acme OÜ") == "Employer: Acme OÜ"
        assert labels.role_label("counsellor") == "Counsellor"


def test_templates_build_no_label_dictionaries_and_compare_no_raw_codes():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text(encoding="utf-8")
        if name not in NOT_LABELS and LABEL_DICTIONARY.search(text):
            found.append(f"{name}: label dictionary")
        if RAW_CODE.search(text):
            found.append(f"{name}: raw code comparison")
    assert found == []
