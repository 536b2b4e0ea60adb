"""Request-body checks for the POST operations, mirroring the contracts' schemas.

The simulators must refuse exactly what a real provider refuses (400 `BadRequest`, `detail` naming
the field), so clients meet the same errors in development. openapi-core is a test dependency only,
hence this small hand-written checker. Every request-body field in the contracts is required.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from portal.simulators.registers.xroad import PERSONAL_CODE, UUID, bad_request

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass(frozen=True)
class Field:
    kind: str  # uuid | date | string | integer | enum | code | codes
    nullable: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


def check_body(body: Any, fields: dict[str, Field]) -> dict[str, Any]:
    """Return the body with dates parsed; raise a 400 `BadRequest` naming the first bad field."""
    if not isinstance(body, dict):
        raise bad_request("body", "The request body must be a JSON object")
    result = dict(body)
    for name, spec in fields.items():
        if name not in body:
            raise bad_request(name, f"Required property {name} is missing")
        value = body[name]
        if value is None:
            if not spec.nullable:
                raise bad_request(name, f"{name} must not be null")
            continue
        result[name] = _check(name, value, spec)
    return result


def _check(name: str, value: Any, spec: Field) -> Any:
    if spec.kind == "codes":
        return _codes(name, value, spec)
    if spec.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_request(name, f"{name} must be an integer")
        if spec.minimum is not None and value < spec.minimum:
            raise bad_request(name, f"{name} must be at least {spec.minimum}")
        if spec.maximum is not None and value > spec.maximum:
            raise bad_request(name, f"{name} must be at most {spec.maximum}")
        return value
    if not isinstance(value, str):
        raise bad_request(name, f"{name} must be a string")
    if spec.kind == "uuid" and not UUID.match(value):
        raise bad_request(name, f"{name} must be a UUID")
    if spec.kind == "code" and not (PERSONAL_CODE.match(value) and value.isascii()):
        raise bad_request(name, r"Must match ^[0-9]{10,11}\Z")
    if spec.kind == "enum" and value not in spec.choices:
        raise bad_request(name, f"{name} must be one of {', '.join(spec.choices)}")
    if spec.max_length is not None and len(value) > spec.max_length:
        raise bad_request(name, f"{name} must be at most {spec.max_length} characters")
    if spec.kind == "date":
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            raise bad_request(name, f"{name} must be a date, YYYY-MM-DD") from None
    return value


def _codes(name: str, value: Any, spec: Field) -> list[str]:
    if not isinstance(value, list):
        raise bad_request(name, f"{name} must be an array")
    if not spec.minimum <= len(value) <= spec.maximum:  # type: ignore[operator]
        raise bad_request(name, f"{name} must hold {spec.minimum} to {spec.maximum} codes")
    for position, code in enumerate(value, start=1):
        if not isinstance(code, str) or not PERSONAL_CODE.match(code) or not code.isascii():
            raise bad_request(name, rf"Item {position} must match ^[0-9]{{10,11}}\Z")
    if len(set(value)) != len(value):
        raise bad_request(name, f"{name} must not repeat a code")
    return value
