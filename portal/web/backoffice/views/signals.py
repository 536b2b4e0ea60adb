"""Fraud and anomaly signals for supervisors: the queue by state, each signal with its evidence,
and closing it as explained or referred with a reason. Every view is recorded in the audit trail
(the list too: it names people)."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import Signal, SignalState
from portal.models.audit import DataCategory as C
from portal.security import Access, access
from portal.services import decisions
from portal.services.lifecycle import signals
from portal.web.backoffice import backoffice, usage
from portal.web.backoffice.paging import page_number, pages
from portal.web.backoffice.views.appeals import current_staff
from portal.web.forms import PortalForm
from portal.web.records import load_authorized

REASON_MAX = 2000
CLOSED = "signal-closed"
QUEUE_ROW = (C.NAME, C.SIGNAL)
CASE = (C.NAME, C.PERSONAL_CODE, C.SIGNAL, C.REGISTER_DATA)


class CloseForm(PortalForm):
    state = RadioField(
        _l("Outcome"),
        choices=[
            SelectChoice(SignalState.EXPLAINED.value, _l("Explained: nothing wrong")),
            SelectChoice(SignalState.REFERRED.value, _l("Referred for follow-up")),
        ],
        validators=[InputRequired(message=_l("Select whether the signal is explained or referred"))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Enter the reason")),
            Length(max=REASON_MAX, message=_l("The reason must be 2000 characters or fewer")),
        ],
    )


def _is_supervisor(_record: object, user: object) -> bool:
    return user.active_role in ("supervisor", "administrator")


def _state() -> SignalState:
    value = request.args.get("state", SignalState.OPEN.value)
    return next((state for state in SignalState if state.value == value), SignalState.OPEN)


@backoffice.get("/signals")
@access(Access.SUPERVISOR)
def signals_queue():
    state = _state()
    found = signals.queue(state, page_number(request.args.get("page")))
    usage.record_use(
        [signal.person_id for signal in found.items], "fraud signals listed", QUEUE_ROW, listing=True
    )
    return render_template(
        "backoffice/signals/page.html",
        found=found,
        state=state,
        states=list(SignalState),
        pagination=pages("backoffice.signals_queue", found.number, found.pages, state=state.value),
        closed=next(iter(get_flashed_messages(category_filter=[CLOSED])), None),
    )


def _render(signal: Signal, form: CloseForm, status: int = 200, error: str | None = None):
    usage.record_use([signal.person_id], "fraud signal viewed", CASE, {"signal": signal.id})
    return render_template("backoffice/signals/case.html", signal=signal, form=form, error=error), status


@backoffice.route("/signals/<int:signal_id>", methods=["GET", "POST"])
@access(Access.SUPERVISOR)
def signal_case(signal_id: int):
    signal = load_authorized(Signal, signal_id, _is_supervisor)
    if request.method == "GET":
        return _render(signal, CloseForm(formdata=None))
    form = CloseForm()
    if not form.validate_on_submit():
        return _render(signal, form, 400)
    try:
        signals.close(
            signal.id, staff=current_staff(), state=SignalState(form.state.data), reason=form.reason.data
        )
    except decisions.OwnCase:
        return _render(signal, form, 403, error="own_case")
    except signals.AlreadyClosed:
        db.session.expire_all()
        return _render(db.session.get(Signal, signal.id), form, 409, error="closed")
    except LookupError:
        abort(404)
    flash(form.state.data, CLOSED)
    return redirect(url_for("backoffice.signals_queue"), code=303)
