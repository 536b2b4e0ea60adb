"""Daily reminder to the office: how many cases are overdue or due within 2 days.

Sent to `PORTAL_STAFF_NOTIFY_EMAIL` when there is at least one such case; with no address set the
counts are only logged. The message holds counts and the back-office address, never personal data:
staff read the cases after signing in.
"""

from __future__ import annotations

import logging

from portal.catalog import gettext
from portal.i18n import in_language
from portal.profiles import CountryProfile, current_profile
from portal.services.decision_figures import DeadlineCounts, deadline_counts
from portal.services.mail import absolute_url, send_mail
from portal.settings import settings

log = logging.getLogger(__name__)

DUE_SOON_DAYS = 2
BACK_OFFICE_ENDPOINT = "backoffice.home"
BACK_OFFICE_FALLBACK_PATH = "/back-office/"


def send_deadline_reminder() -> DeadlineCounts:
    """Count the cases near or past their deadline; mail the office when there are any."""
    profile: CountryProfile = current_profile()
    counts = deadline_counts(profile, profile.today(), DUE_SOON_DAYS)
    address = settings().staff_notify_email
    log.info(
        "Deadlines: registrations %d overdue, %d due soon; appeals %d overdue, %d due soon; "
        "reviews %d overdue, %d due soon",
        counts.registrations_overdue,
        counts.registrations_due_soon,
        counts.appeals_overdue,
        counts.appeals_due_soon,
        counts.reviews_overdue,
        counts.reviews_due_soon,
    )
    if counts.total and address:
        subject, body = reminder(counts, profile)
        send_mail(to=address, subject=subject, body=body)
    return counts


def reminder_text(counts: DeadlineCounts, language: str) -> tuple[str, str]:
    url = absolute_url(BACK_OFFICE_ENDPOINT, BACK_OFFICE_FALLBACK_PATH)
    with in_language(language):
        subject = gettext("Cases overdue or due within 2 days: %(num)d", num=counts.total)
        lines = [
            gettext(
                "Registrations waiting for a decision: %(overdue)d overdue, %(soon)d due within 2 days",
                overdue=counts.registrations_overdue,
                soon=counts.registrations_due_soon,
            ),
            gettext(
                "Appeals: %(overdue)d overdue, %(soon)d due within 2 days",
                overdue=counts.appeals_overdue,
                soon=counts.appeals_due_soon,
            ),
            gettext(
                "Review requests: %(overdue)d overdue, %(soon)d due within 2 days",
                overdue=counts.reviews_overdue,
                soon=counts.reviews_due_soon,
            ),
        ]
        body = "\n\n".join(
            [
                "\n".join(lines),
                gettext("Open the back office to see the cases: %(url)s", url=url),
                gettext("This message was sent automatically. Please do not reply."),
            ]
        )
    return subject, body


def reminder(counts: DeadlineCounts, profile: CountryProfile) -> tuple[str, str]:
    """In the profile's language, followed by English when that is another language."""
    languages = [profile.default_language] + (["en"] if profile.default_language != "en" else [])
    texts = [reminder_text(counts, language) for language in languages]
    if len(texts) > 1 and texts[0][0] == texts[-1][0]:
        texts = texts[-1:]  # not translated (yet): say it once
    subject = " / ".join(subject for subject, _ in texts)
    body = "\n\n----\n\n".join(body for _, body in texts) + "\n"
    return subject, body
