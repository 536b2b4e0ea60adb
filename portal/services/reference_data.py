"""Read-only reference data the registration journey needs: ISCO-08 occupations and municipalities.

The tables live as CSV files in `portal/data/` and are read once per process:

- `isco08.csv` — every ISCO-08 unit group (4-digit code) with its title in each UI language;
- `municipalities_<profile>.csv` — the municipalities of a country profile, with the same codes the
  population register returns in `residence.municipalityCode` (EHAK for Estonia).

Titles fall back to English when a language is unknown or a cell is empty. Search and sorting ignore
case and diacritics, so "tootaja" finds "töötaja" and "Ž" sorts with "Z".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

LANGUAGES = ("en", "et", "ru", "sq", "sr")
FALLBACK_LANGUAGE = "en"

# Letters with a stroke have no Unicode decomposition, so stripping combining marks leaves them alone.
_STROKED = str.maketrans({"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss"})
_WORD = re.compile(r"\w+")

# Ranks of a search hit, best first.
_EXACT_CODE, _TITLE_PREFIX, _WORD_PREFIX = 0, 1, 2


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of `text`, for matching and sorting."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_STROKED))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


def _language(language: str) -> str:
    """ "et", "et-EE" and "ET" all mean Estonian; anything unknown means English."""
    base = (language or "").replace("_", "-").split("-", 1)[0].lower()
    return base if base in LANGUAGES else FALLBACK_LANGUAGE


def _read_csv(name: str) -> tuple[dict[str, str], ...]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


# --- occupations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    code: str
    title: str  # in the index's language
    folded: tuple[str, ...]  # folded titles to match: the index's language, then English if different
    words: frozenset[str]  # folded words of those titles
    sort_key: tuple[str, str]


@cache
def _isco_rows() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _read_csv("isco08.csv")}


def _title(row: dict[str, str], language: str) -> str:
    return (row.get(language) or "").strip() or row[FALLBACK_LANGUAGE]


@cache
def _occupation_index(language: str) -> tuple[_Entry, ...]:
    entries = []
    for code, row in _isco_rows().items():
        title = _title(row, language)
        titles = dict.fromkeys((fold(title), fold(row[FALLBACK_LANGUAGE])))
        words = frozenset(word for folded in titles for word in _WORD.findall(folded))
        entries.append(_Entry(code, title, tuple(titles), words, (fold(title), code)))
    return tuple(entries)


def occupation(code: str, language: str) -> Occupation | None:
    """The ISCO-08 unit group with this 4-digit code, titled in `language`, or None."""
    row = _isco_rows().get((code or "").strip())
    if row is None:
        return None
    return Occupation(row["code"], _title(row, _language(language)))


def search_occupations(query: str, language: str, limit: int = 10) -> list[Occupation]:
    """Occupations whose code starts with `query`, or whose title (in `language` or English) has words
    starting with every word of `query`; case and diacritics are ignored.

    Best first: the exact code, then titles starting with the query, then other matches; ties in
    alphabetical order of the title shown (in code order for a code query).
    """
    needle = fold(query or "").strip()
    if not needle or limit <= 0:
        return []
    is_code = needle.isdigit()
    terms = _WORD.findall(needle)
    hits: list[tuple[int, tuple[str, str], _Entry]] = []
    for entry in _occupation_index(_language(language)):
        if is_code:
            if not entry.code.startswith(needle):
                continue
            rank = _EXACT_CODE if entry.code == needle else _WORD_PREFIX
            hits.append((rank, (entry.code, ""), entry))
            continue
        if any(title.startswith(needle) for title in entry.folded):
            rank = _TITLE_PREFIX
        elif terms and all(any(word.startswith(term) for word in entry.words) for term in terms):
            rank = _WORD_PREFIX
        else:
            continue
        hits.append((rank, entry.sort_key, entry))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return [Occupation(entry.code, entry.title) for _, _, entry in hits[:limit]]


# --- municipalities ----------------------------------------------------------------------------


@cache
def _municipality_rows(profile_code: str) -> dict[str, dict[str, str]]:
    path = DATA_DIR / f"municipalities_{profile_code.lower()}.csv"
    if not profile_code.isalpha() or not path.is_file():
        raise ValueError(f"no municipality list for country profile {profile_code!r}")
    return {row["code"]: row for row in _read_csv(path.name)}


def _name(row: dict[str, str], language: str) -> str:
    return (row.get(f"name_{language}") or "").strip() or row["name"]


@cache
def _municipalities(profile_code: str, language: str) -> tuple[Municipality, ...]:
    found = (
        Municipality(code, _name(row, language)) for code, row in _municipality_rows(profile_code).items()
    )
    return tuple(sorted(found, key=lambda item: (fold(item.name), item.name, item.code)))


def municipalities(profile_code: str, language: str) -> list[Municipality]:
    """All municipalities of a country profile ("EE", "XK"), sorted by name ignoring case and diacritics.

    Names are the official ones; Kosovo's have a Serbian form, used when `language` is "sr".
    Raises `ValueError` for a profile without a municipality list.
    """
    return list(_municipalities((profile_code or "").strip().upper(), _language(language)))


def municipality(profile_code: str, code: str, language: str) -> Municipality | None:
    """The profile's municipality with this code (as the population register gives it), or None."""
    row = _municipality_rows((profile_code or "").strip().upper()).get((code or "").strip())
    if row is None:
        return None
    return Municipality(row["code"], _name(row, _language(language)))
