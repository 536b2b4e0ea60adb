"""My profile: whether counsellors may propose me to employers (matching's opt-out)."""

from __future__ import annotations

from flask import render_template, request
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from portal.catalog import lazy_gettext as _l
from portal.services import jobseeker_profile
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration.forms import DraftForm
from portal.web.jobseeker.views.profile import _record, _save


class ProposalsForm(DraftForm):
    proposals = RadioField(
        _l("May counsellors propose you to employers for suitable vacancies?"),
        choices=[
            SelectChoice("yes", _l("Yes, propose me")),
            SelectChoice("no", _l("No, I will look for vacancies myself")),
        ],
        validators=[InputRequired(message=_l("Select whether counsellors may propose you to employers"))],
    )


@jobseeker.route("/profile/proposals", methods=["GET", "POST"])
def profile_proposals():
    record = _record()
    form = ProposalsForm(
        data={"version": record.version, "proposals": "no" if record.proposals_opt_out else "yes"}
    )
    if form.validate_on_submit():
        done = _save(form, jobseeker_profile.update_proposals, opt_out=form.proposals.data == "no")
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return render_template("jobseeker/profile/proposals.html", form=form), status
