"""The registration journey's pages: start, check register data, four short steps, review, done."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, redirect, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user

from portal.i18n import LANGUAGES
from portal.services.registration import drafts, submit
from portal.services.registration.drafts import CORRECTABLE
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration import forms
from portal.web.jobseeker.registration.journey import (
    CONFLICT_MESSAGE,
    after_save,
    applicant,
    open_draft,
    page,
    profile,
    progress,
    save,
)
from portal.web.jobseeker.registration.texts import MANUAL_QUESTIONS, refusal_text
from portal.web.register_titles import SECTION_TITLES

PREFIX = "/registration"


def _language() -> str:
    return str(get_locale() or "en")


@jobseeker.route(f"{PREFIX}/", methods=["GET", "POST"])
def registration_start():
    if drafts.active_registration(current_user.person_id) is not None:
        return redirect(url_for("jobseeker.home"), code=303)
    draft = drafts.draft_for(current_user.person_id)
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
    return page("start.html", form=form, draft=draft, next_step=next_step, profile=profile())


@jobseeker.get(f"{PREFIX}/not-possible")
def registration_not_possible():
    draft = drafts.draft_for(current_user.person_id)
    refusal = drafts.assessment(draft, profile()).refusal if draft else None
    if refusal is None:
        return redirect(url_for("jobseeker.registration_start"), code=303)
    return page("not_possible.html", text=refusal_text(refusal, profile()))


@jobseeker.route(f"{PREFIX}/check", methods=["GET", "POST"])
def registration_check():
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    form = forms.CheckForm(data={"version": draft.version})
    status = 200
    if form.validate_on_submit():
        missing = [
            name for name in drafts.failed_sections(draft) if name not in draft.answers.get("manual", {})
        ]
        if request.form.get("action") == "retry":
            try:
                draft = drafts.retry_failed_sections(applicant(), form.version.data)
                return redirect(url_for("jobseeker.registration_check"), code=303)
            except drafts.DraftConflict:
                form.form_errors.append(str(CONFLICT_MESSAGE))
        elif missing:
            form.form_errors.append(
                _missing_message(missing)  # the person enters what the register could not tell
            )
        else:
            saved = save(form, lambda answers, _prefill: answers.__setitem__("checked", True))
            if saved is not None:
                return after_save(saved, "check")
        status = 400
    elif request.method == "POST":
        status = 400
    return page(
        "check.html",
        status,
        form=form,
        draft=draft,
        sections=draft.prefill["sections"],
        answers=draft.answers,
        correctable=CORRECTABLE,
        titles=SECTION_TITLES,
        progress=progress(draft, "check"),
    )


def _missing_message(missing: list[str]) -> str:
    names = ", ".join(str(SECTION_TITLES[name]) for name in missing)
    return gettext("Tell us yourself what these registers could not: %(names)s", names=names)


@jobseeker.route(f"{PREFIX}/correct/<section_name:section>/<item_name:item>", methods=["GET", "POST"])
def registration_correct(section: str, item: str):
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    if item not in CORRECTABLE.get(section, ()) or draft.prefill["sections"][section]["status"] != "ok":
        abort(404)
    key = f"{section}.{item}"
    existing = draft.answers.get("corrections", {}).get(key, {})
    form = forms.CorrectionForm(data={"version": draft.version, "declared": existing.get("declared", "")})
    if form.validate_on_submit():

        def correct(answers: dict[str, Any], _prefill: dict[str, Any]) -> None:
            corrections = dict(answers.get("corrections", {}))
            corrections[key] = {"declared": form.declared.data, "at": dt.datetime.now(dt.UTC).isoformat()}
            answers["corrections"] = corrections

        saved = save(form, correct)
        if saved is not None:
            return redirect(url_for("jobseeker.registration_check"), code=303)
    status = 400 if request.method == "POST" else 200
    return page(
        "correct.html",
        status,
        form=form,
        section=section,
        item=item,
        title=SECTION_TITLES[section],
        values=draft.prefill["sections"][section]["values"],
    )


MANUAL_FORMS = {
    "population": forms.ManualPopulationForm,
    "education": forms.ManualEducationForm,
    "employment": forms.ManualYesNoForm,
    "social_assistance": forms.ManualYesNoForm,
    "health_insurance": forms.ManualYesNoForm,
}


@jobseeker.route(f"{PREFIX}/enter/<section_name:section>", methods=["GET", "POST"])
def registration_manual(section: str):
    """A register did not answer: the person tells us, and the answer is marked to be verified."""
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    if draft.prefill["sections"][section]["status"] != "failed":
        return redirect(url_for("jobseeker.registration_check"), code=303)
    entered = draft.answers.get("manual", {}).get(section, {})
    form = MANUAL_FORMS[section](data={"version": draft.version, **_manual_form_data(section, entered)})
    if section in MANUAL_QUESTIONS:
        form.answer.label.text = MANUAL_QUESTIONS[section]
    if form.validate_on_submit():
        value = _manual_value(section, form)

        def enter(answers: dict[str, Any], _prefill: dict[str, Any]) -> None:
            manual = dict(answers.get("manual", {}))
            manual[section] = value
            answers["manual"] = manual

        saved = save(form, enter)
        if saved is not None:
            return redirect(url_for("jobseeker.registration_check"), code=303)
    status = 400 if request.method == "POST" else 200
    return page("manual.html", status, form=form, section=section, title=SECTION_TITLES[section])


def _manual_form_data(section: str, entered: dict[str, Any]) -> dict[str, Any]:
    if section == "population":
        return {"address": entered.get("address", "")}
    if section == "education":
        return {"highest": entered.get("highest", "")}
    key = {"employment": "employed", "social_assistance": "receives", "health_insurance": "insured"}[section]
    return {"answer": {True: "yes", False: "no"}.get(entered.get(key))}


def _manual_value(section: str, form: Any) -> dict[str, Any]:
    if section == "population":
        return {"address": form.address.data}
    if section == "education":
        return {"highest": form.highest.data}
    key = {"employment": "employed", "social_assistance": "receives", "health_insurance": "insured"}[section]
    return {key: form.answer.data == "yes"}


@jobseeker.route(f"{PREFIX}/contact", methods=["GET", "POST"])
def registration_contact():
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    form = forms.ContactForm(data={"version": draft.version, **draft.answers.get("contact", {})})
    if form.validate_on_submit():
        contact = {"phone": form.phone.data, "email": form.email.data}
        saved = save(form, lambda answers, _prefill: answers.__setitem__("contact", contact))
        if saved is not None:
            return after_save(saved, "contact")
    status = 400 if request.method == "POST" else 200
    return page("contact.html", status, form=form, progress=progress(draft, "contact"))


def _occupation_choices(codes: list[str]) -> list[tuple[str, str]]:
    from portal.services.reference_data import occupation

    choices = []
    for code in dict.fromkeys(codes):
        found = occupation(code, _language())
        if found is not None:
            choices.append((found.code, f"{found.title} ({found.code})"))
    return choices


def _suggested_occupations(draft: Any) -> list[str]:
    """The occupations the registers know of: recent jobs first, then professional certificates."""
    sections = draft.prefill["sections"]
    codes = []
    if sections["employment"]["status"] == "ok":
        codes += [item["isco_code"] for item in sections["employment"]["values"]["employments"]]
    if sections["education"]["status"] == "ok":
        codes += [item["isco_code"] for item in sections["education"]["values"]["certificates"]]
    return list(dict.fromkeys(codes))[:5]


@jobseeker.route(f"{PREFIX}/occupations", methods=["GET", "POST"])
def registration_occupations():
    from portal.services.reference_data import search_occupations

    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    chosen = draft.answers.get("occupations")
    suggested = _suggested_occupations(draft)
    form = forms.OccupationsForm(
        data={"version": draft.version, "occupations": chosen if chosen is not None else suggested}
    )
    form.submit_action = request.form.get("action", "continue")
    results: list[str] = []
    status = 200
    if form.validate_on_submit():
        selected = list(dict.fromkeys(form.occupations.data))
        saved = save(form, lambda answers, _prefill: answers.__setitem__("occupations", selected))
        if saved is not None and form.submit_action == "continue":
            return after_save(saved, "occupations")
        if saved is not None:
            form.version.data = saved.version
        results = [found.code for found in search_occupations(form.q.data or "", _language())]
    elif request.method == "POST":
        status = 400
    form.occupations.choices = _occupation_choices(suggested + list(form.occupations.data or []) + results)
    return page(
        "occupations.html",
        status,
        form=form,
        searched=form.submit_action == "search",
        results=results,
        progress=progress(draft, "occupations"),
    )


@jobseeker.get(f"{PREFIX}/occupations/search")
def registration_occupation_search():
    """htmx: suggestions as the person types; the same form works without it (the Search button)."""
    from portal.services.reference_data import search_occupations

    query = request.args.get("q", "")[:100]
    found = search_occupations(query, _language())
    return page("_occupation_results.html", results=found, query=query)


def _municipality_choices(draft: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str | None]:
    from portal.services.reference_data import municipalities

    population = draft.prefill["sections"]["population"]
    home = population["values"].get("municipality_code") if population["status"] == "ok" else None
    all_places = [(m.code, m.name) for m in municipalities(profile().code, _language())]
    names = dict(all_places)
    places = ([(home, names.get(home, home))] if home else []) + [("remote", gettext("Remote work"))]
    return places, [("", gettext("No other municipality")), *all_places], home


@jobseeker.route(f"{PREFIX}/preferences", methods=["GET", "POST"])
def registration_preferences():
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    places, others, home = _municipality_choices(draft)
    saved_prefs = draft.answers.get("preferences")
    if saved_prefs:
        data = {
            "places": saved_prefs["municipalities"][:1] + (["remote"] if saved_prefs["remote"] else []),
            "also": (saved_prefs["municipalities"][1:] or [""])[0],
            "working_time": saved_prefs["working_time"],
            "languages": saved_prefs["languages"],
            "start": "later" if saved_prefs["start_on"] else "now",
            "start_on": dt.date.fromisoformat(saved_prefs["start_on"]) if saved_prefs["start_on"] else None,
        }
    else:  # sensible defaults: the typical person only confirms them
        data = {
            "places": [home] if home else [],
            "working_time": "any",
            "languages": [_language()],
            "start": "now",
        }
    form = forms.PreferencesForm(data={"version": draft.version, **data})
    form.places.choices = places
    form.also.choices = others
    form.languages.choices = [(code, lang.native_name) for code, lang in LANGUAGES.items()]
    if form.validate_on_submit():
        valid_codes = {code for code, _ in others if code}
        chosen = [code for code in form.places.data if code in valid_codes]
        if form.also.data in valid_codes and form.also.data not in chosen:
            chosen.append(form.also.data)
        preferences = {
            "municipalities": chosen,
            "remote": "remote" in form.places.data,
            "working_time": form.working_time.data,
            "languages": [code for code in form.languages.data if code in LANGUAGES],
            "start_on": form.start_on.data.isoformat()
            if form.start.data == "later" and form.start_on.data
            else None,
        }
        saved = save(form, lambda answers, _prefill: answers.__setitem__("preferences", preferences))
        if saved is not None:
            return after_save(saved, "preferences")
    status = 400 if request.method == "POST" else 200
    return page("preferences.html", status, form=form, progress=progress(draft, "preferences"))


@jobseeker.route(f"{PREFIX}/situation", methods=["GET", "POST"])
def registration_situation():
    """Asked only of people the tax register shows as employed: they may register as jobseekers."""
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    if drafts.assessment(draft, profile()).may_be_unemployed:
        return redirect(url_for("jobseeker.registration_review"), code=303)
    form = forms.SituationForm(data={"version": draft.version})
    if form.validate_on_submit():
        saved = save(form, lambda answers, _prefill: answers.__setitem__("kind", "jobseeker"))
        if saved is not None:
            return after_save(saved, "situation")
    status = 400 if request.method == "POST" else 200
    employments = [e for e in draft.prefill["sections"]["employment"]["values"]["employments"] if e["active"]]
    return page(
        "situation.html", status, form=form, employments=employments, progress=progress(draft, "situation")
    )


@jobseeker.route(f"{PREFIX}/review", methods=["GET", "POST"])
def registration_review():
    submitted = drafts.active_registration(current_user.person_id)
    if request.method == "POST" and submitted is not None:
        # A double click or a second tab: the registration exists, show the same confirmation.
        return redirect(
            url_for("jobseeker.registration_confirmation", reference=submitted.reference), code=303
        )
    draft = open_draft()
    if not hasattr(draft, "answers"):
        return draft
    form = forms.ReviewForm(data={"version": draft.version})
    status = 200
    if form.validate_on_submit():
        try:
            submitted = submit.submit(applicant(), form.version.data, profile())
        except drafts.DraftConflict:
            form.form_errors.append(str(CONFLICT_MESSAGE))
            draft = drafts.draft_for(current_user.person_id) or draft
            form.version.data = draft.version
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
    from portal.services.reference_data import municipality

    prefs = draft.answers.get("preferences", {})
    return page(
        "review.html",
        status,
        form=form,
        draft=draft,
        sections=draft.prefill["sections"],
        answers=draft.answers,
        titles=SECTION_TITLES,
        kind=drafts.kind_of(draft, profile()),
        occupations=_occupation_choices(draft.answers.get("occupations", [])),
        places=[
            found.name
            for code in prefs.get("municipalities", [])
            if (found := municipality(profile().code, code, _language())) is not None
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
