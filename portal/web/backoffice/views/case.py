"""One jobseeker's case: summary, timeline, register data on demand, confidential notes, and the
break-glass step for another office's case."""

from __future__ import annotations

from flask import flash, g, get_flashed_messages, redirect, render_template, url_for
from sqlalchemy import select
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import JobseekerCase, Person, Registration
from portal.models.audit import DataCategory
from portal.services import (
    cases,
    jobseeker_profile,
    timeline,
    timeline_sources,  # noqa: F401  (registers the timeline's own sources)
)
from portal.services.register_data import fetch_register_data, is_unknown
from portal.services.request_memo import shelf
from portal.web.backoffice import backoffice, case_extensions, usage
from portal.web.backoffice import case_view_parts as parts
from portal.web.backoffice.case_access import (
    BreakGlassForm,
    current_staff,
    grant,
    load_case,
)
from portal.web.backoffice.case_row import CaseRow, load_case_row
from portal.web.backoffice.cases import _occupation_title as occupation_title
from portal.web.backoffice.cases import _preferences as preferences_view
from portal.web.forms import PortalForm

C = DataCategory
CASE_VIEW = (C.NAME, C.PERSONAL_CODE, C.CONTACT, C.WORK_PREFERENCES, C.REGISTRATION, C.DECISION, C.CASE)
NOTE_ADDED = "case-note-added"
REGISTER_PURPOSES = {
    "profiling": _l("Risk profiling: check employment history and education"),
    "plan": _l("Individual employment plan: check the person's situation"),
    "eligibility": _l("Check the person still meets the conditions of registration"),
    "benefits": _l("Check social assistance and health insurance"),
}


class NoteForm(PortalForm):
    text = TextAreaField(
        _l("New note"),
        description=_l("Staff only: never shown to the person. Every reading is recorded."),
        validators=[
            DataRequired(message=_l("Enter the note")),
            Length(max=cases.NOTE_MAX, message=_l("The note must be 4000 characters or fewer")),
        ],
    )


class RegisterPurposeForm(PortalForm):
    purpose = RadioField(
        _l("Why do you read the registers now?"),
        choices=[SelectChoice(k, v) for k, v in REGISTER_PURPOSES.items()],
        validators=[InputRequired(message=_l("Select why you read the registers"))],
    )


def _summary(case: CaseRow) -> dict[str, object]:
    record = jobseeker_profile.record_summary(case.person_id)
    # The timeline (read first) kept the person's registrations: at most one (unique per person).
    kept = shelf("registrations_of").pop(case.person_id, None)
    if kept is not None:
        registration = max(kept, key=lambda r: r.submitted_at) if kept else None
    else:
        registration = db.session.scalar(
            select(Registration)
            .where(Registration.person_id == case.person_id)
            .order_by(Registration.submitted_at.desc())
            .limit(1)
        )
    return {
        "record": record,
        "registration": registration,
        "occupations": [
            (code, occupation_title(code)) for code in (record.occupation_codes if record else ())
        ],
        "preferences": preferences_view(record.preferences if record else None),
    }


