"""Check what the registers said; correct it beside the register value; enter it when a register
was down."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for

from portal.catalog import gettext
from portal.models import RegistrationDraft
from portal.services.registration import drafts
from portal.services.registration.drafts import CORRECTABLE, YES_NO_ANSWERS
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.registration import forms
from portal.web.jobseeker.registration.journey import (
    CONFLICT_MESSAGE,
    PREFIX,
    after_save,
    applicant,
    open_draft,
    page,
    progress,
    reload_version,
    save,
)
from portal.web.jobseeker.registration.texts import MANUAL_QUESTIONS
from portal.web.register_titles import ITEM_TITLES, SECTION_TITLES


@jobseeker.route(f"{PREFIX}/check", methods=["GET", "POST"])
def registration_check():
    draft = open_draft()
    if not isinstance(draft, RegistrationDraft):
        return draft
    form = forms.CheckForm(data={"version": draft.version})
    status = 200
    if form.validate_on_submit():
        entered = drafts.answers_of(draft).manual
        missing = [name for name in drafts.to_enter(draft.snapshot) if name not in entered]
        if request.form.get("action") == "retry":
            try:
                draft = drafts.retry_failed_sections(applicant(), form.version.data)
                return redirect(url_for("jobseeker.registration_check"), code=303)
            except drafts.DraftConflict:
                draft = drafts.draft_for(draft.person_id) or draft
                reload_version(form, draft.version)
                form.form_errors.append(str(CONFLICT_MESSAGE))
        elif missing:
            form.form_errors.append(
                _missing_message(missing)  # the person enters what the register could not tell
            )
        else:
            saved = save(form, drafts.mark_checked)
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
        sections=draft.snapshot.sections(),
        answers=drafts.answers_of(draft),
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
    if not isinstance(draft, RegistrationDraft):
        return draft
    if item not in CORRECTABLE.get(section, ()) or not draft.snapshot.section(section).ok:
        abort(404)
    existing = drafts.correction_of(draft, section, item) or ""
    form = forms.CorrectionForm(data={"version": draft.version, "declared": existing})
    if form.validate_on_submit():
        saved = save(form, drafts.correct, section, item, form.declared.data)
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
        item_title=ITEM_TITLES[f"{section}.{item}"],
        values=draft.snapshot.section(section).values,
        back_link=url_for("jobseeker.registration_check"),
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
    if not isinstance(draft, RegistrationDraft):
        return draft
    if section not in drafts.enterable(draft.snapshot):
        return redirect(url_for("jobseeker.registration_check"), code=303)
    entered = drafts.manual_entry(draft, section)
    form = MANUAL_FORMS[section](data={"version": draft.version, **_manual_form_data(section, entered)})
    if section in MANUAL_QUESTIONS:
        form.answer.label.text = MANUAL_QUESTIONS[section]
    if form.validate_on_submit():
        saved = save(form, drafts.enter_manually, section, _manual_value(section, form))
        if saved is not None:
            return redirect(url_for("jobseeker.registration_check"), code=303)
    status = 400 if request.method == "POST" else 200
    return page(
        "manual.html",
        status,
        form=form,
        section=section,
        status_of_section=draft.snapshot.section(section).status.value,
        title=SECTION_TITLES[section],
        back_link=url_for("jobseeker.registration_check"),
    )


def _manual_form_data(section: str, entered: dict[str, Any]) -> dict[str, Any]:
    if section == "population":
        return {"address": entered.get("address", "")}
    if section == "education":
        return {"highest": entered.get("highest", "")}
    return {"answer": {True: "yes", False: "no"}.get(entered.get(YES_NO_ANSWERS[section]))}


def _manual_value(section: str, form: Any) -> dict[str, Any]:
    if section == "population":
        return {"address": form.address.data}
    if section == "education":
        return {"highest": form.highest.data}
    return {YES_NO_ANSWERS[section]: form.answer.data == "yes"}
