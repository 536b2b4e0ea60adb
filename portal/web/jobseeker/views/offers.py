"""The jobseeker's offers: the list, one offer with its answer, accept (with consent), refuse (with
the consequence preview before confirming), apply to a vacancy, take consent back."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from typing import Any, NamedTuple

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, bindparam, func, inspect, select
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.models import (
    ApplyMethod,
    Candidate,
    Decision,
    InboxMessage,
    Offer,
    OfferAnswer,
    Outcome,
    Refusal,
    RefusalReason,
    Vacancy,
    VacancyState,
)
from portal.profiles import current_profile
from portal.services import inbox, matching
from portal.services.core_rows import read_kept, read_kept_named
from portal.services.matching import cards
from portal.services.offers import AlreadyAnswered, ConsentMissing, NotOpen, answering, rows
from portal.services.offers import shortlist as shortlists
from portal.web import offers_html
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.views.home import RECOMMENDED_ON_HOME, recommended
from portal.web.offer_forms import CONSENT_MISSING, ConsentForm, RefuseForm
from portal.web.parameters import repeatable
from portal.web.records import load_owned, load_scoped


def _request_id() -> str | None:
    return g.get("request_id")


# The list's offers and candidacies, and the navigation's unread count, one statement built once.
_UNREAD_PART = 2
_OFFERS_LIST = rows.person_statement(
    rows.branch(
        _UNREAD_PART,
        from_=InboxMessage.__table__,
        where=and_(InboxMessage.person_id == rows.PERSON, InboxMessage.read_at.is_(None)),
        i1=func.count(),
    )
)


# The list's statement as one part of a statement read with the person's facts and the cards shown
# last (`cards.read_with_shown_cards`): its rows in its own order, each its own columns.
_LISTED = _OFFERS_LIST.subquery("listed")
_LIST_PART = (select(*_LISTED.c), (_LISTED.c.part, _LISTED.c.t1.desc(), _LISTED.c.i1.desc()))


@jobseeker.get("/offers")
def offers():
    person_id = current_user.person_id
    # On PostgreSQL, when this process showed the person cards: the list, the facts and those
    # cards in one statement (two in psycopg's pipeline cost the client ~30 µs more).
    listed = cards.read_with_shown_cards(person_id, RECOMMENDED_ON_HOME, _LIST_PART, {})
    if listed is None:
        # "Recommended for you" reads the person's record (and the cards shown last) first:
        # announced, on PostgreSQL they go with the list's statement, in one round trip.
        matching.read_cards_ahead(person_id, RECOMMENDED_ON_HOME)
        # On the driver's cursor (`offer_of` and `candidacy_of` read the rows by position).
        listed = read_kept(_OFFERS_LIST, {"person_id": person_id})[1]
    parts = rows.split(listed, _UNREAD_PART + 1)
    mine = [rows.offer_of(row) for row in parts[rows.OFFERS]]
    candidacies = [rows.candidacy_of(row) for row in parts[rows.CANDIDACIES]]
    inbox.keep_unread_count(person_id, parts[_UNREAD_PART][0][1])  # the navigation's (`i1`)
    waiting = [offer for offer in mine if offer.answer is None and offer.closed_at is None]
    answered = [offer for offer in mine if offer.answer is not None or offer.closed_at is not None]
    return render_template(
        "jobseeker/offers/list.html",
        open_offers=waiting,
        waiting_items=offers_html.waiting_offers(waiting),
        answered=answered,
        answered_rows=offers_html.answered_offers(answered),
        candidacies=candidacies,
        recommended=recommended(person_id),
    )


# Built once: the offer page reads it on every view.
_CANDIDATE = select(Candidate).where(
    Candidate.vacancy_id == bindparam("vacancy_id"), Candidate.person_id == bindparam("person_id")
)


_UNREAD: Any = object()
# The offer and refuse pages' labels and links to an offer, kept per language and app address
# (`offers_html`: a lazy label translated anew ~4.6 µs, a `url_for` with values ~9.5 µs).
_KEPT_TEXTS = {"offer_label": offers_html.label, "offer_url": offers_html.url}


def _offer_page(offer: Offer, status: int = 200, candidate: Any = _UNREAD, **context: Any) -> tuple[str, int]:
    """`candidate`: the person's candidacy for the offer's vacancy, when the page read it (None:
    none)."""
    refusal = offer.refusal
    decision = db.session.get(Decision, refusal.decision_id) if refusal and refusal.decision_id else None
    if candidate is _UNREAD:
        candidate = None
        if offer.vacancy_id is not None:
            candidate = db.session.scalar(
                _CANDIDATE, {"vacancy_id": offer.vacancy_id, "person_id": offer.person_id}
            )
    context.setdefault("consent", ConsentForm(formdata=None))
    return render_template(
        "jobseeker/offers/page.html",
        **_KEPT_TEXTS,
        offer=offer,
        decision=decision,
        candidate=candidate,
        today=current_profile().today(),
        **context,
    ), status


class _Candidacy(NamedTuple):
    """What the offer page shows of the person's candidacy for the offer's vacancy."""

    consent_withdrawn_at: dt.datetime | None
    outcome: Outcome | None
    start_date: dt.date | None


def _columns(model: type, prefix: str) -> list[Any]:
    """The model's mapped columns, each labelled with its attribute's name after `prefix`."""
    return [
        attribute.columns[0].label(f"{prefix}{attribute.key}") for attribute in inspect(model).column_attrs
    ]


_OFFER_KEYS = tuple(attribute.key for attribute in inspect(Offer).column_attrs)
_ANSWER_KEYS = tuple(attribute.key for attribute in inspect(OfferAnswer).column_attrs)
_REFUSAL_KEYS = tuple(attribute.key for attribute in inspect(Refusal).column_attrs)
_Answer = namedtuple("_Answer", _ANSWER_KEYS)  # type: ignore[misc]
_Refusal = namedtuple("_Refusal", _REFUSAL_KEYS)  # type: ignore[misc]

# The offer page in one statement: the person's own offer (scoped to them, as `load_owned` reads
# it) with its answer and refusal (one-to-one each, as the entity's joined loads read them), their
# candidacy for its vacancy (at most one: unique per vacancy and person) and the navigation's
# unread count. Columns on the driver's cursor, not the ORM's entities (~0.3 ms of client CPU).
_offer, _answer, _refusal = Offer.__table__, OfferAnswer.__table__, Refusal.__table__
_OFFER_PAGE = (
    select(
        *_columns(Offer, ""),
        *_columns(OfferAnswer, "answer__"),
        *_columns(Refusal, "refusal__"),
        Candidate.id.label("candidate__id"),
        Candidate.consent_withdrawn_at.label("candidate__consent_withdrawn_at"),
        Candidate.outcome.label("candidate__outcome"),
        Candidate.start_date.label("candidate__start_date"),
        inbox.unread_count_of(Offer.person_id).label("unread__"),
    )
    .select_from(
        _offer.outerjoin(_answer, _answer.c.offer_id == _offer.c.id)
        .outerjoin(_refusal, _refusal.c.offer_id == _offer.c.id)
        .outerjoin(
            Candidate,
            and_(Candidate.vacancy_id == Offer.vacancy_id, Candidate.person_id == Offer.person_id),
        )
    )
    .where(Offer.id == bindparam("offer_id"), Offer.person_id == bindparam("person_id"))
)


class _ShownOffer:
    """What the offer page reads of an offer: its columns as the entity's attributes, its `answer`
    and `refusal` (each its columns, or None)."""

    answer: Any
    refusal: Any

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


def _shown_offer(offer_id: int, person_id: int) -> tuple[_ShownOffer, Any, Any] | None:
    """The person's offer as the page shows it, their candidacy (or None) and the unread count."""
    keys, rows = read_kept(_OFFER_PAGE, {"offer_id": offer_id, "person_id": person_id})
    if not rows:
        return None
    values = dict(zip(keys, rows[0], strict=True))
    offer = _ShownOffer({key: values[key] for key in _OFFER_KEYS})
    offer.answer = (
        _Answer(*(values[f"answer__{key}"] for key in _ANSWER_KEYS))
        if values["answer__id"] is not None
        else None
    )
    offer.refusal = (
        _Refusal(*(values[f"refusal__{key}"] for key in _REFUSAL_KEYS))
        if values["refusal__id"] is not None
        else None
    )
    candidate = (
        _Candidacy(
            values["candidate__consent_withdrawn_at"],
            values["candidate__outcome"],
            values["candidate__start_date"],
        )
        if values["candidate__id"] is not None
        else None
    )
    return offer, candidate, values["unread__"]


