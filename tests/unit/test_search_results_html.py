"""The search's count and results part written by functions (`results_html`) write what the
templates wrote (`search/_count.html`, `search/_results_body.html` and the fragment's
`search/_results.html`), byte for byte: every branch of the count, the save-this-search form with
values to escape, the sign-in link, the cards with and without save buttons, the banner of a
vacancy just saved, no results; in English and Estonian."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import flash, render_template_string
from markupsafe import Markup

from portal.models.search import EntryKind
from portal.services.search import Results, SearchQuery
from portal.web.search import results_html
from portal.web.search.presenter import Card

OLD_COUNT = r"""{#- results.more: the count stopped at results.total (engine.COUNT_CAP or a few pages past the one shown) -#}
{%- if results.similar and results.more -%}
{{ ngettext("No exact matches. More than %(num)d similar title", "No exact matches. More than %(num)d similar titles", results.total) }}
{%- elif results.similar -%}
{{ ngettext("No exact matches. %(num)d similar title", "No exact matches. %(num)d similar titles", results.total) }}
{%- elif kind == EntryKind.VACANCY and results.more -%}
{{ ngettext("More than %(num)d vacancy", "More than %(num)d vacancies", results.total) }}
{%- elif kind == EntryKind.VACANCY -%}
{{ ngettext("%(num)d vacancy", "%(num)d vacancies", results.total) }}
{%- elif results.more -%}
{{ ngettext("More than %(num)d training course", "More than %(num)d training courses", results.total) }}
{%- else -%}
{{ ngettext("%(num)d training course", "%(num)d training courses", results.total) }}
{%- endif -%}
"""

OLD_BODY = r"""{% from "components/notification_banner.html" import notification_banner %}
{% if can_save_vacancies %}{% for message in get_flashed_messages(category_filter=["saved-vacancy"]) %}{{ notification_banner(message, none, success=true) }}{% endfor %}{% endif %}
{% set vacancies = kind == EntryKind.VACANCY %}
{% if can_save %}
<form method="post" action="{{ url_for('jobseeker.save_search') }}" novalidate>
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  {% for name, value in query.without_paging().to_params().items() %}
  <input type="hidden" name="{{ name }}" value="{{ value }}">
  {% endfor %}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{{ _("Save this search and get e-mails of new vacancies") }}</button>
</form>
{% elif vacancies and not current_user.is_authenticated %}
<p class="govuk-body"><a class="govuk-link" href="{{ login_href }}">{{ _("Sign in to save this search and get e-mails of new vacancies") }}</a></p>
{% endif %}
{% if rows %}
<ul class="govuk-list">
  {% for card in rows %}{{ card.html }}
    {% if can_save_vacancies %}
    {{ save_buttons[card.ref_id] }}
    {% endif %}
  </li>
  {% endfor %}
</ul>
{{ pagination_html }}
{% else %}
<p class="govuk-body">{{ _("Nothing matches your search. Try other words or fewer filters.") }}</p>
{% endif %}
"""

# search/_results.html: the count swapped out of band, then the results (each an include).
OLD_FRAGMENT = '<span id="result-count" hx-swap-oob="innerHTML">{{ count }}</span>\n{{ body }}'


def _results(query: SearchQuery):
    for total, similar, more in (
        (0, False, False),
        (1, False, False),
        (25, False, False),
        (1000, False, True),
    ):
        yield Results(query=query, hits=(), total=total, similar=similar, more=more)
    for total, more in ((1, False), (7, False), (1000, True)):
        yield Results(query=query, hits=(), total=total, similar=True, more=more)


QUERIES = (
    SearchQuery(),
    SearchQuery(text='kokk <b> & "x"', county="37", wage=1500, page=3, per_page=50, remote=True),
)
ROWS = (
    [],
    [
        Card(1, Markup('  <li class="govuk-!-margin-bottom-6">\n    <h2>Kokk &amp; abi</h2>')),
        Card(2, Markup('  <li class="govuk-!-margin-bottom-6">\n    <h2>Juht</h2>')),
    ],
)
BUTTONS = {1: Markup("<form>save 1</form>"), 2: Markup("<form>save &amp; 2</form>")}
PAGINATION = Markup('<nav class="govuk-pagination">pages &amp; more</nav>')


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_functions_write_what_the_templates_wrote(app, language):
    with app.test_request_context(headers={"Accept-Language": language}):
        for kind in EntryKind:
            for query in QUERIES:
                for results in _results(query):
                    old_count = render_template_string(OLD_COUNT, kind=kind, results=results)
                    assert results_html.count_text(kind, results) == old_count
                    for rows in ROWS:
                        for signed_in, can_save, can_save_vacancies in (
                            (False, False, False),
                            (True, False, False),
                            (True, True, False),
                            (True, True, True),
                        ):
                            values = dict(
                                kind=kind,
                                query=query,
                                rows=rows,
                                pagination_html=PAGINATION,
                                can_save=can_save,
                                can_save_vacancies=can_save_vacancies,
                                save_buttons=BUTTONS if can_save_vacancies else {},
                                login_href="/auth/login?next=/jobs?q%3Da%26b" if not signed_in else None,
                            )
                            old = render_template_string(
                                OLD_BODY, current_user=SimpleNamespace(is_authenticated=signed_in), **values
                            )
                            new = results_html.results_html(
                                kind,
                                query,
                                rows,
                                PAGINATION,
                                can_save=can_save,
                                signed_in=signed_in,
                                login_href=values["login_href"],
                                can_save_vacancies=can_save_vacancies,
                                save_buttons=values["save_buttons"],
                            )
                            assert new == old
                            fragment = render_template_string(OLD_FRAGMENT, count=old_count, body=Markup(old))  # noqa: S704 - the template's output
                            assert results_html.fragment_html(old_count, new) == fragment


@pytest.mark.parametrize("language", ["en", "et"])
def test_the_banner_of_a_vacancy_just_saved(app, language):
    query = SearchQuery(text="kokk")
    with app.test_request_context(headers={"Accept-Language": language}):
        flash("Vacancy <saved> & kept", "saved-vacancy")
        flash("Something else", "other")
        # Both read the request's flashed messages (taken from the session once, then kept).
        old = render_template_string(
            OLD_BODY,
            current_user=SimpleNamespace(is_authenticated=True),
            kind=EntryKind.VACANCY,
            query=query,
            rows=ROWS[1],
            pagination_html=PAGINATION,
            can_save=True,
            can_save_vacancies=True,
            save_buttons=BUTTONS,
        )
        new = results_html.results_html(
            EntryKind.VACANCY,
            query,
            ROWS[1],
            PAGINATION,
            can_save=True,
            signed_in=True,
            login_href=None,
            can_save_vacancies=True,
            save_buttons=BUTTONS,
        )
    assert "govuk-notification-banner" in old
    assert "Vacancy &lt;saved&gt; &amp; kept" in old
    assert "Something else" not in old
    assert new == old


OLD_BUTTON = r"""{% from "jobseeker/saved_vacancies/_toggle.html" import save_toggle, save_status %}
{{- save_toggle(vacancy_id, title, saved_id, next_url) }}
{{ save_status(vacancy_id) -}}"""


@pytest.mark.parametrize("language", ["en", "et"])
@pytest.mark.parametrize("root", ["", "/portal"])
def test_the_save_buttons_are_the_macros_for_each_vacancy(app, language, root):
    from portal.web import saved_vacancy_toggle

    vacancies = [(7, 'Kokk <b> & "abi"'), (8, "Juht"), (9, "Koristaja's abi, 100% %(id)s")]
    saved = {8: 41}
    next_url = '/jobs?q=kokk&county=37&x="<y>"'
    with app.test_request_context(
        f"{root}/jobs", base_url=f"http://localhost{root}", headers={"Accept-Language": language}
    ):
        for _ in range(2):  # the unsaved button is kept after the first page: the same markup
            found = saved_vacancy_toggle.buttons(vacancies, saved, next_url)
            for vacancy_id, title in vacancies:
                old = render_template_string(
                    OLD_BUTTON,
                    vacancy_id=vacancy_id,
                    title=title,
                    saved_id=saved.get(vacancy_id),
                    next_url=next_url,
                )
                assert found[vacancy_id] == old
    # Each root its own kept button.
    assert f'action="{root}/jobseeker/saved-vacancies"' in found[7]
    assert f'action="{root}/jobseeker/saved-vacancies/41/remove"' in found[8]
