"""My caseload (and the office's), its CSV export, and person search within the office."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from types import SimpleNamespace

from flask import Response, abort, g, render_template, request, url_for
from flask_babel import format_date, get_locale
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal import labels
from portal.catalog import gettext
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import AuditTag, PlanStatus, RiskLevel
from portal.models.audit import DataCategory
from portal.profiles import current_profile
from portal.security import request_user
from portal.services import audit, caseload, caseload_search
from portal.web.backoffice import backoffice, usage
from portal.web.backoffice.case_access import current_staff
from portal.web.forms import PortalForm
from portal.web.parameters import repeatable
from portal.web.select_options import cached_choices

C = DataCategory
CASELOAD_ROW = (C.NAME, C.PERSONAL_CODE, C.CASE)
SCOPES = {"mine": _l("My cases"), "office": _l("All cases of my office")}
SORT_LABELS = {
    "name": _l("Name"),
    "risk": _l("Risk level, highest first"),
    "due": _l("Next action due"),
    "newest": _l("Newest registration"),
}


class CaseloadFilters(PortalForm):
    """A GET form: no CSRF (it changes nothing), its values are the page's query string."""

    class Meta:
        csrf = False

    scope = SelectField(
        _l("Cases"),
        choices=[SelectChoice(k, v) for k, v in SCOPES.items()],
        default="mine",
        validators=[Optional()],
    )
    risk = SelectField(_l("Risk level"), validators=[Optional()])
    plan = SelectField(_l("Individual plan"), validators=[Optional()])
    flag = SelectMultipleField(_l("Show only"), validators=[Optional()])
    sort = SelectField(
        _l("Sort by"),
        choices=[SelectChoice(k, v) for k, v in SORT_LABELS.items()],
        default="name",
        validators=[Optional()],
    )


def _filters() -> CaseloadFilters:
    form = CaseloadFilters(request.args)
    # The lists are made and rendered once per process and language (`cached_choices`): their
    # labels are translated when a list is made, so the key names the language.
    language = str(get_locale())
    form.scope.choices = cached_choices(
        ("caseload scopes", language), lambda: [SelectChoice(k, v) for k, v in SCOPES.items()]
    )
    form.risk.choices = cached_choices(
        ("caseload risk levels", language),
        lambda: [
            SelectChoice("", _l("Any")),
            *(SelectChoice(level.value, labels.RISK_LEVELS[level]) for level in RiskLevel),
        ],
    )
    form.plan.choices = cached_choices(
        ("caseload plan statuses", language),
        lambda: [
            SelectChoice("", _l("Any")),
            *(SelectChoice(status.value, labels.PLAN_STATUSES[status]) for status in PlanStatus),
        ],
    )
    flags = caseload.flags()
    form.flag.choices = cached_choices(
        ("caseload filters", language, *(flag.key for flag in flags)),
        lambda: [SelectChoice(flag.key, flag.label) for flag in flags],
    )
    form.sort.choices = cached_choices(
        ("caseload sorts", language), lambda: [SelectChoice(k, v) for k, v in SORT_LABELS.items()]
    )
    # Unknown values fall back to "any" below. Without a query string there is nothing to check:
    # every field is Optional, so validating ends without an error (~4% of the page's CPU).
    if request.args:
        form.validate()
    return form


def _query(form: CaseloadFilters, page: int = 1) -> caseload.StaffCaseloadQuery:
    """The query of the form's values, of the signed-in staff member's cases or office."""
    risk = form.risk.data if form.risk.data in {level.value for level in RiskLevel} else None
    plan = form.plan.data if form.plan.data in {status.value for status in PlanStatus} else None
    return caseload.StaffCaseloadQuery(
        mine=form.scope.data != "office",
        today=current_profile().today(),
        risk=RiskLevel(risk) if risk else None,
        plan=PlanStatus(plan) if plan else None,
        flags=frozenset(key for key in (form.flag.data or []) if key in caseload.FLAGS),
        sort=form.sort.data if form.sort.data in caseload.SORTS else "name",
        page=page,
    )


