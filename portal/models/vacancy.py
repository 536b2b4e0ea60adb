"""Employers' company profiles and their vacancies, with every state change on record.

A vacancy belongs to a company (its business registry code), not to the person who typed it:
every representative of the company sees the same vacancies, and a counsellor may register one on
the company's behalf. Places and languages are rows, so that search and matching select by them
with an index. The full-text index is the search module's (not declared here).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import (
    JSON,
    Connection,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    event,
    false,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, attributes, mapped_column, relationship

from portal.models.base import Base, created_at, intpk, updated_at, utcnow


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(
        kind,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        length=length,
        validate_strings=True,
    )


class VacancyState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # waiting in the counsellors' check queue
    PUBLISHED = "published"
    CLOSED = "closed"


class ClosureReason(enum.StrEnum):
    FILLED = "filled"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class VacancyWorkingTime(enum.StrEnum):
    FULL = "full"
    PART = "part"
    SHIFTS = "shifts"


class ContractType(enum.StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"  # ends on `contract_end`
    SEASONAL = "seasonal"


class RemoteWork(enum.StrEnum):
    ON_SITE = "on_site"  # at the places listed
    HYBRID = "hybrid"  # partly at the places listed, partly remote
    REMOTE = "remote"  # no place needed


class ApplyMethod(enum.StrEnum):
    PORTAL = "portal"  # through the portal (the offers module)
    EMAIL = "email"  # `apply_address` is an e-mail address
    WEBSITE = "website"  # `apply_address` is the employer's https URL


class ActorRole(enum.StrEnum):
    EMPLOYER = "employer"  # a representative of the company
    COUNSELLOR = "counsellor"  # PES staff (on the employer's behalf or checking)
    SYSTEM = "system"  # the daily expiry job
    PUBLIC = "public"  # anyone reporting a vacancy


class EmployerCompany(Base):
    """A company's profile: name and address from the business register, the rest its own."""

    __tablename__ = "employer_company"

    id: Mapped[intpk]
    registry_code: Mapped[str] = mapped_column(String(20), unique=True, comment="business registry code")
    name: Mapped[str] = mapped_column(String(300), comment="from the business register")
    address: Mapped[str | None] = mapped_column(String(500), comment="from the business register")
    register_checked_at: Mapped[dt.datetime | None] = mapped_column(
        comment="when name and address were last read from the register"
    )
    verified: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        comment="a counsellor trusts it: may publish directly where the profile allows it",
    )
    contact_person: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text, comment="plain text, shown on vacancy pages")
    notice_language: Mapped[str | None] = mapped_column(
        String(8),
        comment="language of the company's e-mail notices (et, en, ru, sq, sr); none: the profile's first",
    )
    version: Mapped[int] = mapped_column(default=1, comment="stops two tabs from overwriting each other")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    __mapper_args__ = {"version_id_col": version}


