"""Structured logs with a request id; personal codes never reach a log line."""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask.globals import _cv_app, _cv_request

# 10 or 11 digit runs are Kosovo and Estonian personal codes; country-prefixed forms too.
PERSONAL_CODE = re.compile(r"(?<![0-9])(?:EE|XK)?[0-9]{10,11}(?![0-9])")
# OAuth values in query strings (the eID callback's one-time code, its state): secrets, not log data.
OAUTH_QUERY_VALUE = re.compile(r"(?<![^?&])(code|state|session_state|id_token|access_token)=[^&\s\"]*")
REQUEST_ID_HEADER = "X-Request-Id"
_REQUEST_ID_ENVIRON = "HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_")
_REQUEST_ID_LOWER = REQUEST_ID_HEADER.lower()
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def redact(text: str) -> str:
    if len(text) < 10 and "=" not in text:  # too short for a personal code, no query value: as it is
        return text
    return PERSONAL_CODE.sub("[personal-code]", OAUTH_QUERY_VALUE.sub(r"\1=[redacted]", text))


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
            entry["method"] = request.method
            entry["path"] = redact(request.path)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        request_id = g.get("request_id", "-") if has_request_context() else "-"
        return f"{self.formatTime(record)} {record.levelname} [{request_id}] {super().format(record)}"


def _new_request_id() -> str:
    """`uuid.uuid4().hex`: sixteen random bytes with uuid4's version and variant bits, in hex,
    without making a `UUID` (its checks cost twice what the bytes do)."""
    value = int.from_bytes(os.urandom(16), "big")
    value = (value & ~(0xC000 << 48) | 0x8000 << 48) & ~(0xF000 << 64) | 4 << 76
    return f"{value:032x}"


def _assign_request_id() -> None:
    # From the environ: werkzeug's `headers.get` raises and catches a KeyError inside for the
    # header most requests lack.
    # The request and `g` themselves: through their proxies each read raises an AttributeError.
    incoming = _cv_request.get().request.environ.get(_REQUEST_ID_ENVIRON, "")
    _cv_app.get().g.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else _new_request_id()


def _echo_request_id(response: Response) -> Response:
    request_id = _cv_app.get().g.__dict__.get("request_id")
    if request_id is not None:
        headers = response.headers
        if (
            "\n" in request_id
            or "\r" in request_id
            or any(name.lower() == _REQUEST_ID_LOWER for name, _ in headers._list)
        ):
            headers[REQUEST_ID_HEADER] = request_id  # werkzeug's `set`: replaces, or refuses the value
        else:
            # Appended to the list itself, as `set` appends a header the response lacks, without its
            # regular expression on the value and its second scan of the headers.
            headers._list.append((REQUEST_ID_HEADER, request_id))
    return response


def init_app(app: Flask) -> None:
    settings = app.extensions["settings"]
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(settings.log_level)
    app.logger.propagate = False
    # The development server logs request lines, which can carry personal codes in paths.
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactingFilter) for f in werkzeug_logger.filters):
        werkzeug_logger.addFilter(RedactingFilter())
    app.before_request(_assign_request_id)
    app.after_request(_echo_request_id)
