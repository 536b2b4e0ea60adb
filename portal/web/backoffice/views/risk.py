"""A case's risk profile: the factors and points, confirming or overriding the level, computing
again, and answering the person's request for reconsideration; the office's queue of requests."""

from __future__ import annotations

from typing import Any

from flask import flash, g, get_flashed_messages, redirect, render_template, url_for
from flask_babel import get_timezone
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.orm.util import identity_key
from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal import labels
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import JobseekerCase, RiskAssessment, RiskLevel, RiskReconsideration
from portal.models.audit import DataCategory
from portal.profiles import current_profile
from portal.services import profiling, reconsideration
from portal.web.backoffice import backoffice, case_extensions, navigation, usage
from portal.web.backoffice.case_access import (
    current_staff,
    load_case,
    staff_values,
)
from portal.web.backoffice.case_row import CaseRow
from portal.web.backoffice.risk_rows import load_risk_page
from portal.web.bound_fields import BindOnce, Radios
from portal.web.forms import PortalForm
from portal.web.parameters import repeatable
from portal.web.risk_texts import factor_value

C = DataCategory
DONE = "risk-done"  # flash category: "computed", "decided", "answered"


def _levels() -> list[SelectChoice]:
    return [SelectChoice(level.value, labels.RISK_LEVELS[level]) for level in RiskLevel]


class DecisionForm(PortalForm):
    """Its fields bound once per process and copied (`BindOnce`): the page shows it on every view.
    Its radios' options are plain records (`Radios`)."""

    class Meta(BindOnce):
        pass

    level = Radios(_l("Risk level"), validators=[InputRequired(message=_l("Select the risk level"))])
    reason = TextAreaField(
        _l("Reason for another level"),
        description=_l(
            "Required when you set another level than the computed one. It is recorded and counted."
        ),
        validators=[
            Optional(),
            Length(max=profiling.REASON_MAX, message=_l("The reason must be 2000 characters or fewer")),
        ],
    )


class ComputeForm(PortalForm):
    class Meta(BindOnce):
        pass

    barriers = SelectMultipleField(
        _l("What the person told you makes working harder"),
        choices=[SelectChoice(key, labels.BARRIERS[key]) for key in profiling.DECLARED_BARRIERS],
        validators=[Optional()],
    )


class AnswerForm(PortalForm):
    new_level = RadioField(
        _l("Risk level after reconsideration"),
        validators=[InputRequired(message=_l("Select the risk level"))],
    )
    answer = TextAreaField(
        _l("Your answer"),
        description=_l("The person reads this in their inbox: answer their reasons."),
        validators=[
            DataRequired(message=_l("Enter your answer")),
            Length(max=reconsideration.REASON_MAX, message=_l("The answer must be 2000 characters or fewer")),
        ],
    )


# The empty forms are only shown: the template writes their CSRF inputs with the session's token
# (`csrf_token()`), so they bind no CSRF field (Flask-WTF's would sign the token anew).
_SHOWN = {"csrf": False}


def _forms(assessment: RiskAssessment | None, open_request: RiskReconsideration | None):
    """The page's empty forms; the level's only with an assessment and the answer's only with an open
    request, as the page shows them only then (a form costs more to make than to render)."""
    decision = None
    if assessment is not None:
        decision = DecisionForm(formdata=None, level=assessment.current_level.value, meta=_SHOWN)
        decision.level.choices = _levels()
    compute = ComputeForm(
        formdata=None, barriers=list(assessment.barriers) if assessment else [], meta=_SHOWN
    )
    answer = None
    if open_request is not None:
        answer = AnswerForm(
            formdata=None, new_level=assessment.current_level.value if assessment else None, meta=_SHOWN
        )
        answer.new_level.choices = _levels()
    return decision, compute, answer


_REQUESTS = aliased(RiskReconsideration, name="open_request")  # not correlated with the page's


def _open_request_id(person_id: Any) -> Any:
    """The person's open request for reconsideration (a person has at most one; the lowest id
    should there ever be two, so no assessment is repeated)."""
    return (
        select(func.min(_REQUESTS.id))
        .where(_REQUESTS.person_id == person_id, _REQUESTS.answered_at.is_(None))
        .scalar_subquery()
    )


# The person's ten latest assessments, each row with the open request for reconsideration: one
# statement, built once. A request is about one of the person's assessments, so a person with
# none has no request either.
_HISTORY = (
    select(RiskAssessment, RiskReconsideration)
    .outerjoin(RiskReconsideration, RiskReconsideration.id == _open_request_id(bindparam("person_id")))
    .where(RiskAssessment.person_id == bindparam("person_id"))
    .order_by(RiskAssessment.computed_at.desc(), RiskAssessment.id.desc())
    .limit(10)
)


def _case_and_history(case_id: int) -> tuple[Any, list[Any]]:
    """`load_case(case_id)` and `_HISTORY`'s rows. Read together, as rows of columns
    (`risk_rows`), unless the session holds the case already (then as `load_case` does, and the
    history by itself)."""
    if identity_key(JobseekerCase, case_id) in db.session.identity_map:
        case = load_case(case_id)
        return case, _history(case)
    case, _staff, rows = load_risk_page(case_id, staff_values()["staff_person_id"])
    return case, rows


