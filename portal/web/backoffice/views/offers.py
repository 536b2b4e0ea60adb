"""Offers in the back office: a person's offers and timeline with the propose form, proposing a
vacancy to several jobseekers in list order, withdrawing, and the refusal review queue."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, NamedTuple

from flask import abort, g, redirect, render_template, request, url_for
from sqlalchemy import Select, bindparam, func, literal_column, null, select, union_all
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import (
    EmployerCompany,
    JobseekerCase,
    ListStanding,
    Measure,
    Offer,
    OfferKind,
    Person,
    Refusal,
    Registration,
    RegistrationState,
    Training,
    TrainingState,
    Vacancy,
    VacancyState,
)
from portal.models.base import utcnow
from portal.models.person import full_name
from portal.models.search import EntryKind
from portal.profiles import current_profile
from portal.services import list_order
from portal.services.decisions import OwnCase
from portal.services.offers import (
    AlreadyReviewed,
    NotOpen,
    case_timeline,  # noqa: F401  (registers the case timeline's source)
    caseload_flags,  # noqa: F401  (registers the caseload's offer and refusal filters)
    proposing,
    review,
)
from portal.services.offers.answering import beneficiary_in, breach_dates_of, latest_register_data
from portal.services.offers.timeline import offers_of, timeline
from portal.services.paging import Listing, paginate, requested_number
from portal.services.reference_data import fold
from portal.services.refusal_rules import History
from portal.services.search import SearchQuery, search
from portal.web.backoffice import backoffice, case_extensions, usage
from portal.web.backoffice.case_access import keep_staff, load_case, staff_values, with_staff
from portal.web.backoffice.views.appeals import current_staff, is_staff
from portal.web.offer_forms import REPLY_IN_PAST, ProposeForm, ProposeManyForm, ReviewForm
from portal.web.paging import page_links
from portal.web.parameters import repeatable
from portal.web.records import load_authorized

case_extensions.add_tab("offers", _l("Offers"), "backoffice.case_offers", order=50)
case_extensions.add_action(
    "offers",
    _l("Make an offer"),
    "backoffice.person_offers",
    lambda case: {"person_id": case.person_id},
    order=20,
)

SHOWN_SUBJECTS = 20  # vacancies, and trainings, listed in the select at a time
FIND_MAX_CHARS = 200


# The select's statements, built once (they do not change between requests).
_NEWEST_VACANCIES = (
    select(Vacancy.id, Vacancy.title)
    .where(Vacancy.state == VacancyState.PUBLISHED)
    .order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
    .limit(SHOWN_SUBJECTS)
)
_SOONEST_TRAININGS = (
    select(Training.id, Training.title, Training.provider_name)
    .where(Training.state == TrainingState.PUBLISHED)
    .order_by(Training.starts_on, Training.id)
    .limit(SHOWN_SUBJECTS)
)
_ACTIVE_MEASURES = select(Measure.id, Measure.title).where(Measure.active.is_(True)).order_by(Measure.title)


def _in_order(part: int, rows, *order) -> Select:
    """`rows` (id, title, provider) as one part of `_UNSEARCHED_SUBJECTS`, numbered in its own
    order (a window over the part's own few rows: the vacancies' and trainings' LIMIT comes first)."""
    return select(
        literal_column(str(part)).label("part"),
        rows.c.id,
        rows.c.title,
        rows.c.provider,
        func.row_number().over(order_by=order).label("position"),
    )


_newest = _NEWEST_VACANCIES.add_columns(null().label("provider"), Vacancy.published_at).subquery(
    "newest_vacancies"
)
_soonest = (
    select(Training.id, Training.title, Training.provider_name.label("provider"), Training.starts_on)
    .where(Training.state == TrainingState.PUBLISHED)
    .order_by(Training.starts_on, Training.id)
    .limit(SHOWN_SUBJECTS)
    .subquery("soonest_trainings")
)
_active = _ACTIVE_MEASURES.order_by(None).add_columns(null().label("provider")).subquery("active_measures")
# The select without words in one statement (were three): the newest vacancies, the soonest
# trainings and every active measure, each part in the order of its own statement above.
_UNSEARCHED_SUBJECTS = union_all(
    _in_order(0, _newest, _newest.c.published_at.desc(), _newest.c.id.desc()),
    _in_order(1, _soonest, _soonest.c.starts_on, _soonest.c.id),
    _in_order(2, _active, _active.c.title),
).order_by(literal_column("part"), literal_column("position"))
_UNSEARCHED_KINDS = (OfferKind.VACANCY, OfferKind.TRAINING, OfferKind.MEASURE)


def _listed_subjects(find: str) -> dict[str, proposing.Subject]:
    """What the select offers: without words, the newest published vacancies and the trainings
    starting soonest (`SHOWN_SUBJECTS` each); with words, the vacancies and trainings whose
    search entry matches them, best first (the job search's index, not a scan of the tables),
    and the active measures whose title holds them. The page stays the same size whatever the
    number of vacancies; any published one can be found."""
    subjects: dict[str, proposing.Subject] = {}
    query = SearchQuery(text=find, per_page=SHOWN_SUBJECTS)
    if query.terms:
        profile, now = current_profile(), utcnow()
        for kind, offer_kind in (
            (EntryKind.VACANCY, OfferKind.VACANCY),
            (EntryKind.TRAINING, OfferKind.TRAINING),
        ):
            for hit in search(kind, query, today=profile.today(), now=now).hits:
                subjects[f"{offer_kind.value}:{hit.ref_id}"] = proposing.Subject(
                    offer_kind, hit.ref_id, hit.title, hit.organisation or None
                )
    else:
        for part, subject_id, title, provider, _position in db.session.execute(_UNSEARCHED_SUBJECTS):
            kind = _UNSEARCHED_KINDS[part]
            subjects[f"{kind.value}:{subject_id}"] = proposing.Subject(kind, subject_id, title, provider)
        return subjects
    for measure_id, title in db.session.execute(_ACTIVE_MEASURES):
        if all(term in fold(title) for term in query.terms):
            subjects[f"measure:{measure_id}"] = proposing.Subject(OfferKind.MEASURE, measure_id, title)
    return subjects


def _chosen_subject(key: str | None) -> proposing.Subject | None:
    """The subject a submitted form names ("vacancy:12"), if it may be offered now: a published
    vacancy (with its employer's name), a published training or an active measure."""
    kind, _, number = (key or "").partition(":")
    if not number.isdigit() or len(number) > 18:
        return None
    subject_id = int(number)
    if kind == OfferKind.VACANCY.value:
        row = db.session.execute(
            select(Vacancy.title, EmployerCompany.name)
            .outerjoin(EmployerCompany, EmployerCompany.registry_code == Vacancy.employer_code)
            .where(Vacancy.id == subject_id, Vacancy.state == VacancyState.PUBLISHED)
        ).first()
        return proposing.Subject(OfferKind.VACANCY, subject_id, row[0], row[1]) if row else None
    if kind == OfferKind.TRAINING.value:
        row = db.session.execute(
            select(Training.title, Training.provider_name).where(
                Training.id == subject_id, Training.state == TrainingState.PUBLISHED
            )
        ).first()
        return proposing.Subject(OfferKind.TRAINING, subject_id, row[0], row[1]) if row else None
    if kind == OfferKind.MEASURE.value:
        title = db.session.scalar(
            select(Measure.title).where(Measure.id == subject_id, Measure.active.is_(True))
        )
        return proposing.Subject(OfferKind.MEASURE, subject_id, title) if title is not None else None
    return None


def _with_employer(subject: proposing.Subject) -> proposing.Subject:
    if subject.kind is not OfferKind.VACANCY:
        return subject
    company = db.session.scalar(
        select(EmployerCompany.name)
        .join(Vacancy, Vacancy.employer_code == EmployerCompany.registry_code)
        .where(Vacancy.id == subject.id)
    )
    return proposing.Subject(subject.kind, subject.id, subject.title, company)


# The person with their case (at most one: `jobseeker_case.person_id` is unique), the register
# answers of their latest registration (whether they receive social assistance) and the signed-in
# staff member (the case's office rule), one statement.
_PERSON_AND_CASE = with_staff(
    select(Person, JobseekerCase, latest_register_data(Person.id).scalar_subquery())
    .outerjoin(JobseekerCase, JobseekerCase.person_id == Person.id)
    .where(Person.id == bindparam("person_id"))
)


def _person(person_id: int) -> tuple[Person, JobseekerCase | None, dict[str, Any] | None]:
    """The person, through their case when they have one: the case's office rule (and its
    break-glass step) applies to their offers as to the rest of the case."""
    # Both whole rows in one statement: `load_authorized` and `load_case` then find them in the
    # identity map instead of reading them again.
    found = db.session.execute(_PERSON_AND_CASE, {"person_id": person_id, **staff_values()}).first()
    if found is not None:
        keep_staff(found[3])
    person = load_authorized(Person, person_id, is_staff)
    case, register_data = (found[1], found[2]) if found is not None else (None, None)
    return person, load_case(case.id) if case is not None else None, register_data


def _person_page(
    person: Person,
    case: JobseekerCase | None,
    register_data: dict[str, Any] | None,
    form: ProposeForm,
    status: int = 200,
    **context,
):
    offers = offers_of(person.id)
    profile = current_profile()
    # Read before the audit write: one read transaction, not a second one after the write's commit.
    # The breaches are the refusals of these offers, loaded with them; the register answers were
    # read with the person.
    events = timeline(person.id, offers)
    history = History(
        breach_dates=breach_dates_of(offers, profile), beneficiary=beneficiary_in(register_data)
    )
    usage.record_use([person.id], "offers of a person viewed", usage.OFFER_CASE, {"person": person.id})
    return render_template(
        "backoffice/offers/person.html",
        person=person,
        case=case,
        offers=offers,
        events=events,
        history=history,
        form=form,
        **context,
    ), status


def _propose_form(subjects: dict[str, proposing.Subject]) -> ProposeForm:
    form = ProposeForm()
    form.subject.choices = [SelectChoice("", "")] + [
        SelectChoice(key, f"{subject.title}") for key, subject in subjects.items()
    ]
    return form


def _find() -> str:
    """The words a counsellor searched the subjects for (the search form's `find`, kept by the
    propose form in a hidden field)."""
    return (request.values.get("find") or "").strip()[:FIND_MAX_CHARS]


@backoffice.get("/cases/<int:case_id>/offers")
def case_offers(case_id: int):
    """The case's "Offers" page (a tab of the case view)."""
    case = load_case(case_id)
    return person_offers(case.person_id)


@backoffice.route("/people/<int:person_id>/offers", methods=["GET", "POST"])
def person_offers(person_id: int):
    person, case, register_data = _person(person_id)
    find = _find()
    subjects = _listed_subjects(find)
    chosen = _chosen_subject(request.form.get("subject")) if request.method == "POST" else None
    if chosen is not None:  # still offerable, whether or not today's list shows it
        subjects.setdefault(f"{chosen.kind.value}:{chosen.id}", chosen)
    form = _propose_form(subjects)
    if request.method == "GET":
        return _person_page(
            person, case, register_data, form, find=find, proposed=request.args.get("proposed")
        )
    if not form.validate_on_submit() or chosen is None:
        return _person_page(person, case, register_data, form, 400, find=find)
    try:
        proposing.propose(
            [person.id],
            chosen,
            staff=current_staff(),
            profile=current_profile(),
            reply_by=form.reply_by.data,
            note=form.note.data,
            request_id=g.get("request_id"),
        )
    except OwnCase:
        return _person_page(person, case, register_data, form, 403, find=find, error="own-case")
    except ValueError:
        form.reply_by.errors = [str(REPLY_IN_PAST)]
        return _person_page(person, case, register_data, form, 400, find=find)
    return redirect(url_for("backoffice.person_offers", person_id=person.id, proposed=1), code=303)


@backoffice.post("/offers/<int:offer_id>/withdraw")
def withdraw_offer(offer_id: int):
    offer = load_authorized(Offer, offer_id, is_staff)
    # Answered or closed meanwhile: nothing to withdraw, and the page shows what happened.
    with contextlib.suppress(NotOpen):
        proposing.withdraw(
            offer.id, reason="counsellor", staff=current_staff(), request_id=g.get("request_id")
        )
    return redirect(url_for("backoffice.person_offers", person_id=offer.person_id), code=303)


# --- a vacancy to several jobseekers, in list order --------------------------------------------


def _is_registered(person_id: Any) -> Any:
    return (
        select(Registration.id)
        .where(Registration.person_id == person_id, Registration.state == RegistrationState.REGISTERED)
        .exists()
    )


class _Listed(NamedTuple):
    """A row of the list: what the page shows of a registered jobseeker and their standing."""

    person_id: int
    given_name: str
    family_name: str
    registered_on: dt.date | None
    priority: bool
    moved_to_end_at: dt.datetime | None

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)


