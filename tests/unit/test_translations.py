"""Fails when any message in Python or templates is missing or untranslated in a catalog."""

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from portal.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# What `make translations` extracts: pybabel's default keywords (gettext's, `ugettext`, `N_`, ...)
# and the Makefile's `-k`s: `_l`, `lazy_gettext` and the helpers of the code that writes markup
# itself.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "_text": None,
    "_tag": None,
    "_template_text": None,
    "template_text": None,
}


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    method_map = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def load(code: str) -> Catalog:
    with (ROOT / "portal" / "translations" / code / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def test_messages_are_found(extracted):
    assert "Find work and support" in extracted
    assert "Page not found" in extracted  # lazy _l in Python
    assert len(extracted) > 50


def test_no_message_of_the_template_vanishes_from_extraction(extracted):
    """A message moved where the extractor cannot see it (a dictionary key, a call inside an
    f-string) still translates today, from the catalogs, but `make translations` would drop it as
    obsolete and the page would fall back to English: so every message of messages.pot must still
    be extracted (a message really removed leaves the template with `make translations`)."""
    with (ROOT / "portal" / "translations" / "messages.pot").open("rb") as fh:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert sorted(template - extracted) == []


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_message_is_translated(extracted, code):
    catalog = load(code)
    translated = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    missing = sorted(msg for msg in extracted if msg not in translated)
    untranslated = sorted(
        key
        for key, m in translated.items()
        if key in extracted
        and (not m.string or m.fuzzy or (isinstance(m.string, tuple) and not all(m.string)))
    )
    assert missing == [], f"{code}: not in the catalog (run `make translations`)"
    assert untranslated == [], f"{code}: untranslated or fuzzy"


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_placeholders_survive_translation(code):
    import re

    placeholder = re.compile(r"%\([a-z_]+\)s")
    for message in load(code):
        if message.id and isinstance(message.id, str) and message.string:
            assert sorted(placeholder.findall(message.id)) == sorted(placeholder.findall(message.string)), (
                code,
                message.id,
            )
