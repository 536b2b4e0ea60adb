"""Small real files for upload tests: PDFs made with pikepdf, images with Pillow."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image

# The anti-malware test file every scanner reports (https://www.eicar.org); harmless.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def pdf(
    *,
    javascript: bool = False,
    launch: bool = False,
    embedded: bool = False,
    padding: int = 0,
    payload: bytes = b"",
) -> bytes:
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    if javascript:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hello')"))
        document.Root.OpenAction = document.make_indirect(action)
    if launch:
        document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    if embedded:
        document.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
            document, b"hello", mime_type="text/plain"
        )
    if padding or payload:
        document.Root.Padding = document.make_stream(payload + b"0" * padding)
    out = io.BytesIO()
    document.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def pdf_of_size(size: int) -> bytes:
    """A valid PDF of exactly `size` bytes (a padding stream makes up the difference)."""
    padding = size - len(pdf(padding=1)) + 1
    for _ in range(5):
        content = pdf(padding=padding)
        if len(content) == size:
            return content
        padding += size - len(content)
    raise AssertionError("could not hit the size")


def image(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


PDF = pdf()
PNG = image("PNG")
JPEG = image("JPEG")
