"""Strict reading of register JSON into typed values, shared by the register modules.

A register that breaks its contract must fail loudly at the boundary, not deep inside a view, so
every read checks presence and type. Error messages name the operation and the field path, never
the value: values are personal data and messages end up in logs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Generic, TypeVar
from urllib.parse import quote
from uuid import UUID

from portal.integrations.xroad.client import JSON, ServiceId
from portal.integrations.xroad.errors import IdentityMismatch, MalformedResponse

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

# Python's fromisoformat accepts much more than the contract's formats (week dates, basic format),
# so the shape is checked first.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def path_segment(value: str) -> str:
    """One path parameter, percent-encoded so that it can never add a segment or a query."""
    return quote(value, safe="")


def month_param(month: dt.date) -> str:
    """The contract's `YYYY-MM` for the month that contains `month`."""
    return f"{month.year:04d}-{month.month:02d}"


@dataclass(frozen=True, slots=True)
class Posted(Generic[T]):
    """The answer to an idempotent POST.

    `created` is True when this request was the first with its id (201) and False when the
    provider recognised a repeat (200) and answered with the result it stored the first time.
    """

    value: T
    created: bool


class Reader:
    """Typed access to one JSON object of a register's answer."""

    __slots__ = ("_data", "_operation", "_path", "_service")

    def __init__(self, data: Mapping[str, Any], *, service: str, operation: str, path: str = "") -> None:
        self._data = data
        self._service = service
        self._operation = operation
        self._path = path

    @classmethod
    def root(cls, body: JSON, service: ServiceId, operation: str) -> Reader:
        if not isinstance(body, dict):
            raise MalformedResponse(
                f"{operation} answer from {service}: the body is not a JSON object", service=str(service)
            )
        return cls(body, service=str(service), operation=operation)

    def fail(self, field: str, problem: str) -> MalformedResponse:
        return MalformedResponse(
            f"{self._operation} answer from {self._service}: field {self._where(field)!r} {problem}",
            service=self._service,
        )

    def _where(self, field: str) -> str:
        return f"{self._path}.{field}" if self._path else field

    def _get(self, field: str, *, nullable: bool) -> Any:
        if field not in self._data:
            raise self.fail(field, "is missing")
        value = self._data[field]
        if value is None and not nullable:
            raise self.fail(field, "is null")
        return value

    def _typed(self, field: str, kind: type, label: str, *, nullable: bool = False) -> Any:
        value = self._get(field, nullable=nullable)
        # bool is a subclass of int, but `true` is not a number in JSON.
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            raise self.fail(field, f"is not {label}")
        return value

    def _formatted(self, field: str, pattern: re.Pattern[str], label: str, *, nullable: bool = False) -> Any:
        value = self._typed(field, str, "a string", nullable=nullable)
        if value is not None and not pattern.fullmatch(value):
            raise self.fail(field, f"is not {label}")
        return value

    def string(self, field: str) -> str:
        return self._typed(field, str, "a string")

    def opt_string(self, field: str) -> str | None:
        return self._typed(field, str, "a string", nullable=True)

    def integer(self, field: str) -> int:
        return self._typed(field, int, "an integer")

    def opt_integer(self, field: str) -> int | None:
        return self._typed(field, int, "an integer", nullable=True)

    def boolean(self, field: str) -> bool:
        return self._typed(field, bool, "a boolean")

    def date(self, field: str) -> dt.date:
        return self._to_date(field, self._formatted(field, _DATE, "a date (YYYY-MM-DD)"))

    def opt_date(self, field: str) -> dt.date | None:
        text = self._formatted(field, _DATE, "a date (YYYY-MM-DD)", nullable=True)
        return None if text is None else self._to_date(field, text)

    def _to_date(self, field: str, text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise self.fail(field, "is not a calendar date") from None

    def month(self, field: str) -> dt.date:
        """A `YYYY-MM` month as the date of its first day."""
        text = self._formatted(field, _MONTH, "a month (YYYY-MM)")
        return dt.date(int(text[:4]), int(text[5:]), 1)

    def timestamp(self, field: str) -> dt.datetime:
        """An RFC 3339 timestamp, returned aware and in UTC."""
        text = self._formatted(field, _TIMESTAMP, "an RFC 3339 timestamp")
        try:
            # Python 3.11 understands "Z" and cuts fractions below microseconds.
            return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
        except ValueError:
            raise self.fail(field, "is not a valid timestamp") from None

    def decimal(self, field: str) -> Decimal:
        # Amounts travel as strings so that no float rounds them; a JSON number breaks the contract.
        text = self._formatted(field, _DECIMAL, "a decimal string")
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
            raise self.fail(field, "is not a decimal string") from None

    def uuid(self, field: str) -> UUID:
        return UUID(self._formatted(field, _UUID, "a UUID"))

    def enum(self, kind: type[E], field: str) -> E:
        return self._to_enum(kind, field, self._typed(field, str, "a string"))

    def opt_enum(self, kind: type[E], field: str) -> E | None:
        value = self._typed(field, str, "a string", nullable=True)
        return None if value is None else self._to_enum(kind, field, value)

    def _to_enum(self, kind: type[E], field: str, value: str) -> E:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in kind)
            raise self.fail(field, f"is not one of {allowed}") from None

    def nested(self, field: str) -> Reader:
        return self._child(self._typed(field, dict, "an object"), field)

    def opt_nested(self, field: str) -> Reader | None:
        value = self._typed(field, dict, "an object", nullable=True)
        return None if value is None else self._child(value, field)

    def _child(self, data: Mapping[str, Any], field: str) -> Reader:
        return Reader(data, service=self._service, operation=self._operation, path=self._where(field))

    def items(self, field: str, parse: Callable[[Reader], T]) -> tuple[T, ...]:
        """A list of objects, each turned into a value by `parse`."""
        result = []
        for index, item in enumerate(self._typed(field, list, "a list")):
            where = f"{field}[{index}]"
            if not isinstance(item, dict):
                raise self.fail(where, "is not an object")
            result.append(parse(self._child(item, where)))
        return tuple(result)


def same_identity(asked: object, answered: object, service: ServiceId, operation: str, field: str) -> None:
    """Refuse an answer whose subject (`field`) is not the one asked for. The message names the
    field, never either value: both are personal data."""
    if answered != asked:
        raise IdentityMismatch(
            f"{operation} answer from {service}: {field} is not the one asked for", service=str(service)
        )


def parse_body(body: JSON, service: ServiceId, operation: str, parse: Callable[[Reader], T]) -> T:
    return parse(Reader.root(body, service, operation))


def parse_posted(
    answer: tuple[int, JSON],
    service: ServiceId,
    operation: str,
    parse: Callable[[Reader], T],
    *,
    identity: tuple[str, Callable[[T], object], object] | None = None,
) -> Posted[T]:
    """`identity` = (field, how to read it from the value, what was sent): a receipt for another
    message's id is refused like an answer about another person."""
    status, body = answer
    if status not in (200, 201):
        raise MalformedResponse(
            f"{operation} answer from {service}: status {status}, the contract allows 200 or 201",
            service=str(service),
            status=status,
        )
    value = parse_body(body, service, operation, parse)
    if identity is not None:
        field, read, sent = identity
        same_identity(sent, read(value), service, operation, field)
    return Posted(value, created=status == 201)