# The registered jobseekers in list order, built once, only the columns the page shows (no
# entities); counted without the person (a standing's person always exists: foreign key).
_REGISTERED_LISTING = Listing(
    list_order.ordered(
        select(
            ListStanding.person_id,
            Person.given_name,
            Person.family_name,
            ListStanding.registered_on,
            ListStanding.priority,
            ListStanding.moved_to_end_at,
            # The audit's pseudonyms of the people listed, without a statement of their own.
            Person.country,
            Person.national_code,
        )
        .join(Person, Person.id == ListStanding.person_id)
        .where(_is_registered(Person.id))
    ),
    count=select(func.count()).select_from(ListStanding).where(_is_registered(ListStanding.person_id)),
)
_PUBLISHED_VACANCY = select(Vacancy.id, Vacancy.title).where(
    Vacancy.id == bindparam("vacancy_id"), Vacancy.state == VacancyState.PUBLISHED
)


@backoffice.route("/vacancies/<int:vacancy_id>/propose", methods=["GET", "POST"])
@repeatable("persons")
def propose_vacancy(vacancy_id: int):
    # Its id and title are all the page and the offers take from the vacancy.
    vacancy = db.session.execute(_PUBLISHED_VACANCY, {"vacancy_id": vacancy_id}).first()
    if vacancy is None:
        abort(404)
    found = paginate(_REGISTERED_LISTING, requested_number(request.args), scalars=False)
    rows = [_Listed(*row[:6]) for row in found.items]
    form = ProposeManyForm()
    form.persons.choices = [SelectChoice(row.person_id, row.full_name) for row in rows]
    made = None
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            subject = _with_employer(proposing.Subject(OfferKind.VACANCY, vacancy.id, vacancy.title))
            try:
                made = proposing.propose(
                    form.persons.data,
                    subject,
                    staff=current_staff(),
                    profile=current_profile(),
                    note=form.note.data,
                    request_id=g.get("request_id"),
                )
            except OwnCase:
                status = 403
        else:
            status = 400
    usage.record_use(
        [row.person_id for row in rows],
        "jobseekers listed for a vacancy",
        usage.OFFER_QUEUE_ROW,
        listing=True,
        codes={row.person_id: (row.country, row.national_code) for row in found.items},
    )
    return render_template(
        "backoffice/offers/propose_many.html",
        vacancy=vacancy,
        rows=rows,
        form=form,
        made=made,
        own_case=status == 403,
        page=found,
        links=page_links(found, "backoffice.propose_vacancy", vacancy_id=vacancy.id),
    ), status


