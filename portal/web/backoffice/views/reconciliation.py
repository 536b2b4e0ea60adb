"""The nightly register checks as the back office sees them: every run with its progress (batches
done of total, persons checked, proposals made, errors with their X-Road message ids), and "run now"
for a supervisor. While a run is in progress the list refreshes itself: htmx polls the list
fragment, and without JavaScript the page reloads (`<noscript>` meta refresh)."""

from __future__ import annotations

from flask import (
    abort,
    flash,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal import queue
from portal.catalog import lazy_gettext as _l
from portal.extensions import db
from portal.models import AuditTag, ReconciliationRun, RunKind
from portal.profiles import current_profile
from portal.security import Access, access
from portal.services import audit
from portal.services.lifecycle import nightly, run_list, runs, tax_check
from portal.web.backoffice import backoffice
from portal.web.backoffice.paging import Pages, page_number, pages
from portal.web.backoffice.views.appeals import current_staff
from portal.web.forms import PortalForm

STARTED = "run-started"  # flash category; the message is the run kind
SUPERVISOR_ROLES = ("supervisor", "administrator")
POLL_SECONDS = 3


class RunNowForm(PortalForm):
    kind = RadioField(
        _l("Which check?"),
        choices=[],
        validators=[InputRequired(message=_l("Select which check to run"))],
    )


def _run_now_form(formdata=None) -> RunNowForm:
    from portal import labels

    form = RunNowForm(formdata=formdata)
    kinds = [RunKind.TAX, RunKind.POPULATION]
    if current_profile().lifecycle.report_beneficiaries:
        kinds.append(RunKind.SOCIAL_ASSISTANCE)
    form.kind.choices = [SelectChoice(kind.value, labels.RUN_KINDS[kind]) for kind in kinds]
    return form


def _is_supervisor() -> bool:
    return current_user.active_role in SUPERVISOR_ROLES


@backoffice.get("/reconciliation")
def reconciliation_runs():
    found = run_list.recent_runs(page_number(request.args.get("page")))
    context = {
        "found": found,
        "running": any(run.is_running for run in found.runs),
        "poll_seconds": POLL_SECONDS,
    }
    if request.headers.get("HX-Request"):
        # The runs' table alone: htmx polls it while a run is in progress (no page links in it).
        response = make_response(render_template("backoffice/reconciliation/_runs.html", **context))
    else:
        response = make_response(
            render_template(
                "backoffice/reconciliation/page.html",
                form=_run_now_form() if _is_supervisor() else None,
                started=next(iter(get_flashed_messages(category_filter=[STARTED])), None),
                # No link to build when there is no other page (the component shows nothing then).
                pagination=pages("backoffice.reconciliation_runs", found.page, found.pages)
                if found.pages > 1
                else _NO_LINKS,
                **context,
            )
        )
    # As `response.vary.add`, without parsing the header the response does not have yet.
    response.headers["Vary"] = "HX-Request"
    return response


_NO_LINKS = Pages(has_prev=False, has_next=False, prev_href=None, next_href=None)


@backoffice.post("/reconciliation/run")
@access(Access.SUPERVISOR)
def reconciliation_run_now():
    form = _run_now_form(request.form)
    if not form.validate_on_submit():
        abort(400)
    staff = current_staff()
    kind = RunKind(form.kind.data)
    with db.write() as session:
        audit.record(
            session,
            AuditTag.RECONCILIATION_START,
            actor_role=current_user.active_role,
            purpose=f"nightly check started by hand: {kind.value}",
            actor_person_id=staff.person_id,
        )
    # Tonight's run starts now, or (already started) resumes and retries its failed batches.
    if kind is RunKind.TAX:
        queue.enqueue(tax_check.RUN_TASK, staff.id)
    else:
        queue.enqueue(nightly.RUN_TASK, kind.value, staff.id)
    flash(kind.value, STARTED)
    return redirect(url_for("backoffice.reconciliation_runs"), code=303)


@backoffice.get("/reconciliation/<int:run_id>")
def reconciliation_run(run_id: int):
    run = db.session.get(ReconciliationRun, run_id)
    if run is None:
        abort(404)  # runs hold no personal data: no audit of who looked
    return render_template("backoffice/reconciliation/run.html", run=run, failed=runs.failed_batches(run.id))
