"""The search index of published vacancies and trainings, and what jobseekers save from it.

`SearchEntry` is one row per published, searchable vacancy or training: the text the full-text
index reads (folded: lower case, no diacritics; the title, the description without markup, the
organisation and the occupation's ISCO-08 title in all five languages) and copies of the columns
the filters and sorts use, so a search reads this table and its indexes only, never the vacancy
or training tables. Rows are written by `portal.services.search` from the vacancy and training
rows (a row that is not published has no entry).

The backend-specific part of the index is created by the migration, outside these models:
on SQLite an FTS5 table `search_entry_fts` over `title_folded` and `text_folded` (external
content, kept in step by triggers on this table); on PostgreSQL a `tsv` tsvector column with a
GIN index, and a trigram index on `title_folded` for fuzzy title matches.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, created_at, intpk


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(kind, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


# ix_search_entry_listing after `kind`: the sort column, then every column a filter compares.
LISTING_COLUMNS = (
    "published_at",
    "deadline",
    "working_time",
    "contract",
    "wage_max",
    "remote",
    "occupation_group",
    "education_level",
    "county_codes",
)


class EntryKind(enum.StrEnum):
    VACANCY = "vacancy"
    TRAINING = "training"


class SearchEntry(Base):
    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id"),
        # The listing (newest first) and "posted within" walk this index; it holds every filtered
        # column (the counties too), so the filters and the count read the index, not the table's
        # wide rows nor search_place.
        # PostgreSQL's entries include the id (SQLite's carry the rowid, which is the id), so the
        # count and a county's probe of search_place are answered from the index alone.
        Index("ix_search_entry_listing", "kind", *LISTING_COLUMNS, postgresql_include=["id"]),
        Index("ix_search_entry_kind_deadline", "kind", "deadline"),
        Index("ix_search_entry_kind_group", "kind", "occupation_group", "published_at"),
    )

    id: Mapped[intpk]
    kind: Mapped[EntryKind] = mapped_column(_enum(EntryKind))
    ref_id: Mapped[int] = mapped_column(comment="id of the vacancy or training")
    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(300), default="", comment="employer or provider")
    summary: Mapped[str] = mapped_column(
        String(400), default="", comment="start of the description, plain text"
    )
    title_folded: Mapped[str] = mapped_column(String(300), comment="title, lower case, no diacritics")
    text_folded: Mapped[str] = mapped_column(
        Text, comment="description, organisation and occupation titles in every language, folded"
    )
    occupation_code: Mapped[str | None] = mapped_column(String(4), comment="ISCO-08 unit group")
    occupation_group: Mapped[str | None] = mapped_column(String(1), comment="ISCO-08 major group")
    remote: Mapped[bool] = mapped_column(default=False)
    working_time: Mapped[str | None] = mapped_column(String(20))
    contract: Mapped[str | None] = mapped_column(String(20))
    wage_min: Mapped[int | None] = mapped_column()
    wage_max: Mapped[int | None] = mapped_column(comment="a 'minimum wage' filter compares with this")
    education_level: Mapped[int | None] = mapped_column(comment="ISCED level required, 0-8")
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[dt.date | None] = mapped_column(comment="apply by (vacancy) or start (training)")
    municipality_codes: Mapped[str] = mapped_column(
        Text,
        default="",
        server_default="",
        comment="the municipality codes of its places, sorted, comma-separated (0296,0784); a copy "
        "of search_place's for the results to show, the filters read search_place",
    )
    county_codes: Mapped[str] = mapped_column(
        Text,
        default="",
        server_default="",
        comment="the county codes of its places, sorted, each between commas (,37,78,); a copy of "
        "search_place's for the county filter, read from the listing index",
    )


class SearchPlace(Base):
    """Where an entry's work or course is: one row per municipality, with its county."""

    __tablename__ = "search_place"
    __table_args__ = (
        Index("ix_search_place_municipality", "municipality_code", "entry_id"),
        Index("ix_search_place_county", "county_code", "entry_id"),
    )

    entry_id: Mapped[int] = mapped_column(ForeignKey("search_entry.id", ondelete="CASCADE"), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    county_code: Mapped[str] = mapped_column(String(10), default="")


class SavedSearch(Base):
    """A jobseeker's search, kept with its filters, optionally with a daily e-mail of new matches."""

    __tablename__ = "saved_search"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EntryKind] = mapped_column(_enum(EntryKind), default=EntryKind.VACANCY)
    query: Mapped[dict] = mapped_column(JSON, comment="the search's parameters, normalised")
    label: Mapped[str] = mapped_column(String(200), comment="what the person sees in their list")
    alerts: Mapped[bool] = mapped_column(default=True, index=True, comment="daily e-mail of new matches")
    alerted_up_to: Mapped[dt.datetime] = mapped_column(
        UTCDateTime(), comment="entries published after this are new for the next alert"
    )
    created_at: Mapped[created_at]


class SavedVacancy(Base):
    """A vacancy a jobseeker keeps in their list (`/jobseeker/saved-vacancies`). The row stays when
    the vacancy closes or expires, so the list can say so; it goes with the person or the vacancy."""

    __tablename__ = "saved_vacancy"
    __table_args__ = (
        UniqueConstraint("person_id", "vacancy_id"),
        Index("ix_saved_vacancy_person_created", "person_id", "created_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created_at]
