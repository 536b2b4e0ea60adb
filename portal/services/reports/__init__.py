"""Reports for counsellors, supervisors and managers: a registry of figures (docs/reports.md).

Importing this package registers every figure module's figures."""

from portal.services.reports import (
    figures_caseload,
    figures_decisions,
    figures_lifecycle,
    figures_offers,
    figures_vacancies,
)
from portal.services.reports.registry import (
    FIGURES,
    Chart,
    Figure,
    ReportFilter,
    Result,
    figure,
    figures,
)

__all__ = [
    "FIGURES",
    "Chart",
    "Figure",
    "ReportFilter",
    "Result",
    "figure",
    "figures",
    "figures_caseload",
    "figures_decisions",
    "figures_lifecycle",
    "figures_offers",
    "figures_vacancies",
]
