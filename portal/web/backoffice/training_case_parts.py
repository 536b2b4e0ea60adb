"""A training request's case page: the training's facts written by a function, not by including
`templates/public/trainings/_details.html` (which the public page and the request form still
include).

The include copied the page's whole template context and went through the `summary_list` macro
with a list of dicts made in the template, each `training.x` looked up through the environment:
about a tenth of the page's CPU. `training_details` writes the same markup byte for byte
(`tests/unit/test_training_case_parts.py` renders the include as it was and compares): every value
escaped as Jinja's `{{ }}` escapes it, the template's `_("...")` as it wrote it (the catalog's text,
not escaped, its values escaped into it), and `~` as Jinja joins with autoescape. Without a place
(`place` is none on the case page): the place is the training's municipality code.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from portal.catalog import current_translations
from portal.date_formats import dateformat
from portal.display_names import language_name
from portal.web.backoffice.case_view_parts import esc, summary_list, template_texts


def training_details(training: Any, occupation: Any) -> Markup:
    """The include's summary list of `training` (a `Training` or a row of its columns by the same
    names) and its `occupation` (or None), without the list's last newline: the page's line of
    `{{ details }}` ends with it (the include's own line was trimmed)."""
    t = template_texts()
    catalog = current_translations()
    code = training.municipality_code
    if code:
        # `place_text ~ (", " ~ _("also remotely"))`: the code escaped, the catalog's text as it is.
        place: Any = Markup(f"{esc(code)}, {t['also remotely']}") if training.remote else code  # noqa: S704
    else:
        place = t["Remotely"]
    dates = catalog.ugettext("%(start)s to %(end)s") % {
        "start": esc(dateformat(training.starts_on, "long")),
        "end": esc(dateformat(training.ends_on, "long")),
    }
    seats = catalog.ugettext("%(free)d of %(total)d") % {
        "free": int(training.seats_free),
        "total": int(training.seats_total),
    }
    occupation_text = (occupation.title if occupation else training.isco_code) or t["Not stated"]
    listed = summary_list(
        (
            (t["Provider"], training.provider_name),
            (t["Dates"], Markup(dates)),  # noqa: S704 - its values escaped above
            (t["Hours of instruction"], training.hours),
            (t["Place"], place),
            (t["Language of instruction"], language_name(training.language)),
            (t["Occupation it leads to"], occupation_text),
            (t["Certificate obtained"], training.certificate or t["Not stated"]),
            (t["Seats free"], Markup(seats)),  # noqa: S704 - numbers
        )
    )
    return Markup(listed[:-1])  # noqa: S704 - `summary_list`'s markup, less its last newline
