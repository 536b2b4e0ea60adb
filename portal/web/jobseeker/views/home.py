from flask import render_template
from flask.globals import _cv_request
from flask_babel import get_timezone
from flask_login import current_user
from markupsafe import Markup

from portal import meeting_texts
from portal.i18n import current_language
from portal.models import DecisionKind, RegistrationState
from portal.profiles import current_profile
from portal.services import matching, meetings, reference_data
from portal.services.matching import cards
from portal.services.matching.reasons import explain
from portal.services.registration.overview import OVERVIEW_PART, overview
from portal.web import stand_ins
from portal.web.jobseeker import jobseeker
from portal.web.jobseeker.views.decisions import KIND_LABELS
from portal.web.jobseeker.views.recommended_html import recommended_items

# The cards of `_recommended.html` (the home's and "my offers"'), written by a function.
jobseeker.add_app_template_global(recommended_items)

REGISTRATION_KINDS = (DecisionKind.REGISTRATION, DecisionKind.REGISTRATION_REJECTED)
RECOMMENDED_ON_HOME = 5


def recommended(person_id: int, limit: int = RECOMMENDED_ON_HOME) -> list[dict]:
    """The best vacancies for the person, each with its place names and the reasons in words."""
    profile = current_profile()
    language = current_language().code
    return [
        {
            "vacancy": found.vacancy,
            "places": [
                name
                for code in found.vacancy.municipality_codes
                if (name := _place_name(profile.code, code, language)) is not None
            ],
            "why": explain(found.assessment, profile_code=profile.code, language=language),
        }
        for found in matching.recommended_cards(person_id, limit)
    ]


# Municipalities' names by profile, code and language: reference data, the same for everyone (a
# `reference_data.municipality` look-up normalised the codes and made an object for each place of
# each card on every view). Full, it starts again: codes come from the vacancies' rows.
_PLACE_NAMES: dict[tuple[str, str, str], str | None] = {}
_PLACE_NAMES_KEPT = 4_096


def _place_name(profile_code: str, code: str, language: str) -> str | None:
    key = (profile_code, code, language)
    try:
        return _PLACE_NAMES[key]
    except KeyError:
        place = reference_data.municipality(profile_code, code, language)
        if len(_PLACE_NAMES) >= _PLACE_NAMES_KEPT:
            _PLACE_NAMES.clear()
        name = _PLACE_NAMES[key] = place.name if place is not None else None
        return name


def _links(registered: bool) -> tuple[Markup, Markup]:
    """The home's links ("Next steps" and the lists below them, `home/_links.html`), the same for
    every jobseeker in a language: rendered once per language, application root and whether the
    registration is "registered", and kept (about twenty links and texts the page wrote anew on
    every view). Each without its last newline: the page's line that writes it ends with one."""
    context = _cv_request.get()  # the request and app themselves: a proxy's read costs more
    key = (current_language().code, context.request.script_root, registered)
    kept = context.app.extensions.setdefault("jobseeker_home_links", {})
    found = kept.get(key)
    if found is None:
        if len(kept) >= stand_ins.KEPT:  # application roots come from requests: never unbounded
            kept.clear()
        macros = context.app.jinja_env.get_template("jobseeker/home/_links.html").module
        found = kept[key] = (
            Markup(str(macros.next_steps(registered)).removesuffix("\n")),  # noqa: S704 - the macros' markup
            Markup(str(macros.more_links()).removesuffix("\n")),  # noqa: S704 - the macros' markup
        )
    return found


@jobseeker.get("/")
def home():
    person_id = current_user.person_id
    # On PostgreSQL the overview is read with the facts and the cards shown last: one statement.
    rows = cards.read_with_shown_cards(person_id, RECOMMENDED_ON_HOME, OVERVIEW_PART, {})
    found = overview(person_id, rows)
    decision = found.decision
    active = found.registration is not None and found.registration.is_active
    if rows is not None and not active:  # read for nothing this once; not again on the next views
        cards.forget_shown(person_id, RECOMMENDED_ON_HOME)
    # The request's time zone chosen before the template formats the decision's moment (a
    # datetime, the page's first): `dateformat` then keeps its text instead of asking Babel anew.
    get_timezone()
    return render_template(
        "jobseeker/home/page.html",
        overview=found,
        # A registration decision keeps its long-standing title; an answer says what it answered.
        decision_label=str(KIND_LABELS.get(decision.kind, ""))
        if decision is not None and decision.kind not in REGISTRATION_KINDS
        else None,
        profile=current_profile(),
        recommended=recommended(current_user.person_id) if active else [],
        # Shown with an active registration only; read only when one of the person's meetings is open.
        upcoming_meetings=meetings.split(meetings.open_meetings_of(current_user.person_id))[0][:3]
        if active and found.open_meetings
        else [],
        texts=meeting_texts,
        links=_links(active and found.registration.state is RegistrationState.REGISTERED),
    )
