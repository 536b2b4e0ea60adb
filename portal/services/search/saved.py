"""Saved searches and their daily alerts.

A jobseeker saves the parameters of a search (never the results). With alerts on, a daily job
(`portal/jobs/search_alerts.py`) mails the vacancies published since the last alert that match it:
in the person's notice language, holding only public vacancy titles and links — not the person's
name, not what they searched for — and a one-click unsubscribe link. That link carries a signed
token naming the saved search, so it works without signing in; it only ever turns alerts off
(or back on), so a forwarded mail cannot do more.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from portal.catalog import gettext, ngettext
from portal.extensions import db
from portal.i18n import LANGUAGES, in_language
from portal.models.base import utcnow
from portal.models.search import EntryKind, SavedSearch
from portal.profiles import current_profile
from portal.services import jobseeker_profile
from portal.services.mail import absolute_url, send_mail
from portal.services.search.engine import search
from portal.services.search.query import SearchQuery
from portal.settings import settings

log = logging.getLogger(__name__)

MAX_SAVED_SEARCHES = 20  # per person
ALERT_HITS = 10  # vacancies listed in one mail; the link shows them all
_TOKEN_SALT = "saved-search-unsubscribe"  # noqa: S105 - a namespace for the signature, not a secret
KIND_PATHS = {
    EntryKind.VACANCY: ("search.jobs", "/jobs"),
    EntryKind.TRAINING: ("search.trainings", "/trainings"),
}
DETAIL_PATHS = {EntryKind.VACANCY: "/jobs/{id}", EntryKind.TRAINING: "/trainings/{id}"}


class TooManySavedSearches(Exception):
    """The person already keeps `MAX_SAVED_SEARCHES` searches."""


def saved_searches(person_id: int) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.person_id == person_id)
            .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
        )
    )


def save_search(person_id: int, kind: EntryKind, query: SearchQuery, *, alerts: bool = True) -> SavedSearch:
    """Keep the search's parameters (without its page); alerts start with what is published now."""
    with db.write() as session:
        kept = session.scalar(select(func.count()).where(SavedSearch.person_id == person_id))
        if kept >= MAX_SAVED_SEARCHES:
            raise TooManySavedSearches
        saved = SavedSearch(
            person_id=person_id,
            kind=kind,
            query=query.without_paging().to_params(),
            label=query.text[:200],
            alerts=alerts,
            alerted_up_to=utcnow(),
        )
        session.add(saved)
    return saved


def set_alerts(saved: SavedSearch, on: bool) -> None:
    with db.write() as session:
        session.merge(saved).alerts = on


def delete_search(saved: SavedSearch) -> None:
    with db.write() as session:
        session.delete(session.merge(saved))


# --- unsubscribe ---------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(settings().secret_key, salt=_TOKEN_SALT)


def unsubscribe_token(saved_id: int) -> str:
    return _serializer().dumps(saved_id)


def saved_search_of_token(token: str) -> SavedSearch | None:
    """The saved search a token names, or None when the token is forged or the search is gone."""
    try:
        saved_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(SavedSearch, saved_id) if isinstance(saved_id, int) else None


def unsubscribe(token: str, *, on: bool = False) -> SavedSearch | None:
    """Turn a saved search's alerts off (or back on) by its token; None when the token is not valid."""
    saved = saved_search_of_token(token)
    if saved is not None:
        set_alerts(saved, on)
    return saved


# --- the daily alert -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertRun:
    searches: int
    mails: int


def _language(person_id: int) -> str:
    language = jobseeker_profile.notice_language(person_id)
    return language if language in LANGUAGES else current_profile().default_language


def alert_text(saved: SavedSearch, hits: list, total: int, language: str) -> tuple[str, str]:
    """Subject and body of one alert: counts, public titles and links only."""
    kind = EntryKind(saved.kind)
    endpoint, path = KIND_PATHS[kind]
    results = absolute_url(endpoint, path, **saved.query)
    unsubscribe_url = absolute_url(
        "search.unsubscribe",
        f"/alerts/unsubscribe/{unsubscribe_token(saved.id)}",
        token=unsubscribe_token(saved.id),
    )
    public = settings().public_url.rstrip("/")
    with in_language(language):
        if kind is EntryKind.TRAINING:
            subject = ngettext(
                "%(num)d new training course matches your saved search",
                "%(num)d new training courses match your saved search",
                total,
            )
        else:
            subject = ngettext(
                "%(num)d new vacancy matches your saved search",
                "%(num)d new vacancies match your saved search",
                total,
            )
        lines = [f"{hit.title}\n{public}{DETAIL_PATHS[kind].format(id=hit.ref_id)}" for hit in hits]
        body = "\n\n".join(
            [
                subject + ":",
                *lines,
                gettext("See all results of the search: %(url)s", url=results),
                gettext("To stop these e-mails, open this link: %(url)s", url=unsubscribe_url),
                gettext("This message was sent automatically. Please do not reply."),
            ]
        )
    return subject, body


def send_alerts(now: dt.datetime | None = None) -> AlertRun:
    """Mail every saved search with alerts on about the vacancies published since its last alert.

    Each search's watermark moves to `now` whether or not anything was new, in its own
    transaction after its mail, so a failure part-way sends no mail twice for the searches done."""
    now = now or utcnow()
    today = now.astimezone(current_profile().tz).date()
    ids = list(
        db.session.scalars(
            select(SavedSearch.id).where(SavedSearch.alerts.is_(True)).order_by(SavedSearch.id)
        )
    )
    mails = 0
    for saved_id in ids:
        saved = db.session.get(SavedSearch, saved_id)
        if saved is None or not saved.alerts:
            continue
        results = search(
            EntryKind(saved.kind),
            SearchQuery.from_params({**saved.query, "sort": "newest", "per_page": str(ALERT_HITS)}),
            today=today,
            now=now,
            published_after=saved.alerted_up_to,
            exact=True,  # the mail says how many are new
        )
        address, _phone = jobseeker_profile.contact_of(saved.person_id)
        if results.total and address:
            subject, body = alert_text(saved, list(results.hits), results.total, _language(saved.person_id))
            send_mail(
                to=address,
                subject=subject,
                body=body,
                language=_language(saved.person_id),
                headers=_unsubscribe_headers(saved.id),
            )
            mails += 1
        with db.write() as session:
            session.merge(saved).alerted_up_to = now
    log.info("Search alerts: %d saved searches, %d mails", len(ids), mails)
    return AlertRun(searches=len(ids), mails=mails)


def _unsubscribe_headers(saved_id: int) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST to the link without opening it."""
    token = unsubscribe_token(saved_id)
    url = absolute_url("search.unsubscribe", f"/alerts/unsubscribe/{token}", token=token)
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
