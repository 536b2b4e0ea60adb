"""What only the person knows: contact, occupations, where and how they want to work, and (for
employed people) their situation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import redirect, request, url_for
from flask_babel import gettext

from portal.i18n import LANGUAGES
from portal.models import RegistrationDraft
from portal.services.reference_data import municipalities, occupation, search_occupations
from portal.services.registration import drafts
from portal.services.registration.suggestions import Suggestion, suggested_occupations
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration import forms
from portal.web.jobseeker.registration.journey import (
    PREFIX,
    after_save,
    language,
    open_draft,
    page,
    profile,
    progress,
    reload_version,
    save,
)
from portal.web.parameters import repeatable


@jobseeker.route(f"{PREFIX}/contact", methods=["GET", "POST"])
def registration_contact():
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
        return draft
    form = forms.ContactForm(data={"version": draft.version, **draft.answers.get("contact", {})})
    if form.validate_on_submit():
        contact = {"phone": form.phone.data, "email": form.email.data}
        saved = save(form, lambda answers, _prefill: answers.__setitem__("contact", contact))
        if saved is not None:
            return after_save(saved, "contact")
    status = 400 if request.method == "POST" else 200
    return page("contact.html", status, form=form, progress=progress(draft, "contact"))


def occupation_choices(codes: list[str]) -> list[tuple[str, str]]:
    choices = []
    for code in dict.fromkeys(codes):
        found = occupation(code, language())
        if found is not None:
            choices.append((found.code, f"{found.title} ({found.code})"))
    return choices


def _suggestion_hint(suggestion: Suggestion) -> str:
    """Where a suggestion came from, so the person can tell why it is there."""
    start = suggestion.start_date.year if suggestion.start_date else "…"
    if suggestion.end_date is None:
        return gettext(
            "Your job at %(employer)s since %(start)s, in the tax register",
            employer=suggestion.employer_name,
            start=start,
        )
    return gettext(
        "Your job at %(employer)s, %(start)s–%(end)s, in the tax register",  # noqa: RUF001 (a range)
        employer=suggestion.employer_name,
        start=start,
        end=suggestion.end_date.year,
    )


@jobseeker.route(f"{PREFIX}/occupations", methods=["GET", "POST"])
@repeatable("occupations")
def registration_occupations():
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
        return draft
    chosen = draft.answers.get("occupations")
    suggestions = suggested_occupations(draft.prefill["sections"], profile().today())
    suggested = [suggestion.code for suggestion in suggestions]
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
            reload_version(form, saved.version)
        results = [found.code for found in search_occupations(form.q.data or "", language())]
    elif request.method == "POST":
        status = 400
    form.occupations.choices = occupation_choices(suggested + list(form.occupations.data or []) + results)
    return page(
        "occupations.html",
        status,
        form=form,
        searched=form.submit_action == "search",
        sources={suggestion.code: _suggestion_hint(suggestion) for suggestion in suggestions},
        results=results,
        progress=progress(draft, "occupations"),
    )


@jobseeker.get(f"{PREFIX}/occupations/search")
def registration_occupation_search():
    """htmx: suggestions as the person types; the same form works without it (the Search button)."""
    query = request.args.get("q", "")[:100]
    found = search_occupations(query, language())
    return page("_occupation_results.html", results=found, query=query)


def _municipality_choices(draft: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str | None]:
    population = draft.prefill["sections"]["population"]
    home = population["values"].get("municipality_code") if population["status"] == "ok" else None
    all_places = [(m.code, m.name) for m in municipalities(profile().code, language())]
    names = dict(all_places)
    places = ([(home, names.get(home, home))] if home else []) + [("remote", gettext("Remote work"))]
    return places, [("", gettext("No other municipality")), *all_places], home


@jobseeker.route(f"{PREFIX}/preferences", methods=["GET", "POST"])
@repeatable("places", "languages")
def registration_preferences():
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
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
            "languages": [language()],
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
    if not isinstance(draft, RegistrationDraft):
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
