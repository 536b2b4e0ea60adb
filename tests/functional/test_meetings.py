"""Meetings (issue 15): the counsellor books one from the case (in person, phone, video) with
validation; the person is told and reminded the day before, once; they may ask for another time
with a reason, which goes to the office's queue; the counsellor moves (the old time kept), keeps
the time, cancels with a reason, records attendance after the start; a missed meeting waits in the
queue with the country's rule and nothing follows automatically. Object-level authorization and
office scoping hold on every route."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    AuditEvent,
    AuditTag,
    Decision,
    InboxMessage,
    JobseekerCase,
    JobseekerProfile,
    Meeting,
    MeetingKind,
    MeetingState,
    Registration,
    RegistrationState,
    StaffMember,
)
from portal.services import data_export, meetings
from tests.functional.caseload_helpers import NARVA, add_jobseeker, csrf, ee_code, text_of
from tests.functional.test_inbox import mails

JAAN = "38001085718"
MARI = "49403136526"


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def local_now(app) -> dt.datetime:
    with app.app_context():
        return dt.datetime.now(app.extensions["profile"].tz)


def booking(page, when: dt.datetime, **fields) -> dict:
    """The booking form as a browser sends it; `when` is the local time of the start."""
    data = {
        "csrf_token": csrf(page),
        "kind": "in_person",
        "day-day": str(when.day),
        "day-month": str(when.month),
        "day-year": str(when.year),
        "time": when.strftime("%H:%M"),
        "duration": "45",
        "address": "Lasnamäe 2, 11412 Tallinn",
        "video_url": "",
        "phone": "",
        "topic": "Your job search so far",
    }
    data.update(fields)
    return data


def person_of(app, case_id: int) -> int:
    with app.app_context():
        return db.session.get(JobseekerCase, case_id).person_id


def inbox_kinds(app, person_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(InboxMessage.kind).where(InboxMessage.person_id == person_id).order_by(InboxMessage.id)
            )
        )


def meeting_rows(app, person_id: int) -> list[Meeting]:
    with app.app_context():
        rows = list(
            db.session.scalars(select(Meeting).where(Meeting.person_id == person_id).order_by(Meeting.id))
        )
        db.session.expunge_all()
        return rows


def events(app, tag: AuditTag) -> list[AuditEvent]:
    with app.app_context():
        rows = list(
            db.session.scalars(select(AuditEvent).where(AuditEvent.tag == tag).order_by(AuditEvent.id))
        )
        db.session.expunge_all()
        return rows


def move_to_the_past(app, meeting_id: int, hours: int = 2) -> None:
    """The meeting's time has come (instead of waiting for it)."""
    with app.app_context():
        db.session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id)
            .values(starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours))
        )
        db.session.commit()


