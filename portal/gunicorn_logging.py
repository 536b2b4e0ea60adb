"""gunicorn's access log, with personal codes in paths and query strings redacted."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from portal.logging import redact


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        # Every atom, since a log format may name any header or environ variable.
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
