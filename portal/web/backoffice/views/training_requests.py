"""The counsellors' queue of requests to join a training, the case, and the answer."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.i18n import current_language
from portal.models import Measure, TrainingRequest
from portal.models.audit import DataCategory
from portal.profiles import current_profile
from portal.services import decisions, eligibility, reference_data
from portal.services.trainings import catalogue, request_case, request_queue, requests
from portal.web.backoffice import backoffice, usage
from portal.web.backoffice.measure_assessments import measures_markup
from portal.web.backoffice.training_case_parts import training_details
from portal.web.backoffice.training_forms import AnswerRequestForm, answer_fields
from portal.web.backoffice.views.appeals import current_staff
from portal.web.backoffice.views.trainings import page_links

ANSWERED = "training-request-answered"  # flash category
C = DataCategory
QUEUE_ROW = (C.NAME, C.TRAINING_REQUEST)
CASE = (C.NAME, C.PERSONAL_CODE, C.TRAINING_REQUEST, C.ELIGIBILITY)


@backoffice.get("/training-requests")
def training_requests():
    page = request_queue.queue(request.args.get("page", 1, type=int) or 1)
    usage.record_use(
        [row.person_id for row in page.items],
        "training requests listed",
        QUEUE_ROW,
        listing=True,
        codes={row.person_id: (row.country, row.national_code) for row in page.items},
    )
    return render_template(
        "backoffice/training_requests/page.html",
        page=page,
        pagination=page_links("backoffice.training_requests", page),
        answered=next(iter(get_flashed_messages(category_filter=[ANSWERED])), None),
    )


def _render_case(
    found: TrainingRequest,
    form: AnswerRequestForm | None,
    status: int = 200,
    error: str | None = None,
    facts: eligibility.PersonFacts | None = None,
    measures: list[Measure] | None = None,
    codes: dict[int, tuple[str, str]] | None = None,
):
    profile = current_profile()
    if measures is None:
        measures = catalogue.measures(active_only=True)
    assessed = eligibility.assess_measures(db.session, profile, found.person_id, measures, facts)
    occupation = (
        reference_data.occupation(found.training.isco_code, current_language().code)
        if found.training.isco_code
        else None
    )
    # After the reads: one read transaction, not a second one after the audit write's commit.
    usage.record_use(
        [found.person_id], "training request viewed", CASE, {"training_request": found.id}, codes=codes
    )
    return render_template(
        "backoffice/training_requests/case.html",
        found=found,
        training=found.training,
        # The training's facts written by a function (`public/trainings/_details.html` as it was).
        details=training_details(found.training, occupation),
        measures=measures_markup(assessed),
        asked_on=profile.local_date(found.created_at),
        form=form,
        answer_fields=answer_fields() if form is None else None,
        error=error,
    ), status


@backoffice.get("/training-requests/<int:request_id>")
def training_request(request_id: int):
    # The request as a row of columns (`request_case.CaseRequest`: the ORM's attribute names).
    found, facts, measures = request_case.get_case(request_id, current_profile().today())
    if found is None:
        abort(404)
    # The person's codes as read with the request: their pseudonym needs no statement of its own.
    codes = {found.person_id: (found.person.country, found.person.national_code)}
    # No form: its empty fields are kept written (`answer_fields`), the CSRF input is the template's.
    return _render_case(found, None, facts=facts, measures=measures, codes=codes)


@backoffice.post("/training-requests/<int:request_id>")
def training_request_answer(request_id: int):
    found = requests.get_request(request_id)
    if found is None:
        abort(404)
    form = AnswerRequestForm()
    if not form.validate_on_submit():
        return _render_case(found, form, 400)
    approve = form.outcome.data == "approve"
    try:
        requests.decide(
            found.id,
            staff=current_staff(),
            approve=approve,
            reason=form.reason.data,
            profile=current_profile(),
        )
    except requests.AlreadyDecided:
        db.session.expire_all()
        return _render_case(requests.get_request(request_id), form, 409, error="answered")
    except requests.NoSeats:
        return _render_case(found, form, 409, error="full")
    except decisions.OwnCase:
        return _render_case(found, form, 403, error="own_case")
    except requests.NoRegistration:
        return _render_case(found, form, 409, error="no_registration")
    flash(str(_l("Request approved") if approve else _l("Request refused")), ANSWERED)
    return redirect(url_for("backoffice.training_requests"), code=303)
