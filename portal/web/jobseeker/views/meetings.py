"""The person's meetings with their counsellor: those to come and those past, each with how and
where, and a request for another time (with a reason) that goes to the counsellor."""

from __future__ import annotations

from flask import flash, get_flashed_messages, redirect, render_template, url_for
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal import meeting_texts
from portal.catalog import lazy_gettext as _l
from portal.models import Meeting, MeetingState
from portal.models.base import utcnow
from portal.services import meetings
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker
from portal.web.records import load_owned

ASKED = "meeting-asked"


class RescheduleRequestForm(PortalForm):
    reason = TextAreaField(
        _l("Why do you need another time?"),
        description=_l("Your counsellor reads this and offers another time or answers you."),
        validators=[
            DataRequired(message=_l("Enter why you need another time")),
            Length(max=meetings.REASON_MAX, message=_l("The reason must be 1000 characters or fewer")),
        ],
    )


@jobseeker.get("/meetings")
def meetings_page():
    upcoming, past = meetings.split(meetings.meetings_of(current_user.person_id))
    return render_template("jobseeker/meetings/page.html", upcoming=upcoming, past=past, texts=meeting_texts)


def _may_ask(meeting: Meeting) -> bool:
    return meeting.state is MeetingState.BOOKED and meeting.starts_at > utcnow()


def _render(meeting: Meeting, form: RescheduleRequestForm | None = None, status: int = 200):
    return render_template(
        "jobseeker/meetings/meeting.html",
        meeting=meeting,
        may_ask=_may_ask(meeting),
        form=form or RescheduleRequestForm(formdata=None),
        asked=bool(get_flashed_messages(category_filter=[ASKED])),
        texts=meeting_texts,
    ), status


@jobseeker.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    return _render(load_owned(Meeting, meeting_id))


@jobseeker.post("/meetings/<int:meeting_id>/reschedule-request")
def meeting_reschedule_request(meeting_id: int):
    row = load_owned(Meeting, meeting_id)
    form = RescheduleRequestForm()
    if not form.validate_on_submit():
        return _render(row, form, 400)
    try:
        meetings.request_reschedule(current_user.person_id, row.id, reason=form.reason.data)
    except (meetings.WrongState, meetings.TooLate):
        return _render(row, form, 409)
    flash("1", ASKED)
    return redirect(url_for("jobseeker.meeting", meeting_id=row.id), code=303)
