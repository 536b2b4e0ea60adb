"""The back-office home's on-time share read from the per-day summary plus the days after it, and
the office reminder's counts in SQL (issue 18)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import Decision, DecisionKind
from portal.models.report_summary import ReportDecisionDay
from portal.services import appeals
from portal.services.decision_figures import deadline_counts, decisions_on_time
from portal.services.reports import summary
from tests.functional.test_appeals import OTHER, add_decision, english, text_of

EVERYTHING_LIVE = dt.date(2000, 1, 1)  # `since` long before any decision: every decision counted live


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_the_on_time_share_reads_the_summary_and_counts_the_days_after_it(eid_app, client_as):
    summarised_on_time = add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=_utc(2026, 3, 20, 9),
        due_on=dt.date(2026, 3, 31),
    )
    # Late: 23:30 UTC on the due day is 1 April in Tallinn, the summary's last day.
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=_utc(2026, 3, 31, 23, 30),
        due_on=dt.date(2026, 3, 31),
    )
    # Not a first registration decision: the reports' on-time figure leaves it out, the home counts it.
    add_decision(
        eid_app, kind=DecisionKind.REVIEW_OUTCOME, issued_at=_utc(2026, 3, 25, 9), due_on=dt.date(2026, 3, 30)
    )
    add_decision(
        eid_app, kind=DecisionKind.REGISTRATION_REJECTED, issued_at=_utc(2026, 3, 1, 9)
    )  # no due date
    with eid_app.app_context():
        assert decisions_on_time() == (2, 3)  # no summary yet: all live
        summary.refresh(eid_app.extensions["profile"], today=dt.date(2026, 4, 2))  # through 1 April
        assert summary.built_through() == dt.date(2026, 4, 1)
        due_total, due_on_time, on_time = db.session.execute(
            select(
                func.sum(ReportDecisionDay.due_total),
                func.sum(ReportDecisionDay.due_on_time),
                func.sum(ReportDecisionDay.on_time),
            )
        ).one()
        # The reports' figure differs: first registration decisions by their registration's due
        # date (the one without a due date of its own counts, the review outcome does not).
        assert (due_total, due_on_time, on_time) == (3, 2, 2)
    # After the summary: 22:30 UTC on 1 April is 2 April in Tallinn, a live day (on time) ...
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=_utc(2026, 4, 1, 22, 30),
        due_on=dt.date(2026, 4, 2),
    )
    # ... and a later day not summarised yet (late).
    add_decision(
        eid_app,
        kind=DecisionKind.REGISTRATION_REJECTED,
        issued_at=_utc(2026, 4, 5, 10),
        due_on=dt.date(2026, 4, 3),
    )
    counsellor = english(client_as("counsellor"))
    # The home counts the days after the summary in its own statement: the same figure.
    assert "60% of decisions made on time (3 of 5)" in text_of(counsellor.get("/back-office/"))
    with eid_app.app_context():
        assert decisions_on_time() == (3, 5)
        assert decisions_on_time(since=EVERYTHING_LIVE) == (3, 5)
        # The summarised days are read from the summary: a change to a summarised decision shows
        # only after the next refresh (decisions do not change their due dates; this proves the read).
        db.session.execute(
            update(Decision).where(Decision.id == summarised_on_time).values(decision_due_on=None)
        )
        db.session.commit()
        assert decisions_on_time(since=EVERYTHING_LIVE) == (2, 4)
        assert decisions_on_time() == (3, 5)
        summary.refresh(eid_app.extensions["profile"], today=dt.date(2026, 4, 3))
        assert decisions_on_time() == (2, 4)
    assert "50% of decisions made on time (2 of 4)" in text_of(counsellor.get("/back-office/"))


def test_the_reminder_counts_pending_reviews_by_their_due_day_as_in_python(eid_app):
    profile = eid_app.extensions["profile"]
    # Asked at 21:30 UTC (00:30 the next day in Tallinn) and 20:30 UTC (23:30 the same day).
    add_decision(eid_app, automated=True, review_reason="a", issued_at=_utc(2026, 3, 1, 20, 30))
    add_decision(eid_app, code=OTHER, automated=True, review_reason="b", issued_at=_utc(2026, 3, 1, 19, 30))
    with eid_app.app_context():
        pending = appeals.pending_reviews()
        assert len(pending) == 2
        due = [appeals.review_due_on(decision, profile) for decision in pending]
        for offset in range(-3, 5):
            today = min(due) + dt.timedelta(days=offset)
            soon = today + dt.timedelta(days=2)
            counts = deadline_counts(profile, today)
            assert (counts.reviews_overdue, counts.reviews_due_soon) == (
                sum(d < today for d in due),
                sum(today <= d <= soon for d in due),
            ), today