@jobseeker.get("/offers/<int:offer_id>")
def offer(offer_id: int):
    person_id = getattr(current_user, "person_id", None)
    shown = _shown_offer(offer_id, person_id) if person_id is not None else None
    found = load_scoped(Offer, offer_id, shown[0] if shown is not None else None)  # 404 and audited
    inbox.keep_unread_count(person_id, shown[2])  # the navigation's  # type: ignore[index]
    return _offer_page(found, candidate=shown[1])  # type: ignore[index]


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


# The refuse page's GET in one statement: the person's own offer's id and title (scoped to them,
# as `load_owned` reads it: the page shows nothing else of it) and the navigation's unread count.
_REFUSE_PAGE = select(Offer.id, Offer.title, inbox.unread_count_of(Offer.person_id).label("unread")).where(
    Offer.id == bindparam("offer_id"), Offer.person_id == bindparam("person_id")
)


def _offer_to_refuse(offer_id: int) -> Any:
    """The GET's offer (id and title) with the navigation's count; 404 and audited as `load_owned`."""
    person_id = getattr(current_user, "person_id", None)
    found = (
        read_kept_named(_REFUSE_PAGE, {"offer_id": offer_id, "person_id": person_id})
        if person_id is not None
        else None
    )
    offer = load_scoped(Offer, offer_id, found[0] if found else None)
    inbox.keep_unread_count(person_id, offer.unread)  # the navigation's
    return offer


@jobseeker.route("/offers/<int:offer_id>/refuse", methods=["GET", "POST"])
def refuse_offer(offer_id: int):
    found = _offer_to_refuse(offer_id) if request.method == "GET" else load_owned(Offer, offer_id)
    form = RefuseForm()
    if request.method == "GET" or not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("jobseeker/offers/refuse.html", **_KEPT_TEXTS, offer=found, form=form), status
    if form.step.data != "confirm":
        profile = current_profile()
        return render_template(
            "jobseeker/offers/refuse.html",
            **_KEPT_TEXTS,
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
