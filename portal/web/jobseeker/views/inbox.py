"""The person's inbox: what is new for them, and the read receipt when they open it."""

from __future__ import annotations

import datetime as dt

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.models import DecisionKind, InboxMessage
from portal.profiles import current_profile
from portal.security import request_user
from portal.services import inbox
from portal.services.paging import requested_number
from portal.services.verification import CERTIFICATE_LABEL, DECISION_LABELS
from portal.web.fetch_metadata import from_own_pages
from portal.web.jobseeker import jobseeker
from portal.web.paging import page_links
from portal.web.records import load_owned

KIND_LABELS = labels.INBOX_MESSAGE_KINDS
# Messages that are not documents open the page that says what they are about.
KIND_TARGETS = {
    "training_answer": "jobseeker.training_requests",
    "risk_answer": "jobseeker.risk_profile",
    "plan_drafted": "jobseeker.plan",
    "plan_agreed": "jobseeker.plan",
    "plan_reminder": "jobseeker.plan",
    "meeting_booked": "jobseeker.meetings_page",
    "meeting_rescheduled": "jobseeker.meetings_page",
    "meeting_cancelled": "jobseeker.meetings_page",
    "meeting_reminder": "jobseeker.meetings_page",
    "meeting_time_kept": "jobseeker.meetings_page",
}


def _local_date(moment: dt.datetime) -> dt.date:
    return current_profile().local_date(moment)


def _title(message: inbox.MessageRow, decision_kind: DecisionKind | None) -> str:
    if message.kind == inbox.CERTIFICATE:
        return str(CERTIFICATE_LABEL)
    if message.kind in KIND_LABELS:
        return str(KIND_LABELS[message.kind])
    if decision_kind is not None:
        return str(DECISION_LABELS.get(decision_kind, _l("Decision")))
    return str(_l("New message"))


@jobseeker.get("/inbox", endpoint="inbox")
def inbox_list():
    page = inbox.message_page(current_user.person_id, requested_number(request.args))
    messages = [
        {
            "title": _title(message, message.decision_kind),
            "received_on": _local_date(message.created_at),
            "unread": message.read_at is None,
            "href": url_for("jobseeker.inbox_message", message_id=message.id),
        }
        for message in page.items
    ]
    return render_template("jobseeker/inbox/page.html", messages=messages, page=page, links=page_links(page))


@jobseeker.route("/inbox/<int:message_id>", methods=["GET", "POST"])
def inbox_message(message_id: int):
    """Opening a message records when it was first read, then shows what it is about.

    The read receipt has legal weight (a decision counts as delivered), so a GET records it only
    when the person followed the link on the portal's own pages: a link or an image on another
    site must not mark a message read. A POST (CSRF-protected) always records it.
    """
    message = load_owned(InboxMessage, message_id)
    target = (
        url_for("jobseeker.decision", decision_id=message.decision_id)
        if message.decision_id is not None
        else url_for("jobseeker.certificate", certificate_id=message.certificate_id)
        if message.certificate_id is not None
        else url_for("jobseeker.offer", offer_id=message.offer_id)
        if message.offer_id is not None
        else url_for("jobseeker.offers")
        if message.kind == "application_outcome"
        else url_for(KIND_TARGETS[message.kind])
        if message.kind in KIND_TARGETS
        else url_for("jobseeker.inbox")
    )
    if message.read_at is None and (request.method == "POST" or from_own_pages()):
        inbox.mark_read(message.id)
    return redirect(target, code=303)


def _unread_count() -> int | None:
    """For the jobseeker navigation: the signed-in citizen's unread messages (None otherwise)."""
    user = request_user()  # not the `current_user` proxy, whose every read raises inside first
    if not user.is_authenticated or getattr(user, "active_role", None) != "jobseeker":
        return None
    return inbox.unread_count(user.person_id)


# A function, so that only pages that show the navigation ask the database. A Jinja global of the
# app (it was an app-wide context processor returning the same function for every render).
jobseeker.record_once(lambda state: state.app.jinja_env.globals.update(inbox_unread_count=_unread_count))
