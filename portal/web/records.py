"""Object-level authorization: every record-level read goes through `load_authorized`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort
from flask_login import current_user

from portal.extensions import db

T = TypeVar("T")


def load_authorized(model: type[T], record_id: int, may_read: Callable[[T, object], bool]) -> T:
    """The record, or 404 when it does not exist and 403 when the signed-in user may not read it.

    `may_read(record, user)` is the record's policy (usually a service function), so the rule
    lives in one place and views cannot forget it.
    """
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    if not current_user.is_authenticated or not may_read(record, current_user):
        abort(403)
    return record
