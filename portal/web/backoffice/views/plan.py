"""A case's individual employment plan: the current version with its activities, and the form that
drafts a new version (the person is told and agrees it in the portal)."""

from __future__ import annotations

from flask import flash, g, get_flashed_messages, redirect, render_template, url_for
from flask_babel import get_timezone
from wtforms import DateField, FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from portal import text
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import ActivityKind, Actor, JobseekerCase, Person
from portal.models.audit import DataCategory
from portal.profiles import current_profile
from portal.services import plans, profiling
from portal.web.backoffice import backoffice, case_extensions, plan_page_rows, plan_rows, usage
from portal.web.backoffice.case_access import current_staff, load_case
from portal.web.backoffice.case_row import CaseRow, load_case_row
from portal.web.backoffice.plan_rows import ROWS
from portal.web.bound_fields import BindOnce
from portal.web.forms import PortalForm

DRAFTED = "plan-drafted"


class _PortalFields:
    bind_field = PortalForm.Meta.bind_field


class ActivityForm(Form):
    """One row of the plan's activities (inside `PlanForm`, whose CSRF token covers it). Its fields
    are bound once per process and row and copied (`BindOnce`): the plan page builds six rows of
    four fields on every view, and binding them was a fifth of the page's CPU."""

    class Meta(BindOnce, _PortalFields):
        pass

    kind = SelectField(
        _l("Activity"),
        choices=[SelectChoice(value, label) for value, label in plan_rows.KINDS],
    )
    description = StringField(_l("What exactly"), validators=[Optional(), Length(max=plans.DESCRIPTION_MAX)])
    due_on = DateField(_l("Due by"))
    actor = SelectField(
        _l("Who acts"),
        choices=[SelectChoice(value, label) for value, label in plan_rows.ACTORS],
    )

    def validate_description(self, field) -> None:
        if field.data and text.unsafe_characters(field.data, multiline=False):
            raise ValidationError(str(_l("Remove the control or text-direction characters from this answer")))

    def validate_due_on(self, field) -> None:
        field.errors[:] = []  # an empty row is skipped; a bad date is told as a missing one
        if not self.description.data:
            raise StopValidation
        if field.data is None:
            raise ValidationError(str(_l("Enter the due date of the activity")))


class PlanGoalForm(PortalForm):
    """The plan's goal: what the page builds to show a new version's form (the rows are written from
    plain values, `plan_rows`); a submitted form is a `PlanForm`, with its rows."""

    goal = TextAreaField(
        _l("Goal"),
        description=_l("What the person aims for, in their words where you can."),
        validators=[
            DataRequired(message=_l("Enter the goal of the plan")),
            Length(max=plans.GOAL_MAX, message=_l("The goal must be 2000 characters or fewer")),
        ],
    )


class PlanForm(PlanGoalForm):
    activities = FieldList(FormField(ActivityForm), min_entries=ROWS, max_entries=ROWS)

    def validate_activities(self, field) -> None:
        if not any(row.form.description.data for row in field):
            raise ValidationError(str(_l("Enter at least one activity")))


def _activities_error(form: PlanForm | None) -> str | None:
    """The error of the activities as a whole ("enter at least one"), shown above the rows: the
    first of the list's errors when they are texts (a row's own errors are shown in the row)."""
    errors = form.activities.errors if form is not None else None
    if errors and (isinstance(errors, str) or isinstance(errors[0], str)):
        return errors[0]
    return None


def _render(case: JobseekerCase | CaseRow, form: PlanForm | None = None, status: int = 200):
    # A view's case is a row (`case_row`): its plan is read as rows too (`plan_page_rows`).
    plan, version, level = (
        plan_page_rows.plan_page(case.person_id)
        if isinstance(case, CaseRow)
        else plans.plan_page(case.person_id)
    )
    required = profiling.service_of(current_profile(), level)[1] if level is not None else False
    # Read before the audit write: one read transaction, and no row read again after its commit.
    if form is None:  # a new version starts from the current one; no rows' fields to build
        rows = plan_rows.prefilled(plan.activities if plan else [])
        # No CSRF field: the template writes the session's token (Flask-WTF's field signs it anew).
        goal = version.goal if version else ""
        shown: PlanGoalForm = PlanGoalForm(formdata=None, goal=goal, meta={"csrf": False})
    else:
        rows, shown = plan_rows.submitted(form.activities), form
    # The person: the case's own row (`case_row`, a view's) or read with the case (`load_case`).
    person = case if isinstance(case, CaseRow) else db.session.get(Person, case.person_id)
    context = {
        "case": case,
        "person": person,
        "plan": plan,
        "version": version,
        "history": plans.versions(plan)[1:] if plan else [],
        "form": shown,
        "activities_error": _activities_error(form),
        "rows": plan_rows.rows_markup(rows),
    }
    if version is not None:
        # The time zone chosen now: the template's `datetimeformat` then keeps each moment's text
        # (it formats afresh, Babel: ~0.1 ms a moment, until the request's zone is chosen).
        get_timezone()
    usage.record_use(
        [case.person_id],
        "employment plan viewed",
        (DataCategory.PLAN,),
        {"case": case.id},
        codes={case.person_id: (person.country, person.national_code)},
    )
    return render_template(
        "backoffice/case/plan.html",
        **context,
        plan_required=required,
        drafted=bool(get_flashed_messages(category_filter=[DRAFTED])),
        today=current_profile().today(),
    ), status


@backoffice.get("/cases/<int:case_id>/plan")
def case_plan(case_id: int):
    # The case as one row of columns with its person (`case_row`: no ORM objects), under
    # `load_case`'s rules; a form sent back (the POST) is shown with the case `load_case` read.
    return _render(load_case_row(case_id)[0])


@backoffice.post("/cases/<int:case_id>/plan")
def case_plan_draft(case_id: int):
    case = load_case(case_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return _render(case, form, 400)
    activities = [
        plans.ActivityDraft(
            kind=ActivityKind(row.form.kind.data),
            description=row.form.description.data,
            due_on=row.form.due_on.data,
            actor=Actor(row.form.actor.data),
        )
        for row in form.activities
        if row.form.description.data
    ]
    plans.draft(
        case.person_id,
        goal=form.goal.data,
        activities=activities,
        staff=current_staff(),
        request_id=g.get("request_id"),
    )
    flash("1", DRAFTED)
    return redirect(url_for("backoffice.case_plan", case_id=case.id), code=303)


case_extensions.add_tab("plan", _l("Employment plan"), "backoffice.case_plan", order=20)
