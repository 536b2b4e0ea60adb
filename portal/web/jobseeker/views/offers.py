"""The jobseeker's offers: the list, one offer with its answer, accept (with consent), refuse (with
the consequence preview before confirming), apply to a vacancy, take consent back."""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.models import ApplyMethod, Candidate, Decision, Offer, RefusalReason, Vacancy, VacancyState
from portal.profiles import current_profile
from portal.services.offers import AlreadyAnswered, ConsentMissing, NotOpen, answering
from portal.services.offers import shortlist as shortlists
from portal.services.offers.timeline import candidacies_of, offers_of
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.views.home import recommended
from portal.web.offer_forms import CONSENT_MISSING, ConsentForm, RefuseForm
from portal.web.parameters import repeatable
from portal.web.records import load_owned


def _request_id() -> str | None:
    return g.get("request_id")


@jobseeker.get("/offers")
def offers():
    mine = offers_of(current_user.person_id)
    return render_template(
        "jobseeker/offers/list.html",
        open_offers=[offer for offer in mine if offer.answer is None and offer.closed_at is None],
        answered=[offer for offer in mine if offer.answer is not None or offer.closed_at is not None],
        candidacies=candidacies_of(current_user.person_id),
        recommended=recommended(current_user.person_id),
    )


# Built once: the offer page reads it on every view.
_CANDIDATE = select(Candidate).where(
    Candidate.vacancy_id == bindparam("vacancy_id"), Candidate.person_id == bindparam("person_id")
)


def _offer_page(offer: Offer, status: int = 200, **context: Any) -> tuple[str, int]:
    refusal = offer.refusal
    decision = db.session.get(Decision, refusal.decision_id) if refusal and refusal.decision_id else None
    candidate = None
    if offer.vacancy_id is not None:
        candidate = db.session.scalar(
            _CANDIDATE, {"vacancy_id": offer.vacancy_id, "person_id": offer.person_id}
        )
    context.setdefault("consent", ConsentForm(formdata=None))
    return render_template(
        "jobseeker/offers/page.html",
        offer=offer,
        decision=decision,
        candidate=candidate,
        today=current_profile().today(),
        **context,
    ), status


# The offer page shows the answer and the refusal: read with the offer (one-to-one each).
_WITH_ANSWER = (joinedload(Offer.answer), joinedload(Offer.refusal))


@jobseeker.get("/offers/<int:offer_id>")
def offer(offer_id: int):
    return _offer_page(load_owned(Offer, offer_id, options=_WITH_ANSWER))


@jobseeker.post("/offers/<int:offer_id>/accept")
@repeatable("fields")
def accept_offer(offer_id: int):
    found = load_owned(Offer, offer_id)
    form = ConsentForm()
    if not form.validate_on_submit():
        return _offer_page(found, 400, consent=form)
    try:
        answering.accept(
            found.id,
            current_user.person_id,
            form.fields.data or [],
            today=current_profile().today(),
            request_id=_request_id(),
        )
    except AlreadyAnswered as exc:
        return _offer_page(found, 409, already=exc)
    except NotOpen as exc:
        return _offer_page(found, 409, not_open=exc.state)
    except ConsentMissing:
        form.fields.errors = [str(CONSENT_MISSING)]
        return _offer_page(found, 400, consent=form)
    return redirect(url_for("jobseeker.offer", offer_id=found.id, answered="accepted"), code=303)


@jobseeker.route("/offers/<int:offer_id>/refuse", methods=["GET", "POST"])
def refuse_offer(offer_id: int):
    found = load_owned(Offer, offer_id)
    form = RefuseForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("jobseeker/offers/refuse.html", offer=found, form=form), status
    if form.step.data != "confirm":
        profile = current_profile()
        return render_template(
            "jobseeker/offers/refuse.html",
            offer=found,
            form=form,
            preview=answering.refusal_preview(current_user.person_id, profile),
        )
    try:
        answering.refuse(
            found.id,
            current_user.person_id,
            RefusalReason(form.reason.data),
            form.reason_text.data,
            today=current_profile().today(),
            request_id=_request_id(),
        )
    except AlreadyAnswered as exc:
        return _offer_page(found, 409, already=exc)
    except NotOpen as exc:
        return _offer_page(found, 409, not_open=exc.state)
    return redirect(url_for("jobseeker.offer", offer_id=found.id, answered="refused"), code=303)


def _applicable(vacancy_id: int) -> Vacancy:
    vacancy = db.session.get(Vacancy, vacancy_id)
    if (
        vacancy is None
        or vacancy.state is not VacancyState.PUBLISHED
        or vacancy.apply_method is not ApplyMethod.PORTAL
    ):
        abort(404)
    return vacancy


@jobseeker.route("/vacancies/<int:vacancy_id>/apply", methods=["GET", "POST"])
@repeatable("fields")
def apply(vacancy_id: int):
    vacancy = _applicable(vacancy_id)
    form = ConsentForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            answering.apply(
                vacancy.id, current_user.person_id, form.fields.data or [], request_id=_request_id()
            )
        except ConsentMissing:
            form.fields.errors = [str(CONSENT_MISSING)]
        else:
            return redirect(url_for("jobseeker.offers", applied=vacancy.id), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("jobseeker/offers/apply.html", vacancy=vacancy, form=form), status


@jobseeker.post("/applications/<int:candidate_id>/withdraw-consent")
def withdraw_consent(candidate_id: int) -> Response:
    candidate = load_owned(Candidate, candidate_id)
    shortlists.withdraw_consent(candidate.id, current_user.person_id, request_id=_request_id())
    return redirect(url_for("jobseeker.offers", withdrawn=candidate.id), code=303)