# --- the refusal review queue ------------------------------------------------------------------


@backoffice.get("/refusals")
def refusals():
    found = review.queue(requested_number(request.args))
    usage.record_use(
        [row.person_id for row in found.items], "refusals listed", usage.OFFER_QUEUE_ROW, listing=True
    )
    return render_template(
        "backoffice/offers/refusals.html",
        refusals=found.items,
        links=page_links(found, "backoffice.refusals"),
        reviewed=request.args.get("reviewed"),
    )


def _review_page(
    refusal: Refusal, register_data: dict[str, Any] | None, form: ReviewForm, status: int = 200, **context
):
    profile = current_profile()
    # Read before the audit write, in one read transaction; the refused offer is among the
    # person's offers (the identity map gives it without a statement while `offers` holds it).
    offers = offers_of(refusal.person_id)
    offer = refusal.offer
    person = offer.person
    if_not_valid, if_valid = review.proposed_outcome(refusal, profile, offers, register_data)
    usage.record_use([refusal.person_id], "refusal reviewed", usage.OFFER_CASE, {"refusal": refusal.id})
    return render_template(
        "backoffice/offers/review.html",
        refusal=refusal,
        offer=offer,
        person=person,
        earlier=[earlier for earlier in offers if earlier.id != refusal.offer_id],
        if_not_valid=if_not_valid,
        if_valid=if_valid,
        form=form,
        **context,
    ), status


