"""Sign-in use cases: complete a login, load and end sessions, switch roles.

Sessions live in the `login_session` table; the browser's signed cookie holds only a random
token whose SHA-256 is stored, so logout and timeouts end a session for real.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

from sqlalchemy import Dialect, Select, bindparam, select

from portal import driver_statements, text
from portal.extensions import db
from portal.integrations.eid import Identity
from portal.models import AuditTag, EidAuthLog, EidLogKind, LoginSession, Person, StaffMember
from portal.models.base import utcnow
from portal.models.person import full_name, subject
from portal.profiles import CountryProfile, NationalIdError
from portal.services import audit, session_cache

if TYPE_CHECKING:
    from portal.services.representation import Company

JOBSEEKER = "jobseeker"
EMPLOYER = "employer"
STAFF_ROLES = ("counsellor", "supervisor", "administrator")
TOUCH_INTERVAL = dt.timedelta(seconds=60)  # fewer writes; idle timeouts are minutes long

# When this process last claimed the "last seen" write of a session (by its token's hash). Every
# request in flight when a session's stamp falls due read the same old stamp; without this each of
# them (up to a worker's 8 threads) took the writer lock to write nearly the same time, queueing
# every page of the session behind the writes once a minute (docs/performance.md, "What the pages
# waited on"). One thread per process writes it; the others go on with the stamp they read.
_touch_lock = threading.Lock()
_touched: dict[str, dt.datetime] = {}


def _claim_touch(token_hash: str, now: dt.datetime) -> bool:
    with _touch_lock:
        last = _touched.get(token_hash)
        if last is not None and now - last <= TOUCH_INTERVAL:  # also a thread whose `now` is older
            return False
        if len(_touched) >= 10_000:  # forget the claims that no longer hold anything back
            for key in [key for key, when in _touched.items() if now - when > TOUCH_INTERVAL]:
                del _touched[key]
        _touched[token_hash] = now
        return True


def _release_touch(token_hash: str, now: dt.datetime) -> None:
    with _touch_lock:
        if _touched.get(token_hash) == now:
            del _touched[token_hash]


class LoginRefused(Exception):
    """The identity is valid eID-wise but cannot use this portal (e.g. another country)."""

    reason = "identity_refused"


@dataclass(frozen=True)
class SessionPolicy:
    idle: dt.timedelta
    staff_idle: dt.timedelta
    absolute: dt.timedelta

    def idle_limit(self, active_role: str) -> dt.timedelta:
        return self.staff_idle if active_role in STAFF_ROLES else self.idle


@dataclass(frozen=True)
class SessionUser:
    """The signed-in person as views and templates see them (Flask-Login's user object)."""

    token: str
    session_id: int
    person_id: int
    full_name: str
    national_code: str
    subject: str
    acr: str
    roles: tuple[str, ...]
    active_role: str
    idle_seconds: int
    acting_for_code: str | None = None  # the company an employer acts for
    acting_for_name: str | None = None
    acting_alone: bool = False  # the register's sole right for that company

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.token

    @property
    def is_staff(self) -> bool:
        return self.active_role in STAFF_ROLES

    @property
    def has_other_roles(self) -> bool:
        """More than one role to switch between, known without asking a register: a staff role
        beside the jobseeker's, or acting for a company now (the jobseeker role is the way back).
        Whether a jobseeker may act for a company only the business register says, when asked."""
        return len(self.roles) > 1 or self.active_role == EMPLOYER


@dataclass(frozen=True)
class SessionLookup:
    user: SessionUser | None
    ended_reason: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def roles_of(person_id: int) -> tuple[str, ...]:
    staff = db.session.scalar(select(StaffMember).where(StaffMember.person_id == person_id))
    return (JOBSEEKER, staff.role.value) if staff else (JOBSEEKER,)


def log_eid_exchange(flow_id: str, kind: EidLogKind, content: str) -> None:
    with db.write() as session:
        session.add(EidAuthLog(flow_id=flow_id, kind=kind, content=content))


def complete_login(identity: Identity, profile: CountryProfile, request_id: str | None) -> str:
    """Create or refresh the person, open a session; return the token for the cookie."""
    if identity.country != profile.code:
        raise LoginRefused(f"identity from {identity.country!r}, portal serves {profile.code!r}")
    try:
        parsed = profile.parse_national_id(identity.national_code)
    except NationalIdError as exc:
        raise LoginRefused("national code fails the profile's validation") from exc
    try:
        given, family = text.clean(identity.given_name), text.clean(identity.family_name)
    except text.UnsafeText as exc:
        raise LoginRefused(f"eID names hold control or bidi characters ({exc})") from exc
    token = secrets.token_urlsafe(32)
    with db.write() as session:
        person = session.scalar(select(Person).where(Person.national_code == parsed.code))
        if person is None:
            person = Person(country=profile.code, national_code=parsed.code, given_name="", family_name="")
            session.add(person)
        if not person.names_from_register:
            # eID names (TARA's are in capitals) only stand in until the population register names
            # the person; after that a login never changes them back.
            person.given_name = given or person.given_name
            person.family_name = family or person.family_name
        person.date_of_birth = identity.date_of_birth or parsed.date_of_birth or person.date_of_birth
        session.flush()
        login = LoginSession(
            token_hash=_hash(token),
            person_id=person.id,
            acr=identity.acr,
            amr=" ".join(identity.amr),
            active_role=JOBSEEKER,
        )
        session.add(login)
        audit.record(
            session,
            AuditTag.AUTH_LOGIN,
            actor_role=JOBSEEKER,
            purpose="eID login",
            actor_person_id=person.id,
            subject_person_id=person.id,
            request_id=request_id,
            details={"acr": identity.acr, "amr": list(identity.amr)},
        )
    return token


def record_failed_login(reason: str, request_id: str | None, detail: str = "") -> None:
    with db.write() as session:
        audit.record(
            session,
            AuditTag.AUTH_LOGIN_FAILED,
            actor_role="anonymous",
            purpose="eID login",
            request_id=request_id,
            details={"reason": reason, "detail": detail[:200]},
        )


@cache
def _session_query() -> Select:
    """The one query of every signed-in request: the session, its person's names and code, their
    staff role. Built once (a statement costs more to build than to run), columns only (no ORM
    objects to make and track), the token's hash bound at execution."""
    return (
        select(
            LoginSession.id,
            LoginSession.ended_at,
            LoginSession.started_at,
            LoginSession.last_seen_at,
            LoginSession.active_role,
            LoginSession.acr,
            LoginSession.acting_for_code,
            LoginSession.acting_for_name,
            LoginSession.acting_alone,
            Person.id.label("person_id"),
            Person.given_name,
            Person.family_name,
            Person.country,
            Person.national_code,
            StaffMember.role.label("staff_role"),
        )
        .join(Person, Person.id == LoginSession.person_id)
        .outerjoin(StaffMember, StaffMember.person_id == LoginSession.person_id)
        .where(LoginSession.token_hash == bindparam("token_hash"))
    )


@lru_cache(maxsize=8)
def _compiled_lookup(dialect: Dialect) -> driver_statements.Compiled:
    """`_session_query` compiled once per dialect, to run on the driver's cursor."""
    return driver_statements.compile_statement(_session_query(), dialect)


def _lookup(token_hash: str) -> SimpleNamespace | None:
    """The session's row, read on the driver's cursor of the request's own connection (the scoped
    ORM session's, which the page's statements use too: one pooled connection per request, not one
    for the lookup and another for the page). One statement, no ORM objects; not counted (no
    statement count has shown the lookup since it left the engine), and psycopg prepares it."""
    connection = db.session().connection()
    lookup = _compiled_lookup(connection.dialect)
    found = driver_statements.rows(connection, lookup, {"token_hash": token_hash}, counted=False)
    if not found:
        return None
    return SimpleNamespace(**dict(zip(lookup.keys, found[0], strict=True)))


@dataclass(frozen=True)
class _Kept:
    """A session as this process keeps it (PostgreSQL, `session_cache`): the row, and the answer
    built from it for the policy it was built with."""

    login: SimpleNamespace
    policy: SessionPolicy
    lookup: SessionLookup


def load_session(token: str, policy: SessionPolicy, now: dt.datetime | None = None) -> SessionLookup:
    """The session behind a cookie token, ending it when idle or too old.

    On PostgreSQL a row this process read before answers without a statement while it is fresh
    (`_usable`), its listener healthy and no change notified since (`session_cache`)."""
    now = now or utcnow()
    token_hash = _hash(token)
    cache = session_cache.for_engine(db.engine)
    generation = None
    if cache is not None:
        kept, generation = cache.get(token_hash)
        if kept is not None and _usable(kept.login, policy, now):
            if kept.policy == policy:
                return kept.lookup
            return _answer(token, kept.login, policy)
    login = _lookup(token_hash)
    if login is None or login.ended_at is not None:
        return SessionLookup(None)
    reason = None
    if now - login.started_at > policy.absolute:
        reason = "expired"
    elif now - login.last_seen_at > policy.idle_limit(login.active_role):
        reason = "idle"
    if reason:
        _end(login.id, reason, AuditTag.AUTH_TIMEOUT, now)
        return SessionLookup(None, ended_reason=reason)
    if now - login.last_seen_at > TOUCH_INTERVAL and _claim_touch(token_hash, now):
        try:
            with db.write() as session:
                session.get(LoginSession, login.id).last_seen_at = now  # type: ignore[union-attr]
        except Exception:
            _release_touch(token_hash, now)  # the next request tries again
            raise
        login.last_seen_at = now
    if login.active_role in STAFF_ROLES and login.active_role not in _roles(login):
        # Removed from the staff table, or given another role, since the switch: the staff role
        # ends at the next request, not when the session does.
        login.active_role = JOBSEEKER
        with db.write() as session:
            session.get(LoginSession, login.id).active_role = JOBSEEKER  # type: ignore[union-attr]
    lookup = _answer(token, login, policy)
    if generation is not None:
        cache.store(token_hash, login.person_id, _Kept(login, policy, lookup), generation)  # type: ignore[union-attr]
    return lookup


def _usable(login: SimpleNamespace, policy: SessionPolicy, now: dt.datetime) -> bool:
    """A kept row answers only while nothing is due: its "last seen" write, an idle or absolute
    end. Whatever ends or writes a session goes through the database (`load_session`'s read)."""
    since = now - login.last_seen_at
    return (
        since <= TOUCH_INTERVAL
        and since <= policy.idle_limit(login.active_role)
        and now - login.started_at <= policy.absolute
    )


def _roles(login: SimpleNamespace) -> tuple[str, ...]:
    return (JOBSEEKER, login.staff_role.value) if login.staff_role else (JOBSEEKER,)


def _answer(token: str, login: SimpleNamespace, policy: SessionPolicy) -> SessionLookup:
    return SessionLookup(
        SessionUser(
            token=token,
            session_id=login.id,
            person_id=login.person_id,
            full_name=full_name(login.given_name, login.family_name),
            national_code=login.national_code,
            subject=subject(login.country, login.national_code),
            acr=login.acr,
            roles=_roles(login),
            active_role=login.active_role,
            idle_seconds=int(policy.idle_limit(login.active_role).total_seconds()),
            acting_for_code=login.acting_for_code,
            acting_for_name=login.acting_for_name,
            acting_alone=login.acting_alone,
        )
    )


def _end(
    session_id: int, reason: str, tag: AuditTag, now: dt.datetime, request_id: str | None = None
) -> None:
    with db.write() as session:
        login = session.get(LoginSession, session_id)
        if login is None or login.ended_at is not None:
            return
        login.ended_at, login.end_reason = now, reason
        audit.record(
            session,
            tag,
            actor_role=login.active_role,
            purpose=f"session ended: {reason}",
            actor_person_id=login.person_id,
            subject_person_id=login.person_id,
            request_id=request_id,
        )


def logout(user: SessionUser, request_id: str | None) -> None:
    _end(user.session_id, "logout", AuditTag.AUTH_LOGOUT, utcnow(), request_id)


def keep_alive(user: SessionUser) -> None:
    with db.write() as session:
        login = session.get(LoginSession, user.session_id)
        if login is not None and login.ended_at is None:
            login.last_seen_at = utcnow()


def switch_role(
    user: SessionUser, role: str, request_id: str | None, *, company: Company | None = None
) -> bool:
    """Act in another role the person holds now (re-checked, not taken from the cookie).

    The employer role needs the company the business register has just confirmed (`company`).
    """
    if role == EMPLOYER:
        if company is None:
            return False
    elif role not in roles_of(user.person_id):
        return False
    with db.write() as session:
        login = session.get(LoginSession, user.session_id)
        if login is None or login.ended_at is not None:
            return False
        previous, login.active_role = login.active_role, role
        login.acting_for_code = company.registry_code if company else None
        login.acting_for_name = company.name if company else None
        login.acting_alone = company.acts_alone if company else False
        login.last_seen_at = utcnow()
        audit.record(
            session,
            AuditTag.AUTH_ROLE_SWITCH,
            actor_role=role,
            purpose="role switch",
            actor_person_id=user.person_id,
            subject_person_id=user.person_id,
            request_id=request_id,
            details={
                "from": previous,
                "to": role,
                "company": login.acting_for_code,
                "acting_alone": login.acting_alone,
            },
        )
    return True
