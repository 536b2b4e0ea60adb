"""gunicorn's access log, with personal codes in paths and query strings redacted.

gunicorn hands the log format every atom of a request: the request line, each request and response
header (`{name}i`, `{name}o`) and each environ variable (`{name}e`), about fifty values, which
`SafeAtoms` then copies once more to escape quotes. Redacting all of them cost about 0.17 ms of CPU
per request, for the ten or so a format names; each value is now redacted when the format reads it
(`RedactingAtoms`). The access line itself goes further (`LazyAtoms`): an atom is looked up only
when the format reads it, so a line costs the nine atoms of the default format instead of building,
escaping and copying fifty (docs/performance.md, "Through gunicorn: where a worker's CPU goes").
Whatever a format names reads the same value, escaped and redacted, as through gunicorn's atoms.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator, Mapping
from typing import Any

from gunicorn.glogging import Logger, SafeAtoms

from portal.logging import redact


class RedactingAtoms(SafeAtoms):
    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return redact(value) if isinstance(value, str) else value


def _pairs(headers: Any) -> Any:
    return headers.items() if hasattr(headers, "items") else headers


class LazyAtoms(Mapping):
    """The atoms of one access line, each computed when the format reads it: what
    `RedactingAtoms(logger.atoms(...))` gives for the same key (tests/unit/test_gunicorn_logging.py
    compares every key), without making the fifty the format does not name."""

    __slots__ = ("_environ", "_logger", "_req", "_request_time", "_resp")

    def __init__(self, logger: Logger, resp: Any, req: Any, environ: Mapping[str, Any], request_time: Any):
        self._logger = logger
        self._resp = resp
        self._req = req
        self._environ = environ
        self._request_time = request_time

    def _basic(self, key: str) -> Any:  # gunicorn's `Logger.atoms`, one key at a time
        environ, resp, request_time = self._environ, self._resp, self._request_time
        if key == "h":
            return environ.get("REMOTE_ADDR", "-")
        if key == "l":
            return "-"
        if key == "u":
            return self._logger._get_user(environ) or "-"
        if key == "t":
            return self._logger.now()
        if key == "r":
            return f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}"
        if key == "s":
            status = resp.status
            return status.split(None, 1)[0] if isinstance(status, str) else status
        if key in ("m", "U", "q", "H"):
            name = {"m": "REQUEST_METHOD", "U": "PATH_INFO", "q": "QUERY_STRING", "H": "SERVER_PROTOCOL"}
            return environ.get(name[key])
        if key == "b":
            return (getattr(resp, "sent", None) is not None and str(resp.sent)) or "-"
        if key == "B":
            return getattr(resp, "sent", None)
        if key == "f":
            return environ.get("HTTP_REFERER", "-")
        if key == "a":
            return environ.get("HTTP_USER_AGENT", "-")
        if key == "T":
            return request_time.seconds
        if key == "D":
            return (request_time.seconds * 1000000) + request_time.microseconds
        if key == "M":
            return (request_time.seconds * 1000) + int(request_time.microseconds / 1000)
        if key == "L":
            return f"{request_time.seconds:d}.{request_time.microseconds:06d}"
        if key == "p":
            return f"<{os.getpid()}>"
        raise KeyError(key)

    def _braced(self, key: str) -> Any:  # `{name}i`, `{name}o`, `{name}e`, already lowercased
        name, kind = key[1:-2], key[-2:]
        if not key.endswith(("}i", "}o", "}e")) or "{" + name + kind != key:
            raise KeyError(key)
        if kind == "}i":
            pairs = _pairs(self._req.headers if hasattr(self._req, "headers") else self._req)
        elif kind == "}o":
            pairs = _pairs(self._resp.headers)
        else:
            pairs = self._environ.items()
        found: Any = KeyError
        for header, value in pairs:  # the last of a repeated name, as gunicorn's dict keeps it
            if header.lower() == name:
                found = value
        if found is KeyError:
            raise KeyError(key)
        return found

    def __getitem__(self, key: str) -> Any:
        try:
            value = self._braced(key.lower()) if key.startswith("{") else self._basic(key)
        except KeyError:
            return "-"
        if isinstance(value, str):
            return redact(value.replace('"', '\\"'))
        return value

    def _all(self) -> RedactingAtoms:
        return RedactingAtoms(self._logger.atoms(self._resp, self._req, self._environ, self._request_time))

    def __iter__(self) -> Iterator[str]:  # not used by a format; the same keys as gunicorn's atoms
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:  # logging takes a non-empty mapping as the format's arguments
        return True


class RedactingLogger(Logger):
    atoms_wrapper_class = RedactingAtoms

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        try:
            self.access_log.info(
                self.cfg.access_log_format, LazyAtoms(self, resp, req, environ, request_time)
            )
        except Exception:
            self.error(traceback.format_exc())
