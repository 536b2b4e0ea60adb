"""Check your answers, send, and the confirmation."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user

from portal.models import RegistrationDraft
from portal.services.reference_data import municipality
from portal.services.registration import drafts, submit
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration import forms
from portal.web.jobseeker.registration.details import occupation_choices
from portal.web.jobseeker.registration.journey import (
    CONFLICT_MESSAGE,
    PREFIX,
    applicant,
    language,
    open_draft,
    page,
    profile,
    progress,
    reload_version,
)
from portal.web.register_titles import SECTION_TITLES


@jobseeker.route(f"{PREFIX}/review", methods=["GET", "POST"])
def registration_review():
    submitted = drafts.active_registration(current_user.person_id)
    if request.method == "POST" and submitted is not None:
        # A double click or a second tab: the registration exists, show the same confirmation.
        return redirect(
            url_for("jobseeker.registration_confirmation", reference=submitted.reference), code=303
        )
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
        return draft
    form = forms.ReviewForm(data={"version": draft.version})
    status = 200
    if form.validate_on_submit():
        try:
            submitted = submit.submit(applicant(), form.version.data, profile())
        except drafts.DraftConflict:
            form.form_errors.append(str(CONFLICT_MESSAGE))
            draft = drafts.draft_for(current_user.person_id) or draft
            reload_version(form, draft.version)
        except submit.Incomplete as incomplete:
            return redirect(url_for(f"jobseeker.registration_{incomplete.step}"), code=303)
        except submit.NotEligible:
            return redirect(url_for("jobseeker.registration_not_possible"), code=303)
        else:
            return redirect(
                url_for("jobseeker.registration_confirmation", reference=submitted.registration.reference),
                code=303,
            )
        status = 400
    elif request.method == "POST":
        status = 400
    answers = drafts.answers_of(draft)
    municipalities = answers.preferences.municipalities if answers.preferences else ()
    return page(
        "review.html",
        status,
        form=form,
        draft=draft,
        sections=draft.snapshot.sections(),
        answers=answers,
        titles=SECTION_TITLES,
        kind=drafts.kind_of(draft, profile()),
        occupations=occupation_choices(list(answers.occupations or ())),
        places=[
            found.name
            for code in municipalities
            if (found := municipality(profile().code, code, language())) is not None
        ],
        progress=progress(draft, "review"),
        needs_review=bool(submit.review_reasons(draft, drafts.assessment(draft, profile()).doubts)),
    )


@jobseeker.get(f"{PREFIX}/confirmation/<registration_reference:reference>")
def registration_confirmation(reference: str):
    registration = drafts.active_registration(current_user.person_id)
    if registration is None or registration.reference != reference:
        abort(404)
    return page("confirmation.html", registration=registration)
