"""eID logins in progress: kept server-side, single use, bound to the browser that started them.

The browser's signed cookie holds only a random id (the row stores its SHA-256). A callback is
finished at most once: the row is deleted before the code is exchanged, so a callback replayed
with a copied cookie never reaches the provider's token endpoint again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from portal.extensions import db
from portal.integrations.eid import InvalidCallback, PendingLogin
from portal.models import EidPendingLogin
from portal.models.base import utcnow

# Longer than a person needs at the provider (TARA's own session is shorter), short enough to
# keep the table small: older rows are removed whenever a login starts.
PENDING_TTL = dt.timedelta(minutes=15)
NEXT_PAGE_MAX = 500  # the column's size; a longer `next` is dropped (the person lands on their home)


@dataclass(frozen=True)
class ResumedLogin:
    pending: PendingLogin
    next_page: str
    flow_id: str


def new_browser_id() -> str:
    return secrets.token_urlsafe(32)


def _hash(browser_id: str) -> str:
    return hashlib.sha256(browser_id.encode("ascii")).hexdigest()


def remember(browser_id: str, pending: PendingLogin, next_page: str, flow_id: str) -> None:
    now = utcnow()
    with db.write() as session:
        session.execute(delete(EidPendingLogin).where(EidPendingLogin.created_at < now - PENDING_TTL))
        session.add(
            EidPendingLogin(
                browser_hash=_hash(browser_id),
                state=pending.state,
                nonce=pending.nonce,
                code_verifier=pending.code_verifier,
                redirect_uri=pending.redirect_uri,
                next_page=next_page if len(next_page) <= NEXT_PAGE_MAX else "",
                flow_id=flow_id,
                created_at=now,
            )
        )


def take(browser_id: str | None, state: str) -> ResumedLogin:
    """Remove and return the login this browser started with `state`; `InvalidCallback` if none."""
    if not browser_id or not state:
        raise InvalidCallback("no login in progress in this browser")
    with db.write() as session:
        rows = session.scalars(
            select(EidPendingLogin).where(EidPendingLogin.browser_hash == _hash(browser_id))
        ).all()
        row = next((r for r in rows if secrets.compare_digest(r.state, state)), None)
        if row is None:
            raise InvalidCallback("no login in progress in this browser with this state")
        # Whoever deletes the row finishes the login; a concurrent replay deletes nothing.
        deleted = session.execute(delete(EidPendingLogin).where(EidPendingLogin.id == row.id)).rowcount
        resumed = ResumedLogin(
            PendingLogin(row.state, row.nonce, row.code_verifier, row.redirect_uri),
            row.next_page,
            row.flow_id,
        )
        started = row.created_at
    if deleted != 1:
        raise InvalidCallback("this login was already finished")
    if utcnow() - started > PENDING_TTL:
        raise InvalidCallback("the login in progress expired")
    return resumed
