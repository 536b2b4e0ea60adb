"""One search module for vacancies and trainings, with a backend per database (see docs/search.md).

- `query`: what a person searches for, parsed from untrusted parameters into typed values and terms;
- `backends`: SQLite FTS5 and PostgreSQL tsvector (+ pg_trgm) full-text matching;
- `engine`: filters, sorts, count and one page of results (`results`: what a search answers);
- `index`: writing the index from the vacancy and training rows;
- `sources`: the index follows the vacancy and training rows (ORM events, `reindex`);
- `saved`: saved searches, their daily alerts and one-click unsubscribe.
"""

from portal.services.search import sources  # noqa: F401  (registers the ORM events that keep the index)
from portal.services.search.engine import search
from portal.services.search.index import Document, drop, optimize, put
from portal.services.search.query import MAX_PER_PAGE, SearchQuery, Sort
from portal.services.search.results import Hit, Results

__all__ = [
    "MAX_PER_PAGE",
    "Document",
    "Hit",
    "Results",
    "SearchQuery",
    "Sort",
    "drop",
    "optimize",
    "put",
    "search",
]
