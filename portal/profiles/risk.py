"""The risk profiling model: a transparent points table per country (data, not code).

Each factor turns one fact about the person into points; the sum decides the level (risk of
becoming long-term unemployed), the level decides the service and whether an individual
employment plan is required. Everything here is shown to the counsellor and, in plain words, to
the person. A band table `((from, points), ...)` gives the points of the last band whose `from`
the value reaches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Bands = tuple[tuple[int, int], ...]


def band_points(bands: Bands, value: int) -> int:
    points = 0
    for start, band in bands:
        if value >= start:
            points = band
    return points


@dataclass(frozen=True)
class RiskModel:
    version: str = "2026-12"
    age: Bands = ((0, 1), (25, 0), (50, 2), (58, 4))
    education: Bands = ((0, 4), (3, 2), (5, 0))  # ISCED 2011 level
    education_unknown: int = 2
    months_since_job: Bands = ((0, 0), (6, 1), (12, 3), (24, 4))
    never_employed: int = 4
    months_employed_2y: Bands = ((0, 3), (6, 2), (12, 1), (18, 0))
    previous_spells: Bands = ((0, 0), (1, 1), (2, 2), (4, 3))
    social_assistance: Mapping[str, int] = field(default_factory=lambda: {"I": 4, "II": 2})
    barriers: Mapping[str, int] = field(
        default_factory=lambda: {"caring": 2, "health": 3, "no_driving_licence": 1}
    )
    no_official_language: int = 2
    official_languages: tuple[str, ...] = ()
    region: Mapping[str, int] = field(default_factory=lambda: {"low": 0, "average": 1, "high": 2})
    medium_from: int = 6  # a score from here is medium risk
    high_from: int = 11  # and from here high risk
    # The service each level gets, and the levels that require an individual employment plan.
    services: Mapping[str, str] = field(
        default_factory=lambda: {"low": "self_service", "medium": "counselling", "high": "intensive"}
    )
    plan_required: tuple[str, ...] = ("high",)

    def level(self, score: int) -> str:
        if score >= self.high_from:
            return "high"
        if score >= self.medium_from:
            return "medium"
        return "low"


ESTONIA_RISK = RiskModel(official_languages=("et",), plan_required=("medium", "high"))
KOSOVO_RISK = RiskModel(
    official_languages=("sq", "sr"),
    # Kosovo's EMIS segments: low (self-service), medium (counselling), high (intensive counselling
    # with an individual employment plan). Long gaps weigh more where jobs are scarce.
    months_since_job=((0, 0), (6, 1), (12, 2), (24, 4)),
    region={"low": 0, "average": 1, "high": 3},
    plan_required=("high",),
)
