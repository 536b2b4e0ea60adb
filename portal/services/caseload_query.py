"""What a caseload page asks for: its yes/no filters (a registry), its sorts, and its query, either
of an office's or a counsellor's cases (`CaseloadQuery`) or of the signed-in staff member's
(`StaffCaseloadQuery`, whose office and id the page's statement reads). `caseload` answers them.

Filters are a registry (`register_flag`): another feature adds a yes/no filter with a condition
on `JobseekerCase` (typically an EXISTS on its own table keyed by `JobseekerCase.person_id`)
without editing this module, and the caseload page, its counts and the CSV export pick it up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case

from portal.catalog import lazy_gettext as _l
from portal.models import JobseekerCase, PlanStatus, RiskLevel

PER_PAGE = 25
LONG_TERM_DAYS = 365


@dataclass(frozen=True)
class CaseFlag:
    """A yes/no caseload filter: `condition(today)` selects the cases it keeps."""

    key: str
    label: Any  # a lazy string
    condition: Callable[[dt.date], ColumnElement[bool]]
    order: int = 100


FLAGS: dict[str, CaseFlag] = {}


def register_flag(
    key: str, label: Any, condition: Callable[[dt.date], ColumnElement[bool]], order: int = 100
) -> None:
    FLAGS[key] = CaseFlag(key, label, condition, order)


def flags() -> list[CaseFlag]:
    return sorted(FLAGS.values(), key=lambda flag: (flag.order, flag.key))


register_flag(
    "overdue", _l("Plan actions overdue"), lambda today: JobseekerCase.next_due_on < today, order=10
)
register_flag(
    "social_assistance",
    _l("Receiving social assistance"),
    lambda _today: JobseekerCase.social_assistance.is_(True),
    order=40,
)
register_flag(
    "long_term",
    _l("Unemployed longer than 12 months"),
    lambda today: JobseekerCase.unemployed_since <= today - dt.timedelta(days=LONG_TERM_DAYS),
    order=50,
)

RISK_ORDER = case(
    {RiskLevel.HIGH.value: 0, RiskLevel.MEDIUM.value: 1, RiskLevel.LOW.value: 2},
    value=JobseekerCase.risk_level,
    else_=3,
)
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (JobseekerCase.family_key, JobseekerCase.given_key, JobseekerCase.id),
    "risk": (RISK_ORDER, JobseekerCase.family_key, JobseekerCase.id),
    # Cases without a due date last: PostgreSQL's ascending index order, so it can read it in order.
    "due": (JobseekerCase.next_due_on.asc().nulls_last(), JobseekerCase.id),
    "newest": (JobseekerCase.opened_on.desc(), JobseekerCase.id.desc()),
}


@dataclass(frozen=True, kw_only=True)
class CaseFilters:
    """The filters, sort and page asked for, whoever's cases they are asked of."""

    today: dt.date
    risk: RiskLevel | None = None
    plan: PlanStatus | None = None
    flags: frozenset[str] = frozenset()
    sort: str = "name"
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True, kw_only=True)
class CaseloadQuery(CaseFilters):
    """The open cases of `office`, or of its counsellor `counsellor_id` when not None."""

    office: str
    counsellor_id: int | None  # None: the whole office

    @property
    def mine(self) -> bool:
        return self.counsellor_id is not None

    def scope(self) -> list[ColumnElement[bool]]:
        conditions = [JobseekerCase.office == self.office, JobseekerCase.closed_on.is_(None)]
        if self.counsellor_id is not None:
            conditions.append(JobseekerCase.counsellor_id == self.counsellor_id)
        return conditions

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = self.scope()
        if self.risk is not None:
            conditions.append(JobseekerCase.risk_level == self.risk)
        if self.plan is not None:
            conditions.append(JobseekerCase.plan_status == self.plan)
        conditions += [FLAGS[key].condition(self.today) for key in sorted(self.flags) if key in FLAGS]
        return conditions


@dataclass(frozen=True, kw_only=True)
class StaffCaseloadQuery(CaseFilters):
    """The open cases of the signed-in staff member's office, or with `mine` their own cases: their
    office and id are not known before the page's statement reads them (`caseload.staff_caseload`)."""

    mine: bool

    def of(self, office: str, staff_id: int) -> CaseloadQuery:
        """This query of the staff member `staff_id` of `office`."""
        return CaseloadQuery(
            office=office,
            counsellor_id=staff_id if self.mine else None,
            today=self.today,
            risk=self.risk,
            plan=self.plan,
            flags=self.flags,
            sort=self.sort,
            page=self.page,
            per_page=self.per_page,
        )