def _history(case: JobseekerCase) -> list[Any]:
    return db.session.execute(_HISTORY, {"person_id": case.person_id}).all()


def _render(case: JobseekerCase, status: int = 200, rows: list[Any] | None = None, **forms):
    """The page; `rows` are `_HISTORY`'s when the view read them with the case."""
    profile = current_profile()
    rows = _history(case) if rows is None else rows
    history = [assessment for assessment, _request in rows]
    assessment = history[0] if history else None  # the latest, as `profiling.latest` orders them
    open_request = rows[0][1] if rows else None
    decision, compute, answer = _forms(assessment, open_request)
    decision, compute, answer = (
        forms.get("decision", decision),
        forms.get("compute", compute),
        forms.get("answer", answer),
    )
    # Read before the audit write: one read transaction, and no row read again after its commit.
    # The person: read with the case (`load_case`), or the case's own row (`risk_rows`).
    person = case if isinstance(case, CaseRow) else case.person
    usage.record_use(
        [case.person_id],
        "risk profile viewed",
        (C.RISK_PROFILE,),
        {"case": case.id},
        codes={case.person_id: (person.country, person.national_code)},
    )
    service, plan_required = (
        profiling.service_of(profile, assessment.current_level) if assessment else (None, False)
    )
    if rows:
        # The request's time zone chosen now: the template's `datetimeformat` keeps each moment's
        # text per time zone, and formats afresh (Babel: ~0.1 ms a moment) until it is chosen.
        get_timezone()
    return render_template(
        "backoffice/case/risk.html",
        case=case,
        person=person,
        assessment=assessment,
        history=history,
        service=service,
        plan_required=plan_required,
        factor_value=factor_value,
        decision_form=decision,
        compute_form=compute,
        answer_form=answer,
        open_request=open_request,
        done=next(iter(get_flashed_messages(category_filter=[DONE])), None),
        model=profile.risk,
    ), status


@backoffice.get("/cases/<int:case_id>/risk-profile")
def case_risk(case_id: int):
    case, rows = _case_and_history(case_id)
    return _render(case, rows=rows)


@backoffice.post("/cases/<int:case_id>/risk-profile/compute")
@repeatable("barriers")
def case_risk_compute(case_id: int):
    case = load_case(case_id)
    form = ComputeForm()
    if not form.validate_on_submit():
        return _render(case, 400, compute=form)
    profiling.assess(
        case.person_id,
        current_profile(),
        barriers=form.barriers.data or [],
        actor=current_staff(),
        request_id=g.get("request_id"),
    )
    flash("computed", DONE)
    return redirect(url_for("backoffice.case_risk", case_id=case.id), code=303)


@backoffice.post("/cases/<int:case_id>/risk-profile/decision")
def case_risk_decision(case_id: int):
    case = load_case(case_id)
    assessment = profiling.latest(case.person_id)
    form = DecisionForm()
    form.level.choices = _levels()
    if assessment is None or not form.validate_on_submit():
        return _render(case, 400, decision=form)
    try:
        profiling.decide(
            assessment.id,
            level=RiskLevel(form.level.data),
            reason=form.reason.data,
            actor=current_staff(),
            request_id=g.get("request_id"),
        )
    except profiling.ReasonRequired:
        form.reason.errors = [str(_l("Enter why you set another level than the computed one"))]
        return _render(case, 400, decision=form)
    flash("decided", DONE)
    return redirect(url_for("backoffice.case_risk", case_id=case.id), code=303)


@backoffice.post("/cases/<int:case_id>/risk-profile/reconsideration")
def case_risk_answer(case_id: int):
    case = load_case(case_id)
    request_row = reconsideration.open_request(case.person_id)
    form = AnswerForm()
    form.new_level.choices = _levels()
    if request_row is None:
        return redirect(url_for("backoffice.case_risk", case_id=case.id), code=303)
    if not form.validate_on_submit():
        return _render(case, 400, answer=form)
    try:
        reconsideration.answer_reconsideration(
            request_row.id,
            answer=form.answer.data,
            level=RiskLevel(form.new_level.data),
            actor=current_staff(),
            request_id=g.get("request_id"),
        )
    except reconsideration.AlreadyAnswered:
        db.session.expire_all()
        return _render(case, 409)
    flash("answered", DONE)
    return redirect(url_for("backoffice.case_risk", case_id=case.id), code=303)


@backoffice.get("/reconsiderations")
def reconsiderations():
    staff = current_staff()
    rows = reconsideration.open_requests(staff.office)
    usage.record_use(
        [person.id for _, _, person in rows],
        "reconsideration requests listed",
        (C.NAME, C.RISK_PROFILE),
        listing=True,
    )
    return render_template("backoffice/reconsiderations/page.html", rows=rows, office=staff.office)


case_extensions.add_tab("risk", _l("Risk profile"), "backoffice.case_risk", order=10)
navigation.add(
    "reconsiderations",
    _l("Reconsiderations"),
    "backoffice.reconsiderations",
    order=25,
)
