"""Text the portal stores and seals into documents: Unicode NFC, and no control, format (bidi
override, zero-width) or separator characters, which could hide or reorder what a name or a
reason says in a page or a sealed PDF. Used for names from eID and registers and for every
free-text form field."""

from __future__ import annotations

import unicodedata

# Cc control, Cf format (RLO/LRO/PDF/isolates, LRM/RLM, zero-width), Cs surrogates, Co private
# use, Cn unassigned, Zl/Zp line and paragraph separators.
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
LINE_BREAKS = frozenset({"\n", "\r", "\t"})


class UnsafeText(ValueError):
    """The text holds characters that are refused (`characters` lists them as U+XXXX)."""

    def __init__(self, characters: list[str]):
        super().__init__("refused characters: " + ", ".join(characters))
        self.characters = characters


def normalize(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def unsafe_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The refused characters in `value`, as `U+202E`; tabs and line breaks only if `multiline`."""
    found = []
    for char in value:
        if multiline and char in LINE_BREAKS:
            continue
        if unicodedata.category(char) in UNSAFE_CATEGORIES:
            code = f"U+{ord(char):04X}"
            if code not in found:
                found.append(code)
    return found


def clean(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC, or `UnsafeText`."""
    normalized = normalize(value)
    refused = unsafe_characters(normalized, multiline=multiline)
    if refused:
        raise UnsafeText(refused)
    return normalized