class Vacancy(Base):
    __tablename__ = "vacancy"
    __table_args__ = (
        Index("ix_vacancy_employer_state", "employer_code", "state"),
        Index("ix_vacancy_state_published_at", "state", "published_at"),
        # Matching's "vacancies for a person" (services/matching/queries/) reads a range of
        # occupation codes and scores every column below: all in the index, the table is not read
        # (SQLite: a covering index; PostgreSQL: an index-only scan once vacuumed, one range at a
        # time).
        Index(
            "ix_vacancy_matching",
            "occupation_code",
            "state",
            "deadline",
            "published_at",
            "remote",
            "working_time",
            "contract",
            "education_level",
            "driving_licence",
            "start_date",
            "wage_max",
            "place_codes",
            # The id too on PostgreSQL (SQLite's index entries carry the rowid, which is the id):
            # without it every row found was read from the table for its id.
            postgresql_include=["id"],
        ),
    )

    id: Mapped[intpk]
    employer_code: Mapped[str] = mapped_column(
        ForeignKey("employer_company.registry_code", ondelete="RESTRICT"),
        comment="the company's business registry code",
    )
    title: Mapped[str] = mapped_column(String(200))
    occupation_code: Mapped[str] = mapped_column(String(4), index=True, comment="ISCO-08 unit group")
    description: Mapped[str] = mapped_column(
        Text, comment="limited HTML, sanitised on input and again on output (services/vacancy_text.py)"
    )
    remote: Mapped[RemoteWork] = mapped_column(_enum(RemoteWork), default=RemoteWork.ON_SITE)
    working_time: Mapped[VacancyWorkingTime] = mapped_column(_enum(VacancyWorkingTime))
    contract: Mapped[ContractType] = mapped_column(_enum(ContractType))
    contract_end: Mapped[dt.date | None] = mapped_column(comment="fixed-term contracts only")
    wage_min: Mapped[int] = mapped_column(comment="gross per month, whole units of `currency`")
    wage_max: Mapped[int] = mapped_column(comment="gross per month, whole units of `currency`")
    currency: Mapped[str] = mapped_column(String(3), comment="the country profile's currency, ISO 4217")
    education_level: Mapped[int | None] = mapped_column(comment="ISCED 2011 level required; None: any")
    driving_licence: Mapped[str | None] = mapped_column(
        String(40), comment="licence categories required, comma separated (B,C1)"
    )
    experience_years: Mapped[int] = mapped_column(default=0)
    positions: Mapped[int] = mapped_column(default=1)
    start_date: Mapped[dt.date | None] = mapped_column(comment="None: as soon as possible")
    deadline: Mapped[dt.date] = mapped_column(index=True, comment="last day to apply; expires after it")
    apply_method: Mapped[ApplyMethod] = mapped_column(_enum(ApplyMethod), default=ApplyMethod.PORTAL)
    apply_address: Mapped[str | None] = mapped_column(String(500), comment="e-mail or https URL")
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(32))

    state: Mapped[VacancyState] = mapped_column(_enum(VacancyState), default=VacancyState.DRAFT, index=True)
    closure_reason: Mapped[ClosureReason | None] = mapped_column(_enum(ClosureReason))
    needs_check: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        index=True,
        comment="published but a counsellor still has to look: direct publishing or a report",
    )
    check_flags: Mapped[list[str]] = mapped_column(
        JSON, default=list, comment="what the automatic check found: wording, low_wage, duplicate"
    )

    created_by_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    created_by_role: Mapped[ActorRole] = mapped_column(_enum(ActorRole), default=ActorRole.EMPLOYER)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]
    published_at: Mapped[dt.datetime | None] = mapped_column(comment="first publication")
    edited_at: Mapped[dt.datetime | None] = mapped_column(
        comment="last edit while published: the visible 'updated' date"
    )
    closed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1, comment="stops two tabs from overwriting each other")
    place_codes: Mapped[str] = mapped_column(
        Text,
        default="",
        server_default="",
        comment="the municipality codes of its places, sorted, each between commas (,0784,0793,); "
        "empty: none. A copy for matching, kept after every flush (refresh_place_codes)",
    )

    places: Mapped[list[VacancyPlace]] = relationship(
        cascade="all, delete-orphan", order_by="VacancyPlace.id"
    )
    languages: Mapped[list[VacancyLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="VacancyLanguage.id"
    )
    company: Mapped[EmployerCompany] = relationship(lazy="raise_on_sql", viewonly=True)
    # The reports not yet handled, oldest first (the counsellor's check page reads them as rows of
    # its one statement: `vacancies.check_page`).
    open_reports: Mapped[list[VacancyReport]] = relationship(
        primaryjoin="and_(VacancyReport.vacancy_id == Vacancy.id, VacancyReport.handled_at.is_(None))",
        order_by="VacancyReport.created_at",
        lazy="raise_on_sql",
        viewonly=True,
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def municipality_codes(self) -> list[str]:
        return [row.municipality_code for row in self.places]


class VacancyPlace(Base):
    __tablename__ = "vacancy_place"
    __table_args__ = (UniqueConstraint("vacancy_id", "municipality_code"),)

    id: Mapped[intpk]
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    municipality_code: Mapped[str] = mapped_column(String(10), index=True)


def place_codes(codes: Iterable[str]) -> str:
    """`Vacancy.place_codes` of these municipality codes: sorted, each between commas; '' for none."""
    ordered = sorted(set(codes))
    return f",{','.join(ordered)}," if ordered else ""


def refresh_place_codes(connection: Connection, vacancy_ids: Iterable[int]) -> dict[int, str]:
    """Write `place_codes` of these vacancies from their `vacancy_place` rows as they are now;
    returns the values that changed. Bulk writers (Core inserts of places) call it themselves."""
    ids = sorted({vacancy_id for vacancy_id in vacancy_ids if vacancy_id is not None})
    changed: dict[int, str] = {}
    v, place = Vacancy.__table__.c, VacancyPlace.__table__.c
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        codes: dict[int, list[str]] = defaultdict(list)
        for vacancy_id, code in connection.execute(
            select(place.vacancy_id, place.municipality_code).where(place.vacancy_id.in_(batch))
        ):
            codes[vacancy_id].append(code)
        for vacancy_id, old in connection.execute(select(v.id, v.place_codes).where(v.id.in_(batch))):
            new = place_codes(codes[vacancy_id])
            if new != old:
                changed[vacancy_id] = new
    if changed:
        connection.execute(
            update(Vacancy.__table__)
            .where(v.id == bindparam("vacancy_id"))
            .values(place_codes=bindparam("codes")),
            [{"vacancy_id": vacancy_id, "codes": new} for vacancy_id, new in changed.items()],
        )
    return changed


@event.listens_for(Session, "after_flush")
def _keep_place_codes(session: Session, _context: object) -> None:
    """Every flush that adds, changes or removes a vacancy's places (through `Vacancy.places` or
    a `VacancyPlace` of its own) rewrites the vacancy's `place_codes` from the flushed rows."""
    touched: set[int] = set()
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, VacancyPlace):
            touched.add(obj.vacancy_id)
        elif isinstance(obj, Vacancy) and (
            obj in session.new
            or (obj not in session.deleted and inspect(obj).attrs.places.history.has_changes())
        ):
            touched.add(obj.id)
    touched.discard(None)  # type: ignore[arg-type]
    if not touched:
        return
    changed = refresh_place_codes(session.connection(), touched)
    # The session's copies too (new ones join the identity map only after this event).
    for obj in itertools.chain(session.new, session.identity_map.values()):
        if isinstance(obj, Vacancy) and obj.id in changed:
            attributes.set_committed_value(obj, "place_codes", changed[obj.id])


class VacancyLanguage(Base):
    __tablename__ = "vacancy_language"
    __table_args__ = (UniqueConstraint("vacancy_id", "language"),)

    id: Mapped[intpk]
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8), comment="ISO 639-1")
    level: Mapped[str] = mapped_column(String(8), comment="CEFR A1-C2 or 'native'")


