"""Appeal deadlines count calendar days in the country's time zone, the last day included; files
are recognised by their content and stored under a safe name."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from portal.models import DecisionKind, DecisionState
from portal.profiles import get_profile
from portal.services.appeals import appeal_deadline, can_appeal
from portal.services.attachments import (
    AttachmentRefused,
    TooManyAttachments,
    Upload,
    check_attachments,
    detect_media_type,
    safe_filename,
)
from tests import samples

ESTONIA = get_profile("EE")


def issued(*args: int) -> SimpleNamespace:
    return SimpleNamespace(
        id=1,
        person_id=7,
        kind=DecisionKind.REGISTRATION,
        state=DecisionState.ISSUED,
        issued_at=dt.datetime(*args, tzinfo=dt.UTC),
        appealable=True,
    )


@pytest.mark.parametrize(
    ("moment", "deadline"),
    [
        ((2026, 11, 2, 8, 30), dt.date(2026, 12, 2)),
        ((2026, 1, 31, 10, 0), dt.date(2026, 3, 2)),  # across February in a common year
        ((2026, 12, 15, 10, 0), dt.date(2027, 1, 14)),  # across the year end
        ((2028, 1, 30, 10, 0), dt.date(2028, 2, 29)),  # lands on a leap day
        ((2028, 2, 29, 10, 0), dt.date(2028, 3, 30)),  # issued on a leap day
        ((2028, 1, 31, 10, 0), dt.date(2028, 3, 1)),  # across February in a leap year
    ],
)
def test_the_appeal_period_is_30_calendar_days_after_the_issue_day(moment, deadline):
    assert appeal_deadline(issued(*moment), ESTONIA) == deadline


def test_the_issue_day_is_the_day_in_tallinn_not_in_utc():
    # 23:30 UTC on 31 March is 02:30 on 1 April in Tallinn (summer time, UTC+3).
    late = issued(2026, 3, 31, 23, 30)
    assert late.issued_at.date() == dt.date(2026, 3, 31)
    assert appeal_deadline(late, ESTONIA) == dt.date(2026, 5, 1)
    # In winter (UTC+2) too: 23:30 UTC on 31 January is already 1 February.
    assert appeal_deadline(issued(2026, 1, 31, 23, 30), ESTONIA) == dt.date(2026, 3, 3)
    # 21:59 UTC is still the same day in winter.
    assert appeal_deadline(issued(2026, 1, 31, 21, 59), ESTONIA) == dt.date(2026, 3, 2)


def test_a_naive_timestamp_is_taken_as_utc():
    decision = issued(2026, 3, 31, 23, 30)
    decision.issued_at = decision.issued_at.replace(tzinfo=None)
    assert appeal_deadline(decision, ESTONIA) == dt.date(2026, 5, 1)


def test_no_appeal_after_the_last_day_or_in_a_state_that_is_not_appealable():
    decision = issued(2026, 11, 2, 8, 30)
    assert not can_appeal(decision, ESTONIA, dt.date(2026, 12, 3))
    assert not can_appeal(decision, ESTONIA, dt.date(2026, 11, 10), person_id=8)  # not theirs
    for state in (DecisionState.APPEALED, DecisionState.CHANGED, DecisionState.SUPERSEDED):
        decision.state = state
        assert not can_appeal(decision, ESTONIA, dt.date(2026, 11, 10))
    decision.state = DecisionState.ISSUED
    decision.appealable = False  # an end at the person's own request: the law gives no appeal
    assert not can_appeal(decision, ESTONIA, dt.date(2026, 11, 10))
    decision.appealable = True
    decision.kind = DecisionKind.APPEAL_OUTCOME  # contested in court, not by another appeal
    assert not can_appeal(decision, ESTONIA, dt.date(2026, 11, 10))


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"<html><script>alert(1)</script>", None),
        (b"PK\x03\x04", None),  # a zip or an office document
        (b" %PDF-1.7", None),  # the signature must come first
        (b"", None),
    ],
)
def test_the_media_type_comes_from_the_content(content, media_type):
    assert detect_media_type(content) == media_type


def test_a_file_that_lies_about_its_type_is_refused_with_its_name():
    with pytest.raises(AttachmentRefused) as refused:
        check_attachments([Upload("scan.png", samples.PNG), Upload("invoice.pdf", b"MZ\x90\x00")])
    assert refused.value.filename == "invoice.pdf"
    assert refused.value.reason == "not a PDF, JPEG or PNG file"
    assert refused.value.index == 1


def test_size_and_count_limits():
    ten_mb = 10 * 1024 * 1024
    assert check_attachments([Upload("big.pdf", samples.pdf_of_size(ten_mb))])[0].size == ten_mb
    with pytest.raises(AttachmentRefused) as refused:
        check_attachments([Upload("big.pdf", samples.pdf_of_size(ten_mb + 1))])
    assert refused.value.code == "size"
    with pytest.raises(AttachmentRefused) as refused:
        check_attachments([Upload("empty.pdf", b"")])
    assert refused.value.code == "empty"
    five = [Upload(f"{n}.pdf", samples.PDF) for n in range(5)]
    assert len(check_attachments(five)) == 5
    with pytest.raises(TooManyAttachments):
        check_attachments([*five, Upload("6.pdf", samples.PDF)])


@pytest.mark.parametrize(
    ("name", "media_type", "stored"),
    [
        ("Otsus.PDF", "application/pdf", "Otsus.pdf"),
        ("C:\\Users\\mari\\Documents\\tõend.pdf", "application/pdf", "tõend.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ("photo", "image/jpeg", "photo.jpg"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
        ("report.pdf", "image/png", "report.pdf.png"),  # the extension follows the content
        ('a"b<c>\r\nd.pdf', "application/pdf", "a_b_c_d.pdf"),
        ("справка о доходах.png", "image/png", "справка о доходах.png"),
        ("", "image/png", "attachment-1.png"),
        ("...", "application/pdf", "attachment-1.pdf"),
        ("x" * 300 + ".pdf", "application/pdf", "x" * 146 + ".pdf"),
    ],
)
def test_stored_names_are_safe(name, media_type, stored):
    assert safe_filename(name, media_type) == stored
