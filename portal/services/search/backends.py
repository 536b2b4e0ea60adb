"""The two full-text backends, chosen by the database the portal runs on.

Both receive *terms* (`query.terms_of`: folded runs of letters and digits, nothing else) and
build the match expression from them with bound parameters, so no input reaches the syntax of
FTS5's MATCH or PostgreSQL's tsquery unquoted:

- SQLite: FTS5 (`search_entry_fts`, external content over `search_entry`, tokenizer
  `unicode61 remove_diacritics 2`), each term a quoted string, a prefix query (`"driv"*`) from
  `PREFIX_MIN_CHARS` letters on, all terms required; ranked by bm25 with the title weighted 4:1.
- PostgreSQL: `search_entry.tsv` (a generated tsvector of the folded title, weight A, and text,
  weight B, in the `portal_search` configuration: `simple` with `unaccent`), GIN-indexed, a
  tsquery of `term:*` joined by `&`; ranked by `ts_rank`. When nothing matches, titles similar to
  the words (`pg_trgm` word similarity on `title_folded`, trigram GIN index) are offered instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, select, table, text

from portal.models.search import SearchEntry
from portal.services.search.query import PREFIX_MIN_CHARS

FTS_TABLE = table("search_entry_fts", column("rowid"), column("rank"))


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
class Backend:
    name: str
    fuzzy: bool  # offers similar titles when the words match nothing

    def match(self, statement: Select, terms: tuple[str, ...]) -> tuple[Select, ColumnElement]:
        """`statement` restricted to entries matching every term, and the relevance to order by
        (ascending: lower is better)."""
        raise NotImplementedError

    def similar_titles(self, statement: Select, terms: tuple[str, ...]) -> tuple[Select, ColumnElement]:
        raise NotImplementedError


class SqliteFts5(Backend):
    def match(self, statement: Select, terms: tuple[str, ...]) -> tuple[Select, ColumnElement]:
        # The full-text match runs first, once, as a materialised CTE: joined directly, SQLite's
        # planner may walk search_entry by a filter's index and probe the FTS table per row.
        matches = (
            select(FTS_TABLE.c.rowid.label("entry_id"), FTS_TABLE.c.rank.label("rank"))
            .where(text("search_entry_fts MATCH :fts_match").bindparams(fts_match=fts5_expression(terms)))
            .cte("fts_matches")
            .prefix_with("MATERIALIZED")
        )
        matched = statement.join(matches, matches.c.entry_id == SearchEntry.id)
        # `rank` is bm25 with the weights set in the migration (title 4, text 1); more negative is better.
        return matched, matches.c.rank


class PostgresTsvector(Backend):
    def match(self, statement: Select, terms: tuple[str, ...]) -> tuple[Select, ColumnElement]:
        tsquery = func.to_tsquery(
            literal_column("'portal_search'::regconfig"), bindparam("tsquery", tsquery_expression(terms))
        )
        tsv = literal_column("search_entry.tsv")
        return statement.where(tsv.op("@@")(tsquery)), -func.ts_rank(tsv, tsquery)

    def similar_titles(self, statement: Select, terms: tuple[str, ...]) -> tuple[Select, ColumnElement]:
        words = bindparam("similar_to", " ".join(terms))
        # `<%`: the words are similar to some part of the title (pg_trgm's word similarity, index-assisted).
        return statement.where(words.op("<%")(SearchEntry.title_folded)), -func.word_similarity(
            words, SearchEntry.title_folded
        )


def backend_for(dialect: str) -> Backend:
    if dialect == "postgresql":
        return PostgresTsvector("postgresql", fuzzy=True)
    return SqliteFts5("sqlite", fuzzy=False)
