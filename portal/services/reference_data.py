"""Read-only reference data the registration journey needs: ISCO-08 occupations and municipalities.

The tables live as CSV files in `portal/data/` and are read once per process:

- `isco08.csv` — every ISCO-08 unit group (4-digit code) with its title in each UI language;
- `isco08_synonyms.csv` — the everyday words people search with ("warehouse worker", "kokk",
  "водитель"), per unit group and language, `;`-separated;
- `municipalities_<profile>.csv` — the municipalities of a country profile, with the same codes the
  population register returns in `residence.municipalityCode` (EHAK for Estonia).

Titles fall back to English when a language is unknown or a cell is empty. Search and sorting ignore
case and diacritics, so "tootaja" finds "töötaja" and "Ž" sorts with "Z". Search looks at the titles
and synonyms of all five languages (a Russian speaker on the Estonian pages finds "водитель"), the
page's language first.
"""

from __future__ import annotations

import bisect
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

# Ranks of a search hit, best first: the code; then the page's language (a title or synonym that is
# the query, one starting with it, then every query word starting one of their words); then the
# other languages.
_EXACT_CODE, _CODE_PREFIX = 0, 1
_EXACT_TEXT, _TEXT_PREFIX, _WORD_PREFIX, _OTHER_TEXT_PREFIX, _OTHER_WORD_PREFIX = 1, 2, 3, 4, 5
# When nothing matches, query words this long are tried without their last letters, so that an
# inflected form ("водитель", "kuvarica") still finds the plural of a title ("Водители").
_STEM_MIN, _STEM_TRIES = 5, 2


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


class _Prefixes:
    """Folded keys (texts or words) of many occupations, sorted, so that the occupations with a key
    starting with a prefix are found by bisection instead of by scanning every key."""

    def __init__(self, pairs: list[tuple[str, int]]) -> None:
        pairs.sort()
        self.keys = [key for key, _ in pairs]
        self.ids = [entry for _, entry in pairs]
        self.exact: dict[str, set[int]] = {}
        for key, entry in pairs:
            self.exact.setdefault(key, set()).add(entry)

    def starting(self, prefix: str) -> set[int]:
        found = set()
        at = bisect.bisect_left(self.keys, prefix)
        while at < len(self.keys) and self.keys[at].startswith(prefix):
            found.add(self.ids[at])
            at += 1
        return found

    def all_words(self, terms: list[str]) -> set[int]:
        """Occupations where every term starts one of the words."""
        found: set[int] | None = None
        for term in terms:
            found = self.starting(term) if found is None else found & self.starting(term)
            if not found:
                return set()
        return found or set()


@dataclass(frozen=True)
class _Entry:
    code: str
    title: str  # in the index's language
    sort_key: tuple[str, str]


@dataclass(frozen=True)
class _Index:
    entries: tuple[_Entry, ...]
    own_texts: _Prefixes  # titles and synonyms in the index's language
    own_words: _Prefixes
    other_texts: _Prefixes  # titles and synonyms in the other languages
    other_words: _Prefixes


@cache
def _isco_rows() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _read_csv("isco08.csv")}


@cache
def _synonyms() -> dict[tuple[str, str], list[str]]:
    """(code, language) -> the everyday words for that unit group in that language."""
    return {
        (row["code"], row["language"]): [word.strip() for word in row["synonyms"].split(";") if word.strip()]
        for row in _read_csv("isco08_synonyms.csv")
    }


def _title(row: dict[str, str], language: str) -> str:
    return (row.get(language) or "").strip() or row[FALLBACK_LANGUAGE]


def _texts(code: str, row: dict[str, str], language: str) -> list[str]:
    return [row.get(language) or "", *_synonyms().get((code, language), [])]


@cache
def _occupation_index(language: str) -> _Index:
    entries, texts, words = [], {True: [], False: []}, {True: [], False: []}
    for number, (code, row) in enumerate(_isco_rows().items()):
        title = _title(row, language)
        entries.append(_Entry(code, title, (fold(title), code)))
        for lang in LANGUAGES:
            own = lang == language
            for text in dict.fromkeys(
                fold(text) for text in [*_texts(code, row, lang), title if own else ""]
            ):
                if text.strip():
                    texts[own].append((text, number))
                    words[own].extend((word, number) for word in set(_WORD.findall(text)))
    return _Index(
        tuple(entries),
        _Prefixes(texts[True]),
        _Prefixes(words[True]),
        _Prefixes(texts[False]),
        _Prefixes(words[False]),
    )


def occupation_codes() -> list[str]:
    """Every ISCO-08 unit group code of the reference data."""
    return list(_isco_rows())


