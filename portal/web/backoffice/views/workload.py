"""The supervisor's office workload page, and giving a case to another counsellor of the office."""

from __future__ import annotations

from flask import flash, g, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import format_percent
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import Person
from portal.profiles import current_profile
from portal.security import Access, access
from portal.services import case_assignment, workload
from portal.web.backoffice import backoffice, case_extensions, navigation
from portal.web.backoffice.case_access import current_staff, load_case
from portal.web.forms import PortalForm

SUPERVISORS = ("supervisor", "administrator")
REASSIGNED = "case-reassigned"


class ReassignForm(PortalForm):
    counsellor = RadioField(
        _l("Responsible counsellor"), validators=[InputRequired(message=_l("Select a counsellor"))]
    )


@backoffice.get("/workload")
@access(Access.SUPERVISOR)
def workload_page():
    staff = current_staff()
    figures = workload.office_workload(staff.office, current_profile().today())
    return render_template(
        "backoffice/workload/page.html",
        office=staff.office,
        figures=figures,
        on_time_share=format_percent(figures.on_time / figures.decided) if figures.decided else None,
    )


def _form(case) -> ReassignForm:
    form = ReassignForm(formdata=None, counsellor=str(case.counsellor_id or ""))
    form.counsellor.choices = [SelectChoice(str(i), name) for i, name in workload.counsellors_of(case.office)]
    return form


@backoffice.route("/cases/<int:case_id>/counsellor", methods=["GET", "POST"])
@access(Access.SUPERVISOR)
def case_reassign(case_id: int):
    case = load_case(case_id)
    form = _form(case)
    status = 200
    if request.method == "POST":
        form = ReassignForm()
        form.counsellor.choices = _form(case).counsellor.choices
        if form.validate_on_submit():
            try:
                case_assignment.reassign(
                    case.id, int(form.counsellor.data), actor=current_staff(), request_id=g.get("request_id")
                )
            except case_assignment.NotInOffice:
                form.counsellor.errors = [str(_l("Choose a counsellor of the case's office"))]
                status = 400
            else:
                flash("1", REASSIGNED)
                return redirect(url_for("backoffice.case_reassign", case_id=case.id), code=303)
        else:
            status = 400
    db.session.expire_all()
    return render_template(
        "backoffice/case/reassign.html",
        case=load_case(case_id),
        person=db.session.get(Person, case.person_id),
        form=form,
        done=bool(get_flashed_messages(category_filter=[REASSIGNED])),
    ), status


navigation.add("workload", _l("Office workload"), "backoffice.workload_page", order=60, roles=SUPERVISORS)
case_extensions.add_action(
    "reassign",
    _l("Give the case to another counsellor"),
    "backoffice.case_reassign",
    lambda case: {"case_id": case.id},
    order=90,
    roles=SUPERVISORS,
)
