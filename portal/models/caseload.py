"""A registered jobseeker's case: the office they belong to, their responsible counsellor, and
the figures the caseload filters and sorts on, kept on one row so the list is one indexed query.

The columns `risk_level`, `plan_status` and `next_due_on` are copies kept by the services that
own the data (risk profiling, the employment plan), written in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.models.auth import StaffMember
from portal.models.base import Base, created_at, intpk, updated_at, utcnow
from portal.models.person import Person


def _enum(kind: type[enum.Enum], length: int = 16) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class RiskLevel(enum.StrEnum):
    """Risk of becoming long-term unemployed; sets the service level."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class PlanStatus(enum.StrEnum):
    NONE = "none"  # no individual employment plan
    DRAFT = "draft"  # drafted by the counsellor, not yet agreed
    AGREED = "agreed"  # the jobseeker agreed the current version


OPEN = text("closed_on IS NULL")
# A counsellor's own cases: their name-ordered index also holds every filter column, so SQLite
# takes it (two equalities, covering) rather than scanning the office in the filters' index.
COUNSELLOR_COVERED = (
    "risk_level",
    "plan_status",
    "next_due_on",
    "social_assistance",
    "unemployed_since",
    "opened_on",
    "person_id",
)


class JobseekerCase(Base):
    __tablename__ = "jobseeker_case"
    __table_args__ = (
        Index("ix_jobseeker_case_office_family", "office", "family_key", "given_key"),
        Index("ix_jobseeker_case_counsellor_family", "counsellor_id", "family_key", "given_key"),
        Index("ix_jobseeker_case_office_assigned", "office", "assigned_at"),
        # The caseload reads open cases only (`closed_on IS NULL`): partial indexes of them, one per
        # page order that needs no sort (by name in the office or the counsellor's cases, newest in
        # the office), and one holding every column a filter, a count or a sort reads, so the count,
        # the figures and the choice of a page's ids never read the table (docs/performance.md).
        # Each ends with `closed_on`, which the query names: without it SQLite reads the table.
        Index(
            "ix_jobseeker_case_open_office_name",
            "office",
            "family_key",
            "given_key",
            "id",
            "closed_on",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index(
            "ix_jobseeker_case_open_counsellor_name",
            "office",
            "counsellor_id",
            "family_key",
            "given_key",
            "id",
            *COUNSELLOR_COVERED,
            "closed_on",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index(
            "ix_jobseeker_case_open_office_opened",
            "office",
            "opened_on",
            "id",
            "closed_on",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index(
            "ix_jobseeker_case_open_filters",
            "office",
            "risk_level",
            "counsellor_id",
            "plan_status",
            "next_due_on",
            "social_assistance",
            "unemployed_since",
            "opened_on",
            "family_key",
            "given_key",
            "person_id",
            "closed_on",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        # "Next action due" first: the dated cases in date order, by office and by office and risk
        # level (the page reads the dated ones, then the undated ones by id: `caseload._due_ids`).
        Index(
            "ix_jobseeker_case_open_office_due",
            "office",
            "next_due_on",
            "id",
            "closed_on",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index(
            "ix_jobseeker_case_open_risk_due",
            "office",
            "risk_level",
            "next_due_on",
            "id",
            "closed_on",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        # The reports' caseload by risk: open cases counted per level without reading the rows.
        Index(
            "ix_jobseeker_case_open_risk",
            "risk_level",
            "plan_status",
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    office: Mapped[str] = mapped_column(String(200), comment="the office serving the home municipality")
    counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL"), comment="the responsible counsellor"
    )
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    opened_on: Mapped[dt.date] = mapped_column(comment="the day the person registered")
    closed_on: Mapped[dt.date | None] = mapped_column(comment="registration ended; off the caseload")
    # Name keys (case-folded) for prefix search and sorting within an office without a join.
    family_key: Mapped[str] = mapped_column(String(200), default="")
    given_key: Mapped[str] = mapped_column(String(200), default="")
    risk_level: Mapped[RiskLevel | None] = mapped_column(_enum(RiskLevel), index=True)
    plan_status: Mapped[PlanStatus] = mapped_column(_enum(PlanStatus), default=PlanStatus.NONE)
    next_due_on: Mapped[dt.date | None] = mapped_column(
        index=True, comment="earliest due date of an open plan activity"
    )
    social_assistance: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        comment="receiving social assistance (register, at registration)",
    )
    unemployed_since: Mapped[dt.date | None] = mapped_column(
        comment="end of the last job (tax register), else the registration day"
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    person: Mapped[Person] = relationship()
    counsellor: Mapped[StaffMember | None] = relationship()


class OfficeTurn(Base):
    """One row per office: whose turn it is in the round robin of new cases. Assigning a case
    locks this row first (an UPDATE of `assignments`), so two registrations at once in the same
    office take turns instead of both reading the same "last counsellor" (`case_assignment.next_counsellor`)."""

    __tablename__ = "office_turn"

    office: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL"), comment="given the office's latest new case"
    )
    assignments: Mapped[int] = mapped_column(default=0, comment="cases assigned by turn (the lock's counter)")
    updated_at: Mapped[updated_at]


class CaseNote(Base):
    """A confidential note: staff only, never shown to the person; every read is audited."""

    __tablename__ = "case_note"
    __table_args__ = (Index("ix_case_note_person_created", "person_id", "created_at"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]

    author: Mapped[Person | None] = relationship(foreign_keys=[author_person_id])