def occupation_synonyms(code: str, language: str) -> list[str]:
    """The everyday words for a unit group in one language ("bussijuht" for 8331 in Estonian)."""
    return list(_synonyms().get((code, _language(language)), []))


def occupation_texts(code: str) -> list[str]:
    """Every title and synonym of an ISCO-08 unit group in all five languages (what a full-text
    index of vacancies reads, so a Russian speaker finds an Estonian vacancy by "водитель")."""
    row = _isco_rows().get((code or "").strip())
    if row is None:
        return []
    texts = (text.strip() for language in LANGUAGES for text in _texts(row["code"], row, language))
    return list(dict.fromkeys(text for text in texts if text))


def occupation(code: str, language: str) -> Occupation | None:
    """The ISCO-08 unit group with this 4-digit code, titled in `language`, or None."""
    row = _isco_rows().get((code or "").strip())
    if row is None:
        return None
    return Occupation(row["code"], _title(row, _language(language)))


def search_occupations(query: str, language: str, limit: int = 10) -> list[Occupation]:
    """Occupations whose code starts with `query`, or whose titles or synonyms (in any of the five
    languages) start with `query` or have words starting with every word of `query`; case and
    diacritics are ignored. Results are titled in `language`.

    Best first: the exact code; then matches in `language` (a title or synonym that is the query, one
    starting with it, then every query word starting one of their words), then matches in other
    languages; ties in alphabetical order of the title shown (in code order for a code query).
    """
    needle = fold(query or "").strip()
    if not needle or limit <= 0:
        return []
    index = _occupation_index(_language(language))
    if needle.isdigit():
        hits = [
            (_EXACT_CODE if entry.code == needle else _CODE_PREFIX, (entry.code, ""), entry)
            for entry in index.entries
            if entry.code.startswith(needle)
        ]
    else:
        terms = _WORD.findall(needle)
        ranks = _text_ranks(index, needle, terms)
        for cut in range(1, _STEM_TRIES + 1):
            if ranks or not any(len(term) >= _STEM_MIN for term in terms):
                break
            ranks = _text_ranks(
                index, None, [term[:-cut] if len(term) >= _STEM_MIN else term for term in terms]
            )
        hits = [
            (rank, index.entries[number].sort_key, index.entries[number]) for number, rank in ranks.items()
        ]
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return [Occupation(entry.code, entry.title) for _, _, entry in hits[:limit]]


def _text_ranks(index: _Index, needle: str | None, terms: list[str]) -> dict[int, int]:
    """Entry number -> its best rank for the query (`needle` None: words only)."""
    tiers = [
        (_OTHER_WORD_PREFIX, index.other_words.all_words(terms) if terms else set()),
        (_OTHER_TEXT_PREFIX, index.other_texts.starting(needle) if needle else set()),
        (_WORD_PREFIX, index.own_words.all_words(terms) if terms else set()),
        (_TEXT_PREFIX, index.own_texts.starting(needle) if needle else set()),
        (_EXACT_TEXT, index.own_texts.exact.get(needle, set()) if needle else set()),
    ]
    ranks: dict[int, int] = {}
    for rank, numbers in tiers:  # worst first, so a better rank overwrites
        ranks.update(dict.fromkeys(numbers, rank))
    return ranks


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


# --- counties ----------------------------------------------------------------------------------
# Estonia's maakonnad (EHAK county codes) and Kosovo's seven districts: `county_names_<profile>.csv`,
# and each municipality's `county` column. A search filters by them.


@dataclass(frozen=True)
class County:
    code: str
    name: str


@cache
def _county_rows(profile_code: str) -> dict[str, dict[str, str]]:
    path = DATA_DIR / f"county_names_{profile_code.lower()}.csv"
    if not profile_code.isalpha() or not path.is_file():
        raise ValueError(f"no county list for country profile {profile_code!r}")
    return {row["code"]: row for row in _read_csv(path.name)}


def counties(profile_code: str, language: str) -> list[County]:
    """The counties (Kosovo: districts) of a country profile, sorted by name like municipalities."""
    rows = _county_rows((profile_code or "").strip().upper())
    found = (County(code, _name(row, _language(language))) for code, row in rows.items())
    return sorted(found, key=lambda item: (fold(item.name), item.name, item.code))


def county_of(profile_code: str, municipality_code: str) -> str:
    """The county code of a municipality, or "" when the municipality is not the profile's."""
    row = _municipality_rows((profile_code or "").strip().upper()).get((municipality_code or "").strip())
    return (row or {}).get("county", "")
