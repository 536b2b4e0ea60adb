"""Long select lists of reference data, rendered once per process and language.

A vacancy form shows the profile's municipalities three times, the work languages and the language
levels three times each and the education levels once: the same options for every request in one
language. `cached_choices(key, build)` builds such a list once (labels as plain text in the request's
language, so `key` must name the language) and renders its `<option>` elements once;
`select_options(field)` then gives a field using that very list its options with only the selected
one marked, instead of the template's loop escaping every value and label again. Any other list
(built per request) is rendered by the template's loop as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

# Markup.format escapes the value and the label.
OPTION = Markup('<option value="{}">{}</option>')
SELECTED = Markup('<option value="{}" selected>{}</option>')
NEWLINE = Markup("\n")


class _Rendered:
    """The options joined once, and where each value's options lie in that text: a selected value
    splices its `selected` options in (`Markup.join` would escape-check every option again)."""

    __slots__ = ("choices", "joined", "selected", "spans")

    def __init__(self, choices: list[SelectChoice], separator: Markup = NEWLINE) -> None:
        self.choices = choices
        self.selected: dict[int, str] = {}  # position -> its `selected` option, made once
        options = [OPTION.format(c.value, c.label) for c in choices]
        self.joined = separator.join(options)
        self.spans: dict[str, list[tuple[int, int, int]]] = {}
        start = 0
        for position, (choice, option) in enumerate(zip(choices, options, strict=True)):
            self.spans.setdefault(choice.value, []).append((start, start + len(option), position))
            start += len(option) + len(separator)


_BY_KEY: dict[Hashable, list[SelectChoice]] = {}
_BY_LIST: dict[int, _Rendered] = {}  # id of a list in _BY_KEY (kept alive there) -> its options


def cached_choices(key: Hashable, build: Callable[[], Iterable[SelectChoice]]) -> list[SelectChoice]:
    """The choices for `key`, built once per process. Treat the list as read-only."""
    found = _BY_KEY.get(key)
    if found is None:
        found = [SelectChoice(str(choice.value), str(choice.label)) for choice in build()]
        _BY_LIST[id(found)] = _Rendered(found)
        found = _BY_KEY.setdefault(key, found)
    return found


# Lists made from data that changes (what a counsellor may offer: the newest vacancies), kept by
# their own choices up to this many; full, the oldest half is forgotten. A request still holding a
# forgotten list gets its options from the template's loop (the same text).
_CHANGING_KEPT = 64
_CHANGING: dict[tuple[tuple[str, str], ...], list[SelectChoice]] = {}
_CHANGING_LOCK = threading.Lock()
# The separator that makes the options exactly what the select's loop renders (each option on its
# own line, indented as in components/select.html).
LOOP_SEPARATOR = Markup("\n    ")


def changing_choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """A list of (value, label) choices built from data that changes, rendered once per distinct
    list (the same choices, in the same order: the key is the choices themselves), with the
    select loop's separator, so `select_options` gives the loop's very text. Labels must already
    be in the request's language (or, like titles, in none). Treat the list as read-only."""
    key = tuple(pairs)
    found = _CHANGING.get(key)
    if found is not None:
        return found
    made = [SelectChoice(value, label) for value, label in key]
    rendered = _Rendered(made, LOOP_SEPARATOR)
    with _CHANGING_LOCK:
        found = _CHANGING.get(key)
        if found is not None:
            return found
        if len(_CHANGING) >= _CHANGING_KEPT:
            for old in list(_CHANGING)[: _CHANGING_KEPT // 2]:  # dicts keep insertion order
                _BY_LIST.pop(id(_CHANGING.pop(old)), None)
        _BY_LIST[id(made)] = rendered
        _CHANGING[key] = made
    return made


def select_options(field: Any) -> Markup | None:
    """The field's `<option>` elements when its choices come from `cached_choices`, else None."""
    rendered = _BY_LIST.get(id(field.choices))
    if rendered is None or rendered.choices is not field.choices or field.coerce is not str:
        return None
    spans = rendered.spans.get(field.data) if isinstance(field.data, str) else None
    if not spans:
        return rendered.joined
    joined, parts, done = str(rendered.joined), [], 0
    for start, end, position in spans:
        option = rendered.selected.get(position)
        if option is None:
            choice = rendered.choices[position]
            option = rendered.selected[position] = str(SELECTED.format(choice.value, choice.label))
        parts += (joined[done:start], option)
        done = end
    parts.append(joined[done:])
    return Markup("".join(parts))  # noqa: S704 - slices of escaped options, and escaped options
