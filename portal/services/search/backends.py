"""The two full-text backends, chosen by the database the portal runs on.

Both receive *terms* (`query.terms_of`: folded runs of letters and digits, nothing else) and
build the match expression from them with bound parameters, so no input reaches the syntax of
FTS5's MATCH or PostgreSQL's tsquery unquoted:

- SQLite: FTS5 (`search_entry_fts`, external content over `search_entry`, tokenizer
  `unicode61 remove_diacritics 2`, prefix indexes of 3 and 4 letters), each term a quoted string,
  a prefix query (`"driv"*`) from `PREFIX_MIN_CHARS` letters on, all terms required; ranked by
  bm25 with the title weighted 4:1.
- PostgreSQL: `search_entry.tsv` (a generated tsvector of the folded title, weight A, and text,
  weight B, in the `portal_search` configuration: `simple` with `unaccent`), GIN-indexed, a
  tsquery of `term:*` joined by `&`; ranked by `ts_rank`. When nothing matches, titles similar to
  the words (`pg_trgm` word similarity on `title_folded`, trigram GIN index) are offered instead.

Each backend answers `Match`: what to select from, the condition, and the relevance (only when the
caller sorts by it, so a count never computes one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    bindparam,
    column,
    func,
    literal_column,
    table,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from portal.models.search import SearchEntry
from portal.services.search.query import PREFIX_MIN_CHARS

FTS_TABLE = table("search_entry_fts", column("rowid"), column("rank"))


class CrossJoin(Join):
    """`left CROSS JOIN right ON ...`: SQLite never reorders a CROSS JOIN, so the left side is the
    outer loop. Without it SQLite's planner may walk `search_entry` by a filter's index and probe
    the FTS5 table once per row (36 s of one count at 100,000 vacancies, docs/performance.md)."""

    inherit_cache = True


@compiles(CrossJoin)
def _cross_join(element: CrossJoin, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    return (
        element.left._compiler_dispatch(compiler, **kw)
        + " CROSS JOIN "
        + element.right._compiler_dispatch(compiler, **kw)
        + " ON "
        + element.onclause._compiler_dispatch(compiler, **{**kw, "asfrom": False})
    )


def fts5_expression(terms: tuple[str, ...]) -> str:
    """FTS5 MATCH text: every term a string literal (a `"` inside doubled, though terms never hold
    one), prefix-matched when long enough, implicitly AND-ed."""
    parts = []
    for term in terms:
        quoted = '"' + term.replace('"', '""') + '"'
        parts.append(quoted + "*" if len(term) >= PREFIX_MIN_CHARS else quoted)
    return " ".join(parts)


def tsquery_expression(terms: tuple[str, ...]) -> str:
    """to_tsquery text: letters and digits only, so `&`, `|`, `!`, `:`, `(` and quotes cannot occur."""
    return " & ".join(f"{term}:*" if len(term) >= PREFIX_MIN_CHARS else term for term in terms)


@dataclass(frozen=True)
class Match:
    source: FromClause  # what the statement selects from: search_entry, or the FTS table joined to it
    condition: ColumnElement[bool] | None
    relevance: ColumnElement | None  # ascending: lower is better; None unless asked for
    # The most recently indexed matches first, in the order the match is read cheaply (FTS5 walks
    # its doclists backwards; PostgreSQL sorts the bitmap's ids): the window a ranking is bounded to.
    latest_first: ColumnElement = field(default_factory=lambda: SearchEntry.id.desc())
    # The relevance reads the full-text source (FTS5's `rank`): it is computed inside the window's
    # statement, on the rows it keeps. Otherwise (`ts_rank` of search_entry's own column) it is
    # computed outside, on the rows of the window joined back to search_entry.
    rank_in_window: bool = False


@dataclass(frozen=True)
class Backend:
    name: str
    fuzzy: bool  # offers similar titles when the words match nothing

    def match(self, terms: tuple[str, ...], *, ranked: bool) -> Match:
        """Entries matching every term, and (`ranked`) the relevance to order by."""
        raise NotImplementedError

    def similar_titles(self, terms: tuple[str, ...], *, ranked: bool) -> Match:
        raise NotImplementedError

    def parameters(self, terms: tuple[str, ...], *, similar: bool = False) -> dict[str, str]:
        """The values of the named parameters `match` (or `similar_titles`) binds for `terms`: a
        statement built for other words runs with these (the engine keeps statements by shape)."""
        raise NotImplementedError


class SqliteFts5(Backend):
    def match(self, terms: tuple[str, ...], *, ranked: bool) -> Match:
        # The full-text index is the outer loop (CROSS JOIN): the matching rowids come from it,
        # and each is looked up in search_entry by primary key, where the filters are checked.
        source = CrossJoin(FTS_TABLE, SearchEntry.__table__, FTS_TABLE.c.rowid == SearchEntry.id)
        condition = text("search_entry_fts MATCH :fts_match").bindparams(fts_match=fts5_expression(terms))
        # `rank` is bm25 with the weights set in the migration (title 4, text 1); more negative is better.
        return Match(
            source,
            condition,
            FTS_TABLE.c.rank if ranked else None,
            latest_first=FTS_TABLE.c.rowid.desc(),
            rank_in_window=True,
        )

    def parameters(self, terms: tuple[str, ...], *, similar: bool = False) -> dict[str, str]:
        return {"fts_match": fts5_expression(terms)}


class PostgresTsvector(Backend):
    def match(self, terms: tuple[str, ...], *, ranked: bool) -> Match:
        tsquery = func.to_tsquery(
            literal_column("'portal_search'::regconfig"), bindparam("tsquery", tsquery_expression(terms))
        )
        tsv = literal_column("search_entry.tsv")
        return Match(
            SearchEntry.__table__, tsv.op("@@")(tsquery), -func.ts_rank(tsv, tsquery) if ranked else None
        )

    def similar_titles(self, terms: tuple[str, ...], *, ranked: bool) -> Match:
        words = bindparam("similar_to", " ".join(terms))
        # `<%`: the words are similar to some part of the title (pg_trgm's word similarity, index-assisted).
        return Match(
            SearchEntry.__table__,
            words.op("<%")(SearchEntry.title_folded),
            -func.word_similarity(words, SearchEntry.title_folded) if ranked else None,
        )

    def parameters(self, terms: tuple[str, ...], *, similar: bool = False) -> dict[str, str]:
        if similar:
            return {"similar_to": " ".join(terms)}
        return {"tsquery": tsquery_expression(terms)}


def backend_for(dialect: str) -> Backend:
    if dialect == "postgresql":
        return PostgresTsvector("postgresql", fuzzy=True)
    return SqliteFts5("sqlite", fuzzy=False)
