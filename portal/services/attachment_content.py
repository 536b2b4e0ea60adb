"""What an appeal attachment really holds: a PDF must open in a PDF library and carry no active
content; an image must decode and carry no markup. A file that only starts like a PDF or an image
(a polyglot) is refused, as is one that would run code when opened."""

from __future__ import annotations

import io
import re
import warnings

import pikepdf
from PIL import Image

MAX_IMAGE_PIXELS = 60_000_000  # a 10 MB file that decodes to more is a decompression bomb
MAX_DEPTH = 48
# Dictionary keys that carry scripts, attached files, forms that post or XFA programs.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/XFA", "/RichMedia", "/AA"}
)
# Action types that run something, open other files or send data.
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/RichMediaExecute",
    }
)
ACTIVE_TYPES = frozenset({"/EmbeddedFile"})
MARKUP = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|meta)\b", re.IGNORECASE)
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


class Unreadable(Exception):
    """The content is not a well-formed file of its type."""


class ActiveContent(Exception):
    """The file would run or open something when viewed."""


def inspect(content: bytes, media_type: str) -> None:
    """Raise `Unreadable` or `ActiveContent`; return when the file is plain."""
    if media_type == "application/pdf":
        _inspect_pdf(content)
    else:
        _inspect_image(content, IMAGE_FORMATS[media_type])


def _inspect_pdf(content: bytes) -> None:
    try:
        # No recovery: a file qpdf has to reconstruct is not a PDF, however it starts.
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            if len(pdf.pages) == 0:
                raise Unreadable("no pages")
            for obj in pdf.objects:
                _check_object(obj, 0)
    except pikepdf.PasswordError as exc:
        raise ActiveContent("encrypted: its content cannot be checked") from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise Unreadable(type(exc).__name__) from exc
    # Decoders ignore what follows the image; a browser sniffing the file would not.
    if MARKUP.search(content):
        raise ActiveContent("markup in an image")


def _check_object(obj: object, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise Unreadable("objects nested too deep")
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        keys = set(obj.keys())
        found = keys & ACTIVE_KEYS
        if found:
            raise ActiveContent(sorted(found)[0])
        action = obj.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in ACTIVE_ACTIONS:
            raise ActiveContent(str(action))
        kind = obj.get("/Type")
        if isinstance(kind, pikepdf.Name) and str(kind) in ACTIVE_TYPES:
            raise ActiveContent(str(kind))
        children = (obj[key] for key in keys)
    elif isinstance(obj, pikepdf.Array):
        children = iter(obj)
    else:
        return
    for child in children:
        # Indirect objects are visited on their own by the caller's loop over pdf.objects.
        if isinstance(child, pikepdf.Object) and not child.is_indirect:
            _check_object(child, depth + 1)


def _inspect_image(content: bytes, expected_format: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != expected_format:
                    raise Unreadable(f"{image.format} content")
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Unreadable("too many pixels")
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # verify() does not decode the pixels; a truncated file fails here
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise Unreadable(type(exc).__name__) from exc
    # Decoders ignore what follows the image; a browser sniffing the file would not.
    if MARKUP.search(content):
        raise ActiveContent("markup in an image")
