"""Files a person sends with an appeal: checked from their content, never from their name or the
browser's media type, and given a name that is safe to store and to offer for download."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

from flask import has_app_context

from portal.integrations import clamav
from portal.models import AppealAttachment
from portal.settings import settings

log = logging.getLogger(__name__)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
FILENAME_MAX = 150
# The content signatures we accept, and the extension a stored name gets for each.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}


@dataclass(frozen=True)
class Upload:
    """A file as the person sent it: the name is only a label, the content is what counts."""

    filename: str
    content: bytes


class AttachmentRefused(Exception):
    """`code` is one of "type", "size", "empty", "active", "virus", "unchecked"; `reason` says it
    in English for logs."""

    REASONS = {
        "type": "not a PDF, JPEG or PNG file",
        "size": "larger than 10 MB",
        "empty": "the file is empty",
        "active": "active content (scripts, embedded files, launch actions, markup) or encrypted",
        "virus": "the virus scanner found malware",
        "unchecked": "the virus scanner could not be reached",
    }

    def __init__(self, filename: str, reason: str, code: str = "type", index: int = 0):
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason
        self.code = code
        self.index = index  # position among the uploads, from 0


class TooManyAttachments(Exception):
    def __init__(self, count: int):
        super().__init__(f"{count} attachments; at most {MAX_ATTACHMENTS}")
        self.count = count


def detect_media_type(content: bytes) -> str | None:
    for signature, media_type, _extension in SIGNATURES:
        if content.startswith(signature):
            return media_type
    return None


_UNSAFE = re.compile(r"[^\w .()+-]", re.UNICODE)


def safe_filename(name: str, media_type: str, index: int = 1) -> str:
    """A name that is safe to store and to offer for download: no path, no control characters,
    at most `FILENAME_MAX` characters, and an extension that matches the detected content."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]  # browsers on Windows may send a full path
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"[\s_]+", lambda m: " " if m.group(0).isspace() else "_", name).strip(" ._")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if f".{extension.lower()}" not in EXTENSIONS[media_type]:
        stem = name  # keep what the person wrote, and add the right extension
        extension = EXTENSIONS[media_type][0].lstrip(".")
    stem = stem.strip(" ._")[: FILENAME_MAX - len(extension) - 1] or f"attachment-{index}"
    return f"{stem}.{extension.lower()}"


def check_attachments(uploads: list[Upload]) -> list[AppealAttachment]:
    """The uploads as attachments, or `TooManyAttachments` / `AttachmentRefused` for the first bad one."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise TooManyAttachments(len(uploads))
    attachments = []
    for index, upload in enumerate(uploads):
        label = upload.filename or f"attachment-{index + 1}"
        size = len(upload.content)
        if size == 0:
            raise AttachmentRefused(label, AttachmentRefused.REASONS["empty"], "empty", index)
        if size > MAX_ATTACHMENT_BYTES:
            raise AttachmentRefused(label, AttachmentRefused.REASONS["size"], "size", index)
        media_type = detect_media_type(upload.content)
        if media_type is None:
            raise AttachmentRefused(label, AttachmentRefused.REASONS["type"], "type", index)
        _inspect(label, upload.content, media_type, index)
        attachments.append(
            AppealAttachment(
                filename=safe_filename(upload.filename, media_type, index + 1),
                media_type=media_type,
                size=size,
                sha256=hashlib.sha256(upload.content).hexdigest(),
                content=upload.content,
            )
        )
    return attachments


def _refuse(label: str, code: str, index: int, detail: str = "") -> AttachmentRefused:
    log.warning("Appeal attachment %s refused: %s %s", index + 1, AttachmentRefused.REASONS[code], detail)
    return AttachmentRefused(label, AttachmentRefused.REASONS[code], code, index)


def _inspect(label: str, content: bytes, media_type: str, index: int) -> None:
    """Parse the file as what it claims to be, then (when configured) let ClamAV scan it."""
    # pikepdf and Pillow (about 9 MiB) are imported by the first attachment a worker checks.
    from portal.services import attachment_content

    try:
        attachment_content.inspect(content, media_type)
    except attachment_content.Unreadable as exc:
        raise _refuse(label, "type", index, str(exc)) from None
    except attachment_content.ActiveContent as exc:
        raise _refuse(label, "active", index, str(exc)) from None
    address = settings().clamav_socket if has_app_context() else None
    if not address:
        return
    try:
        result = clamav.scan(content, address)
    except clamav.ScanFailed as exc:
        # Fail closed: an unscanned file is not accepted while a scanner is configured.
        log.error("Appeal attachment not scanned: %s", exc)
        raise _refuse(label, "unchecked", index) from None
    if not result.clean:
        raise _refuse(label, "virus", index, result.signature or "")