@backoffice.get("/cases/<int:case_id>", endpoint="case")
def case_page(case_id: int):
    # The case with its person's and counsellor's columns and the signed-in staff member's office,
    # one row (case_row: no ORM objects); `person` in the templates is the same row.
    case, staff = load_case_row(case_id)
    # Allowed to see the case: the panels' reads (the recommendations' facts and cards) go with the
    # timeline's statement, in one round trip on PostgreSQL (`core_rows.read_ahead`).
    case_extensions.read_ahead(case)
    # Everything the page shows is read before the audit write, in the request's one read
    # transaction: after the write's commit the session would begin another.
    entries = timeline.entries(case.person_id)
    context = {
        "case": case,
        "person": case,
        "in_office": cases.in_office(case, staff),
        "entries": entries,
        "panels": case_extensions.panels(case),
        "actions": case_extensions.actions(case),
    }
    # The summary lists and the timeline written here, not by macros and loops in the template
    # (case_view_parts: the same markup, at a fraction of the cost).
    summary = _summary(case)
    not_recorded = parts.template_text("Not recorded")
    registration = summary["registration"]
    context["case_summary"] = parts.summary_list(
        parts.case_rows(case, case, registration, case.counsellor_name, not_recorded)
    )
    record = context["record"] = summary["record"]
    if record:
        context["record_summary"] = parts.summary_list(
            parts.record_rows(record, summary["occupations"], summary["preferences"], not_recorded)
        )
    context["timeline"] = parts.timeline_list(entries) if entries else None
    # The person's codes as read with the case: their pseudonym needs no statement of its own.
    codes = {case.person_id: (case.country, case.national_code)}
    usage.record_use([case.person_id], "case viewed", CASE_VIEW, {"case": case.id}, codes=codes)
    return render_template("backoffice/case/page.html", **context)


@backoffice.post("/cases/<int:case_id>/break-glass")
def case_break_glass(case_id: int):
    case = db.session.get(JobseekerCase, case_id)
    if case is None:
        return render_template("errors/page.html", code=404), 404
    form = BreakGlassForm()
    if not form.validate_on_submit():
        page = render_template(
            "backoffice/case/break_glass.html", case_id=case.id, case_office=case.office, form=form
        )
        return page, 400
    until = cases.break_glass(
        case.id, staff=current_staff(), reason=form.reason.data, request_id=g.get("request_id")
    )
    grant(case.id, until)
    return redirect(url_for("backoffice.case", case_id=case.id), code=303)


def _render_notes(case: JobseekerCase, form: NoteForm, status: int = 200):
    notes = cases.notes(case.person_id)
    if notes:
        usage.record_use(
            [case.person_id], "confidential notes read", (C.CONFIDENTIAL_NOTE,), {"case": case.id}
        )
    return render_template(
        "backoffice/case/notes.html",
        case=case,
        person=db.session.get(Person, case.person_id),
        notes=notes,
        form=form,
        added=bool(get_flashed_messages(category_filter=[NOTE_ADDED])),
    ), status


@backoffice.get("/cases/<int:case_id>/notes")
def case_notes(case_id: int):
    return _render_notes(load_case(case_id), NoteForm(formdata=None))


@backoffice.post("/cases/<int:case_id>/notes")
def case_add_note(case_id: int):
    case = load_case(case_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_notes(case, form, 400)
    cases.add_note(case.person_id, staff=current_staff(), text=form.text.data, request_id=g.get("request_id"))
    flash("1", NOTE_ADDED)
    return redirect(url_for("backoffice.case_notes", case_id=case.id), code=303)


def _render_register(case: JobseekerCase, form: RegisterPurposeForm, data=None, status: int = 200):
    return render_template(
        "backoffice/case/register_data.html",
        case=case,
        person=db.session.get(Person, case.person_id),
        form=form,
        data=data,
        is_unknown=is_unknown,
    ), status


@backoffice.get("/cases/<int:case_id>/register-data")
def case_register_data(case_id: int):
    return _render_register(load_case(case_id), RegisterPurposeForm(formdata=None))


@backoffice.post("/cases/<int:case_id>/register-data")
def case_read_registers(case_id: int):
    case = load_case(case_id)
    form = RegisterPurposeForm()
    if not form.validate_on_submit():
        return _render_register(case, form, status=400)
    person = db.session.get(Person, case.person_id)
    staff = current_staff()
    purpose = f"case {case.id}: {form.purpose.data}"
    # Each register call is logged with this purpose and the counsellor as the user (X-Road query log).
    data = fetch_register_data(person.national_code, on_behalf_of=staff.person.subject, purpose=purpose)
    usage.record_use([case.person_id], purpose, (C.REGISTER_DATA,), {"case": case.id})
    return _render_register(case, form, data)
