"""What the person declared in a registration draft, read from its JSON in one place.

The draft's named operations (`portal/services/registration/drafts.py`) are the only writers of
`RegistrationDraft.answers`; this module is its only reader, for the draft and for the registration
that keeps the same answers. Views and templates get an `Answers`, never the JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.services.jobseeker_profile import Contact, Preferences


@dataclass(frozen=True)
class Correction:
    """What the person says a register's item should be, kept beside the register value."""

    declared: str
    at: str | None = None
    register: str | None = None  # the register's value as shown then (older drafts kept it)


@dataclass(frozen=True)
class Answers:
    checked: bool = False
    contact: Contact = field(default_factory=lambda: Contact(phone=None, email=None))
    occupations: tuple[str, ...] | None = None  # None before the occupations page
    preferences: Preferences | None = None
    kind: str | None = None
    corrections: Mapping[str, Correction] = field(default_factory=dict)  # "section.item" -> correction
    manual: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # section -> what was entered

    def corrections_of(self, section: str) -> dict[str, Correction]:
        """The corrections of one register's items, by item."""
        prefix = f"{section}."
        return {
            key[len(prefix) :]: value for key, value in self.corrections.items() if key.startswith(prefix)
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Answers:
        data = data or {}
        stored_contact = data.get("contact") or {}
        occupations = data.get("occupations")
        return cls(
            checked=bool(data.get("checked")),
            contact=Contact(
                phone=stored_contact.get("phone"),
                email=stored_contact.get("email"),
                notice_language=stored_contact.get("notice_language"),
            ),
            occupations=tuple(occupations) if occupations is not None else None,
            preferences=_preferences(data.get("preferences")),
            kind=data.get("kind"),
            corrections={
                key: Correction(
                    declared=value.get("declared", ""), at=value.get("at"), register=value.get("register")
                )
                for key, value in (data.get("corrections") or {}).items()
            },
            manual={name: dict(value or {}) for name, value in (data.get("manual") or {}).items()},
        )


def _preferences(data: Mapping[str, Any] | None) -> Preferences | None:
    if not data:
        return None
    start_on = data.get("start_on")
    return Preferences(
        municipalities=tuple(data.get("municipalities") or ()),
        remote=bool(data.get("remote")),
        working_time=data.get("working_time") or "any",
        languages=tuple(data.get("languages") or ()),
        start_on=dt.date.fromisoformat(start_on) if start_on else None,
        contracts=tuple(data.get("contracts") or ()),
    )