# The review page shows the refused offer and names the person, and tells what a finding would
# lead to, which depends on whether the registers knew the person as a social-assistance
# beneficiary: the refusal read with the offer, the person and the register answers of their
# latest registration, one statement built once.
_REFUSAL_TO_REVIEW = (
    select(Refusal, latest_register_data(Refusal.person_id).scalar_subquery())
    .options(joinedload(Refusal.offer).joinedload(Offer.person))
    .where(Refusal.id == bindparam("refusal_id"))
)


@backoffice.route("/refusals/<int:refusal_id>", methods=["GET", "POST"])
def refusal_review(refusal_id: int):
    found = db.session.execute(_REFUSAL_TO_REVIEW, {"refusal_id": refusal_id}).first()
    # The policy check on the refusal the statement put in the identity map (404 when none).
    refusal = load_authorized(Refusal, refusal_id, is_staff)
    register_data = found[1] if found is not None else None
    form = ReviewForm()
    if request.method == "GET":
        return _review_page(refusal, register_data, ReviewForm(formdata=None))
    if not form.validate_on_submit():
        return _review_page(refusal, register_data, form, 400)
    try:
        review.confirm(
            refusal.id,
            staff=current_staff(),
            valid=form.finding.data == "valid",
            reasoning=form.reasoning.data,
            profile=current_profile(),
            request_id=g.get("request_id"),
        )
    except AlreadyReviewed:
        db.session.refresh(refusal)
        return _review_page(refusal, register_data, form, 409, error="reviewed")
    except OwnCase:
        return _review_page(refusal, register_data, form, 403, error="own-case")
    return redirect(url_for("backoffice.refusals", reviewed=refusal.id), code=303)
