"""What only the person knows: contact, occupations, where and how they want to work, and (for
employed people) their situation."""

from __future__ import annotations

from flask import redirect, request, url_for

from portal.catalog import gettext
from portal.i18n import LANGUAGES
from portal.labels import CONTRACT_TYPES
from portal.models import RegistrationDraft
from portal.services.jobseeker_profile import Contact, Preferences
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


def notice_language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGES[code].native_name) for code in profile().languages if code in LANGUAGES]


def contact_form(form_class: type[forms.ContactForm], contact: Contact, version: int) -> forms.ContactForm:
    """The contact form with what the person gave before, or their page's language preselected."""
    choices = notice_language_choices()
    chosen = contact.notice_language or (language() if language() in dict(choices) else choices[0][0])
    form = form_class(
        data={"version": version, "phone": contact.phone, "email": contact.email, "notice_language": chosen}
    )
    form.notice_language.choices = choices
    return form


def contact_from(form: forms.ContactForm) -> Contact:
    return Contact(phone=form.phone.data, email=form.email.data, notice_language=form.notice_language.data)


@jobseeker.route(f"{PREFIX}/contact", methods=["GET", "POST"])
def registration_contact():
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
        return draft
    form = contact_form(forms.ContactForm, drafts.contact_of(draft), draft.version)
    if form.validate_on_submit():
        saved = save(form, drafts.set_contact, contact_from(form))
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
    chosen = drafts.occupations_of(draft)
    suggestions = suggested_occupations(draft.snapshot, profile().today())
    suggested = [suggestion.code for suggestion in suggestions]
    form = forms.OccupationsForm(
        data={"version": draft.version, "occupations": chosen if chosen is not None else suggested}
    )
    form.submit_action = request.form.get("action", "continue")
    results: list[str] = []
    status = 200
    if form.validate_on_submit():
        saved = save(form, drafts.set_occupations, list(form.occupations.data))
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


def preferences_form(saved: Preferences | None, home: str | None, version: int) -> forms.PreferencesForm:
    """The preferences form with what the person chose before, or defaults around `home` (the
    municipality of residence) that the typical person only confirms. Shared with "my profile"."""
    all_places = [(m.code, m.name) for m in municipalities(profile().code, language())]
    names = dict(all_places)
    if saved:
        data = {
            "places": list(saved.municipalities[:1]) + (["remote"] if saved.remote else []),
            "also": (saved.municipalities[1:] or ("",))[0],
            "working_time": saved.working_time,
            "languages": list(saved.languages),
            "start": "later" if saved.start_on else "now",
            "start_on": saved.start_on,
            "contracts": list(saved.contracts or CONTRACT_TYPES),
        }
    else:
        data = {
            "places": [home] if home else [],
            "working_time": "any",
            "languages": [language()],
            "start": "now",
            "contracts": list(CONTRACT_TYPES),
        }
    form = forms.PreferencesForm(data={"version": version, **data})
    form.places.choices = ([(home, names.get(home, home))] if home else []) + [
        ("remote", gettext("Remote work"))
    ]
    form.also.choices = [("", gettext("No other municipality")), *all_places]
    form.languages.choices = [(code, lang.native_name) for code, lang in LANGUAGES.items()]
    return form


def preferences_from(form: forms.PreferencesForm) -> Preferences:
    chosen_contracts = tuple(code for code in CONTRACT_TYPES if code in form.contracts.data)
    valid_codes = {code for code, _ in form.also.choices if code}
    chosen = [code for code in form.places.data if code in valid_codes]
    if form.also.data in valid_codes and form.also.data not in chosen:
        chosen.append(form.also.data)
    return Preferences(
        municipalities=tuple(chosen),
        remote="remote" in form.places.data,
        working_time=form.working_time.data,
        languages=tuple(code for code in form.languages.data if code in LANGUAGES),
        start_on=form.start_on.data if form.start.data == "later" and form.start_on.data else None,
        # Every kind chosen is "any kind" (so a kind added later is included too).
        contracts=() if set(CONTRACT_TYPES) <= set(chosen_contracts) else chosen_contracts,
    )


@jobseeker.route(f"{PREFIX}/preferences", methods=["GET", "POST"])
@repeatable("places", "languages", "contracts")
def registration_preferences():
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
        return draft
    population = draft.snapshot.section("population").values
    home = population.municipality_code if population is not None else None
    form = preferences_form(drafts.preferences_of(draft), home, draft.version)
    if form.validate_on_submit():
        saved = save(form, drafts.set_preferences, preferences_from(form))
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
        saved = save(form, drafts.set_situation, "jobseeker")
        if saved is not None:
            return after_save(saved, "situation")
    status = 400 if request.method == "POST" else 200
    found = draft.snapshot.section("employment").values
    employments = [e for e in found.employments if e.active] if found is not None else []
    return page(
        "situation.html", status, form=form, employments=employments, progress=progress(draft, "situation")
    )
