"""The offer pages' repeated rows written by functions, not by the templates' loops: the person's
offers table and the offers timeline in the back office, the jobseeker's waiting and answered
offers ("my offers").

A row of the loops cost 15-40 µs, nearly all of it in what the loop called, not in the loop: a
`url_for` with values (~9 µs), each label a lazy string translated and escaped anew (~4.5 µs),
each `csrf_token()` Flask-WTF's `generate_csrf` (~8 µs even when the request has its token).
Here the labels' escaped texts are kept per catalog (a language) and label, an endpoint's link
per app and address with a stand-in id (the row's id put in its place), the token is
`security.csrf_token`'s (the request's, from `g`). Nothing is kept of a person or a record.

These write the same markup byte for byte (`tests/functional/test_offers_html.py` renders the
loops as they were beside them): every value escaped as `{{ }}` escapes it (`markupsafe.escape`),
the templates' `_("...")` as the compiled template writes it (`template_text`), a missing label
empty as Jinja's undefined, and the white space the templates' `trim_blocks` and
`lstrip_blocks` left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask.globals import _cv_request
from flask_babel import get_locale, get_timezone
from markupsafe import Markup, escape

from portal import labels
from portal.catalog import N_, current_translations, template_text
from portal.date_formats import dateformat
from portal.models import OfferState, TimelineKind
from portal.profiles import current_profile
from portal.security import csrf_token

_STAND_IN = 987654321  # an id no link holds otherwise: replaced by each row's own
_KEPT = 2000  # labels and links kept, at most; full, they start again


def _parts(endpoint: str, name: str) -> tuple[str, str] | None:
    """The link of `endpoint` with `name` before and after its id, made with a stand-in id once per
    app, endpoint and address the app is served at (as the templates' `url_for` keeps links
    without values); None where links are built otherwise (URL defaults)."""
    context = _cv_request.get()
    app, adapter = context.app, context.url_adapter
    if adapter is None or any(app.url_default_functions.values()):
        return None
    key = (endpoint, name, adapter.script_name, adapter.server_name, adapter.subdomain, adapter.url_scheme)
    kept = app.extensions.setdefault("offers_html.links", {})
    parts = kept.get(key)
    if parts is None:
        if len(kept) >= _KEPT:
            kept.clear()
        head, _, tail = app.url_for(endpoint, **{name: _STAND_IN}).rpartition(str(_STAND_IN))
        parts = kept[key] = (head, tail)
    return parts


def _link(endpoint: str, name: str) -> Callable[[Any], str]:
    """`url_for(endpoint, **{name: id})`, escaped, for any id (an int)."""
    parts = _parts(endpoint, name)
    if parts is None:
        app = _cv_request.get().app
        return lambda value: escape(app.url_for(endpoint, **{name: value}))
    head, tail = escape(parts[0]), escape(parts[1])
    return lambda value: f"{head}{value}{tail}"


def url(endpoint: str, name: str, value: int) -> str:
    """For a template: `url_for(endpoint, **{name: value})` (`value` an int id), the link kept."""
    parts = _parts(endpoint, name)
    if parts is None:
        return _cv_request.get().app.url_for(endpoint, **{name: value})
    return f"{parts[0]}{int(value)}{parts[1]}"


_LABELS: dict[tuple[Any, int, Any], Any] = {}


def label(mapping: Mapping[Any, Any], key: Any) -> Any:
    """For a template: `mapping[key]`'s escaped text in the request's catalog, kept (`_labels`)."""
    return _labels()(mapping, key)


def _labels() -> Callable[[Mapping[Any, Any], Any], str]:
    """`{{ mapping[key] }}` for the request's catalog: the label's escaped text (nothing, as
    Jinja's undefined, when there is none), kept per catalog, mapping and key."""
    catalog = current_translations()

    def text(mapping: Mapping[Any, Any], key: Any) -> str:
        found = _LABELS.get((catalog, id(mapping), key))
        if found is None:
            label = mapping.get(key)
            found = "" if label is None else escape(label)
            if len(_LABELS) >= _KEPT:
                _LABELS.clear()
            _LABELS[(catalog, id(mapping), key)] = found
        return found

    return text


def _dates() -> None:
    """The request's locale and time zone chosen now (as the template's first date would choose
    them): `dateformat` keeps its texts only once they are."""
    get_locale()
    get_timezone()


def _tag_html(text: Any, colour: Any) -> str:
    """`components/tag.html`'s `tag(text, colour)`, its trailing newline included."""
    modifier = f" govuk-tag--{escape(colour)}" if colour else ""
    return f'<strong class="govuk-tag{modifier}">{escape(text)}</strong>\n'


# ----------------------------------------------------------------------------- the back office


def person_offer_rows(offers: Iterable[Any]) -> Markup:
    """The `<tr>` of each offer in `backoffice/offers/person.html`'s table."""
    parts: list[str] = []
    review = withdraw = None
    _dates()
    staff_states, colours = labels.OFFER_STATES_FOR_STAFF, labels.OFFER_STATE_COLOURS
    _label = _labels()
    for offer in offers:
        title = escape(offer.title)
        parts += (
            '        <tr class="govuk-table__row">\n          <td class="govuk-table__cell">',
            title,
            '<br><span class="govuk-body-s">',
            _label(labels.OFFER_KINDS, offer.kind),
        )
        if offer.employer_name:
            parts += (", ", escape(offer.employer_name))
        parts += (
            '</span></td>\n          <td class="govuk-table__cell">',
            escape(dateformat(offer.reply_by, "long")),
            '</td>\n          <td class="govuk-table__cell">',
            _tag_html(_label(staff_states, offer.state), colours.get(offer.state)),
            "\n",
        )
        refusal = offer.refusal
        if refusal:
            review = review or _link("backoffice.refusal_review", "refusal_id")
            parts += (
                '<br><a class="govuk-link" href="',
                review(refusal.id),
                '">',
                _label(labels.REVIEW_STATES, refusal.review_state),
                '<span class="govuk-visually-hidden">: ',
                title,
                "</span></a>",
            )
        parts.append('</td>\n          <td class="govuk-table__cell">\n')
        if offer.state == OfferState.PROPOSED:
            withdraw = withdraw or _link("backoffice.withdraw_offer", "offer_id")
            parts += (
                '            <form method="post" action="',
                withdraw(offer.id),
                '" novalidate>\n              <input type="hidden" name="csrf_token" value="',
                escape(csrf_token()),
                '">\n              <button type="submit" class="govuk-button govuk-button--secondary'
                ' govuk-!-margin-bottom-0" data-module="govuk-button">',
                template_text("Withdraw"),
                '<span class="govuk-visually-hidden"> ',
                title,
                "</span></button>\n            </form>\n",
            )
        parts.append("          </td>\n        </tr>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


# What each kind of event says, before any label after it (`_timeline.html`'s branches).
_EVENT_TEXTS = {
    TimelineKind.PROPOSED: N_("Offered: %(title)s"),
    TimelineKind.ACCEPTED: N_("Accepted: %(title)s"),
    TimelineKind.REFUSED: N_("Refused: %(title)s"),
    TimelineKind.EXPIRED: N_("Not answered in time: %(title)s"),
    TimelineKind.WITHDRAWN: N_("Withdrawn: %(title)s"),
    TimelineKind.REVIEWED: N_("Refusal reviewed: %(title)s"),
    TimelineKind.APPLIED: N_("Applied: %(title)s"),
    TimelineKind.CONSENT: N_("Left the shortlist: %(title)s"),
}
OUTCOME_TEXT = N_("Employer's answer: %(outcome)s")


def _event_text(event: Any, _label: Callable[[Mapping[Any, Any], Any], str]) -> str:
    """One event's words as its branch of `_timeline.html` writes them (with the line's end)."""
    kind = event.kind
    if kind is TimelineKind.SAS:
        refusal = event.offer.refusal
        status = refusal.sas_beneficiary_status
        found = f" ({escape(labels.label(labels.SOCIAL_ASSISTANCE_STATUSES, status))})" if status else ""
        return f"{_label(labels.SAS_REPORT_STATES, refusal.sas_state)}{found}: {escape(event.title)}\n"
    if kind is TimelineKind.OUTCOME:
        outcome = _label(labels.OUTCOMES, event.candidate.outcome)
        return f"{template_text(OUTCOME_TEXT, outcome=outcome)}: {escape(event.title)}\n"
    text = _EVENT_TEXTS.get(kind)
    if text is None:
        return ""
    said = template_text(text, title=event.title)
    if kind is TimelineKind.REFUSED:  # its `{% endif %}` ends the line: no line end
        answer = event.offer.answer
        return (
            f"{said} ({_label(labels.REFUSAL_REASONS, answer.reason)})" if answer and answer.reason else said
        )
    if kind is TimelineKind.REVIEWED:
        refusal = event.offer.refusal
        review = _label(labels.REVIEW_STATES, refusal.review_state)
        return f"{said} — {review}; {_label(labels.CONSEQUENCES, refusal.consequence)}\n"
    return f"{said}\n"


def offer_timeline(events: list[Any]) -> Markup:
    """`backoffice/offers/_timeline.html`'s `offer_timeline(events)`."""
    if not events:
        nothing = template_text("Nothing yet.")
        return Markup(f'<p class="govuk-body">{nothing}</p>\n')  # noqa: S704 - the catalog's text
    profile = current_profile()
    _dates()
    label = _labels()
    parts = ['<ol class="govuk-list app-timeline">\n']
    for event in events:
        parts += (
            "  <li>\n    <strong>",
            escape(dateformat(profile.local_date(event.at), "long")),
            "</strong> —\n",
            _event_text(event, label),
            "  </li>\n",
        )
    parts.append("</ol>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


# ----------------------------------------------------------------------------- the jobseeker's


def waiting_offers(offers: Iterable[Any]) -> Markup:
    """The `<li>` of each offer waiting for the jobseeker's answer (`jobseeker/offers/list.html`)."""
    parts: list[str] = []
    link = None
    _dates()
    _label = _labels()
    for offer in offers:
        link = link or _link("jobseeker.offer", "offer_id")
        parts += (
            '      <li>\n        <a class="govuk-link" href="',
            link(offer.id),
            '">',
            escape(offer.title),
            "</a>\n        (",
            _label(labels.OFFER_KINDS, offer.kind),
        )
        if offer.employer_name:
            parts += (", ", escape(offer.employer_name))
        parts += (
            ')\n        <br><span class="govuk-body-s">',
            template_text("Answer by %(date)s", date=dateformat(offer.reply_by, "long")),
            "</span>\n      </li>\n",
        )
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def answered_offers(offers: Iterable[Any]) -> Markup:
    """The `<tr>` of each answered or closed offer (`jobseeker/offers/list.html`)."""
    parts: list[str] = []
    link = profile = None
    _dates()
    _label = _labels()
    states, colours = labels.OFFER_STATES, labels.OFFER_STATE_COLOURS
    for offer in offers:
        link = link or _link("jobseeker.offer", "offer_id")
        profile = profile or current_profile()
        parts += (
            '        <tr class="govuk-table__row">\n          <td class="govuk-table__cell">'
            '<a class="govuk-link" href="',
            link(offer.id),
            '">',
            escape(offer.title),
            '</a></td>\n          <td class="govuk-table__cell">',
            escape(dateformat(profile.local_date(offer.proposed_at), "long")),
            '</td>\n          <td class="govuk-table__cell">',
            _tag_html(_label(states, offer.state), colours.get(offer.state)),
            "</td>\n        </tr>\n",
        )
    return Markup("".join(parts))  # noqa: S704 - every value escaped above
