"""A list's events are serialised from their shared part (`CanonicalForm`); the chain is verified
with `canonical`, so both must give the same text for every event."""

from __future__ import annotations

import datetime as dt

import pytest

from portal import audit_chain

MOMENTS = [
    dt.datetime(2026, 12, 4, 12, 30, 1, 5, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 4, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),  # another zone
]


@pytest.mark.parametrize(
    "shared",
    [
        {
            "tag": "person_list",
            "actor_role": "counsellor",
            "actor_ref": "a" * 40,
            "purpose": "caseload listed",
            "request_id": "r-1",
            "details": {"data_categories": ["name", "personal_code", "case"], "b": {"z": 1, "a": None}},
        },
        {
            "tag": "person_view",
            "actor_role": "supervisor",
            "actor_ref": None,
            "purpose": 'Mõõt "lainurk" — \u0436\u0451\u0441\u0442\u043a\u0438\u0439 \\ /',
            "request_id": None,
            "details": None,
        },
    ],
)
def test_a_shared_form_gives_canonicals_text_for_every_event(shared):
    form = audit_chain.CanonicalForm(**shared)
    for moment in MOMENTS:
        for subject_ref in ("b" * 40, None):
            expected = audit_chain.canonical(occurred_at=moment, subject_ref=subject_ref, **shared)
            assert form.of(moment, subject_ref) == expected
