"""The refusal review queue and the review of one refusal (docs/offers.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from flask import abort, g, redirect, render_template, request, url_for
from sqlalchemy import bindparam, select

from portal.models import Person, Refusal, RefusalReason, ReviewState
from portal.models.person import full_name
from portal.profiles import current_profile
from portal.services.core_rows import read_kept
from portal.services.decisions import OwnCase
from portal.services.offers import AlreadyReviewed, review, rows
from portal.services.offers.answering import latest_register_data
from portal.services.paging import requested_number
from portal.web.backoffice import backoffice, review_form, usage
from portal.web.backoffice.refusal_outcome import outcome_text
from portal.web.backoffice.views.appeals import current_staff, is_staff
from portal.web.offer_forms import ReviewForm
from portal.web.paging import page_links
from portal.web.records import authorize


@backoffice.get("/refusals")
def refusals():
    found = review.queue(requested_number(request.args))
    usage.record_use(
        [row.person_id for row in found.items],
        "refusals listed",
        usage.OFFER_QUEUE_ROW,
        listing=True,
        codes={row.person_id: (row.country, row.national_code) for row in found.items if row.country},
    )
    return render_template(
        "backoffice/offers/refusals.html",
        refusals=found.items,
        links=page_links(found, "backoffice.refusals"),
        reviewed=request.args.get("reviewed"),
    )


class _Refusal(NamedTuple):
    """What the review page shows of the refusal: its own columns, and its review's from the
    refused offer's row (`rows.RefusalRow`)."""

    id: int
    offer_id: int
    person_id: int
    reason: RefusalReason
    reason_text: str | None
    reasoning: str | None
    created_at: dt.datetime
    review_state: Any
    reviewed_at: dt.datetime | None
    consequence: Any
    sas_state: Any
    sas_received_at: dt.datetime | None
    sas_beneficiary_status: str | None


class _Person(NamedTuple):
    id: int
    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)


class _Review(NamedTuple):
    refusal: _Refusal
    offer: rows.OfferRow
    person: _Person
    offers: list[rows.OfferRow]
    register_data: dict[str, Any] | None
    codes: tuple[str, str]  # the person's (country, national code): the audit's pseudonym


_REFUSAL_ID = bindparam("refusal_id")
_REFUSAL_PART = 2
# The review page in one statement: the refusal with the person's name and the register answers of
# their latest registration (whether the registers knew them as a social-assistance beneficiary),
# and every offer of the person with its answer and refusal (the refused one among them: what the
# page shows of it, and the earlier ones with the breaches they count). Only the shown columns.
_REVIEWED = Refusal.__table__.alias("reviewed")  # the offers' part joins `refusal` itself
_REVIEW = rows.union(
    rows.offers_branch(select(_REVIEWED.c.person_id).where(_REVIEWED.c.id == _REFUSAL_ID).scalar_subquery()),
    rows.branch(
        _REFUSAL_PART,
        from_=Refusal.__table__.join(Person.__table__, Person.id == Refusal.person_id),
        where=Refusal.id == _REFUSAL_ID,
        i1=Refusal.id,
        i2=Refusal.offer_id,
        i3=Refusal.person_id,
        s1=Refusal.reason,
        s2=Refusal.reason_text,
        s3=Refusal.reasoning,
        s4=Person.given_name,
        s5=Person.family_name,
        s6=Person.country,
        s7=Person.national_code,
        t1=Refusal.created_at,
        j1=latest_register_data(Refusal.person_id).scalar_subquery(),
    ),
)


def _read(refusal_id: int) -> _Review | None:
    """The refusal and what its page shows, or None when there is no such refusal.

    On the driver's cursor (`core_rows.read_kept`): the engine's per-statement work and its Row
    objects cost the page more than the statement's few rows (rows by position: `rows.SLOTS`)."""
    parts = rows.split(read_kept(_REVIEW, {"refusal_id": refusal_id})[1], _REFUSAL_PART + 1)
    if not parts[_REFUSAL_PART]:
        return None
    _part, i1, i2, i3, s1, s2, s3, s4, s5, s6, s7, *_rest, t1, _t2, _t3, _t4, _t5, _d1, j1 = parts[
        _REFUSAL_PART
    ][0]
    offers = [rows.offer_of(row) for row in parts[rows.OFFERS]]
    offer = next((found for found in offers if found.id == i2), None)
    if offer is None or offer.refusal is None:  # a refusal answers one of its person's own offers
        abort(404)
    state = offer.refusal
    refusal = _Refusal(
        i1,
        i2,
        i3,
        RefusalReason(s1),
        s2,
        s3,
        t1,
        state.review_state,
        state.reviewed_at,
        state.consequence,
        state.sas_state,
        state.sas_received_at,
        state.sas_beneficiary_status,
    )
    return _Review(refusal, offer, _Person(i3, s4, s5), offers, j1, (s6, s7))


def _review_page(found: _Review, form: ReviewForm | None, status: int = 200, **context):
    """The page; `form` as submitted, or None for a GET's empty form (`review_form`)."""
    refusal, profile = found.refusal, current_profile()
    if_not_valid, if_valid = review.proposed_outcome(refusal, profile, found.offers, found.register_data)
    usage.record_use(
        [refusal.person_id],
        "refusal reviewed",
        usage.OFFER_CASE,
        {"refusal": refusal.id},
        codes={refusal.person_id: found.codes},
    )
    errors = shown = None
    if refusal.review_state is ReviewState.PENDING:  # the form is shown
        action = url_for("backoffice.refusal_review", refusal_id=refusal.id)
        errors, shown = review_form.written(form, action)
    elif form is not None:
        errors = review_form.errors(form)
    return render_template(
        "backoffice/offers/review.html",
        refusal=refusal,
        offer=found.offer,
        person=found.person,
        earlier=[earlier for earlier in found.offers if earlier.id != refusal.offer_id],
        if_not_valid=if_not_valid,
        if_valid=if_valid,
        outcome_text=outcome_text,
        form=form,  # the layout's title says "Error:" when it has errors
        errors=errors or "",
        review_form=shown,
        **context,
    ), status


@backoffice.route("/refusals/<int:refusal_id>", methods=["GET", "POST"])
def refusal_review(refusal_id: int):
    # The refusal's policy (`load_authorized`'s) on what the statement read (404 when none).
    found = authorize(Refusal, refusal_id, _read(refusal_id), is_staff)
    if request.method == "GET":
        return _review_page(found, None)
    form = ReviewForm()  # made only for a POST: each form costs its fields' binding and the CSRF token
    if not form.validate_on_submit():
        return _review_page(found, form, 400)
    try:
        review.confirm(
            found.refusal.id,
            staff=current_staff(),
            valid=form.finding.data == "valid",
            reasoning=form.reasoning.data,
            profile=current_profile(),
            request_id=g.get("request_id"),
        )
    except AlreadyReviewed:
        # Someone else's finding meanwhile: the page shows it.
        return _review_page(_read(refusal_id) or found, form, 409, error="reviewed")
    except OwnCase:
        return _review_page(found, form, 403, error="own-case")
    return redirect(url_for("backoffice.refusals", reviewed=found.refusal.id), code=303)
