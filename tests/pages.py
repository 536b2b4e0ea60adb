"""Checks every HTML page a test fetches: one title, unique ids, forms that post with CSRF."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.titles: list[str] = []
        self.forms: list[dict[str, str | None]] = []
        self.csrf_inputs = 0
        self.html_lang: str | None = None
        self.h1_count = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
            self.titles.append("")
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "form":
            self.forms.append(attributes)
        elif tag == "input" and attributes.get("name") == "csrf_token":
            self.csrf_inputs += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles[-1] += data


def check_page(html: str) -> _PageParser:
    page = _PageParser()
    page.feed(html)
    problems = []
    if len(page.titles) != 1 or not page.titles[0].strip():
        problems.append(f"expected one non-empty <title>, got {page.titles!r}")
    if not page.html_lang:
        problems.append("<html> has no lang")
    if page.h1_count != 1:
        problems.append(f"expected one <h1>, got {page.h1_count}")
    duplicates = [element_id for element_id, count in page.ids.items() if count > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    posting = [form for form in page.forms if (form.get("method") or "get").lower() == "post"]
    for form in page.forms:
        if not form.get("action"):
            problems.append(f"form without action: {form}")
    if posting and page.csrf_inputs < len(posting):
        problems.append("a POST form lacks its csrf_token")
    assert not problems, "; ".join(problems)
    return page
