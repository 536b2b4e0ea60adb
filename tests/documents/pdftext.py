"""Just enough PDF text extraction for the documents WeasyPrint writes, with pyHanko's reader.

pypdf is not a dependency; WeasyPrint's text is hex glyph ids in `TJ`/`Tj` with a ToUnicode CMap
per font, which is all this reads.
"""

from __future__ import annotations

import io
import re

from pyhanko.pdf_utils.reader import PdfFileReader

_FONT = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf")
_SHOW = re.compile(rb"\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj")
_HEX = re.compile(rb"<([0-9a-fA-F\s]*)>")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be", errors="replace")


def _cmap(data: bytes) -> tuple[dict[int, str], int]:
    mapping: dict[int, str] = {}
    width = 2
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for source, target in zip(pairs[::2], pairs[1::2], strict=False):
            width = len(source) // 2
            mapping[int(source, 16)] = _utf16(target)
    for block in _BFRANGE.findall(data):
        for line in block.strip().splitlines():
            parts = _HEX.findall(line)
            if len(parts) < 3:
                continue
            start, end = int(parts[0], 16), int(parts[1], 16)
            width = len(parts[0]) // 2
            if b"[" in line:
                for offset, target in enumerate(parts[2:]):
                    mapping[start + offset] = _utf16(target)
            else:
                first = int(parts[2], 16)
                for offset in range(end - start + 1):
                    mapping[start + offset] = chr(first + offset)
    return mapping, width


def _pages(node):
    node = node.get_object() if hasattr(node, "get_object") else node
    if node.get("/Type") == "/Pages":
        for kid in node["/Kids"]:
            yield from _pages(kid)
    else:
        yield node


def _content(page) -> bytes:
    contents = page["/Contents"]
    if isinstance(contents, list):
        return b"\n".join(part.get_object().data for part in contents)
    return contents.data


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_page_texts(pdf))


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page, in page order."""
    reader = PdfFileReader(io.BytesIO(pdf))
    pages: list[str] = []
    for page in _pages(reader.root["/Pages"]):
        runs: list[str] = []
        fonts = page["/Resources"]["/Font"]
        cmaps = {name[1:]: _cmap(fonts[name]["/ToUnicode"].data) for name in fonts}
        content = _content(page)
        events = sorted(
            [(m.start(), "font", m) for m in _FONT.finditer(content)]
            + [(m.start(), "show", m) for m in _SHOW.finditer(content)],
            key=lambda event: event[0],
        )
        mapping, width = {}, 2
        for _, kind, match in events:
            if kind == "font":
                mapping, width = cmaps.get(match.group(1).decode(), ({}, 2))
                continue
            hex_strings = _HEX.findall(match.group(1)) if match.group(1) is not None else [match.group(2)]
            text = []
            for digits in hex_strings:
                digits = re.sub(rb"\s+", b"", digits)
                step = width * 2
                for index in range(0, len(digits), step):
                    text.append(mapping.get(int(digits[index : index + step], 16), "\ufffd"))
            runs.append("".join(text))
        pages.append(" ".join(runs))
    return pages
