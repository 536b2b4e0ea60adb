"""My profile: the person keeps their record up to date with the registration journey's own forms."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.catalog import lazy_gettext as _l
from portal.i18n import LANGUAGES
from portal.models import JobseekerProfile
from portal.services import jobseeker_profile
from portal.services.profile_page import profile_summary
from portal.services.reference_data import municipality, search_occupations
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration import forms
from portal.web.jobseeker.registration.details import (
    contact_form,
    contact_from,
    occupation_choices,
    preferences_form,
    preferences_from,
)
from portal.web.jobseeker.registration.journey import language, profile, reload_version
from portal.web.parameters import repeatable

CONFLICT_MESSAGE = _l(
    "Your profile was changed in another window or on another device. "
    "We have loaded the latest version: check this page and save it again."
)


def _record() -> JobseekerProfile:
    """The person's record; there is none before their first registration."""
    record = jobseeker_profile.profile_of(current_user.person_id)
    if record is None:
        abort(404)
    return record


def _save(form: forms.DraftForm, update: Any, *args: Any, **kwargs: Any) -> Response | None:
    try:
        update(current_user.person_id, form.version.data, *args, **kwargs)
    except jobseeker_profile.ProfileConflict:
        fresh = jobseeker_profile.profile_of(current_user.person_id)
        if fresh is not None:
            reload_version(form, fresh.version)
        form.form_errors.append(str(CONFLICT_MESSAGE))
        return None
    return redirect(url_for("jobseeker.my_profile", saved=1), code=303)


def _page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(
        f"jobseeker/registration/{template}", progress=None, submit_label=_l("Save changes"), **context
    ), status


@jobseeker.get("/profile")
def my_profile():
    record = profile_summary(current_user.person_id)  # the shown columns, not the object
    if record is None:
        abort(404)
    places = [
        found.name
        for code in record.municipality_codes
        if (found := municipality(profile().code, code, language())) is not None
    ]
    return render_template(
        "jobseeker/profile/page.html",
        record=record,
        occupations=occupation_choices(record.occupation_codes),
        places=places,
        notice_language=LANGUAGES[code].native_name
        if (code := record.notice_language) in LANGUAGES
        else None,
        saved=request.args.get("saved") == "1",
    )


@jobseeker.route("/profile/contact", methods=["GET", "POST"])
def profile_contact():
    record = _record()
    form = contact_form(
        forms.ContactForm,
        jobseeker_profile.Contact(record.phone, record.email, record.notice_language),
        record.version,
    )
    if form.validate_on_submit():
        done = _save(form, jobseeker_profile.update_contact, contact_from(form))
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return _page("contact.html", status, form=form, action=url_for("jobseeker.profile_contact"))


@jobseeker.route("/profile/occupations", methods=["GET", "POST"])
@repeatable("occupations")
def profile_occupations():
    record = _record()
    form = forms.OccupationsForm(data={"version": record.version, "occupations": record.occupation_codes})
    form.submit_action = request.form.get("action", "continue")
    results: list[str] = []
    status = 200
    if form.validate_on_submit():
        if form.submit_action == "continue":
            done = _save(form, jobseeker_profile.update_occupations, list(form.occupations.data))
            if done is not None:
                return done
        results = [found.code for found in search_occupations(form.q.data or "", language())]
    elif request.method == "POST":
        status = 400
    form.occupations.choices = occupation_choices(list(form.occupations.data or []) + results)
    return _page(
        "occupations.html",
        status,
        form=form,
        searched=form.submit_action == "search",
        results=results,
        sources={},
        action=url_for("jobseeker.profile_occupations"),
    )


@jobseeker.route("/profile/preferences", methods=["GET", "POST"])
@repeatable("places", "languages", "contracts")
def profile_preferences():
    record = _record()
    saved = jobseeker_profile.preferences_of(record)
    home = saved.municipalities[0] if saved.municipalities else None
    form = preferences_form(saved, home, record.version)
    if form.validate_on_submit():
        done = _save(form, jobseeker_profile.update_preferences, preferences_from(form))
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return _page("preferences.html", status, form=form, action=url_for("jobseeker.profile_preferences"))


@jobseeker.route("/profile/other-details", methods=["GET", "POST"])
@repeatable("driving_licence")
def profile_other_details():
    record = _record()
    form = forms.OtherDetailsForm(
        data={
            "version": record.version,
            "driving_licence": (record.driving_licence or "").split(",") if record.driving_licence else [],
            "wage_expectation": str(record.wage_expectation) if record.wage_expectation is not None else "",
        }
    )
    if form.validate_on_submit():
        wage = form.wage_expectation.data
        done = _save(
            form,
            jobseeker_profile.update_other_details,
            driving_licence=[
                code for code in form.driving_licence.data if code in forms.DRIVING_LICENCE_CATEGORIES
            ],
            wage_expectation=int(wage) if wage else None,
        )
        if done is not None:
            return done
    status = 400 if request.method == "POST" else 200
    return render_template("jobseeker/profile/other.html", form=form), status
