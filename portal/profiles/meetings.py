"""Meetings with a counsellor: what the country's rule says follows a missed meeting.

The portal never acts on a missed meeting by itself: it puts the meeting in the counsellor's queue
with this rule's text, and the counsellor records what they did. The rule is country data; the text
is translated like every other text the portal shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.catalog import lazy_gettext as _l


@dataclass(frozen=True)
class MeetingRules:
    # What follows a missed meeting, as the counsellor reads it in their queue (a lazy string).
    missed_rule: Any = field(
        default_factory=lambda: _l("Ask the person why they did not come and record what you decide.")
    )
    legal_basis: str = ""
    durations: tuple[int, ...] = (30, 45, 60, 90)  # minutes the booking form offers
    default_duration: int = 45


ESTONIA_MEETINGS = MeetingRules(
    missed_rule=_l(
        "Ask the person for the reason. A missed meeting without a good reason is a breach of the "
        "jobseeker's duties: record it, and consider whether the registration should end. Ending it "
        "is a counsellor's decision with appeal rights, never automatic."
    ),
    legal_basis="Tööturuteenuste ja -toetuste seadus (Labour Market Services and Benefits Act)",
)
KOSOVO_MEETINGS = MeetingRules(
    missed_rule=_l(
        "Ask the person for the reason within five working days. Without a justified reason, record "
        "the missed meeting; the counsellor decides whether to propose ending the jobseeker status "
        "and, for beneficiaries, whether to tell the social assistance scheme. Nothing follows "
        "automatically."
    ),
    legal_basis="Ligji Nr. 04/L-205 për Agjencinë e Punësimit",
)
