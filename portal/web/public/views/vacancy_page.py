"""A published vacancy's public page (with schema.org JobPosting JSON-LD), its printable view, and
"report this vacancy", which puts it in the counsellors' check queue. Anything not published is
not found. The job search itself (`/jobs`) is the search module's."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.extensions import limiter
from portal.services.vacancies import NotFound, queries, workflow
from portal.web import saved_vacancy_toggle
from portal.web.forms import PortalForm
from portal.web.public import public

REPORT_LIMIT = "10 per hour"


class ReportForm(PortalForm):
    reason = TextAreaField(
        _l("What is wrong with this vacancy?"),
        description=_l(
            "For example: it discriminates, the job does not exist, it asks for payment. "
            "Do not write personal details."
        ),
        validators=[
            DataRequired(message=_l("Tell us what is wrong with the vacancy")),
            Length(max=workflow.REPORT_MAX, message=_l("Use 2000 characters or fewer")),
        ],
    )


def _published(vacancy_id: int):
    found = queries.published_vacancy(vacancy_id)
    if found is None:
        abort(404)
    return found


@public.get("/jobs/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    found, company = _published(vacancy_id)
    return render_template(
        "public/vacancy/page.html",
        vacancy=found,
        company=company,
        reported=request.args.get("reported") == "1",
        can_save=saved_vacancy_toggle.can_save(),
        saved_id=saved_vacancy_toggle.saved_map([found.id]).get(found.id),
    )


@public.get("/jobs/<int:vacancy_id>/print")
def vacancy_print(vacancy_id: int):
    found, company = _published(vacancy_id)
    return render_template("public/vacancy/print.html", vacancy=found, company=company)


def _only_posts() -> bool:
    return request.method != "POST"


@public.route("/jobs/<int:vacancy_id>/report", methods=["GET", "POST"])
@limiter.limit(REPORT_LIMIT, exempt_when=_only_posts)
def vacancy_report(vacancy_id: int):
    found, _company = _published(vacancy_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            workflow.report(found.id, form.reason.data)
        except NotFound:
            abort(404)
        return redirect(url_for("public.vacancy", vacancy_id=found.id, reported=1), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("public/vacancy/report.html", vacancy=found, form=form), status
