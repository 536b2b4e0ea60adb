"""Who used my data: the signed-in person's own page of every use of their data (issue 17)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from typing import Any

from babel import Locale
from babel.dates import get_date_format, get_datetime_format, get_time_format
from flask import render_template, request, url_for
from flask_login import current_user

from portal import labels
from portal.i18n import babel_locale, current_language
from portal.profiles import current_profile
from portal.services import data_use
from portal.services.data_use import Cursor, Period, Use, UseKind
from portal.services.paging import requested_number
from portal.web.jobseeker import jobseeker
from portal.web.paging import PageLinks


def _when_of() -> Callable[[dt.datetime], str]:
    """Date and time in the country's time zone, in the reader's language."""
    return when_in(current_profile().tz, _locale(current_language().code))


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(babel_locale(language))


def when_in(tz: dt.tzinfo, locale: Locale) -> Callable[[dt.datetime], str]:
    """What Babel's `format_datetime(moment, "medium", tzinfo=tz, locale=locale)` gives, with the
    locale's patterns looked up once per page and each day's date formatted once (a page of 25 uses
    spans a few days), not once per row."""
    joined = get_datetime_format("medium", locale=locale).replace("'", "")
    time_pattern = get_time_format("medium", locale=locale)
    date_pattern = get_date_format("medium", locale=locale)
    dates: dict[dt.date, str] = {}

    def when(moment: dt.datetime) -> str:
        local = moment.astimezone(tz)
        day = local.date()
        date = dates.get(day)
        if date is None:
            date = dates[day] = date_pattern.apply(day, locale)
        time = time_pattern.apply(local.timetz(), locale, reference_date=day)
        return joined.replace("{0}", time).replace("{1}", date)

    return when


def _labels_of() -> Callable[[Mapping[str, object], object], str]:
    """`labels.label` translated once per page for each code: the rows repeat a few actions,
    purposes and data categories, and each translation of a lazy string looks up the catalog."""
    found: dict[tuple[int, object], str] = {}

    def label(mapping: Mapping[str, object], code: object) -> str:
        key = (id(mapping), code)
        text = found.get(key)
        if text is None:
            text = found[key] = labels.label(mapping, code)
        return text

    return label


def _row(use: Use, _when: Callable[[dt.datetime], str], _label: Callable[..., str]) -> dict[str, Any]:
    purpose = _label(labels.DATA_USE_PURPOSES, use.purpose)
    if use.kind == UseKind.STAFF:
        return {
            "when": _when(use.occurred_at),
            "what": _label(labels.STAFF_ACTIONS, use.tag),
            "who": ", ".join(
                part for part in (use.staff_name, _label(labels.ROLES, use.role or ""), use.office) if part
            ),
            "purpose": purpose,
            "data": ", ".join(_label(labels.DATA_CATEGORIES, c) for c in use.data_categories),
            "break_glass_reason": use.break_glass_reason,
            "xroad_id": None,
        }
    if use.kind == UseKind.EMPLOYER:
        # The company, never the representative's name (withheld as counsellors' are).
        return {
            "when": _when(use.occurred_at),
            "what": _label(labels.STAFF_ACTIONS, use.tag),
            "who": labels.role_label("employer", use.company),
            "purpose": purpose,
            "data": None,
            "vacancy": use.vacancy,
            "break_glass_reason": None,
            "xroad_id": None,
        }
    if use.kind == UseKind.REGISTER:
        return {
            "when": _when(use.occurred_at),
            "what": _label(labels.REGISTER_TITLES, use.register),
            "who": str(labels.DATA_USE_WHO_REGISTER),
            "purpose": purpose,
            "data": None,
            "break_glass_reason": None,
            "xroad_id": use.xroad_id,
        }
    return {
        "when": _when(use.occurred_at),
        "what": _label(labels.XROAD_QUESTIONS, use.operation),
        "who": use.client,
        "purpose": None,
        "data": None,
        "break_glass_reason": None,
        "xroad_id": use.xroad_id,
    }


def _choice(enum_type: type, value: str | None, default: Any) -> Any:
    try:
        return enum_type(value) if value else default
    except ValueError:
        return default


@jobseeker.get("/data-use")
def data_use_page():
    """Paged by keyset: "next" carries the last use shown (`before`), "previous" the first
    (`after`), and `page` only numbers the page for the reader (the newest page is 1)."""
    kind = _choice(UseKind, request.args.get("kind"), None)
    period = _choice(Period, request.args.get("period"), Period.ALL)
    before = Cursor.parse(request.args.get("before"))
    after = None if before else Cursor.parse(request.args.get("after"))
    found = data_use.uses_of(
        current_user.person_id, current_profile(), kind=kind, period=period, before=before, after=after
    )
    number = 1 if found.first else max(2, requested_number(request.args))

    def href(page: int, cursor: str | None = None, key: str = "before") -> str:
        return url_for(
            "jobseeker.data_use_page",
            kind=kind.value if kind else None,
            period=period.value if period != Period.ALL else None,
            **({key: cursor, "page": page} if cursor and page > 1 else {}),
        )

    newest = href(1)
    prev_href = href(number - 1, found.newer.token, "after") if found.newer else ""
    next_href = href(number + 1, found.older.token) if found.older else ""
    here = newest
    if not found.first:  # reached by a cursor: the same link shows this page again
        key, cursor = ("before", before) if before else ("after", after)
        here = href(number, cursor.token if cursor else None, key)
    items: list[dict[str, Any]] = []
    if number > 1:
        items.append({"number": 1, "href": newest, "current": False})
        if number > 3:
            items.append({"ellipsis": True})
        if number > 2:
            items.append({"number": number - 1, "href": prev_href, "current": False})
    items.append({"number": number, "href": here, "current": True})
    if found.older:
        items.append({"number": number + 1, "href": next_href, "current": False})
    when, label = _when_of(), _labels_of()
    # An object, not a dict: in the template `page.items` of a dict is the dict's own method.
    pagination = PageLinks(
        has_prev=found.newer is not None,
        has_next=found.older is not None,
        prev_href=prev_href,  # page 2's is the newest page's own link: no cursor
        next_href=next_href,
        items=items,
    )
    return render_template(
        "jobseeker/data_use/page.html",
        rows=[_row(use, when, label) for use in found.uses],
        total=found.total,
        total_exact=found.total_exact,
        pagination=pagination,
        kind=kind.value if kind else "",
        period=period.value,
        show_staff_names=current_profile().data_use.show_staff_names,
    )
