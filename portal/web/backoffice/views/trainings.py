"""The trainings catalogue and the measures in the back office: list, create, edit, publish, close."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from flask import abort, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_babel import get_locale
from wtforms.fields.choices import SelectChoice

from portal.catalog import lazy_gettext as _l
from portal.display_names import language_name
from portal.i18n import current_language
from portal.models import StaffMember, TrainingState
from portal.profiles import current_profile
from portal.services import reference_data
from portal.services.paging import Page
from portal.services.trainings import catalogue
from portal.web.backoffice import backoffice
from portal.web.backoffice.training_forms import MeasureForm, TrainingForm
from portal.web.backoffice.views.appeals import current_staff
from portal.web.select_options import cached_choices

CHANGED = "training-changed"  # flash category; the message is what happened
PAGE_SIZE = 25


def _training_form(**kwargs) -> TrainingForm:
    """The form with its place and language lists built and rendered once per process, profile and
    language (`cached_choices`), not on every request."""
    profile = current_profile()
    language = current_language().code
    key = (profile.code, language, str(get_locale()))

    def places():
        yield SelectChoice("", _l("No place: remote only"))
        for found in reference_data.municipalities(profile.code, language):
            yield SelectChoice(found.code, found.name)

    def languages():
        return [SelectChoice(code, language_name(code)) for code in profile.languages]

    return TrainingForm(
        places=cached_choices(("training places", *key), places),
        languages=cached_choices(("training languages", *key, tuple(profile.languages)), languages),
        **kwargs,
    )


def page_links(endpoint: str, page: Page[Any], **args: object) -> SimpleNamespace:
    """What `components/pagination.html` needs, for a page of `page.pages`. An object, not a dict:
    the template's `page.items` would find a dict's `items` method."""
    has_prev, has_next = page.has_previous, page.has_next
    if not (has_prev or has_next):
        # Neither a previous nor a next page: the component shows nothing, so no link is built
        # (each a `url_for`; three on a one-page list).
        return SimpleNamespace(has_prev=False, has_next=False, prev_href="", next_href="", items=[])
    number = page.number
    return SimpleNamespace(
        has_prev=has_prev,
        has_next=has_next,
        prev_href=url_for(endpoint, page=number - 1, **args),
        next_href=url_for(endpoint, page=number + 1, **args),
        items=[
            {"number": n, "href": url_for(endpoint, page=n, **args), "current": n == number}
            for n in range(max(number - 4, 1), min(number + 4, page.pages) + 1)
        ],
    )


def _training_href() -> Callable[[int], str]:
    """A training's edit address: `url_for` once, then each id after the same prefix (the rule is
    `/trainings/<int:training_id>`), not a URL built per row of the list."""
    prefix = url_for("backoffice.training_edit", training_id=0).removesuffix("0")
    return lambda training_id: f"{prefix}{int(training_id)}"


def _state_filter() -> TrainingState | None:
    value = request.args.get("state", "")
    return TrainingState(value) if value in {s.value for s in TrainingState} else None


@backoffice.get("/trainings")
def trainings():
    state = _state_filter()
    page = catalogue.trainings_page(state, request.args.get("page", 1, type=int) or 1, PAGE_SIZE)
    args = {"state": state.value} if state else {}
    return render_template(
        "backoffice/trainings/page.html",
        page=page,
        state=state,
        pagination=page_links("backoffice.trainings", page, **args),
        training_href=_training_href(),
        changed=next(iter(get_flashed_messages(category_filter=[CHANGED])), None),
    )


@backoffice.route("/trainings/new", methods=["GET", "POST"])
def training_new():
    form = _training_form()
    if form.validate_on_submit():
        staff: StaffMember = current_staff()
        training = catalogue.create_training(form.to_input(), staff.id)
        flash(str(_l("Draft saved")), CHANGED)
        return redirect(url_for("backoffice.training_edit", training_id=training.id), code=303)
    status = 400 if form.errors else 200
    return render_template("backoffice/trainings/edit.html", form=form, training=None), status


@backoffice.route("/trainings/<int:training_id>", methods=["GET", "POST"])
def training_edit(training_id: int):
    # A GET only shows the training: its columns, not an entity (a POST changes it: the entity).
    training = (
        catalogue.shown_training(training_id)
        if request.method == "GET"
        else catalogue.get_training(training_id)
    )
    if training is None:
        abort(404)
    if request.method == "GET":
        stored = {name: getattr(training, name) for name in catalogue.TrainingInput.__dataclass_fields__}
        stored |= {
            "remote": "yes" if training.remote else "no",
            "municipality_code": training.municipality_code or "",
            "isco_code": training.isco_code or "",
        }
        form = _training_form(formdata=None, data=stored)
    else:
        form = _training_form()
    error = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            catalogue.update_training(training.id, form.to_input())
        except catalogue.WrongState:
            error = "closed"
        except catalogue.SeatsBelowTaken:
            form.seats_total.errors = [
                str(_l("%(taken)d seats are taken: enter at least %(taken)d", taken=training.seats_taken))
            ]
        else:
            flash(str(_l("Changes saved")), CHANGED)
            return redirect(url_for("backoffice.training_edit", training_id=training.id), code=303)
    status = 400 if (form.errors or error) else 200
    occupation = (
        reference_data.occupation(training.isco_code, current_language().code) if training.isco_code else None
    )
    return render_template(
        "backoffice/trainings/edit.html",
        form=form,
        training=training,
        occupation=occupation,
        error=error,
        changed=next(iter(get_flashed_messages(category_filter=[CHANGED])), None),
    ), status


@backoffice.post("/trainings/<int:training_id>/publish")
def training_publish(training_id: int):
    return _move(training_id, catalogue.publish, _l("Training published"))


@backoffice.post("/trainings/<int:training_id>/close")
def training_close(training_id: int):
    return _move(training_id, catalogue.close, _l("Training closed: no new requests"))


def _move(training_id: int, move, message):
    # A bare POST with no fields: CSRFProtect checks its token like every other POST.
    try:
        move(training_id)
    except catalogue.NotFound:
        abort(404)
    except catalogue.WrongState:
        flash(str(_l("The training had already changed; nothing was done")), CHANGED)
    else:
        flash(str(message), CHANGED)
    return redirect(url_for("backoffice.training_edit", training_id=training_id), code=303)


# --- measures -----------------------------------------------------------------------------------


def _measure_form(**kwargs) -> MeasureForm:
    return MeasureForm(rule_keys=sorted(current_profile().trainings.eligibility), **kwargs)


@backoffice.get("/measures")
def measures():
    profile = current_profile()
    return render_template(
        "backoffice/measures/page.html",
        measures=catalogue.measures(),
        rules=profile.trainings.eligibility,
        changed=next(iter(get_flashed_messages(category_filter=[CHANGED])), None),
    )


@backoffice.route("/measures/new", methods=["GET", "POST"])
def measure_new():
    form = _measure_form()
    if form.validate_on_submit():
        catalogue.create_measure(form.to_input())
        flash(str(_l("Measure saved")), CHANGED)
        return redirect(url_for("backoffice.measures"), code=303)
    return render_template(
        "backoffice/measures/edit.html", form=form, measure=None
    ), 400 if form.errors else 200


@backoffice.route("/measures/<int:measure_id>", methods=["GET", "POST"])
def measure_edit(measure_id: int):
    measure = catalogue.get_measure(measure_id)
    if measure is None:
        abort(404)
    if request.method == "GET":
        stored = {
            "kind": measure.kind.value,
            "title": measure.title,
            "description": measure.description,
            "eligibility_key": measure.eligibility_key,
            "active": "yes" if measure.active else "no",
        }
        form = _measure_form(formdata=None, data=stored)
    else:
        form = _measure_form()
        if form.validate_on_submit():
            catalogue.update_measure(measure.id, form.to_input())
            flash(str(_l("Measure saved")), CHANGED)
            return redirect(url_for("backoffice.measures"), code=303)
    return render_template(
        "backoffice/measures/edit.html", form=form, measure=measure
    ), 400 if form.errors else 200
