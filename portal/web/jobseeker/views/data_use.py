"""Who used my data: the signed-in person's own page of every use of their data (issue 17)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from flask import render_template, request, url_for
from flask_login import current_user

from portal import labels
from portal.i18n import babel_locale, current_language
from portal.profiles import current_profile
from portal.services import data_use
from portal.services.data_use import Period, Use, UseKind
from portal.web.jobseeker import jobseeker
from portal.web.paging import PageLinks


def _when_of() -> Callable[[dt.datetime], str]:
    """Date and time in the country's time zone, in the reader's language (the zone and the
    locale looked up once per page, not once per row)."""
    tz, locale = current_profile().tz, Locale.parse(babel_locale(current_language().code))
    return lambda moment: format_datetime(moment.astimezone(tz), "medium", tzinfo=tz, locale=locale)


def _row(use: Use, _when: Callable[[dt.datetime], str]) -> dict[str, Any]:
    purpose = labels.label(labels.DATA_USE_PURPOSES, use.purpose)
    if use.kind == UseKind.STAFF:
        return {
            "when": _when(use.occurred_at),
            "what": labels.label(labels.STAFF_ACTIONS, use.tag),
            "who": ", ".join(
                part for part in (use.staff_name, labels.role_label(use.role or ""), use.office) if part
            ),
            "purpose": purpose,
            "data": ", ".join(labels.label(labels.DATA_CATEGORIES, c) for c in use.data_categories),
            "break_glass_reason": use.break_glass_reason,
            "xroad_id": None,
        }
    if use.kind == UseKind.EMPLOYER:
        # The company, never the representative's name (withheld as counsellors' are).
        return {
            "when": _when(use.occurred_at),
            "what": labels.label(labels.STAFF_ACTIONS, use.tag),
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
            "what": labels.label(labels.REGISTER_TITLES, use.register),
            "who": str(labels.DATA_USE_WHO_REGISTER),
            "purpose": purpose,
            "data": None,
            "break_glass_reason": None,
            "xroad_id": use.xroad_id,
        }
    return {
        "when": _when(use.occurred_at),
        "what": labels.label(labels.XROAD_QUESTIONS, use.operation),
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
    kind = _choice(UseKind, request.args.get("kind"), None)
    period = _choice(Period, request.args.get("period"), Period.ALL)
    page_number = request.args.get("page", "1")
    page_number = int(page_number) if page_number.isascii() and page_number.isdigit() else 1
    found = data_use.uses_of(
        current_user.person_id, current_profile(), kind=kind, period=period, page=page_number
    )

    def href(number: int) -> str:
        return url_for(
            "jobseeker.data_use_page",
            kind=kind.value if kind else None,
            period=period.value if period != Period.ALL else None,
            page=number if number > 1 else None,
        )

    when = _when_of()
    # An object, not a dict: in the template `page.items` of a dict is the dict's own method.
    pagination = PageLinks(
        has_prev=found.page > 1,
        has_next=found.page < found.pages,
        prev_href=href(found.page - 1),
        next_href=href(found.page + 1),
        items=[
            {"number": n, "href": href(n), "current": n == found.page}
            for n in range(max(1, found.page - 3), min(found.pages, found.page + 3) + 1)
        ],
    )
    return render_template(
        "jobseeker/data_use/page.html",
        rows=[_row(use, when) for use in found.uses],
        total=found.total,
        pagination=pagination,
        kind=kind.value if kind else "",
        period=period.value,
        show_staff_names=current_profile().data_use.show_staff_names,
    )
