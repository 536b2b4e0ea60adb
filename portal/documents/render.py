"""A decision or a certificate as self-contained HTML in one language, ready for WeasyPrint.

Rendered with the app's Jinja environment but not through `render_template`: a document must not
depend on who asked for it (request, signed-in user, context processors), only on the record and
the language, because it is rendered once and kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date
from flask import current_app
from markupsafe import Markup

from portal.catalog import gettext
from portal.decision_texts import decided_by, reasoning_paragraphs
from portal.documents.qr import qr_svg
from portal.extensions import db
from portal.i18n import LANGUAGES, babel_locale, in_language
from portal.models import Certificate, Decision, DecisionKind, RegistrationKind
from portal.profiles import current_profile
from portal.settings import settings

REGISTRATION_KINDS = (DecisionKind.REGISTRATION, DecisionKind.REGISTRATION_REJECTED)


@dataclass(frozen=True)
class Original:
    """The canonical document that a document in another language renders."""

    language: str
    sha256: str


def _language(language: str):
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    return LANGUAGES[language]


def _date(value: dt.date | None, language: str) -> str:
    if value is None:
        return ""
    return format_date(value, "long", locale=babel_locale(language))


def _local_date(moment: dt.datetime) -> dt.date:
    return current_profile().local_date(moment)


def _public_url() -> str:
    return settings().public_url.rstrip("/")


def _path(endpoint: str, **values: object) -> str:
    # Built without a request: documents are also made by background jobs and X-Road calls.
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _verification(code: str) -> dict[str, object]:
    short_url = f"{_public_url()}/verify"
    full_url = f"{short_url}?code={code}"
    return {
        "code": code,
        "short_url": short_url,
        "url": full_url,
        # segno escapes the title and the URL is built here from our own code: safe to insert.
        "qr": Markup(qr_svg(full_url, title=gettext("QR code: a link to check this document"))),  # noqa: S704
    }


def _decision_title(decision: Decision) -> str:
    if decision.kind is DecisionKind.REGISTRATION:
        if decision.registration.kind is RegistrationKind.JOBSEEKER:
            return gettext("Decision on registration as a jobseeker")
        return gettext("Decision on registration as unemployed")
    return {
        DecisionKind.REGISTRATION_REJECTED: gettext("Registration refused"),
        DecisionKind.DEREGISTRATION: gettext("Deregistration"),
        DecisionKind.REVIEW_OUTCOME: gettext("Review of a decision"),
        DecisionKind.APPEAL_OUTCOME: gettext("Decision on an appeal"),
        DecisionKind.REFUSAL_BREACH: gettext("Decision on a refused offer"),
        DecisionKind.TRAINING_APPROVED: gettext("Decision on a training request"),
        DecisionKind.TRAINING_REJECTED: gettext("Decision on a training request"),
    }[decision.kind]


def _outcome(decision: Decision, earlier: Decision | None) -> str:
    if decision.kind is DecisionKind.REGISTRATION:
        if decision.registration.kind is RegistrationKind.JOBSEEKER:
            return gettext("You are registered as a jobseeker")
        return gettext("You are registered as unemployed")
    if decision.kind is DecisionKind.REGISTRATION_REJECTED:
        return gettext("Your registration was refused")
    if decision.kind is DecisionKind.DEREGISTRATION:
        return gettext("Registration ended")
    if decision.kind is DecisionKind.TRAINING_APPROVED:
        return gettext("Your request to join the training is granted")
    if decision.kind is DecisionKind.TRAINING_REJECTED:
        return gettext("Your request to join the training is refused")
    if decision.kind is DecisionKind.REFUSAL_BREACH:
        # The consequence is in the decision's own facts, so the document never changes.
        if (decision.facts or {}).get("consequence") == "end-registration":
            return gettext("The refusal was without a valid reason: your registration as a jobseeker ends")
        return gettext("The refusal was without a valid reason: a warning is recorded")
    # Only the answer's own (never changing) link says whether it changed the earlier decision, so
    # the document reads the same whenever it is rendered, whatever happens to the earlier one.
    changed = decision.supersedes_id is not None
    return (
        gettext("The earlier decision was changed")
        if changed
        else gettext("The earlier decision stays in force")
    )


def _rendering(original: Original | None, language: str) -> dict[str, str] | None:
    if original is None:
        return None
    return {
        "language": str(_language(language).name),
        "original": str(_language(original.language).name),
        "sha256": original.sha256,
    }


def _made_at_once(decision: Decision) -> bool:
    if decision.automated_rule:
        return True
    return _local_date(decision.issued_at) <= _local_date(decision.registration.submitted_at)


def _render(template: str, language: str, **context: object) -> str:
    lang = _language(language)
    with in_language(language):
        context = {key: value() if callable(value) else value for key, value in context.items()}
        return current_app.jinja_env.get_template(template).render(html_lang=lang.html_lang, **context)


def render_decision(decision: Decision, language: str, *, original: Original | None = None) -> str:
    """The decision as HTML in `language` (one of the portal's languages); with `original`, a
    rendering of that canonical document, which it says."""
    person = decision.registration.person
    earlier = db.session.get(Decision, decision.responds_to_id) if decision.responds_to_id else None
    profile = current_profile()

    def due_on() -> str:
        # The deadline a decision had to meet means something only when the person waited for it;
        # one made at once (by the rule, or on the day they applied) would print a date in the future.
        if decision.kind not in REGISTRATION_KINDS or _made_at_once(decision):
            return ""
        return _date(decision.decision_due_on or decision.registration.decision_due_on, language)

    return _render(
        "documents/decision.html",
        language,
        title=lambda: _decision_title(decision),
        outcome=lambda: _outcome(decision, earlier),
        decided_by=lambda: decided_by(decision),
        rendering=lambda: _rendering(original, language),
        verification=lambda: _verification(decision.verification_code),
        due_on=due_on,
        person=person,
        decision=decision,
        reference=decision.registration.reference,
        issued_on=_date(_local_date(decision.issued_at), language),
        reasoning=lambda: reasoning_paragraphs(decision),
        earlier_issued_on=_date(_local_date(earlier.issued_at), language) if earlier else "",
        earlier_code=earlier.verification_code if earlier else "",
        appeal_days=profile.decisions.appeal_days,
        decision_url=f"{_public_url()}{_path('jobseeker.decision', decision_id=decision.id)}",
    )


def render_certificate(certificate: Certificate, language: str, *, original: Original | None = None) -> str:
    """The unemployment certificate as HTML in `language`; with `original`, a rendering of it."""
    registration = certificate.registration
    return _render(
        "documents/certificate.html",
        language,
        title=lambda: gettext("Unemployment certificate"),
        rendering=lambda: _rendering(original, language),
        verification=lambda: _verification(certificate.verification_code),
        person=registration.person,
        certificate=certificate,
        issued_on=_date(certificate.issued_on, language),
        valid_until=_date(certificate.valid_until, language),
        registered_since=_date(registration.registered_on or certificate.issued_on, language),
    )
