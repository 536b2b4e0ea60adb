"""Meetings between a counsellor and a jobseeker (issue 15).

The counsellor books a meeting (in person at an address, by phone, or by a video link) from the
case; the person is told in their inbox and reminded the day before; they may ask for another time
with a reason, which goes to the office's queue; the counsellor moves the meeting (the old row stays,
`rescheduled`, so the history keeps every time), keeps the time with an answer, or cancels it with a
reason; after the start the counsellor records whether the person came. A missed meeting waits in
the queue with the country's rule (`profile.meetings.missed_rule`) until the counsellor records what
they did: nothing follows automatically.

Every change is one transaction with its audit event and, when the person is told, the inbox
message and its outbox row (`inbox.deliver`). The parts: `rules` (what a booking must be),
`changes` (every change), `reminders` (the day before), `reading` (a person's and the queue).
"""

from portal.services.meetings.changes import (
    book,
    cancel,
    follow_up,
    keep_time,
    record_attendance,
    request_reschedule,
    reschedule,
)
from portal.services.meetings.reading import (
    QUEUE_COUNTS,
    QueueRow,
    meetings_of,
    meetings_with_phone,
    of_person,
    open_meetings_of,
    queue,
    queue_counts,
    split,
    staff_queue,
)
from portal.services.meetings.reminders import remind_due
from portal.services.meetings.rules import (
    ADDRESS_MAX,
    DURATION_MAX,
    MEETING_BOOKED,
    MEETING_CANCELLED,
    MEETING_REMINDER,
    MEETING_RESCHEDULED,
    MEETING_TIME_KEPT,
    PHONE_MAX,
    REASON_MAX,
    TOPIC_MAX,
    URL_MAX,
    Booking,
    InvalidBooking,
    TooEarly,
    TooLate,
    WrongState,
    problems_of,
)

__all__ = [
    "ADDRESS_MAX",
    "DURATION_MAX",
    "MEETING_BOOKED",
    "MEETING_CANCELLED",
    "MEETING_REMINDER",
    "MEETING_RESCHEDULED",
    "MEETING_TIME_KEPT",
    "PHONE_MAX",
    "QUEUE_COUNTS",
    "REASON_MAX",
    "TOPIC_MAX",
    "URL_MAX",
    "Booking",
    "InvalidBooking",
    "QueueRow",
    "TooEarly",
    "TooLate",
    "WrongState",
    "book",
    "cancel",
    "follow_up",
    "keep_time",
    "meetings_of",
    "meetings_with_phone",
    "of_person",
    "open_meetings_of",
    "problems_of",
    "queue",
    "queue_counts",
    "record_attendance",
    "remind_due",
    "request_reschedule",
    "reschedule",
    "split",
    "staff_queue",
]
