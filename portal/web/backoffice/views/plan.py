"""A case's individual employment plan: the current version with its activities, and the form that
drafts a new version (the person is told and agrees it in the portal)."""

from __future__ import annotations

from flask import flash, g, get_flashed_messages, redirect, render_template, url_for
from markupsafe import Markup
from wtforms import DateField, FieldList, Form, FormField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from portal import labels, text
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.i18n import current_language
from portal.models import ActivityKind, Actor, JobseekerCase, Person
from portal.models.audit import DataCategory
from portal.profiles import current_profile
from portal.services import plans, profiling
from portal.web.backoffice import backoffice, case_extensions, usage
from portal.web.backoffice.case_access import current_staff, load_case
from portal.web.bound_fields import BindOnce
from portal.web.forms import PortalForm

ROWS = 6  # activity rows on the form; empty ones are ignored
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
        choices=[SelectChoice(kind.value, labels.PLAN_ACTIVITY_KINDS[kind]) for kind in ActivityKind],
    )
    description = StringField(_l("What exactly"), validators=[Optional(), Length(max=plans.DESCRIPTION_MAX)])
    due_on = DateField(_l("Due by"))
    actor = SelectField(
        _l("Who acts"),
        choices=[SelectChoice(actor.value, labels.PLAN_ACTORS_FOR_STAFF[actor]) for actor in Actor],
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


class PlanForm(PortalForm):
    goal = TextAreaField(
        _l("Goal"),
        description=_l("What the person aims for, in their words where you can."),
        validators=[
            DataRequired(message=_l("Enter the goal of the plan")),
            Length(max=plans.GOAL_MAX, message=_l("The goal must be 2000 characters or fewer")),
        ],
    )
    activities = FieldList(FormField(ActivityForm), min_entries=ROWS, max_entries=ROWS)

    def validate_activities(self, field) -> None:
        if not any(row.form.description.data for row in field):
            raise ValidationError(str(_l("Enter at least one activity")))


# The `<option>`s of a row's activity and actor selects, kept per process by language, select and
# chosen value: the six rows show the same two lists on every view, and escaping their labels again
# cost more than the rest of the form's rendering. Made by the loop the template had (each option's
# value and label escaped, `selected` where WTForms marks it), so the text is the same.
_OPTION = Markup('<option value="{}">{}</option>')
_SELECTED_OPTION = Markup('<option value="{}" selected>{}</option>')
_OPTIONS: dict[tuple[str, str, str | None], Markup] = {}
_OPTIONS_KEPT = 256


def row_options(field: SelectField) -> Markup:
    """The options of one of a row's selects (`kind` or `actor`), as the template's loop made them."""
    key = (current_language().code, field.short_name, field.data)
    options = _OPTIONS.get(key)
    if options is None:
        options = Markup("").join(
            (_SELECTED_OPTION if selected else _OPTION).format(value, label)
            for value, label, selected, _attrs in field.iter_choices()
        )
        # Bounded: a submitted form's value may be anything (kept only while there is room).
        if len(_OPTIONS) < _OPTIONS_KEPT and (field.data is None or isinstance(field.data, str)):
            _OPTIONS[key] = options
    return options


def _prefilled(plan, version) -> PlanForm:
    rows = [
        {"kind": a.kind.value, "description": a.description, "due_on": a.due_on, "actor": a.actor.value}
        for a in (plan.activities if plan else [])
    ]
    rows += [{"kind": ActivityKind.APPLY.value, "actor": Actor.JOBSEEKER.value}] * (ROWS - len(rows))
    return PlanForm(formdata=None, goal=version.goal if version else "", activities=rows[:ROWS])


def _render(case: JobseekerCase, form: PlanForm | None = None, status: int = 200):
    plan = plans.plan_of(case.person_id)
    version = plans.current_version(plan) if plan else None
    assessment = profiling.latest(case.person_id)
    _service, required = (
        profiling.service_of(current_profile(), assessment.current_level) if assessment else ("", False)
    )
    # Read before the audit write: one read transaction, and no row read again after its commit.
    context = {
        "case": case,
        "person": db.session.get(Person, case.person_id),
        "plan": plan,
        "version": version,
        "history": plans.versions(plan)[1:] if plan else [],
        "form": form or _prefilled(plan, version),
    }
    usage.record_use([case.person_id], "employment plan viewed", (DataCategory.PLAN,), {"case": case.id})
    return render_template(
        "backoffice/case/plan.html",
        **context,
        plan_required=required,
        drafted=bool(get_flashed_messages(category_filter=[DRAFTED])),
        row_options=row_options,
        today=current_profile().today(),
    ), status


@backoffice.get("/cases/<int:case_id>/plan")
def case_plan(case_id: int):
    return _render(load_case(case_id))


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
