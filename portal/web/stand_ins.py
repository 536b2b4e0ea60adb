"""Markup written once per language and application root with stand-ins for the few values that
differ (a form's address, the session's token, a vacancy's id), then filled in per request.

A stand-in is a name between two unit separators (`\\x1f`): no character of it is escaped in HTML,
so it comes out of a template as it went in and the written markup can be cut at it. The pieces
are kept per app (`app.extensions`), per language and application root: nothing of a person or a
record is kept, and a proxy's odd prefixes cannot grow them past `KEPT` (then they start again)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from flask import current_app, request
from markupsafe import Markup

from portal.i18n import current_language

KEPT = 64  # (language, root) pairs per kind of markup


def stand_in(name: str) -> str:
    return f"\x1f{name}\x1f"


def splitter(names: Iterable[str]) -> re.Pattern[str]:
    """Cuts markup at the stand-ins of `names`, keeping them: text, stand-in, text, ..."""
    return re.compile("(" + "|".join(re.escape(stand_in(name)) for name in names) + ")")


def kept_parts(kind: str, cut: re.Pattern[str], write: Callable[[], object]) -> tuple[str, ...]:
    """`write()`'s markup cut by `cut` (text, stand-in, text, ...), written once per language and
    application root for this `kind` of markup."""
    kept: dict[tuple[str, str], tuple[str, ...]] = current_app.extensions.setdefault(kind, {})
    key = (current_language().code, request.script_root)
    parts = kept.get(key)
    if parts is None:
        markup = str(write())
        if len(kept) >= KEPT:
            kept.clear()
        parts = kept[key] = tuple(cut.split(markup))
    return parts


def filled(parts: tuple[str, ...], values: Mapping[str, str]) -> Markup:
    """The markup of `parts` with each stand-in replaced by its value (already escaped)."""
    return Markup(  # noqa: S704 - the template's markup, the values escaped by the caller
        "".join([part if index % 2 == 0 else values[part] for index, part in enumerate(parts)])
    )
