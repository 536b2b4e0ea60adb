"""Reports: every registered figure with its chart, text summary, data table and CSV download.

Filters (office, period, region) come from the query string; what cannot be parsed falls back to
the default (the last 12 weeks, everyone), so a report link never fails."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import format_date, format_decimal, format_percent
from markupsafe import Markup

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.profiles import current_profile
from portal.services import reports
from portal.services.reports.registry import office_filter_available, office_names
from portal.timed_cache import TimedCache
from portal.web.backoffice import backoffice, navigation

V = TypeVar("V")
DEFAULT_WEEKS = 12
# Figures are kept this long per worker (the same figure, filters and language): reports need not be
# to the second, and a page of a dozen aggregates over a million rows should not run on every view,
# nor again for each of its chart images and CSV files.
CACHE_SECONDS = 300
CACHE_EXTENSION = "report_cache"
PAGE_CACHE_EXTENSION = "report_page_cache"  # the figures' part of the page, per filters and language
CHART_CACHE_EXTENSION = "report_chart_cache"  # each figure's SVG, likewise
MAX_DAYS = 3 * 366  # a longer period is cut to this: the weekly charts stay readable
GROUPS = {
    "registrations": _l("Registrations and decisions"),
    "offers": _l("Offers, refusals and placements"),
    "vacancies": _l("Vacancies and trainings"),
    "caseload": _l("Caseload"),
    "lifecycle": _l("Reconciliation and fraud signals"),
}

navigation.add(
    "reports", _l("Reports"), "backoffice.reports_page", order=80, also_current=("backoffice.report*",)
)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def parse_filters() -> reports.ReportFilter:
    profile = current_profile()
    today = profile.today()
    end = _date(request.args.get("to")) or today
    start = _date(request.args.get("from")) or end - dt.timedelta(weeks=DEFAULT_WEEKS) + dt.timedelta(days=1)
    if start > end:
        start, end = end, start
    start = max(start, end - dt.timedelta(days=MAX_DAYS))
    region = request.args.get("region") or None
    office = request.args.get("office") or None
    return reports.ReportFilter(
        start=start,
        end=end,
        office=office if office in office_names(profile) else None,
        region=region if region in profile.regions else None,
    )


def _query(filters: reports.ReportFilter) -> dict[str, str]:
    values = {"from": filters.start.isoformat(), "to": filters.end.isoformat()}
    if filters.office:
        values["office"] = filters.office
    if filters.region:
        values["region"] = filters.region
    return values


def _cell(value: Any, percent: bool) -> str:
    if value is None:
        return "\u2013"
    if percent:
        return format_percent(value, "#,##0.#%")
    if isinstance(value, dt.date):
        return format_date(value, "medium")
    if isinstance(value, float):
        return format_decimal(value)
    return str(value)


def result_of(figure: reports.Figure, filters: reports.ReportFilter) -> reports.Result:
    cache: TimedCache[reports.Result] = current_app.extensions.get(CACHE_EXTENSION)
    if cache is None:
        cache = current_app.extensions.setdefault(CACHE_EXTENSION, TimedCache(CACHE_SECONDS, 1000))
    key = (figure.key, filters, current_language().code)
    return cache.get(key, lambda: figure.compute(filters, current_profile()))


def _figure(key: str) -> reports.Figure:
    found = reports.FIGURES.get(key)
    if found is None:
        abort(404)
    return found


def _kept_with(
    extension: str, key: Hashable, figures: tuple[reports.Result, ...], render: Callable[[], V]
) -> V:
    """What is rendered from these very figures (`result_of`'s objects), kept beside them: made
    again when one of them was computed anew (expired), so it never shows other figures than the
    cache's, and costs no rendering while they last."""
    cache: TimedCache[tuple[tuple[reports.Result, ...], V]] = current_app.extensions.get(extension)
    if cache is None:
        cache = current_app.extensions.setdefault(extension, TimedCache(CACHE_SECONDS, 1000))
    kept_figures, value = cache.get(key, lambda: (figures, render()))
    if len(kept_figures) != len(figures) or any(
        a is not b for a, b in zip(kept_figures, figures, strict=True)
    ):
        cache.discard(key)
        kept_figures, value = cache.get(key, lambda: (figures, render()))
    return value


@backoffice.get("/reports")
def reports_page():
    profile = current_profile()
    filters = parse_filters()
    chosen = reports.figures()
    results = tuple(result_of(figure, filters) for figure in chosen)
    # The figures' tables, links and texts depend on the figures, the filters and the language only
    # (the links on the application's root too): 30,000 characters of tables rendered once, not on
    # every view (docs/performance.md).
    key = (filters, current_language().code, request.script_root)
    figures_html = _kept_with(
        PAGE_CACHE_EXTENSION, key, results, lambda: _render_figures(filters, chosen, results)
    )
    return render_template(
        "backoffice/reports/page.html",
        figures_html=figures_html,
        filters=filters,
        regions=list(profile.regions),
        offices=office_names(profile) if office_filter_available() else (),
    )


def _render_figures(
    filters: reports.ReportFilter, chosen: list[reports.Figure], results: tuple[reports.Result, ...]
) -> Markup:
    query = _query(filters)
    shown = []
    for figure, result in zip(chosen, results, strict=True):
        shown.append(
            {
                "figure": figure,
                "result": result,
                "group": str(GROUPS.get(figure.group, figure.group)),
                "rows": [
                    [_cell(value, index in result.percent_columns) for index, value in enumerate(row)]
                    for row in result.rows
                ],
                "chart_href": url_for("backoffice.report_chart", figure_key=figure.key, **query),
                "csv_href": url_for("backoffice.report_csv", figure_key=figure.key, **query),
                "filtered_out": bool(filters.office or filters.region) and not figure.filters,
            }
        )
    # Autoescaped by Jinja as it was rendered: HTML already.
    html = render_template("backoffice/reports/figures.html", figures=shown)
    return Markup(html)  # noqa: S704 - a template of ours, autoescaped


@backoffice.get("/reports/<figure_key:figure_key>/chart")
def report_chart(figure_key: str):
    figure = _figure(figure_key)
    # pygal and lxml (about 10 MiB) are imported by the first chart a worker draws, not at start.
    from portal.web.backoffice.charts import render_svg

    filters = parse_filters()
    result = result_of(figure, filters)
    key = (figure.key, filters, current_language().code)
    svg = _kept_with(CHART_CACHE_EXTENSION, key, (result,), lambda: render_svg(figure, result))
    response = Response(svg, mimetype="image/svg+xml")
    # Shown only as an image: its own style element, nothing else, no script.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@backoffice.get("/reports/<figure_key:figure_key>/csv")
def report_csv(figure_key: str):
    figure = _figure(figure_key)
    filters = parse_filters()
    result = result_of(figure, filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column) for column in result.columns])
    for row in result.rows:
        writer.writerow(
            [
                "" if value is None else value.isoformat() if isinstance(value, dt.date) else value
                for value in row
            ]
        )
    filename = f"{figure.key}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(
        out.getvalue().encode("utf-8-sig"),  # the byte-order mark lets spreadsheets read UTF-8
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
