"""Answers to "ask a person to review" an automated decision, by a counsellor or a supervisor."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for

from portal.extensions import db
from portal.models import Decision
from portal.profiles import current_profile
from portal.services import appeals, decisions
from portal.web.backoffice import backoffice, usage
from portal.web.backoffice.views.appeals import (
    ANSWERED,
    AnswerForm,
    change_note,
    current_staff,
    decision_view,
    due_tags,
    is_staff,
    record_view,
)
from portal.web.records import load_authorized


def _profile():
    return current_profile()


def _render_review(decision: Decision, form: AnswerForm, status: int = 200, error: str | None = None):
    record_view(decision.person_id, "review request viewed", {"decision": decision.id}, usage.REVIEW_CASE)
    profile = _profile()
    outcome = appeals.review_outcome(decision.id)
    due_on = appeals.review_due_on(decision, profile)
    return render_template(
        "backoffice/reviews/page.html",
        decision=decision_view(decision),
        registration=decision.registration,
        due_on=due_on,
        outcome=decision_view(outcome) if outcome else None,
        pending=appeals.review_pending(decision),
        change_note=change_note(decision),
        answered=next(iter(get_flashed_messages(category_filter=[ANSWERED])), None),
        form=form,
        error=error,
        **due_tags(due_on, profile.today()),
    ), status


def _load_review(decision_id: int) -> Decision:
    decision = load_authorized(Decision, decision_id, is_staff)
    if decision.review_requested_at is None:
        abort(404)  # nobody asked for a review of this decision
    return decision


@backoffice.route("/reviews/<int:decision_id>", methods=["GET", "POST"])
def review_case(decision_id: int):
    decision = _load_review(decision_id)
    if request.method == "GET":
        return _render_review(decision, AnswerForm(formdata=None))
    form = AnswerForm()
    if not form.validate_on_submit():
        return _render_review(decision, form, 400)
    try:
        appeals.answer_review(
            decision.id,
            staff=current_staff(),
            upheld=form.outcome.data == "upheld",
            reasoning=form.reasoning.data,
            profile=_profile(),
        )
    except appeals.AlreadyAnswered:
        db.session.expire_all()
        return _render_review(db.session.get(Decision, decision.id), form, 409, error="answered")
    except decisions.OwnCase:
        return _render_review(decision, form, 403, error="own_case")
    except (decisions.OwnDecision, appeals.NotPermitted):
        abort(403)  # reviews are of automated decisions, and their page is for staff only
    except appeals.RegistrationConflict:
        db.session.expire_all()
        return _render_review(db.session.get(Decision, decision.id), form, 409, error="conflict")
    flash(form.outcome.data, ANSWERED)
    return redirect(url_for("backoffice.review_case", decision_id=decision.id), code=303)
