"""Every case page's header written by `case_extensions.header` is what the included template
(`templates/backoffice/case/_header.html`) wrote, byte for byte: for values to escape, a person
without a name, each case page shown as the current one, in English and Estonian."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template_string, url_for

from portal.web.backoffice import case_extensions

# The header as it was; `tabs` made here as `case_extensions.tabs` made them then.
OLD = r"""{#- The heading and sub-navigation shared by the pages of one case; needs `case` and `person`. -#}
<span class="govuk-caption-l">{{ person.national_code }} · {{ _("%(office)s office", office=case.office) }}</span>
<h1 class="govuk-heading-l">{{ person.full_name or _("Name not known") }}</h1>
<nav aria-label="{{ _('Pages of this case') }}" class="govuk-!-margin-bottom-6">
  <ul class="govuk-list">
    {% for tab in tabs %}
    <li class="govuk-!-display-inline-block govuk-!-margin-right-4"><a class="govuk-link" href="{{ tab.href }}"{% if tab.current %} aria-current="page"{% endif %}>{{ tab.text }}</a></li>
    {% endfor %}
  </ul>
</nav>
"""

PEOPLE = [
    SimpleNamespace(national_code="38001085718", full_name="Jaak-Kristjan Jõeorg"),
    SimpleNamespace(national_code="<49>&\"'", full_name="O'Brien <b>& Sons</b>"),
    SimpleNamespace(national_code=None, full_name=None),
    SimpleNamespace(national_code="1", full_name=""),
]
OFFICES = ["Tallinn", 'Pärnu <&> "x"']
PAGES = ["/back-office/cases/7", "/back-office/cases/7/plan", "/back-office/cases/7/meetings", "/"]


def _old_tabs(app, case_id: int, endpoint: str | None) -> list[dict[str, object]]:
    return [
        {
            "text": str(tab.text),
            "href": url_for(tab.endpoint, case_id=case_id),
            "current": tab.endpoint == endpoint,
        }
        for tab in sorted(case_extensions.TABS.values(), key=lambda t: (t.order, t.key))
        if tab.endpoint in app.view_functions
    ]


@pytest.mark.parametrize("language", ["en", "et"])
@pytest.mark.parametrize("root", ["", "/portal"])
def test_the_header_is_what_the_template_wrote(app, language, root):
    for page in PAGES:
        with app.test_request_context(
            page, base_url=f"http://localhost{root}", headers={"Accept-Language": language}
        ) as context:
            for case_id in (7, 123456):
                for office in OFFICES:
                    case = SimpleNamespace(id=case_id, office=office)
                    for person in PEOPLE:
                        tabs = _old_tabs(app, case_id, context.request.endpoint)
                        old = render_template_string(OLD, case=case, person=person, tabs=tabs)
                        assert str(case_extensions.header(case, person)) == old.rstrip("\n")
