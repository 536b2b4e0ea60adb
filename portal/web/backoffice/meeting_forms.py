"""The forms of a case's meetings: booking (or moving) one, cancelling, keeping the time, attendance
and the follow-up of a missed one; the booking's problems in words."""

from __future__ import annotations

import datetime as dt
import re

from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from portal import labels, meeting_texts, text
from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.models import JobseekerCase, Meeting, MeetingKind
from portal.profiles import current_profile
from portal.services import jobseeker_profile, meetings
from portal.web.bound_fields import BindOnce, Radios
from portal.web.fields import DateInputField
from portal.web.forms import PortalForm

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
BOOKING_MESSAGES = {
    ("starts_at", "past"): _l("The meeting must start in the future"),
    ("duration", "invalid"): _l("Select how long the meeting takes"),
    ("address", "missing"): _l("Enter the address of the meeting"),
    ("video_url", "missing"): _l("Enter the link of the video meeting"),
    ("video_url", "not_https"): _l("Enter a link that starts with https://"),
}


def _safe(form_field) -> None:
    if form_field.data and text.unsafe_characters(form_field.data, multiline=False):
        raise ValidationError(str(_l("Remove the control or text-direction characters from this answer")))


class BookingForm(PortalForm):
    """Its fields bound once per process and copied (`BindOnce`): the case's meetings page makes
    the form on every view. Its radios' options are plain records (`Radios`)."""

    class Meta(BindOnce):
        pass

    kind = Radios(
        _l("How will you meet?"),
        choices=[SelectChoice(kind.value, labels.MEETING_KINDS[kind]) for kind in MeetingKind],
        validators=[InputRequired(message=_l("Select how you will meet"))],
    )
    day = DateInputField(_l("Date"))
    time = StringField(
        _l("Start time"),
        description=_l("24-hour clock, for example 14:30"),
        validators=[DataRequired(message=_l("Enter the start time of the meeting"))],
    )
    duration = SelectField(
        _l("Length"), validators=[InputRequired(message=_l("Select how long the meeting takes"))]
    )
    address = StringField(
        _l("Address (in person)"),
        description=_l("Your office's address unless you meet elsewhere."),
        validators=[Optional(), Length(max=meetings.ADDRESS_MAX)],
    )
    video_url = StringField(
        _l("Video link"),
        description=_l("Required for a video meeting; it must start with https://"),
        validators=[Optional(), Length(max=meetings.URL_MAX)],
    )
    phone = StringField(
        _l("Phone number you will call (phone)"),
        validators=[Optional(), Length(max=meetings.PHONE_MAX)],
    )
    topic = StringField(
        _l("What the meeting is about"), validators=[Optional(), Length(max=meetings.TOPIC_MAX)]
    )

    def validate_day(self, field: DateInputField) -> None:
        if field.data is None and not field.errors:
            raise ValidationError(str(_l("Enter the date of the meeting")))

    def validate_time(self, field) -> None:
        if field.data and not TIME.match(field.data):
            raise ValidationError(str(_l("Enter the time as hours and minutes, for example 14:30")))

    validate_address = validate_phone = validate_topic = validate_video_url = staticmethod(
        lambda form, field: _safe(field)
    )

    def starts_at(self) -> dt.datetime:
        match = TIME.match(self.time.data)
        local = dt.datetime.combine(self.day.data, dt.time(int(match.group(1)), int(match.group(2))))
        return local.replace(tzinfo=current_profile().tz)

    def booking(self) -> meetings.Booking:
        return meetings.Booking(
            kind=MeetingKind(self.kind.data),
            starts_at=self.starts_at(),
            duration_minutes=int(self.duration.data),
            address=self.address.data,
            video_url=self.video_url.data,
            phone=self.phone.data,
            topic=self.topic.data,
        )


def _reason_field(label, message) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            DataRequired(message=message),
            Length(max=meetings.REASON_MAX, message=_l("The text must be 1000 characters or fewer")),
        ],
    )


class CancelForm(PortalForm):
    reason = _reason_field(_l("Why is the meeting cancelled?"), _l("Enter why the meeting is cancelled"))


class KeepTimeForm(PortalForm):
    answer = _reason_field(_l("Your answer: why the time stays"), _l("Enter why the time stays"))


class AttendanceForm(PortalForm):
    attended = RadioField(
        _l("Did the person come?"),
        choices=[SelectChoice("yes", _l("Yes, they came")), SelectChoice("no", _l("No, they did not come"))],
        validators=[InputRequired(message=_l("Select whether the person came"))],
    )


class FollowUpForm(PortalForm):
    text = _reason_field(
        _l("What did you do about the missed meeting?"), _l("Enter what you did about the missed meeting")
    )


# The length's options, made once per country profile and language (each a plural translated).
_DURATIONS: dict[tuple[str, str, tuple[int, ...]], tuple[SelectChoice, ...]] = {}


def with_durations(form: BookingForm) -> BookingForm:
    profile = current_profile()
    rules = profile.meetings
    key = (profile.code, current_language().code, tuple(rules.durations))
    choices = _DURATIONS.get(key)
    if choices is None:
        choices = _DURATIONS[key] = tuple(
            SelectChoice(str(minutes), meeting_texts.minutes(minutes)) for minutes in rules.durations
        )
    form.duration.choices = list(choices)
    return form


# A form only shown (its POST makes its own): no CSRF field, the template writes the session's token
# (Flask-WTF's field signs it anew on every view).
_SHOWN = {"csrf": False}


def booking_form(
    case: JobseekerCase, meeting: Meeting | None = None, phone: str | None = None
) -> BookingForm:
    """Empty for a new meeting (the office's address and the person's phone filled in: `phone` when
    the caller read it, "" for none), or the meeting's own values to move it."""
    profile = current_profile()
    if meeting is not None:
        start = meeting_texts.local(meeting.starts_at)
        form = BookingForm(
            formdata=None,
            meta=_SHOWN,
            kind=meeting.kind.value,
            day=start.date(),
            time=start.strftime("%H:%M"),
            duration=str(meeting.duration_minutes),
            address=meeting.address or profile.offices.by_name(case.office).address,
            video_url=meeting.video_url or "",
            phone=meeting.phone or "",
            topic=meeting.topic or "",
        )
    else:
        if phone is None:
            phone = jobseeker_profile.contact_of(case.person_id)[1] or ""
        form = BookingForm(
            formdata=None,
            meta=_SHOWN,
            kind=MeetingKind.IN_PERSON.value,
            duration=str(profile.meetings.default_duration),
            address=profile.offices.by_name(case.office).address,
            phone=phone,
        )
    return with_durations(form)


def add_booking_problems(form: BookingForm, error: meetings.InvalidBooking) -> None:
    for (field_name, code), message in BOOKING_MESSAGES.items():
        if error.problems.get(field_name) == code:
            field = form.day if field_name == "starts_at" else getattr(form, field_name)
            field.errors = [*field.errors, str(message)]
