"""The person's individual employment plan: read it, see what changed, agree it (timestamped; the
agreed plan as a sealed PDF in the inbox), and mark activities done."""

from __future__ import annotations

import io

from flask import abort, flash, get_flashed_messages, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from portal.catalog import lazy_gettext as _l
from portal.documents.plan import sealed_pdf
from portal.extensions import db
from portal.i18n import current_language
from portal.models import JobseekerCase, Person, PlanVersion
from portal.profiles import current_profile
from portal.services import plans
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker

AGREED = "plan-agreed"


class AgreeForm(PortalForm):
    version = HiddenField()
    confirm = BooleanField(
        _l("I have read the plan and agree to it"),
        validators=[DataRequired(message=_l("Confirm that you have read the plan and agree to it"))],
    )


def _render(form: AgreeForm | None = None, status: int = 200):
    person_id = current_user.person_id
    plan = plans.plan_of(person_id)
    version = plans.current_version(plan) if plan else None
    earlier = plans.versions(plan)[1:] if plan else []
    return render_template(
        "jobseeker/plan/page.html",
        plan=plan,
        version=version,
        earlier=earlier,
        form=form or AgreeForm(formdata=None, version=str(version.number) if version else ""),
        agreed=bool(get_flashed_messages(category_filter=[AGREED])),
        today=current_profile().today(),
    ), status


@jobseeker.get("/plan")
def plan():
    return _render()


def _render_pdf(version: PlanVersion, agreed_at):
    person = db.session.get(Person, current_user.person_id)
    office = db.session.scalar(select(JobseekerCase.office).where(JobseekerCase.person_id == person.id)) or ""
    return sealed_pdf(version, person, agreed_at, current_language().code, office)


@jobseeker.post("/plan/agreement")
def plan_agree():
    form = AgreeForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    number = int(form.version.data) if (form.version.data or "").isdigit() else -1
    try:
        plans.agree(current_user.person_id, number, _render_pdf)
    except plans.StaleVersion:
        return _render(form, 409)
    except plans.NotDrafted:
        return redirect(url_for("jobseeker.plan"), code=303)
    flash("1", AGREED)
    return redirect(url_for("jobseeker.plan"), code=303)


@jobseeker.post("/plan/activities/<int:activity_id>/done")
def plan_activity_done(activity_id: int):
    PortalForm().validate_on_submit()  # CSRF is checked for every POST before the view
    if not plans.mark_done(current_user.person_id, activity_id):
        abort(404)
    return redirect(url_for("jobseeker.plan"), code=303)


@jobseeker.get("/plan/versions/<int:plan_version>/pdf")
def plan_pdf(plan_version: int):
    number = plan_version
    plan_row = plans.plan_of(current_user.person_id)
    version = None
    if plan_row is not None:
        version = db.session.scalar(
            select(PlanVersion).where(PlanVersion.plan_id == plan_row.id, PlanVersion.number == number)
        )
    if version is None or version.pdf is None:
        abort(404)
    return send_file(
        io.BytesIO(version.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"plan-{number}.pdf",
        max_age=0,
    )
