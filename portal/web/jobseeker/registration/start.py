"""The start page (what registration means, which registers are read) and why someone cannot register."""

from __future__ import annotations

from flask import redirect, url_for
from flask_login import current_user

from portal.services.registration import drafts
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration import forms
from portal.web.jobseeker.registration.journey import PREFIX, applicant, page, profile
from portal.web.jobseeker.registration.texts import refusal_text


@jobseeker.route(f"{PREFIX}/", methods=["GET", "POST"])
def registration_start():
    if drafts.active_registration(current_user.person_id) is not None:
        return redirect(url_for("jobseeker.home"), code=303)
    draft = drafts.reassess(applicant(), profile())  # every visit: a register may have been corrected
    form = forms.StartForm()
    if form.validate_on_submit():
        try:
            draft = drafts.start(applicant())
        except drafts.AlreadyRegistered:
            return redirect(url_for("jobseeker.home"), code=303)
        if drafts.assessment(draft, profile()).refusal is not None:
            return redirect(url_for("jobseeker.registration_not_possible"), code=303)
        return redirect(url_for(f"jobseeker.registration_{drafts.next_step(draft, profile())}"), code=303)
    next_step = drafts.next_step(draft, profile()) if draft else None
    return page(
        "start.html",
        form=form,
        draft=draft,
        next_step=next_step,
        profile=profile(),
        back_link=url_for("jobseeker.home"),
    )


@jobseeker.get(f"{PREFIX}/not-possible")
def registration_not_possible():
    draft = drafts.draft_for(current_user.person_id)
    refusal = drafts.assessment(draft, profile()).refusal if draft else None
    if refusal is None:
        return redirect(url_for("jobseeker.registration_start"), code=303)
    return page("not_possible.html", text=refusal_text(refusal, profile()))
