"""A jobseeker asks to join a training, sees their requests and their answers, and may withdraw
a request still waiting."""

from __future__ import annotations

from flask import abort, flash, get_flashed_messages, redirect, render_template, url_for
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from portal.catalog import lazy_gettext as _l
from portal.models import TrainingRequest
from portal.profiles import current_profile
from portal.services import inbox
from portal.services.trainings import catalogue, requests
from portal.web.forms import PortalForm
from portal.web.jobseeker import jobseeker
from portal.web.records import load_owned

SENT = "training-request-sent"  # flash category
REFUSALS = {
    requests.NotOpen: _l("This training no longer takes requests."),
    requests.NoSeats: _l("Every seat of this training is taken."),
    requests.AlreadyRequested: _l("You have already asked to join this training."),
    requests.NotRegistered: _l("Only registered jobseekers can ask to join a training. Register first."),
}


class JoinForm(PortalForm):
    reason = TextAreaField(
        _l("Why do you want to join this training?"),
        description=_l(
            "A few sentences for your counsellor: your experience and what you want to do after it."
        ),
        validators=[
            DataRequired(message=_l("Tell us why you want to join")),
            Length(max=2000, message=_l("Use 2000 characters or fewer")),
        ],
    )


@jobseeker.route("/trainings/<int:training_id>/request", methods=["GET", "POST"])
def training_join(training_id: int):
    training = catalogue.published_training(training_id)
    if training is None:
        abort(404)
    form = JoinForm()
    refusal = None
    if form.validate_on_submit():
        try:
            requests.ask_to_join(current_user.person_id, training.id, form.reason.data)
        except tuple(REFUSALS) as refused:
            refusal = str(REFUSALS[type(refused)])
        else:
            flash(str(_l("Your request was sent to a counsellor")), SENT)
            return redirect(url_for("jobseeker.training_requests"), code=303)
    status = 409 if refusal else 400 if form.errors else 200
    return render_template(
        "jobseeker/trainings/join.html", training=training, form=form, refusal=refusal
    ), status


@jobseeker.get("/training-requests")
def training_requests():
    profile = current_profile()
    person_id = current_user.person_id
    found, unread = requests.page_of(person_id)
    inbox.keep_unread_count(person_id, unread)  # the navigation's
    rows = [
        {"request": request, "training": request.training, "asked_on": profile.local_date(request.created_at)}
        for request in found
    ]
    return render_template(
        "jobseeker/trainings/requests.html",
        rows=rows,
        form=PortalForm(),
        sent=next(iter(get_flashed_messages(category_filter=[SENT])), None),
    )


@jobseeker.post("/training-requests/<int:request_id>/withdraw")
def training_request_withdraw(request_id: int):
    found = load_owned(TrainingRequest, request_id)  # another person's request: 404 and audited
    if not PortalForm().validate_on_submit():
        abort(400)
    try:
        requests.withdraw(current_user.person_id, found.id)
    except requests.AlreadyDecided:
        flash(str(_l("The request had already been answered; nothing was withdrawn")), SENT)
    else:
        flash(str(_l("Your request was withdrawn")), SENT)
    return redirect(url_for("jobseeker.training_requests"), code=303)
