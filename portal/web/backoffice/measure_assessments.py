"""The labour-market measures a training request's person may take part in, as the case page lists
them, written by a function from the assessments.

The template's loop went through a `tag` macro call per measure and a dozen `{{ }}` per rule's
check, each `item.x` looked up through the environment: a fifth of the page's CPU for four
measures. `measures_markup` writes the same markup byte for byte
(`tests/unit/test_measure_assessments.py` renders the loop as it was and compares): the template's
`_("...")` as the compiled template wrote it (the catalog's text, not escaped, its variables
escaped into it), every value escaped as `{{ }}` escapes it, and the white space that
`trim_blocks` and `lstrip_blocks` left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from portal import labels
from portal.catalog import current_translations
from portal.web.backoffice.case_view_parts import esc

# The catalog's texts as the template's `_()` wrote them without values, per catalog (the key keeps
# it) and message: a page of four measures asks for the same few a dozen times each. Plain text
# (the catalog's, not escaped), joined with the escaped values and marked safe once: `Markup`'s `%`
# escapes each value through a helper object and makes a `Markup` of every piece.
_TEXTS: dict[tuple[Any, str], str] = {}


def _text(message: str) -> str:
    """What the template's `_(message)` wrote (no values): the catalog's text, `%%` as `%`."""
    translations = current_translations()
    text = _TEXTS.get((translations, message))
    if text is None:
        found = translations.ugettext(message)
        text = _TEXTS[(translations, message)] = found % {} if "%" in found else found
    return text


def _tag(message: str, colour: str) -> str:
    """`components/tag.html`'s `tag(_(message), colour)`, with the macro's closing newline."""
    return f'<strong class="govuk-tag govuk-tag--{colour}">{_text(message)}</strong>\n'


def _heading_tags(assessment: Any) -> str:
    """The tags after a measure's title, each branch with the white space the template left."""
    if assessment is None:
        return _tag("No such rule in this country's profile", "red") + "\n"
    if assessment.eligible:
        tags = _tag("Meets the rule", "green")
        if assessment.priority:
            tags += " " + _tag("Priority: receives social assistance", "purple")
        return tags
    if assessment.unknown:
        return _tag("Not known yet", "yellow") + "\n"
    return _tag("Does not meet the rule", "grey")


def _check(check: Any, rule_text: str) -> str:
    if check.met is None:
        met = _text("not known")
    elif check.met:
        met = _text("met")
    else:
        met = _text("not met")
    actual = esc(check.actual) if check.actual is not None else _text("not known")
    # The template's `_(..., required=..., actual=...)`: the catalog's text with the values
    # escaped into it (`%(name)s`), as `Markup`'s `%` put them.
    rule = rule_text % {"required": esc(check.required), "actual": actual}
    return (
        "      <li>\n"
        f"        {esc(labels.ELIGIBILITY_CRITERIA[check.criterion])}:\n"
        f"{met}        ({rule})\n"
        "      </li>\n"
    )


def measures_markup(assessed: Sequence[Any]) -> Markup:
    """The template's loop over `assessed` (`eligibility.MeasureAssessment`s)."""
    if not assessed:
        none_offered = _text("No measures are offered now.")  # outside the f-string: extracted
        return Markup(f'    <p class="govuk-body">{none_offered}</p>\n')  # noqa: S704
    # The catalog's text of each check's rule, found once (`ugettext`: extracted as a message).
    rule_text = current_translations().ugettext("the rule asks %(required)s; the person: %(actual)s")
    parts: list[str] = []
    for item in assessed:
        assessment = item.assessment
        parts.append(
            f'    <h3 class="govuk-heading-s">{esc(item.measure.title)}\n'
            f"{_heading_tags(assessment)}    </h3>\n"
        )
        if assessment:
            parts.append('    <ul class="govuk-list govuk-list--bullet govuk-!-font-size-16">\n')
            parts += (_check(check, rule_text) for check in assessment.checks)
            parts.append("    </ul>\n")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above
