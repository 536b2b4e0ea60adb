"""Writing the search index: one `SearchEntry` (and its places) per published vacancy or training.

The vacancy and training modules describe a row as a `Document` (`sources.py` registers how);
`put` and `drop` write it with Core statements on the session's connection, in the caller's
transaction, so the index changes exactly when the row does. The full-text structures follow
`search_entry` inside the database (SQLite: triggers into the FTS5 table; PostgreSQL: a generated
tsvector column), see the migration `0024_search`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy import Connection, delete, insert, select

from portal.models.search import EntryKind, SearchEntry, SearchPlace
from portal.services.reference_data import fold, occupation_texts

SUMMARY_CHARS = 300


@dataclass(frozen=True)
class Document:
    """What the index needs to know of one published vacancy or training."""

    kind: EntryKind
    ref_id: int
    title: str
    description_html: str  # sanitised rich text; markup is dropped before indexing
    published_at: dt.datetime
    organisation: str = ""
    occupation_code: str | None = None
    municipalities: tuple[tuple[str, str], ...] = ()  # (municipality code, county code)
    remote: bool = False
    working_time: str | None = None
    contract: str | None = None
    wage_min: int | None = None
    wage_max: int | None = None
    education_level: int | None = None
    deadline: dt.date | None = None
    extra_text: str = ""  # more words to find it by (a training's provider, a language...)


class _Text(HTMLParser):
    """Text content of limited rich text: paragraphs and list items become separate lines."""

    BREAKS = frozenset({"p", "li", "br", "ul", "ol", "div", "h2", "h3", "h4"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(rich: str) -> str:
    """The words of an HTML fragment without its markup, whitespace collapsed per line."""
    parser = _Text()
    parser.feed(rich or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return html.unescape("\n".join(line for line in lines if line))


def _summary(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= SUMMARY_CHARS:
        return flat
    return flat[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


def row_of(document: Document) -> dict:
    """The `search_entry` values of a document."""
    description = plain_text(document.description_html)
    code = document.occupation_code
    searchable = [
        description,
        document.organisation,
        document.extra_text,
        *(occupation_texts(code) if code else []),
    ]
    return {
        "kind": document.kind.value,
        "ref_id": document.ref_id,
        "title": document.title[:300],
        "organisation": document.organisation[:300],
        "summary": _summary(description),
        "title_folded": fold(document.title)[:300],
        "text_folded": fold("\n".join(part for part in searchable if part)),
        "occupation_code": code,
        "occupation_group": code[0] if code else None,
        "remote": document.remote,
        "working_time": document.working_time,
        "contract": document.contract,
        "wage_min": document.wage_min,
        "wage_max": document.wage_max if document.wage_max is not None else document.wage_min,
        "education_level": document.education_level,
        "published_at": document.published_at,
        "deadline": document.deadline,
        "municipality_codes": ",".join(sorted(dict(document.municipalities))),
        "county_codes": county_codes(county for _code, county in document.municipalities),
    }


def county_codes(counties: Iterable[str]) -> str:
    """`search_entry.county_codes`: the distinct county codes, sorted, each between commas
    (",37,78,"), so the county filter finds ",37," in it; "" without any county."""
    found = sorted({county for county in counties if county})
    return f",{','.join(found)}," if found else ""


def drop(connection: Connection, kind: EntryKind, ref_ids: Iterable[int]) -> None:
    """Take rows out of the index (closed, withdrawn, back to draft, deleted)."""
    ids = list(ref_ids)
    if ids:
        connection.execute(
            delete(SearchEntry).where(SearchEntry.kind == kind.value, SearchEntry.ref_id.in_(ids))
        )


def put(connection: Connection, documents: Sequence[Document]) -> None:
    """Index documents, replacing their previous entries. Places go in their own rows so a
    municipality filter reads an index, not a list in a text column; the county filter reads the
    entry's `county_codes` in the listing index (a handful of counties, one probe fewer per row)."""
    for kind in {document.kind for document in documents}:
        drop(connection, kind, (d.ref_id for d in documents if d.kind is kind))
    if not documents:
        return
    connection.execute(insert(SearchEntry), [row_of(document) for document in documents])
    ids = {
        (kind, ref_id): entry_id
        for entry_id, kind, ref_id in connection.execute(
            select(SearchEntry.id, SearchEntry.kind, SearchEntry.ref_id).where(
                SearchEntry.ref_id.in_([d.ref_id for d in documents])
            )
        )
    }
    places = [
        {"entry_id": ids[(d.kind, d.ref_id)], "municipality_code": municipality, "county_code": county or ""}
        for d in documents
        for municipality, county in dict(d.municipalities).items()
    ]
    if places:
        connection.execute(insert(SearchPlace), places)


def optimize(connection: Connection) -> None:
    """After a bulk load (`flask search generate`, `reindex`): on SQLite, merge the full-text
    index's segments into one (FTS5's `optimize`). Rows added one by one leave FTS5 a b-tree per
    batch of writes, merged only a level at a time, and every query reads the term's entries in
    each: after the 5,000 vacancies of `bench/pages.py`, 13 segments, and a search for `juht*`
    read its 27 rows in 269,000 instructions (111,000 merged; a results fragment's statement
    0.92 -> 0.61 M). PostgreSQL's GIN indexes keep no pending list (`fastupdate = off`) and need
    nothing here; the bulk load's `VACUUM ANALYZE` is the caller's, outside a transaction."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
