"""Object-level authorization: every record-level read goes through `load_owned` (a person's own
records) or `load_authorized` (staff records with a role policy).

A record the user may not read answers exactly like one that does not exist (404): with
sequential ids, a 403 would tell anyone which records exist. Each refusal is an audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, g
from flask_login import current_user
from sqlalchemy import Select, bindparam, select

from portal.extensions import db
from portal.services import audit

T = TypeVar("T")


def _refuse(model: type, record_id: int) -> None:
    audit.record_access_refused(
        actor_person_id=getattr(current_user, "person_id", None),
        actor_role=getattr(current_user, "active_role", None) or "anonymous",
        record_kind=getattr(model, "__tablename__", model.__name__),
        record_id=record_id,
        request_id=g.get("request_id"),
    )
    abort(404)


# The statements of `load_owned` and of `load_authorized` with options, built once per model,
# owner column and options (building and keying a SELECT with eager loads cost more CPU than
# running it for one row). Keyed by the objects' ids, which the entry keeps alive: pass options
# as a module-level tuple to reuse the statement. A few dozen entries at most; full, it starts again.
_STATEMENTS: dict[tuple[int, ...], tuple[Select[Any], tuple[Any, ...]]] = {}
_STATEMENTS_KEPT = 256


def _statement(model: type, owner: Any, options: tuple[Any, ...]) -> Select[Any]:
    key = (id(model), id(owner), *map(id, options))
    found = _STATEMENTS.get(key)
    if found is None:
        where = [model.id == bindparam("record_id")]  # type: ignore[attr-defined]
        if owner is not None:
            where.append(owner == bindparam("person_id"))
        if len(_STATEMENTS) >= _STATEMENTS_KEPT:
            _STATEMENTS.clear()
        found = _STATEMENTS[key] = (select(model).where(*where).options(*options), (model, owner, *options))
    return found[0]


def load_owned(model: type[T], record_id: int, owner: Any = None, options: tuple[Any, ...] = ()) -> T:
    """The signed-in person's own record, found by a query scoped to them (`owner` is the column
    naming the owning person; `model.person_id` unless given), or 404. `options` are loader
    options for the same statement (what the page reads of the record's relations)."""
    owner_column = owner if owner is not None else model.person_id  # type: ignore[attr-defined]
    person_id = getattr(current_user, "person_id", None)
    record = None
    if person_id is not None:
        record = db.session.scalar(
            _statement(model, owner_column, options), {"record_id": record_id, "person_id": person_id}
        )
    if record is None:
        _refuse(model, record_id)
    return record  # type: ignore[return-value]


def load_authorized(
    model: type[T], record_id: int, may_read: Callable[[T, object], bool], options: tuple[Any, ...] = ()
) -> T:
    """The record, or 404 when it does not exist or the signed-in user may not read it.

    `may_read(record, user)` is the record's policy for staff, whose access follows their role
    rather than ownership; a person's own records use `load_owned`. `options` are loader options
    for the same statement.
    """
    record = (
        db.session.scalar(_statement(model, None, options), {"record_id": record_id})
        if options
        else db.session.get(model, record_id)
    )
    if record is None:
        abort(404)
    if not current_user.is_authenticated or not may_read(record, current_user):
        _refuse(model, record_id)
    return record


def authorize(model: type, record_id: int, found: T | None, may_read: Callable[[Any, object], bool]) -> T:
    """`load_authorized` for a record the page read itself (the columns it shows, or None when
    there is no such record): 404 when there is none or the signed-in user may not read it (that
    refusal audited), with the same policy `may_read(found, user)`."""
    if found is None:
        abort(404)
    if not current_user.is_authenticated or not may_read(found, current_user):
        _refuse(model, record_id)
    return found


def load_scoped(model: type[T], record_id: int, found: T | None) -> T:
    """A record found by a query scoped to what the user may see (a company's own vacancies), or
    404 and an audit event: the same answer as for a record that does not exist."""
    if found is None:
        _refuse(model, record_id)
    return found  # type: ignore[return-value]
