"""A case's meetings: book one (in person, phone, video), move it, cancel it with a reason, answer
the person's request for another time, record attendance after the start, and follow up a missed
one under the country's rule; the office's queue of requests and missed meetings."""

from __future__ import annotations

from flask import abort, flash, g, get_flashed_messages, redirect, render_template, url_for

from portal import labels, meeting_texts
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import JobseekerCase, Meeting, MeetingState, Person
from portal.models.audit import DataCategory
from portal.models.base import utcnow
from portal.profiles import current_profile
from portal.security import request_user
from portal.services import (
    meeting_timeline,  # (importing it registers the timeline's meetings)
    meetings,
)
from portal.services.request_memo import shelf
from portal.web.backoffice import backoffice, case_extensions, case_panels, navigation, usage
from portal.web.backoffice.booking_markup import new_booking
from portal.web.backoffice.case_access import current_staff, keep_staff, load_case
from portal.web.backoffice.case_view_parts import address
from portal.web.backoffice.meeting_forms import (
    AttendanceForm,
    BookingForm,
    CancelForm,
    FollowUpForm,
    KeepTimeForm,
    add_booking_problems,
    booking_form,
    with_durations,
)

C = DataCategory
DONE = "meeting-done"  # flash category; the value says what was done
DONE_TEXTS = {
    "booked": (_l("Meeting booked"), _l("The person was told in their inbox.")),
    "rescheduled": (_l("Meeting moved"), _l("The person was told; the old time stays in the history.")),
    "cancelled": (_l("Meeting cancelled"), _l("The person was told, with your reason.")),
    "kept": (_l("Time kept"), _l("The person was told, with your answer.")),
    "attended": (_l("Attendance recorded"), None),
    "missed": (_l("Recorded as missed"), _l("The meeting waits in the office's queue for your follow-up.")),
    "followed": (_l("Follow-up recorded"), None),
}


def _done() -> tuple[str, str | None] | None:
    key = next(iter(get_flashed_messages(category_filter=[DONE])), None)
    return DONE_TEXTS.get(key) if key else None


def _render_list(case: JobseekerCase, form: BookingForm | None = None, status: int = 200):
    rows, phone = meetings.meetings_with_phone(case.person_id)
    upcoming, past = meetings.split(rows)
    # Read before the audit write: one read transaction, and no row read again after its commit.
    person = db.session.get(Person, case.person_id)
    # A new meeting's form is kept written (`booking_markup`); a form with errors the template writes.
    booking = new_booking(case, phone or "") if form is None else None
    usage.record_use([case.person_id], "meetings viewed", (C.MEETING,), {"case": case.id})
    return render_template(
        "backoffice/case/meetings.html",
        case=case,
        person=person,
        upcoming=upcoming,
        past=past,
        form=form,
        booking=booking,
        done=_done(),
        texts=meeting_texts,
    ), status


@backoffice.get("/cases/<int:case_id>/meetings")
def case_meetings(case_id: int):
    return _render_list(load_case(case_id))


@backoffice.post("/cases/<int:case_id>/meetings")
def case_meeting_book(case_id: int):
    case = load_case(case_id)
    form = with_durations(BookingForm())
    if not form.validate_on_submit():
        return _render_list(case, form, 400)
    try:
        meeting = meetings.book(
            case.person_id, form.booking(), staff=current_staff(), request_id=g.get("request_id")
        )
    except meetings.InvalidBooking as error:
        add_booking_problems(form, error)
        return _render_list(case, form, 400)
    flash("booked", DONE)
    return redirect(url_for("backoffice.case_meeting", case_id=case.id, meeting_id=meeting.id), code=303)