def booked(app, client, case_id: int, when: dt.datetime | None = None, **fields) -> int:
    when = when or (local_now(app) + dt.timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    page = client.get(f"/back-office/cases/{case_id}/meetings")
    response = client.post(f"/back-office/cases/{case_id}/meetings", data=booking(page, when, **fields))
    assert response.status_code == 303, text_of(response)[:2000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


# --- booking ------------------------------------------------------------------------------------


def test_booking_is_validated_and_the_office_address_is_the_default(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    counsellor = english(client_as("counsellor"))
    page = counsellor.get(f"/back-office/cases/{case_id}/meetings")
    assert page.status_code == 200
    assert 'value="Lasnamäe 2, 11412 Tallinn"' in page.get_data(as_text=True)  # the office's address
    assert "No meeting is booked." in text_of(page)
    future = (local_now(eid_app) + dt.timedelta(days=2)).replace(hour=9, minute=30)
    url = f"/back-office/cases/{case_id}/meetings"

    cases = [
        (booking(page, local_now(eid_app) - dt.timedelta(hours=1)), "The meeting must start in the future"),
        (booking(page, future, address=""), "Enter the address of the meeting"),
        (booking(page, future, kind="video"), "Enter the link of the video meeting"),
        (
            booking(page, future, kind="video", video_url="http://meet.example.org/abc"),
            "Enter a link that starts with https://",
        ),
        (booking(page, future, time="25:10"), "Enter the time as hours and minutes, for example 14:30"),
        (booking(page, future, **{"day-day": "31", "day-month": "2"}), "Enter a real date"),
        (booking(page, future, kind=""), "Select how you will meet"),
        (booking(page, future, duration="7"), "Not a valid choice"),
    ]
    for data, message in cases:
        refused = counsellor.post(url, data=data)
        assert refused.status_code == 400, message
        body = text_of(refused)
        assert "There is a problem" in body and message in body, message
    assert meeting_rows(eid_app, person_of(eid_app, case_id)) == []
    missing_csrf = booking(page, future)
    del missing_csrf["csrf_token"]
    assert counsellor.post(url, data=missing_csrf).status_code == 400
    assert meeting_rows(eid_app, person_of(eid_app, case_id)) == []

    # A video meeting keeps only its link; a phone meeting needs no place.
    video = booked(eid_app, counsellor, case_id, kind="video", video_url="https://meet.example.org/abc")
    phone = booked(eid_app, counsellor, case_id, kind="phone", phone="+372 5555 0101", address="")
    rows = {row.id: row for row in meeting_rows(eid_app, person_of(eid_app, case_id))}
    assert (rows[video].kind, rows[video].video_url, rows[video].address) == (
        MeetingKind.VIDEO,
        "https://meet.example.org/abc",
        None,
    )
    assert (rows[phone].kind, rows[phone].phone, rows[phone].address) == (
        MeetingKind.PHONE,
        "+372 5555 0101",
        None,
    )


def test_a_booked_meeting_is_told_shown_to_the_person_and_on_the_timeline(eid_app, client_as, instance_path):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    with eid_app.app_context():
        record = db.session.scalar(select(JobseekerProfile).where(JobseekerProfile.person_id == person_id))
        record.email, record.phone, record.notice_language = "jaak@example.ee", None, "ru"
        db.session.commit()
    counsellor = english(client_as("counsellor"))
    when = (local_now(eid_app) + dt.timedelta(days=4)).replace(hour=14, minute=30, second=0, microsecond=0)
    meeting_id = booked(eid_app, counsellor, case_id, when)

    [row] = meeting_rows(eid_app, person_id)
    assert row.state is MeetingState.BOOKED and row.address == "Lasnamäe 2, 11412 Tallinn"
    assert row.starts_at == when.astimezone(dt.UTC) and row.duration_minutes == 45
    assert row.office == "Tallinn" and row.topic == "Your job search so far"
    assert inbox_kinds(eid_app, person_id) == ["meeting_booked"]
    [mail] = mails(instance_path)  # the notice, in the language the person chose for notices
    assert mail["Subject"] == "У вас новое сообщение от государственной службы занятости"
    (event,) = events(eid_app, AuditTag.MEETING_BOOK)
    assert (event.subject_person_id, event.details["meeting"]) == (person_id, meeting_id)
    with eid_app.app_context():  # "download your data" carries the meetings
        [exported] = data_export.SECTIONS["meetings"](person_id)
    assert (exported["kind"], exported["state"], exported["address"]) == (
        "in_person",
        "booked",
        "Lasnamäe 2, 11412 Tallinn",
    )

    shown = text_of(counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}"))
    assert "Meeting booked" in shown and "14:30 to 15:15" in shown and "In person: Lasnamäe 2" in shown
    case_page = text_of(counsellor.get(f"/back-office/cases/{case_id}"))
    assert "Meeting booked for" in case_page  # the timeline
    assert "Book a meeting" in case_page  # the case's action
    views = [e for e in events(eid_app, AuditTag.PERSON_VIEW) if e.purpose == "meetings viewed"]
    assert views and "meeting" in views[0].details["data_categories"]

    person = english(client_as("jobseeker"))
    home = text_of(person.get("/jobseeker/"))
    assert "Your next meetings" in home and "14:30 to 15:15" in home
    mine = text_of(person.get("/jobseeker/meetings"))
    assert "Meetings to come" in mine and "In person: Lasnamäe 2, 11412 Tallinn" in mine
    inbox = text_of(person.get("/jobseeker/inbox"))
    assert "Your counsellor booked a meeting with you" in inbox
    with eid_app.app_context():
        message_id = db.session.scalar(select(InboxMessage.id).where(InboxMessage.person_id == person_id))
    opened = person.get(f"/jobseeker/inbox/{message_id}")
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/jobseeker/meetings")


def test_the_inbox_title_is_in_the_readers_language(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    booked(eid_app, english(client_as("counsellor")), case_id)
    person = client_as("jobseeker")
    person.environ_base["HTTP_ACCEPT_LANGUAGE"] = "et"
    assert "Teie nõustaja broneeris teiega kohtumise" in text_of(person.get("/jobseeker/inbox"))


# --- the day-before reminder ---------------------------------------------------------------------


def test_the_reminder_goes_out_once_the_day_before(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    other_case = add_jobseeker(eid_app, ee_code(5), "Other", "Person")
    person_id, other_id = person_of(eid_app, case_id), person_of(eid_app, other_case)
    client_as("counsellor")  # Mari-Liis is staff
    with eid_app.app_context():
        profile = eid_app.extensions["profile"]
        tz = profile.tz
        staff = db.session.scalar(select(StaffMember))
        frozen = dt.datetime(2031, 3, 13, 7, 0, tzinfo=tz)  # "now": a Thursday morning
        tomorrow = dt.datetime(2031, 3, 14, 10, 0, tzinfo=tz)
        late_tomorrow = dt.datetime(2031, 3, 14, 23, 30, tzinfo=tz)
        in_two_days = dt.datetime(2031, 3, 15, 9, 0, tzinfo=tz)

        def book(person, when):
            return meetings.book(
                person,
                meetings.Booking(MeetingKind.PHONE, when, 30),
                staff=staff,
                now=frozen - dt.timedelta(days=5),
            ).id

        first = book(person_id, tomorrow)
        second = book(person_id, late_tomorrow)
        later = book(person_id, in_two_days)
        cancelled = book(other_id, tomorrow)
        meetings.cancel(cancelled, reason="The counsellor is ill", staff=staff)

        assert meetings.remind_due(profile, now=frozen) == 2
        assert meetings.remind_due(profile, now=frozen) == 0  # run again: nothing twice
        assert meetings.remind_due(profile, now=frozen + dt.timedelta(hours=5)) == 0
        reminded = dict(db.session.execute(select(Meeting.id, Meeting.reminded_at)).all())
        assert reminded[first] == reminded[second] == frozen.astimezone(dt.UTC)
        assert reminded[later] is None and reminded[cancelled] is None
        # The next day, the meeting of the day after is reminded; a moved meeting is reminded anew.
        assert meetings.remind_due(profile, now=frozen + dt.timedelta(days=1)) == 1
        moved = meetings.reschedule(
            first,
            meetings.Booking(MeetingKind.PHONE, dt.datetime(2031, 3, 16, 10, 0, tzinfo=tz), 30),
            staff=staff,
            now=frozen,
        )
        assert meetings.remind_due(profile, now=frozen + dt.timedelta(days=2)) == 1
        assert db.session.get(Meeting, moved.id, populate_existing=True).reminded_at is not None
    kinds = inbox_kinds(eid_app, person_id)
    assert kinds.count("meeting_reminder") == 4
    assert inbox_kinds(eid_app, other_id) == ["meeting_booked", "meeting_cancelled"]


def test_the_reminder_runs_hourly_once_per_hour(eid_app):
    from portal.queue import huey

    with eid_app.app_context():
        first = {task.name for task in huey.read_periodic(dt.datetime(2031, 3, 13, 9, 20, 5))}
        again = {task.name for task in huey.read_periodic(dt.datetime(2031, 3, 13, 9, 20, 40))}
        other = {task.name for task in huey.read_periodic(dt.datetime(2031, 3, 13, 9, 21, 5))}
    assert "remind_meetings" in first and "remind_meetings" not in again | other


# --- the person asks for another time ------------------------------------------------------------


def test_the_person_asks_for_another_time_and_the_counsellor_moves_the_meeting(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    counsellor = english(client_as("counsellor"))
    meeting_id = booked(eid_app, counsellor, case_id)
    person = english(client_as("jobseeker"))

    page = person.get(f"/jobseeker/meetings/{meeting_id}")
    assert "Ask for another time" in text_of(page)
    empty = person.post(
        f"/jobseeker/meetings/{meeting_id}/reschedule-request", data={"csrf_token": csrf(page), "reason": " "}
    )
    assert empty.status_code == 400 and "Enter why you need another time" in text_of(empty)
    asked = person.post(
        f"/jobseeker/meetings/{meeting_id}/reschedule-request",
        data={"csrf_token": csrf(page), "reason": "I have a job interview that morning"},
    )
    assert asked.status_code == 303
    shown = text_of(person.get(f"/jobseeker/meetings/{meeting_id}"))
    assert "You asked for another time" in shown and "waits for your counsellor's answer" in shown
    again = person.post(
        f"/jobseeker/meetings/{meeting_id}/reschedule-request",
        data={"csrf_token": csrf(page), "reason": "Once more"},
    )
    assert again.status_code == 409
    [row] = meeting_rows(eid_app, person_id)
    assert row.state is MeetingState.RESCHEDULE_REQUESTED
    assert row.reschedule_reason == "I have a job interview that morning"
    assert len(events(eid_app, AuditTag.MEETING_RESCHEDULE_REQUEST)) == 1

    queue = text_of(counsellor.get("/back-office/meetings"))
    assert "1 request for another time" in queue and "Jõeorg" in queue
    home = text_of(counsellor.get("/back-office/"))
    assert "1 request for another time; 0 missed meetings to follow up" in home
    assert "I have a job interview that morning" in queue
    assert "The person asked to move the meeting" in text_of(counsellor.get(f"/back-office/cases/{case_id}"))

    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    new_time = (local_now(eid_app) + dt.timedelta(days=6)).replace(hour=11, minute=15)
    moved = counsellor.post(
        f"/back-office/cases/{case_id}/meetings/{meeting_id}/reschedule", data=booking(detail, new_time)
    )
    assert moved.status_code == 303
    old, new = meeting_rows(eid_app, person_id)
    assert (old.state, old.replaced_by_id, old.ended_at is not None) == (
        MeetingState.RESCHEDULED,
        new.id,
        True,
    )
    assert (new.state, new.replaces_id) == (MeetingState.BOOKED, old.id)
    assert new.starts_at == new_time.replace(second=0, microsecond=0).astimezone(dt.UTC)
    assert inbox_kinds(eid_app, person_id) == ["meeting_booked", "meeting_rescheduled"]
    assert "0 requests for another time" in text_of(counsellor.get("/back-office/meetings"))
    history = text_of(counsellor.get(f"/back-office/cases/{case_id}/meetings/{new.id}"))
    assert "Other times of this meeting" in history and "Moved to another time" in history
    # The old time cannot be moved or cancelled again.
    stale = counsellor.post(
        f"/back-office/cases/{case_id}/meetings/{old.id}/cancel",
        data={"csrf_token": csrf(detail), "reason": "Too late"},
    )
    assert stale.status_code == 409
    mine = text_of(person.get("/jobseeker/meetings"))
    assert "Moved to another time" in mine and "11:15" in mine


def test_the_counsellor_keeps_the_time_with_an_answer(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    counsellor = english(client_as("counsellor"))
    meeting_id = booked(eid_app, counsellor, case_id)
    person = english(client_as("jobseeker"))
    page = person.get(f"/jobseeker/meetings/{meeting_id}")
    person.post(
        f"/jobseeker/meetings/{meeting_id}/reschedule-request",
        data={"csrf_token": csrf(page), "reason": "I would rather sleep late"},
    )
    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    assert "Keep the time" in text_of(detail)
    empty = counsellor.post(
        f"/back-office/cases/{case_id}/meetings/{meeting_id}/keep-time", data={"csrf_token": csrf(detail)}
    )
    assert empty.status_code == 400 and "Enter why the time stays" in text_of(empty)
    kept = counsellor.post(
        f"/back-office/cases/{case_id}/meetings/{meeting_id}/keep-time",
        data={"csrf_token": csrf(detail), "answer": "This is the only free time this month."},
    )
    assert kept.status_code == 303
    [row] = meeting_rows(eid_app, person_id)
    assert row.state is MeetingState.BOOKED and row.reschedule_answer.startswith("This is the only")
    assert inbox_kinds(eid_app, person_id) == ["meeting_booked", "meeting_time_kept"]
    assert "This is the only free time this month." in text_of(
        person.get(f"/jobseeker/meetings/{meeting_id}")
    )


def test_a_meeting_that_has_started_cannot_be_moved_at_the_persons_request(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    meeting_id = booked(eid_app, english(client_as("counsellor")), case_id)
    person = english(client_as("jobseeker"))
    token = csrf(person.get(f"/jobseeker/meetings/{meeting_id}"))
    move_to_the_past(eid_app, meeting_id, hours=0)
    page = person.get(f"/jobseeker/meetings/{meeting_id}")
    assert "Ask for another time" not in text_of(page)
    late = person.post(
        f"/jobseeker/meetings/{meeting_id}/reschedule-request",
        data={"csrf_token": token, "reason": "Overslept"},
    )
    assert late.status_code == 409


# --- cancelling, attendance, missed meetings ------------------------------------------------------


def test_cancelling_needs_a_reason_and_tells_the_person(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    counsellor = english(client_as("counsellor"))
    meeting_id = booked(eid_app, counsellor, case_id)
    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    url = f"/back-office/cases/{case_id}/meetings/{meeting_id}/cancel"
    empty = counsellor.post(url, data={"csrf_token": csrf(detail), "reason": ""})
    assert empty.status_code == 400 and "Enter why the meeting is cancelled" in text_of(empty)
    assert (
        counsellor.post(url, data={"csrf_token": csrf(detail), "reason": "The office is closed"}).status_code
        == 303
    )
    [row] = meeting_rows(eid_app, person_id)
    assert (row.state, row.cancel_reason) == (MeetingState.CANCELLED, "The office is closed")
    assert inbox_kinds(eid_app, person_id) == ["meeting_booked", "meeting_cancelled"]
    person = english(client_as("jobseeker"))
    shown = text_of(person.get(f"/jobseeker/meetings/{meeting_id}"))
    assert "Cancelled" in shown and "The office is closed" in shown
    assert "Earlier meetings" in text_of(person.get("/jobseeker/meetings"))
    assert "Meeting of" in text_of(counsellor.get(f"/back-office/cases/{case_id}"))  # on the timeline


def test_attendance_is_recorded_only_after_the_start(eid_app, client_as):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    counsellor = english(client_as("counsellor"))
    meeting_id = booked(eid_app, counsellor, case_id)
    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    assert "Attendance can be recorded once the meeting has started" in text_of(detail)
    url = f"/back-office/cases/{case_id}/meetings/{meeting_id}/attendance"
    early = counsellor.post(url, data={"csrf_token": csrf(detail), "attended": "yes"})
    assert early.status_code == 400 and "Attendance can be recorded once the meeting has started" in text_of(
        early
    )
    assert meeting_rows(eid_app, person_id)[0].state is MeetingState.BOOKED

    move_to_the_past(eid_app, meeting_id)
    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    assert "Did the person come?" in text_of(detail)
    unanswered = counsellor.post(url, data={"csrf_token": csrf(detail)})
    assert unanswered.status_code == 400 and "Select whether the person came" in text_of(unanswered)
    assert counsellor.post(url, data={"csrf_token": csrf(detail), "attended": "yes"}).status_code == 303
    [row] = meeting_rows(eid_app, person_id)
    assert row.state is MeetingState.ATTENDED and row.ended_at is not None
    assert counsellor.post(url, data={"csrf_token": csrf(detail), "attended": "no"}).status_code == 409
    (event,) = events(eid_app, AuditTag.MEETING_ATTENDANCE)
    assert event.details["attended"] is True
    assert "You came" in text_of(english(client_as("jobseeker")).get("/jobseeker/meetings"))
    assert "0 missed meetings to follow up" in text_of(counsellor.get("/back-office/meetings"))


def test_a_missed_meeting_goes_to_the_queue_with_the_rule_and_nothing_follows_automatically(
    eid_app, client_as
):
    case_id = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    person_id = person_of(eid_app, case_id)
    counsellor = english(client_as("counsellor"))
    meeting_id = booked(eid_app, counsellor, case_id)
    move_to_the_past(eid_app, meeting_id)
    with eid_app.app_context():
        decisions_before = db.session.scalar(select(Decision.id).order_by(Decision.id.desc()).limit(1))
    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    missed = counsellor.post(
        f"/back-office/cases/{case_id}/meetings/{meeting_id}/attendance",
        data={"csrf_token": csrf(detail), "attended": "no"},
    )
    assert missed.status_code == 303
    assert meeting_rows(eid_app, person_id)[0].state is MeetingState.MISSED

    queue = text_of(counsellor.get("/back-office/meetings"))
    assert "1 missed meeting to follow up" in queue and "Jõeorg" in queue
    assert "0 requests for another time; 1 missed meeting to follow up" in text_of(
        counsellor.get("/back-office/")
    )
    assert "A missed meeting without a good reason is a breach" in queue  # Estonia's rule
    assert "nothing happens automatically" in queue
    page = text_of(counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}"))
    assert "What follows a missed meeting" in page and "Tööturuteenuste ja -toetuste seadus" in page
    # Nothing automatic: the registration stands, no decision, no message to the person.
    with eid_app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.person_id == person_id))
        assert registration.state is RegistrationState.REGISTERED
        assert (
            db.session.scalar(select(Decision.id).order_by(Decision.id.desc()).limit(1)) == decisions_before
        )
    assert inbox_kinds(eid_app, person_id) == ["meeting_booked"]
    assert "You did not come" in text_of(english(client_as("jobseeker")).get("/jobseeker/meetings"))

    url = f"/back-office/cases/{case_id}/meetings/{meeting_id}/follow-up"
    detail = counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}")
    empty = counsellor.post(url, data={"csrf_token": csrf(detail), "text": ""})
    assert empty.status_code == 400 and "Enter what you did about the missed meeting" in text_of(empty)
    done = counsellor.post(
        url, data={"csrf_token": csrf(detail), "text": "Called: the person was ill; no breach recorded."}
    )
    assert done.status_code == 303
    assert "0 missed meetings to follow up" in text_of(counsellor.get("/back-office/meetings"))
    assert counsellor.post(url, data={"csrf_token": csrf(detail), "text": "Again"}).status_code == 409
    assert "Missed meeting of" in text_of(counsellor.get(f"/back-office/cases/{case_id}"))
    assert len(events(eid_app, AuditTag.MEETING_FOLLOW_UP)) == 1


def test_the_kosovo_profile_has_its_own_rule(make_app):
    from portal.profiles import get_profile

    estonia, kosovo = get_profile("EE").meetings, get_profile("XK").meetings
    assert estonia.legal_basis and kosovo.legal_basis and estonia.legal_basis != kosovo.legal_basis
    app = make_app(PROFILE="XK")
    with app.test_request_context():
        assert "Asgjë nuk ndodh automatikisht" in str(kosovo.missed_rule)  # the profile's first language


# --- authorization ------------------------------------------------------------------------------


def test_a_person_sees_only_their_own_meetings(eid_app, client_as):
    own_case = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    other_case = add_jobseeker(eid_app, ee_code(7), "Other", "Person")
    counsellor = english(client_as("counsellor"))
    own = booked(eid_app, counsellor, own_case, topic="Mine")
    others = booked(eid_app, counsellor, other_case, topic="Someone else's meeting")
    person = english(client_as("jobseeker"))
    assert "Someone else's meeting" not in text_of(person.get("/jobseeker/meetings"))
    assert person.get(f"/jobseeker/meetings/{others}").status_code == 404
    page = person.get(f"/jobseeker/meetings/{own}")
    asked = person.post(
        f"/jobseeker/meetings/{others}/reschedule-request",
        data={"csrf_token": csrf(page), "reason": "Mine now"},
    )
    assert asked.status_code == 404
    assert meeting_rows(eid_app, person_of(eid_app, other_case))[0].state is MeetingState.BOOKED
    refused = events(eid_app, AuditTag.ACCESS_REFUSED)
    assert len(refused) == 2 and refused[0].details["record"] == "meeting"
    # A jobseeker cannot reach the back office's meeting pages.
    assert person.get(f"/back-office/cases/{own_case}/meetings").status_code == 403


def test_a_meeting_is_reached_only_through_its_own_case(eid_app, client_as):
    first = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    second = add_jobseeker(eid_app, ee_code(8), "Other", "Person")
    counsellor = english(client_as("counsellor"))
    meeting_id = booked(eid_app, counsellor, first)
    assert counsellor.get(f"/back-office/cases/{second}/meetings/{meeting_id}").status_code == 404
    detail = counsellor.get(f"/back-office/cases/{first}/meetings/{meeting_id}")
    wrong = counsellor.post(
        f"/back-office/cases/{second}/meetings/{meeting_id}/cancel",
        data={"csrf_token": csrf(detail), "reason": "Through the wrong case"},
    )
    assert wrong.status_code == 404
    assert meeting_rows(eid_app, person_of(eid_app, first))[0].state is MeetingState.BOOKED


@pytest.mark.parametrize("path", ["meetings", "meetings/1"])
def test_another_offices_meetings_need_break_glass(eid_app, client_as, path):
    case_id = add_jobseeker(eid_app, ee_code(9), "Ivan", "Ivanov", NARVA)
    counsellor = english(client_as("counsellor"))
    refused = counsellor.get(f"/back-office/cases/{case_id}/{path}")
    assert refused.status_code == 403 and "Ivanov" not in text_of(refused)
    when = (local_now(eid_app) + dt.timedelta(days=3)).replace(hour=10, minute=0)
    posted = counsellor.post(f"/back-office/cases/{case_id}/meetings", data=booking(refused, when))
    assert posted.status_code == 403
    assert meeting_rows(eid_app, person_of(eid_app, case_id)) == []
    opened = counsellor.post(
        f"/back-office/cases/{case_id}/break-glass",
        data={"csrf_token": csrf(refused), "reason": "Covering for the Narva office"},
    )
    assert opened.status_code == 303
    meeting_id = booked(eid_app, counsellor, case_id, when)
    assert counsellor.get(f"/back-office/cases/{case_id}/meetings/{meeting_id}").status_code == 200
    # The queue is the counsellor's own office's: another office's meetings are not listed.
    with eid_app.app_context():
        db.session.execute(
            update(Meeting).where(Meeting.id == meeting_id).values(state=MeetingState.RESCHEDULE_REQUESTED)
        )
        db.session.commit()
    assert "0 requests for another time" in text_of(counsellor.get("/back-office/meetings"))


def test_the_queue_read_with_the_staff_member_is_their_offices_queue(eid_app, client_as):
    """The queue page reads the signed-in staff member with their office's queue, in one statement
    (`meetings.staff_queue`): `queue` of their office, a row for them when it is empty, None for a
    person who is not staff."""
    ours = add_jobseeker(eid_app, JAAN, "Jaak", "Jõeorg")
    theirs = add_jobseeker(eid_app, ee_code(9), "Ivan", "Ivanov", NARVA)
    counsellor = english(client_as("counsellor"))
    with eid_app.app_context():
        staff_person, office = db.session.execute(select(StaffMember.person_id, StaffMember.office)).one()
        assert meetings.staff_queue(staff_person)[1:] == ([], [])
        assert meetings.staff_queue(person_of(eid_app, ours)) is None
    ids = [booked(eid_app, counsellor, ours)]
    counsellor.post(
        f"/back-office/cases/{theirs}/break-glass",
        data={"csrf_token": csrf(counsellor.get(f"/back-office/cases/{theirs}")), "reason": "Covering"},
    )
    ids += [booked(eid_app, counsellor, theirs), booked(eid_app, counsellor, ours)]
    with eid_app.app_context():
        states = [MeetingState.RESCHEDULE_REQUESTED, MeetingState.MISSED, MeetingState.MISSED]
        for meeting_id, state in zip(ids, states, strict=True):
            db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(state=state))
        db.session.commit()
        found, requests, missed = meetings.staff_queue(staff_person)
        assert (found.person_id, found.office) == (staff_person, office)
        expected = meetings.queue(office)
        assert (requests, missed) == expected
        assert [row.meeting.id for row in requests] == [ids[0]] and [row.meeting.id for row in missed] == [
            ids[2]
        ]
