"""A report figure as an SVG chart, drawn on the server by pygal (no client-side chart script).

The SVG is served as an image (`<img alt>` beside the figure's text summary and data table), so
its own style element needs no exception in the pages' Content-Security-Policy; pygal's inline
script (tooltips) is removed: an image never runs it, and the data table carries the values.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

import pygal
from flask_babel import format_date
from pygal.style import Style

from portal.services.reports import Chart, Figure, Result

# pygal appends a finder for its map plugins to sys.meta_path; it has only the legacy
# `find_module`, so from then on every failed import anywhere in the process (a library probing
# for an optional module) raises ImportWarning as well. The portal draws no maps: take it out.
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__module__ != "pygal"]

# GOV.UK palette colours with at least 3:1 contrast against white, distinguishable in print.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
FONT = '"Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif'
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#b1b4b6",
    opacity="1",
    opacity_hover="1",
    colors=PALETTE,
    font_family=FONT,
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _label(value: Any) -> str:
    return format_date(value, "d MMM") if isinstance(value, dt.date) else str(value)


def render_svg(figure: Figure, result: Result) -> str:
    kind = {Chart.BAR: pygal.Bar, Chart.STACKED: pygal.StackedBar, Chart.LINE: pygal.Line}[figure.chart]
    percent = any(index in result.percent_columns for index in result.series)
    chart = kind(
        style=STYLE,
        js=[],
        title=str(figure.title),
        width=720,
        height=360,
        show_legend=len(result.series) > 1,
        legend_at_bottom=True,
        x_label_rotation=-45 if len(result.rows) > 8 else 0,
        print_values=len(result.rows) <= 8,
        value_formatter=(lambda v: f"{v * 100:.0f}%") if percent else (lambda v: f"{v:.0f}"),
        range=(0, 1) if percent else None,
        include_x_axis=True,
        no_data_text="-",
        disable_xml_declaration=True,
        fill=False,
        dots_size=4,
    )
    chart.x_labels = [_label(row[0]) for row in result.rows]
    for index in result.series:
        chart.add(str(result.columns[index]), [row[index] for row in result.rows])
    svg = chart.render(is_unicode=True)
    return _COMMENT.sub("", _SCRIPT.sub("", svg))