def _meeting_of(case: JobseekerCase, meeting_id: int) -> Meeting:
    """The case's meeting; another person's is 404 (the case was authorised, not the meeting)."""
    meeting = meetings.of_person(case.person_id, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _render_meeting(case: JobseekerCase, meeting: Meeting, status: int = 200, **forms):
    usage.record_use(
        [case.person_id], "meetings viewed", (C.MEETING,), {"case": case.id, "meeting": meeting.id}
    )
    history = _chain(meeting)
    return render_template(
        "backoffice/case/meeting.html",
        case=case,
        person=db.session.get(Person, case.person_id),
        meeting=meeting,
        history=history,
        started=meeting.starts_at <= utcnow(),
        is_open=meeting.state in (MeetingState.BOOKED, MeetingState.RESCHEDULE_REQUESTED),
        missed_rule=current_profile().meetings,
        booking_form=forms.get("booking") or booking_form(case, meeting),
        cancel_form=forms.get("cancel") or CancelForm(formdata=None),
        keep_form=forms.get("keep") or KeepTimeForm(formdata=None),
        attendance_form=forms.get("attendance") or AttendanceForm(formdata=None),
        follow_form=forms.get("follow") or FollowUpForm(formdata=None),
        error_form=next(iter(forms.values()), None),
        done=_done(),
        texts=meeting_texts,
    ), status


def _chain(meeting: Meeting) -> list[Meeting]:
    """The other times of this meeting: those it replaced and those that replaced it, by time."""
    found: dict[int, Meeting] = {}
    for link in ("replaces_id", "replaced_by_id"):
        current = meeting
        while (next_id := getattr(current, link)) is not None and next_id not in found:
            current = db.session.get(Meeting, next_id)
            if current is None:
                break
            found[current.id] = current
    return sorted(found.values(), key=lambda m: m.starts_at)


@backoffice.get("/cases/<int:case_id>/meetings/<int:meeting_id>")
def case_meeting(case_id: int, meeting_id: int):
    case = load_case(case_id)
    return _render_meeting(case, _meeting_of(case, meeting_id))


def _back(case: JobseekerCase, meeting: Meeting, done: str):
    flash(done, DONE)
    return redirect(url_for("backoffice.case_meeting", case_id=case.id, meeting_id=meeting.id), code=303)


def _conflict(case: JobseekerCase, meeting_id: int):
    db.session.expire_all()
    return _render_meeting(case, _meeting_of(case, meeting_id), 409)


@backoffice.post("/cases/<int:case_id>/meetings/<int:meeting_id>/reschedule")
def case_meeting_reschedule(case_id: int, meeting_id: int):
    case = load_case(case_id)
    meeting = _meeting_of(case, meeting_id)
    form = with_durations(BookingForm())
    if not form.validate_on_submit():
        return _render_meeting(case, meeting, 400, booking=form)
    try:
        new = meetings.reschedule(
            meeting.id, form.booking(), staff=current_staff(), request_id=g.get("request_id")
        )
    except meetings.InvalidBooking as error:
        add_booking_problems(form, error)
        return _render_meeting(case, meeting, 400, booking=form)
    except meetings.WrongState:
        return _conflict(case, meeting_id)
    return _back(case, new, "rescheduled")


@backoffice.post("/cases/<int:case_id>/meetings/<int:meeting_id>/cancel")
def case_meeting_cancel(case_id: int, meeting_id: int):
    case = load_case(case_id)
    meeting = _meeting_of(case, meeting_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _render_meeting(case, meeting, 400, cancel=form)
    try:
        meetings.cancel(
            meeting.id, reason=form.reason.data, staff=current_staff(), request_id=g.get("request_id")
        )
    except meetings.WrongState:
        return _conflict(case, meeting_id)
    return _back(case, meeting, "cancelled")


@backoffice.post("/cases/<int:case_id>/meetings/<int:meeting_id>/keep-time")
def case_meeting_keep_time(case_id: int, meeting_id: int):
    case = load_case(case_id)
    meeting = _meeting_of(case, meeting_id)
    form = KeepTimeForm()
    if not form.validate_on_submit():
        return _render_meeting(case, meeting, 400, keep=form)
    try:
        meetings.keep_time(
            meeting.id, answer=form.answer.data, staff=current_staff(), request_id=g.get("request_id")
        )
    except meetings.WrongState:
        return _conflict(case, meeting_id)
    return _back(case, meeting, "kept")


@backoffice.post("/cases/<int:case_id>/meetings/<int:meeting_id>/attendance")
def case_meeting_attendance(case_id: int, meeting_id: int):
    case = load_case(case_id)
    meeting = _meeting_of(case, meeting_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        return _render_meeting(case, meeting, 400, attendance=form)
    attended = form.attended.data == "yes"
    try:
        meetings.record_attendance(
            meeting.id, attended=attended, staff=current_staff(), request_id=g.get("request_id")
        )
    except meetings.TooEarly:
        form.attended.errors = [str(_l("Attendance can be recorded once the meeting has started"))]
        return _render_meeting(case, meeting, 400, attendance=form)
    except meetings.WrongState:
        return _conflict(case, meeting_id)
    return _back(case, meeting, "attended" if attended else "missed")


@backoffice.post("/cases/<int:case_id>/meetings/<int:meeting_id>/follow-up")
def case_meeting_follow_up(case_id: int, meeting_id: int):
    case = load_case(case_id)
    meeting = _meeting_of(case, meeting_id)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _render_meeting(case, meeting, 400, follow=form)
    try:
        meetings.follow_up(
            meeting.id, text=form.text.data, staff=current_staff(), request_id=g.get("request_id")
        )
    except meetings.WrongState:
        return _conflict(case, meeting_id)
    return _back(case, meeting, "followed")


@backoffice.get("/meetings")
def meetings_queue():
    # The signed-in staff member read with the queue, not by a statement of their own.
    found = meetings.staff_queue(request_user().person_id)
    if found is None:  # removed from the staff table since signing in
        abort(403)
    staff, requests, missed = found
    keep_staff(staff)
    usage.record_use(
        [row.meeting.person_id for row in (*requests, *missed)],
        "meeting queue listed",
        (C.NAME, C.MEETING),
        listing=True,
    )
    return render_template(
        "backoffice/meetings/page.html",
        requests=requests,
        missed=missed,
        office=staff.office,
        rules=current_profile().meetings,
        texts=meeting_texts,
    )


def _upcoming_panel(case: JobseekerCase) -> dict | None:
    # The timeline, read first, kept the person's meetings as rows (`meeting_timeline`).
    kept = shelf(meeting_timeline.MEETING_ROWS).pop(case.person_id, None)
    upcoming, _past = meetings.split(kept if kept is not None else meetings.meetings_of(case.person_id))
    # The addresses made here (`case_view_parts.address`), not by `url_for` in the template.
    upcoming_shown = [
        {
            "href": address(("backoffice.case_meeting", {"case_id": case.id, "meeting_id": meeting.id})),
            "when": meeting_texts.when(meeting),
            "where": meeting_texts.where(meeting),
            "requested": labels.MEETING_STATES_FOR_STAFF[meeting.state]
            if meeting.state == MeetingState.RESCHEDULE_REQUESTED
            else None,
        }
        for meeting in upcoming
    ]
    book_href = address(("backoffice.case_meetings", {"case_id": case.id}))
    # Written as markup, not by a template included with the page's whole context (case_panels).
    return {"html": case_panels.meetings_panel(upcoming_shown, book_href)}


case_extensions.add_tab("meetings", _l("Meetings"), "backoffice.case_meetings", order=30)
case_extensions.add_action(
    "book_meeting",
    _l("Book a meeting"),
    "backoffice.case_meetings",
    lambda case: {"case_id": case.id, "_anchor": "book"},
    order=20,
)
case_extensions.add_panel("meetings", None, _upcoming_panel, order=20)
navigation.add(
    "meetings",
    _l("Meetings to follow up"),
    "backoffice.meetings_queue",
    order=27,
)
