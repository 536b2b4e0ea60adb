"""The caseload (issue 15's data: `jobseeker_case`): open cases by risk of long-term unemployment,
which sets the service level, and how many have an agreed individual plan. A snapshot of today:
the period does not apply, the office and region filters do."""

from __future__ import annotations

from sqlalchemy import case, func, select

from portal.catalog import gettext, ngettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models.caseload import JobseekerCase, PlanStatus, RiskLevel
from portal.models.profiling import RiskAssessment
from portal.profiles import CountryProfile
from portal.services.reports.figures_decisions import _percent
from portal.services.reports.registry import Chart, ReportFilter, Result, figure, person_scope, share

RISK_ROWS = {
    RiskLevel.LOW: _l("Low risk"),
    RiskLevel.MEDIUM: _l("Medium risk"),
    RiskLevel.HIGH: _l("High risk"),
    None: _l("Not yet profiled"),
}


def _case_scope(filters: ReportFilter, profile: CountryProfile) -> list:
    """The rows are the cases: the office filter is their own column (no self-join per case), and
    the region's people are read once for the office's tens of thousands of cases (`many`)."""
    office = [JobseekerCase.office == filters.office] if filters.office else []
    rest = ReportFilter(filters.start, filters.end, None, filters.region)
    return office + person_scope(JobseekerCase.person_id, rest, profile, many=True)


@figure(
    "caseload-by-risk",
    group="caseload",
    title=_l("Caseload by risk level"),
    description=_l(
        "Open cases today by the risk of long-term unemployment (which sets the service level), and "
        "how many have an agreed individual plan. The period does not apply."
    ),
    chart=Chart.STACKED,
    order=300,
)
def caseload_by_risk(filters: ReportFilter, profile: CountryProfile) -> Result:
    agreed = func.sum(case((JobseekerCase.plan_status == PlanStatus.AGREED, 1), else_=0))
    counts = {
        level: (total, int(planned or 0))
        for level, total, planned in db.session.execute(
            select(JobseekerCase.risk_level, func.count(), agreed)
            .where(JobseekerCase.closed_on.is_(None), *_case_scope(filters, profile))
            .group_by(JobseekerCase.risk_level)
        ).all()
    }
    table = []
    for level, label in RISK_ROWS.items():
        total, planned = counts.get(level, (0, 0))
        table.append((str(label), planned, total - planned, total))
    cases = sum(row[3] for row in table)
    high = counts.get(RiskLevel.HIGH, (0, 0))[0]
    summary = (
        ngettext(
            "%(num)s open case; %(high)s at high risk (%(share)s); %(planned)s with an agreed plan.",
            "%(num)s open cases; %(high)s at high risk (%(share)s); %(planned)s with an agreed plan.",
            cases,
            high=high,
            share=_percent(share(high, cases)),
            planned=sum(row[1] for row in table),
        )
        if cases
        else gettext("No open case.")
    )
    return Result(
        columns=[gettext("Risk level"), gettext("Plan agreed"), gettext("No agreed plan"), gettext("Cases")],
        rows=table,
        series=(1, 2),
        summary=summary,
    )


OVERRIDES = {
    "confirmed": _l("Confirmed as computed"),
    "raised": _l("Overridden: higher risk"),
    "lowered": _l("Overridden: lower risk"),
}


def _rank(column):
    return case((column == RiskLevel.LOW, 1), (column == RiskLevel.MEDIUM, 2), (column == RiskLevel.HIGH, 3))


@figure(
    "profiling-overrides",
    group="caseload",
    title=_l("Overrides of the risk profiling"),
    description=_l(
        "Risk assessments a counsellor decided on in the period: the computed level confirmed, or "
        "overridden to a higher or lower risk (with a reason)."
    ),
    chart=Chart.BAR,
    order=310,
)
def profiling_overrides(filters: ReportFilter, profile: CountryProfile) -> Result:
    outcome = case(
        (RiskAssessment.level == RiskAssessment.computed_level, "confirmed"),
        (_rank(RiskAssessment.level) > _rank(RiskAssessment.computed_level), "raised"),
        else_="lowered",
    )
    counts = dict(
        db.session.execute(
            select(outcome, func.count())
            .where(
                RiskAssessment.level.is_not(None),
                *filters.within(RiskAssessment.decided_at, profile),
                *person_scope(RiskAssessment.person_id, filters, profile),
            )
            .group_by(outcome)
        ).all()
    )
    table = [(str(label), counts.get(key, 0)) for key, label in OVERRIDES.items()]
    total = sum(counts.values())
    overridden = counts.get("raised", 0) + counts.get("lowered", 0)
    summary = (
        ngettext(
            "%(num)s assessment decided; %(overridden)s overridden (%(share)s).",
            "%(num)s assessments decided; %(overridden)s overridden (%(share)s).",
            total,
            overridden=overridden,
            share=_percent(share(overridden, total)),
        )
        if total
        else gettext("No risk assessment was decided in this period.")
    )
    return Result([gettext("Counsellor's decision"), gettext("Assessments")], table, (1,), summary)
