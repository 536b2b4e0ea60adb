"""Per-day counts of decisions for the reports (docs/reports.md, "Per-day counts"): what the three
decision figures would count for one day of the country's calendar, one office and one
municipality, written by the nightly `refresh_report_days` job so that a report reads a few
hundred rows instead of every decision of the period. The current day is always counted live."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, utcnow


class ReportDecisionDay(Base):
    __tablename__ = "report_decision_day"

    day: Mapped[dt.date] = mapped_column(primary_key=True, comment="the country's calendar day of issue")
    office: Mapped[str] = mapped_column(
        String(100), primary_key=True, comment="the person's case office at the refresh; '' for none"
    )
    municipality: Mapped[str] = mapped_column(
        String(10), primary_key=True, comment="the population register's municipality at registration"
    )
    registered: Mapped[int] = mapped_column(default=0, comment="first registration decisions")
    registered_automatic: Mapped[int] = mapped_column(default=0, comment="of them made by a rule")
    registration_decisions: Mapped[int] = mapped_column(
        default=0, comment="first decisions, registered or refused"
    )
    days_total: Mapped[float] = mapped_column(Float, default=0.0, comment="sum of days from the application")
    on_time: Mapped[int] = mapped_column(default=0, comment="made by the statutory deadline")
    issued: Mapped[int] = mapped_column(default=0, comment="every decision issued")
    opened: Mapped[int] = mapped_column(default=0, comment="of them opened in the portal's inbox")
    # The back-office home's on-time share: every decision with a due date (migration 0042).
    due_total: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="decisions that had a due date"
    )
    due_on_time: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="of them issued on or before it"
    )


class ReportSummaryState(Base):
    """How far a summary table is complete: every day up to `built_through` is in it."""

    __tablename__ = "report_summary_state"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    built_through: Mapped[dt.date]
    refreshed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
