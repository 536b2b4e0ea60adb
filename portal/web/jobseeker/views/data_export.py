"""My data to take away: ask for an export, see it being prepared, download it for 7 days."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user

from portal.i18n import current_language
from portal.models import DataExport
from portal.profiles import current_profile
from portal.services import data_export, data_export_list
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker
from portal.web.records import load_owned

MEDIA = {"json": ("application/json", "json"), "pdf": ("application/pdf", "pdf")}


class ExportForm(PortalForm):
    """Only the button and the CSRF token."""


@jobseeker.route("/my-data", methods=["GET", "POST"])
def data_export_page():
    form = ExportForm()
    if form.validate_on_submit():
        data_export.request_export(current_user.person_id, current_language().code, current_profile())
        return redirect(url_for("jobseeker.data_export_page"), code=303)
    return render_template(
        "jobseeker/data_export/page.html",
        form=form,
        exports=data_export_list.exports_of(current_user.person_id),
        days=current_profile().data_use.export_days,
    )


# Kebab-case paths (tests/views/test_route_map.py): the file name comes from Content-Disposition.
@jobseeker.get("/my-data/<int:export_id>/json")
def data_export_json(export_id: int):
    return _file(export_id, "json")


@jobseeker.get("/my-data/<int:export_id>/pdf")
def data_export_pdf(export_id: int):
    return _file(export_id, "pdf")


def _file(export_id: int, kind: str) -> Response:
    export = load_owned(DataExport, export_id)
    content = data_export.file_of(export, kind)
    if content is None:
        abort(404)
    mimetype, extension = MEDIA[kind]
    day = current_profile().local_date(export.requested_at)
    return Response(
        content,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="my-data-{day}.{extension}"',
            "Cache-Control": "no-store",
        },
    )
