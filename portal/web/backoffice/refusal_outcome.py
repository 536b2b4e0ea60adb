"""What a finding on a refusal leads to under the profile's rules (a `refusal_rules.Outcome`), as
the refusal review writes it for staff.

It was the macro `outcome_text` of `backoffice/offers/_outcome.html`, called twice a review (a
macro call, a context and its output list each); now a function with the same markup in every
language (tests/unit/test_refusal_outcome_text.py keeps the macro and compares): the consequence's
label, then the breach number, the decision, the report to the social assistance scheme and the
legal basis, each text the catalog's as the template's `_()` wrote it, the values escaped.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from portal import labels
from portal.catalog import template_text


def outcome_text(outcome: Any) -> Markup:
    parts = [escape(labels.CONSEQUENCES[outcome.consequence])]
    if outcome.breach_number:
        parts += [" (", template_text("breach number %(num)d", num=outcome.breach_number), ")"]
    if outcome.needs_decision:
        parts += ["; ", template_text("a decision with appeal rights is issued")]
    if outcome.sas_recommendation:
        parts += [
            "; ",
            template_text(
                "reported to the social assistance scheme with the recommendation %(code)s",
                code=outcome.sas_recommendation.value,
            ),
        ]
    if outcome.step.legal_basis:
        parts += [". ", template_text("Legal basis: %(basis)s", basis=outcome.step.legal_basis)]
    return Markup("".join(parts))  # noqa: S704 - the catalog's texts and escaped values