class VacancyStateChange(Base):
    """One row per state change (and per check): who, in which role, when, from what, to what, why."""

    __tablename__ = "vacancy_state_change"

    id: Mapped[intpk]
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    actor_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    actor_role: Mapped[ActorRole] = mapped_column(_enum(ActorRole))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    from_state: Mapped[VacancyState | None] = mapped_column(_enum(VacancyState))
    to_state: Mapped[VacancyState] = mapped_column(_enum(VacancyState))
    reason: Mapped[str | None] = mapped_column(Text, comment="return reason, closure reason, edit note")


class VacancyReport(Base):
    """Someone's "report this vacancy": waits in the check queue until a counsellor handles it."""

    __tablename__ = "vacancy_report"

    id: Mapped[intpk]
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]
    handled_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    handled_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))


class EmployerMessage(Base):
    """The company's inbox: something happened to one of its vacancies (published, returned with a
    reason, expired). Every representative of the company sees the same messages; the e-mail that
    tells about it goes to the company profile's address and says only that something is new."""

    __tablename__ = "employer_message"
    __table_args__ = (Index("ix_employer_message_employer_created", "employer_code", "created_at"),)

    id: Mapped[intpk]
    employer_code: Mapped[str] = mapped_column(
        ForeignKey("employer_company.registry_code", ondelete="CASCADE")
    )
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40), comment="vacancy_published, vacancy_returned, ...")
    reason: Mapped[str | None] = mapped_column(Text, comment="a counsellor's reason, shown to the company")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
    notified_at: Mapped[dt.datetime | None] = mapped_column(comment="when the e-mail went out")
