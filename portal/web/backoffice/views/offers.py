"""Offers in the back office: a person's offers and timeline with the propose form, proposing a
vacancy to several jobseekers in list order, withdrawing (the refusal review: `refusals`)."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, NamedTuple

from flask import abort, g, redirect, render_template, request, url_for
from sqlalchemy import bindparam, func, select
from wtforms.fields.choices import SelectChoice

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import (
    ListStanding,
    Offer,
    OfferKind,
    Person,
    Registration,
    RegistrationState,
    Vacancy,
    VacancyState,
)
from portal.models.person import full_name
from portal.profiles import current_profile
from portal.security import csrf_token
from portal.services import list_order
from portal.services.core_rows import read_kept_named
from portal.services.decisions import OwnCase
from portal.services.offers import (
    NotOpen,
    case_timeline,  # noqa: F401  (registers the case timeline's source)
    caseload_flags,  # noqa: F401  (registers the caseload's offer and refusal filters)
    proposing,
)
from portal.services.offers.answering import beneficiary_in_section, breach_dates_of
from portal.services.offers.timeline import timeline
from portal.services.paging import DEFAULT_SIZE, Listing, Page, paginate, requested_number
from portal.services.refusal_rules import History
from portal.web import offers_html
from portal.web.backoffice import backoffice, case_extensions, usage
from portal.web.backoffice.case_access import load_case
from portal.web.backoffice.offer_subjects import (  # noqa: F401  (SHOWN_SUBJECTS: the page's length)
    SHOWN_SUBJECTS,
    chosen_subject,
    with_employer,
)
from portal.web.backoffice.person_offers_read import Read, read_page
from portal.web.backoffice.views.appeals import current_staff, is_staff
from portal.web.offer_forms import REPLY_IN_PAST, ProposeForm, ProposeManyForm
from portal.web.paging import PageLinks, page_links
from portal.web.parameters import repeatable
from portal.web.records import load_authorized
from portal.web.select_options import changing_choices

case_extensions.add_tab("offers", _l("Offers"), "backoffice.case_offers", order=50)
case_extensions.add_action(
    "offers",
    _l("Make an offer"),
    "backoffice.person_offers",
    lambda case: {"person_id": case.person_id},
    order=20,
)

FIND_MAX_CHARS = 200


def _person_page(found: Read, form: ProposeForm, status: int = 200, **context):
    person, offers = found.person, found.offers
    profile = current_profile()
    # Read before the audit write: one read transaction, not a second one after the write's commit.
    # The breaches are the refusals of these offers, read with them; the register answers were
    # read with the person.
    events = timeline(person.id, offers, found.candidacies)
    history = History(
        breach_dates=breach_dates_of(offers, profile),
        beneficiary=beneficiary_in_section(found.social_assistance),
    )
    usage.record_use(
        [person.id],
        "offers of a person viewed",
        usage.OFFER_CASE,
        {"person": person.id},
        codes={person.id: (person.country, person.national_code)},
    )
    return render_template(
        "backoffice/offers/person.html",
        person=person,
        case=found.case,
        offers=offers,
        offer_rows=offers_html.person_offer_rows(offers),
        timeline=offers_html.offer_timeline(events),
        # The request's token from `g` (Flask-WTF's `generate_csrf`, the global, costs ~8 µs a call).
        csrf_token=csrf_token,
        history=history,
        form=form,
        **context,
    ), status


def _propose_form(subjects: dict[str, str]) -> ProposeForm:
    # Only shown on a GET: the template writes the CSRF input with the session's token
    # (`csrf_token()`), so the form binds no CSRF field (Flask-WTF's would sign the token anew).
    form = ProposeForm(meta={"csrf": False}) if request.method == "GET" else ProposeForm()
    # The same few lists on every view (the newest subjects): their options rendered once each.
    form.subject.choices = changing_choices(
        [("", ""), *((key, f"{title}") for key, title in subjects.items())]
    )
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
    find = _find()
    found = read_page(person_id, find)
    person, subjects = found.person, found.subjects
    chosen = chosen_subject(request.form.get("subject")) if request.method == "POST" else None
    if chosen is not None:  # still offerable, whether or not today's list shows it
        subjects.setdefault(f"{chosen.kind.value}:{chosen.id}", chosen.title)
    form = _propose_form(subjects)
    if request.method == "GET":
        return _person_page(found, form, find=find, proposed=request.args.get("proposed"))
    if not form.validate_on_submit() or chosen is None:
        return _person_page(found, form, 400, find=find)
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
        return _person_page(found, form, 403, find=find, error="own-case")
    except ValueError:
        form.reply_by.errors = [str(REPLY_IN_PAST)]
        return _person_page(found, form, 400, find=find)
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
# The list's page and count with the published vacancy's title (NULL: none such), one statement.
_PAGE_AND_VACANCY = _REGISTERED_LISTING.counted_page.add_columns(
    select(Vacancy.title)
    .where(Vacancy.id == bindparam("vacancy_id"), Vacancy.state == VacancyState.PUBLISHED)
    .scalar_subquery()
    .label("vacancy_title")
)
_UNREAD: Any = object()


class _Vacancy(NamedTuple):
    id: int
    title: str


@backoffice.route("/vacancies/<int:vacancy_id>/propose", methods=["GET", "POST"])
@repeatable("persons")
def propose_vacancy(vacancy_id: int):
    # The page, its count and the vacancy's title in one statement; the vacancy apart when the page
    # has no rows. Its id and title are all the page and the offers take from the vacancy.
    found = _listed_page(requested_number(request.args), vacancy_id)
    title = getattr(found.items[0], "vacancy_title", _UNREAD) if found.items else _UNREAD
    if title is _UNREAD:
        vacancy = db.session.execute(_PUBLISHED_VACANCY, {"vacancy_id": vacancy_id}).first()
    else:
        vacancy = _Vacancy(vacancy_id, title) if title is not None else None
    if vacancy is None:
        abort(404)
    rows = [_Listed(*row[:6]) for row in found.items]
    form = ProposeManyForm()
    form.persons.choices = [SelectChoice(row.person_id, row.full_name) for row in rows]
    made = None
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            subject = with_employer(proposing.Subject(OfferKind.VACANCY, vacancy.id, vacancy.title))
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
        # No link to build when there is no other page (the component shows nothing then).
        links=page_links(found, "backoffice.propose_vacancy", vacancy_id=vacancy.id)
        if found.has_previous or found.has_next
        else _NO_LINKS,
    ), status


_NO_LINKS = PageLinks(has_prev=False, has_next=False, prev_href="", next_href="", items=[])


def _listed_page(number: int, vacancy_id: int) -> Page[Any]:
    """`paginate_counted(_REGISTERED_LISTING, number, statement=_PAGE_AND_VACANCY)`, the page's
    statement read on the driver's cursor as named tuples (`core_rows.read_kept_named`: the ORM's
    execution of a statement of columns cost a tenth of the page); the same statements."""
    size = DEFAULT_SIZE
    values = {"vacancy_id": vacancy_id, "page_limit": size, "page_offset": (number - 1) * size}
    items = read_kept_named(_PAGE_AND_VACANCY, values)
    if items:
        return Page(items=items, total=items[0].listing_total, number=number, size=size)
    if number == 1:
        return Page(items=[], total=0, number=1, size=size)
    return paginate(_REGISTERED_LISTING, number, size, scalars=False, params={"vacancy_id": vacancy_id})