def _page_links(result: caseload.Caseload) -> SimpleNamespace:
    if result.pages <= 1:
        # The pagination component shows nothing for a single page: no link is built (each is a
        # `url_for` with the request's filters, ~4% of a one-page caseload's CPU for three).
        return SimpleNamespace(has_prev=False, has_next=False, prev_href="", next_href="", items=[])

    def href(number: int) -> str:
        args = request.args.to_dict(flat=False)
        args["page"] = [str(number)]
        return url_for("backoffice.caseload", **args)

    window = range(max(1, result.page - 2), min(result.pages, result.page + 2) + 1)
    return SimpleNamespace(
        has_prev=result.page > 1,
        has_next=result.page < result.pages,
        prev_href=href(result.page - 1),
        next_href=href(result.page + 1),
        items=[{"number": n, "href": href(n), "current": n == result.page} for n in window],
    )


def _case_href() -> Callable[[int], str]:
    """A case's address: `url_for` once, then each id after the same prefix (the rule is
    `/cases/<int:case_id>`), not a URL built per row of the list."""
    zero = url_for("backoffice.case", case_id=0)
    prefix = zero.removesuffix("0")
    return lambda case_id: f"{prefix}{int(case_id)}"


def _record_listed(rows: list[caseload.CaseRow], purpose: str) -> None:
    usage.record_use(
        [row.person_id for row in rows],
        purpose,
        CASELOAD_ROW,
        listing=True,
        codes={row.person_id: (row.country, row.national_code) for row in rows},
    )


def _page_number() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 7 else 1


@backoffice.get("/caseload", endpoint="caseload")
@repeatable("flag")
def caseload_page():
    form = _filters()
    # The signed-in staff member's office and id read by the page's statement, not one of their own.
    found = caseload.staff_caseload(request_user().person_id, _query(form, _page_number()))
    if found is None:  # removed from the staff table since signing in
        abort(403)
    staff, result = found
    _record_listed(result.rows, "caseload listed")
    export_args = {key: value for key, value in request.args.to_dict(flat=False).items() if key != "page"}
    return render_template(
        "backoffice/caseload/page.html",
        form=form,
        result=result,
        pages=_page_links(result),
        office=staff.office,
        flag_labels={flag.key: flag.label for flag in caseload.flags()},
        export_href=url_for("backoffice.caseload_export", **export_args),
        # Translated, formatted and built once for the page's 25 rows, not once per row.
        risk_labels={level: str(label) for level, label in labels.RISK_LEVELS.items()},
        plan_labels={status: str(label) for status, label in labels.PLAN_STATUSES.items()},
        not_profiled=gettext("Not yet profiled"),
        due_dates={
            day: format_date(day, "medium") for day in {row.next_due_on for row in result.rows} if day
        },
        case_href=_case_href(),
    )


@backoffice.get("/caseload/export")
@repeatable("flag")
def caseload_export():
    staff = current_staff()
    query = _query(_filters()).of(staff.office, staff.id)
    rows = list(caseload.export_rows(query))
    usage.record_use([row.person_id for row in rows], "caseload exported (CSV)", CASELOAD_ROW, listing=True)
    with db.write() as session:
        audit.record(
            session,
            AuditTag.CASELOAD_EXPORT,
            actor_role=staff.role.value,
            purpose="caseload exported (CSV)",
            actor_person_id=staff.person_id,
            request_id=g.get("request_id"),
            details={
                "rows": len(rows),
                "office": staff.office,
                "scope": "office" if query.counsellor_id is None else "mine",
            },
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            gettext("Name"),
            gettext("Personal code"),
            gettext("Risk level"),
            gettext("Individual plan"),
            gettext("Next action due"),
            gettext("Registered"),
            gettext("Counsellor"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                _safe(row.name),
                row.national_code,
                str(labels.RISK_LEVELS[row.risk_level]) if row.risk_level else "",
                str(labels.PLAN_STATUSES[row.plan_status]),
                row.next_due_on.isoformat() if row.next_due_on else "",
                row.opened_on.isoformat(),
                _safe(row.counsellor or ""),
            ]
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="caseload.csv"'},
    )


def _safe(value: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: quote it as text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class SearchForm(PortalForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or personal code"), validators=[Optional()])


@backoffice.get("/search")
def search():
    staff = current_staff()
    form = SearchForm(request.args)
    form.validate()
    text = (form.q.data or "")[:100]
    profile = current_profile()
    result = caseload_search.search(staff.office, text, profile) if text else None
    if result is not None:
        _record_listed(result.rows, "person search")
    return render_template(
        "backoffice/search/page.html",
        form=form,
        result=result,
        searched=bool(text),
        office=staff.office,
        case_href=_case_href(),
    )
