"""Submit a page's form the way a browser would: its current values, plus what the test types.

Keeps journey tests honest: they send what the page offered (pre-ticked boxes, hidden version and
CSRF token), so a page that forgets a default or a hidden field fails the test.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormParser(HTMLParser):
    def __init__(self, action: str | None) -> None:
        super().__init__()
        self.wanted_action = action
        self.in_main = False
        self.in_form = False
        self.done = False
        self.action = ""
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._first_option: tuple[str, str] | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main = True
        if (
            tag == "form"
            and not self.done
            and self.in_main  # the page's own form, not the header's sign-out or session forms
            and (self.wanted_action is None or a.get("action") == self.wanted_action)
        ) and a.get("method", "get").lower() == "post":
            self.in_form, self.action = True, a.get("action", "")
        if not self.in_form:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._first_option, self._selected = a.get("name"), None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = (self._select, value)
            if "selected" in a:
                self.fields.append((self._select, value))
                self._selected = True
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.in_form:
            return
        if tag == "select" and self._select:
            if not self._selected and self._first_option:
                self.fields.append(self._first_option)
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "form":
            self.in_form, self.done = False, True


def form_values(html: str, action: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    parser = _FormParser(action)
    parser.feed(html)
    assert parser.action, "no POST form on the page"
    return parser.action, parser.fields


def submit(
    client: Any,
    page: Any,
    typed: dict[str, Any] | None = None,
    *,
    button: tuple[str, str] | None = None,
    action: str | None = None,
    **kwargs: Any,
):
    """POST the page's form with what it holds, `typed` replacing fields (a list value: several)."""
    target, fields = form_values(page.get_data(as_text=True), action)
    typed = typed or {}
    data: list[tuple[str, str]] = [(k, v) for k, v in fields if k not in typed]
    for key, value in typed.items():
        data += [(key, item) for item in value] if isinstance(value, list) else [(key, value)]
    if button:
        data.append(button)
    from werkzeug.datastructures import MultiDict

    return client.post(target, data=MultiDict(data), **kwargs)
