"""What every step of the registration journey shares: who is registering, their draft, saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.catalog import lazy_gettext as _l
from portal.i18n import current_language
from portal.models import RegistrationDraft
from portal.profiles import CountryProfile, current_profile
from portal.services.registration import drafts
from portal.web.jobseeker.registration.forms import DraftForm

PREFIX = "/registration"

CONFLICT_MESSAGE = _l(
    "Your application was changed in another window or on another device. "
    "We have loaded the latest version: check this page and save it again."
)


def language() -> str:
    return current_language().code


def profile() -> CountryProfile:
    return current_profile()


def applicant() -> drafts.Applicant:
    return drafts.Applicant(current_user.person_id, current_user.national_code, current_user.subject)


def open_draft() -> RegistrationDraft | Response:
    """The person's draft, or where they should be instead (start page, or their registration)."""
    if drafts.active_registration(current_user.person_id) is not None:
        return redirect(url_for("jobseeker.home"), code=303)
    draft = drafts.draft_for(current_user.person_id)
    if draft is None:
        return redirect(url_for("jobseeker.registration_start"), code=303)
    if drafts.assessment(draft, profile()).refusal is not None:
        return redirect(url_for("jobseeker.registration_not_possible"), code=303)
    return draft


def step_url(step: str) -> str:
    return url_for(f"jobseeker.registration_{step}")


def after_save(draft: RegistrationDraft, step: str) -> Response:
    """Continue to the next step; a change made from the review page returns to the review page."""
    steps = drafts.steps(draft, profile())
    if drafts.is_complete(draft, "check") and all(
        drafts.is_complete(draft, s) for s in steps if s != "review"
    ):
        return redirect(step_url("review"), code=303)
    return redirect(step_url(drafts.next_step(draft, profile())), code=303)


def reload_version(form: DraftForm, version: int) -> None:
    """Render the form with `version`: a field renders what was posted (`raw_data`) over `data`, so
    setting `data` alone would send the old version back and every later save would conflict."""
    form.version.data = version
    form.version.raw_data = [str(version)]


def save(
    form: DraftForm, operation: Callable[..., RegistrationDraft], *args: Any, **kwargs: Any
) -> RegistrationDraft | None:
    """Save a step with one of the draft's named operations (`drafts.set_contact`, ...); on a
    conflict put the message on the form and return None (nothing typed is lost: the page is shown
    again with what the person sent)."""
    try:
        return operation(current_user.person_id, form.version.data, *args, **kwargs)
    except drafts.DraftConflict:
        fresh = drafts.draft_for(current_user.person_id)
        if fresh is not None:
            reload_version(form, fresh.version)
        form.form_errors.append(CONFLICT_MESSAGE)
        return None


def page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    """Render a journey page; a step page (with `progress`) links back to the step before it."""
    if "progress" in context:
        context.setdefault("back_link", context["progress"]["back"])
    return render_template(f"jobseeker/registration/{template}", **context), status


def progress(draft: RegistrationDraft, step: str) -> dict[str, Any]:
    """Where the step is ("step 2 of 6") and the step before it, the start page for the first."""
    steps = drafts.steps(draft, profile())
    index = steps.index(step)
    back = step_url(steps[index - 1]) if index else url_for("jobseeker.registration_start")
    return {"number": index + 1, "total": len(steps), "back": back}
