"""How a country ranks jobseekers for a vacancy and vacancies for a jobseeker: points per factor.

Data, not code: `services/matching` reads these numbers and nothing else decides an order. A
factor that holds adds its points; a requirement the person does not meet subtracts its penalty.
Points for one factor are not added twice: occupation and place each count their best level only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class MatchingWeights:
    # Occupation (best of the record's occupations and the tax register's employment history).
    same_unit_group: int = 40  # ISCO-08 4 digits
    same_minor_group: int = 28  # 3 digits
    same_sub_major_group: int = 16  # 2 digits
    history_related: int = 12  # an employment in the tax register in the same minor group
    # Place (best level).
    home_municipality: int = 20  # lives in a municipality of the job
    home_county: int = 12  # lives in the same county (maakond, district)
    preferred_place: int = 10  # a place the person said they would work in
    remote: int = 8  # the job allows remote work and the person would work remotely
    # Requirements: points when met, a penalty when not (unknown data: neither).
    education_met: int = 6
    education_missing: int = 10
    languages_met: int = 6  # every language asked, at the level asked
    language_missing: int = 8  # per language asked that the person does not have at that level
    licence_met: int = 5
    licence_missing: int = 10
    working_time_met: int = 4
    working_time_missing: int = 4
    contract_met: int = 3  # the job's kind of contract is one the person would take
    contract_missing: int = 5  # it is not (a permanent job for someone who wants seasonal work...)
    available_met: int = 3  # can start by the job's start date
    available_late: int = 3
    wage_met: int = 4  # expectation within (or below the top of) the wage range
    wage_above: int = 6  # expects more than the job pays at most
    # Equal scores: "registered_first" (longest registered first) or "list_order" (Kosovo:
    # category II social assistance first, then registration date, a refusal moves to the end).
    tie_break: Literal["registered_first", "list_order"] = "registered_first"


ESTONIA_WEIGHTS = MatchingWeights()

# Kosovo: jobs are mostly found near home (few commute across districts) and many vacancies ask
# for a specific occupation's experience, so place and history weigh more; the employment
# agency's list order breaks ties (Administrative Instruction on employment mediation).
KOSOVO_WEIGHTS = MatchingWeights(
    same_unit_group=40,
    same_minor_group=26,
    same_sub_major_group=14,
    history_related=12,
    home_municipality=24,
    home_county=14,
    preferred_place=8,
    remote=4,
    languages_met=4,
    language_missing=6,
    # Most jobs are offered on fixed-term contracts (Law No. 03/L-212 on Labour allows them for
    # up to ten years), so wanting a permanent one is common and says less about the match.
    contract_met=2,
    contract_missing=3,
    tie_break="list_order",
)
