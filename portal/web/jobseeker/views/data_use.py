"""Who used my data: the signed-in person's own page of every use of their data (issue 17)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from babel import Locale
from babel.dates import DateTimeFormat, get_date_format, get_datetime_format, get_time_format
from flask import render_template, request, url_for
from flask.globals import _cv_request
from flask_login import current_user
from markupsafe import Markup

from portal import labels
from portal.i18n import babel_locale, current_language, current_translations
from portal.profiles import current_profile
from portal.services import data_use, inbox
from portal.services.data_use import Cursor, Period, Use, UseKind
from portal.services.paging import requested_number
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.views.data_use_table import TableRow, table_rows
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
    joined, time_pattern, date_pattern = _patterns(locale)
    fast_time = _time_formatter(locale)
    dates: dict[dt.date, str] = {}

    def when(moment: dt.datetime) -> str:
        local = moment.astimezone(tz)
        day = local.date()
        date = dates.get(day)
        if date is None:
            date = dates[day] = date_pattern.apply(day, locale)
        if fast_time is not None:
            time = fast_time(local)
        else:
            time = time_pattern.apply(local.timetz(), locale, reference_date=day)
        return joined.replace("{0}", time).replace("{1}", date)

    return when


@functools.cache
def _patterns(locale: Locale) -> tuple[str, Any, Any]:
    """The locale's medium date-and-time patterns, parsed once per process (they never change)."""
    return (
        get_datetime_format("medium", locale=locale).replace("'", ""),
        get_time_format("medium", locale=locale),
        get_date_format("medium", locale=locale),
    )


_FIELD = re.compile(r"%\((\w+)\)s")
_CLOCK = frozenset("Hhms")  # hour (0-23), hour (1-12), minute, second


@functools.cache
def _time_formatter(locale: Locale) -> Callable[[dt.datetime], str] | None:
    """The locale's medium time pattern as a function of a local moment, when the pattern holds
    only the hour, minute, second and the am/pm marker (the portal's languages: "HH:mm:ss",
    "h:mm:ss a"); None for any other field, which Babel applies. Babel looks each field up through
    `DateTimeFormat.__getitem__`, about 9 µs a time: a quarter of who used my data's rows."""
    pattern = get_time_format("medium", locale=locale)
    if not all(name[0] in _CLOCK or name == "a" for name in _FIELD.findall(pattern.format)):
        return None
    # Each field as Babel's `DateTimeFormat.format` gives it: the number zero-padded to the field's
    # length; the am/pm marker, which depends on the hour alone, in Babel's own words.
    template = _FIELD.sub(
        lambda found: "%(a)s" if found[1] == "a" else f"%({found[1][0]})0{len(found[1])}d", pattern.format
    )
    am, pm = DateTimeFormat(dt.time(1), locale)["a"], DateTimeFormat(dt.time(13), locale)["a"]

    def time(moment: dt.datetime) -> str:
        hour = moment.hour
        return template % {
            "H": hour,
            "h": hour % 12 or 12,
            "m": moment.minute,
            "s": moment.second,
            "a": pm if hour >= 12 else am,
        }

    return time


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


class _Lines:
    """The lines under a row's "what", as the template's `_()` would give them (the catalog's text
    as Markup, the value escaped into it), the text looked up once per page: a `_()` call in the
    template costs about 44,000 instructions, and every row of the page had one."""

    def __init__(self, label: Callable[..., str]) -> None:
        ugettext = current_translations().ugettext
        self.data = Markup(ugettext("Data shown: %(categories)s"))  # noqa: S704 - our catalog
        self.vacancy = Markup(ugettext("Vacancy: %(title)s"))  # noqa: S704 - our catalog
        self.xroad_id = Markup(ugettext("X-Road message id: %(id)s"))  # noqa: S704 - our catalog
        self._label = label
        self._data_lines: dict[tuple[str, ...], Markup | None] = {}

    def data_of(self, categories: tuple[str, ...]) -> Markup | None:
        """The "Data shown" line of a staff use (None: no categories), worded once per page for
        each list of categories: a page's staff uses repeat a few lists of eight or so."""
        if categories not in self._data_lines:
            data = ", ".join(self._label(labels.DATA_CATEGORIES, c) for c in categories)
            self._data_lines[categories] = self.data % {"categories": data} if data else None
        return self._data_lines[categories]


