"""A small clamd client: one INSTREAM scan over a Unix socket or TCP (`PORTAL_CLAMAV_SOCKET`).

clamd's protocol: send `zINSTREAM\\0`, then the content in chunks, each prefixed by its length as
a 4-byte big-endian number, then a zero length; clamd answers one line ending in NUL:
`stream: OK`, `stream: <signature> FOUND`, or `... ERROR`.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

CHUNK = 64 * 1024
MAX_REPLY = 4096


class ScanFailed(Exception):
    """clamd could not be reached or did not give a verdict (the caller must not accept the file)."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str | None = None


def _connect(address: str, timeout: float) -> socket.socket:
    """`/path/clamd.sock`, `unix:/path/clamd.sock`, or `tcp://host:port` / `host:port`."""
    if address.startswith("unix:"):
        address = address.removeprefix("unix:")
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
        except BaseException:
            sock.close()
            raise
        return sock
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)


def scan(content: bytes, address: str, *, timeout: float = 15.0) -> ScanResult:
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), CHUNK):
                chunk = content[start : start + CHUNK]
                sock.sendall(struct.pack("!I", len(chunk)) + chunk)
            sock.sendall(struct.pack("!I", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
                part = sock.recv(MAX_REPLY)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise ScanFailed(f"clamd at {address}: {type(exc).__name__}: {exc}") from exc
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return ScanResult(clean=True)
    if text.endswith(" FOUND"):
        return ScanResult(clean=False, signature=text.removeprefix("stream: ").removesuffix(" FOUND"))
    raise ScanFailed(f"clamd at {address} answered {text[:200]!r}")