def _rows(uses: list[Use], when: Callable[[dt.datetime], str], label: Callable[..., str]) -> list[TableRow]:
    """The table's rows. Uses that differ only in their moment (the same counsellor opening the
    same case again, a queue listing the person each day) are worded once per page and share that
    row's fields, which `table_rows` then writes once."""
    lines = _Lines(label)
    worded: dict[tuple[Any, ...], TableRow] = {}
    rows = []
    for use in uses:
        moment = when(use.occurred_at)
        same = (use[0], *use[2:])  # everything but the moment
        row = worded.get(same)
        if row is None:
            row = worded[same] = _row(use, moment, label, lines)
        else:
            row = TableRow(moment, *row[1:])
        rows.append(row)
    return rows


def _row(use: Use, when: str, _label: Callable[..., str], lines: _Lines) -> TableRow:
    if use.kind == UseKind.STAFF:
        return TableRow(
            when,
            _label(labels.STAFF_ACTIONS, use.tag),
            ", ".join(
                part for part in (use.staff_name, _label(labels.ROLES, use.role or ""), use.office) if part
            ),
            _label(labels.DATA_USE_PURPOSES, use.purpose),
            data=lines.data_of(use.data_categories),
            break_glass_reason=use.break_glass_reason,
        )
    if use.kind == UseKind.EMPLOYER:
        # The company, never the representative's name (withheld as counsellors' are).
        return TableRow(
            when,
            _label(labels.STAFF_ACTIONS, use.tag),
            labels.role_label("employer", use.company),
            _label(labels.DATA_USE_PURPOSES, use.purpose),
            vacancy=lines.vacancy % {"title": use.vacancy} if use.vacancy else None,
        )
    xroad_id = lines.xroad_id % {"id": use.xroad_id} if use.xroad_id else None
    if use.kind == UseKind.REGISTER:
        return TableRow(
            when,
            _label(labels.REGISTER_TITLES, use.register),
            str(labels.DATA_USE_WHO_REGISTER),
            _label(labels.DATA_USE_PURPOSES, use.purpose),
            xroad_id=xroad_id,
        )
    return TableRow(
        when,
        _label(labels.XROAD_QUESTIONS, use.operation),
        use.client,
        None,
        xroad_id=xroad_id,
    )


def _frame(kind: str, period: str, show_staff_names: bool) -> Markup:
    """The page's introduction and filters (jobseeker/data_use/frame.html), the same for everyone:
    kept per language, where the app is served, the filters chosen and the profile's setting (at
    most 5 kinds x 4 periods x 2 a language); each view rendered it anew (its texts, the filters'
    options and their labels' translations, about 3% of the page)."""
    context = _cv_request.get()  # the request and app themselves: a proxy's read raises first
    key = (current_language().code, context.request.script_root, kind, period, show_staff_names)
    kept = context.app.extensions.setdefault("data_use_frames", {})
    html = kept.get(key)
    if html is None:
        module = context.app.jinja_env.get_template("jobseeker/data_use/frame.html").module
        html = kept[key] = module.frame(kind, period, show_staff_names)
    return html


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
        current_user.person_id,
        current_profile(),
        kind=kind,
        period=period,
        before=before,
        after=after,
        national_code=current_user.national_code,
    )
    if found.unread is not None:
        inbox.keep_unread_count(current_user.person_id, found.unread)
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
        rows=bool(found.uses),
        table_rows=table_rows(_rows(found.uses, _when_of(), _labels_of())),
        total=found.total,
        total_exact=found.total_exact,
        pagination=pagination,
        frame=_frame(kind.value if kind else "", period.value, current_profile().data_use.show_staff_names),
    )
