"""The account bar on every signed-in page: "Switch role" only to people with more than one role."""

from __future__ import annotations

import re

EN = {"Accept-Language": "en"}


def account_bar(client, path: str) -> str:
    page = client.get(path, headers=EN).get_data(as_text=True)
    found = re.search(r'<section class="portal-account-bar".*?</section>', page, re.DOTALL)
    assert found, page[:500]
    return found.group(0)


def test_a_person_with_one_role_is_not_offered_to_switch_roles(client_as):
    bar = account_bar(client_as("jobseeker"), "/jobseeker/")

    assert "Switch role" not in bar
    # Acting for a company is still one click away: the business register says who may.
    assert re.search(r'href="/roles">\s*Act for a company\s*</a>', bar)


def test_a_counsellor_may_switch_roles(client_as):
    bar = account_bar(client_as("counsellor"), "/backoffice/")

    assert re.search(r'href="/roles">\s*Switch role\s*</a>', bar)
    assert "Act for a company" not in bar


def test_the_cached_account_parts_are_the_macros_rendered_for_each_person_and_page(app):
    """`account_parts()` reuses one rendering of the account bar and the session warning; it must
    equal the macros' output for every person and page: the name, the role's label, the CSRF token
    and the page to return to put in, escaped as the templates would."""
    from types import SimpleNamespace

    from flask import render_template_string

    from portal.templating import _account_parts

    cases = [
        ("/jobseeker/", "en", "Mari Maasikas", "jobseeker", False, 900),
        ("/jobs?q=a%20b&next=/x&lang=ru", "ru", 'Ann "<b>" & Co', "jobseeker", False, 900),
        ("/jobs?q=teine", "ru", "Jüri Õun", "jobseeker", False, 900),  # the same key again: cached
        ("/back-office/", "et", None, "counsellor", True, 600),  # no name: the subject is shown
        ('/search?q="<script>"&x=1', "sq", "Ardit", "employer", True, 1800),
    ]
    for path, language, name, role, other_roles, idle in cases:
        user = SimpleNamespace(
            full_name=name,
            subject="PNOEE-38001085718",
            active_role=role,
            has_other_roles=other_roles,
            idle_seconds=idle,
        )
        with app.test_request_context(path, headers={"Accept-Language": language}):
            direct = render_template_string(
                '{% from "components/account_bar.html" import account_bar %}'
                '{% from "components/session_warning.html" import session_warning %}'
                "{{ account_bar(user, role_label(user.active_role)) }}\n"
                "    {{ session_warning(user.idle_seconds) }}",
                user=user,
            )
            assert str(_account_parts(user)) == direct
            assert "\x1f" not in direct
            assert 'name="csrf_token"' in direct


def test_the_cached_jobseeker_navigation_is_the_layouts_inline_rendering(app):
    """`jobseeker_navigation()` keeps the jobseeker layout's navigation per language, unread count
    and page; it must equal what the layout rendered inline before."""
    from flask import render_template_string

    from portal.templating import _jobseeker_navigation

    inline = (
        '{% from "components/service_navigation.html" import service_navigation %}'
        "{% set navigation_items = [] %}"
        "{% if unread is not none %}"
        '{% set inbox_text %}{{ _("Inbox") }}{% if unread %} ({{ unread }}<span class="govuk-visually-hidden">'
        ' {{ ngettext("unread message", "unread messages", unread) }}</span>){% endif %}{% endset %}'
        '{% set navigation_items = [{"text": inbox_text, "href": url_for("jobseeker.inbox"),'
        ' "current": request.endpoint == "jobseeker.inbox"}] %}'
        "{% endif %}"
        '{{ service_navigation(_("Jobseeker"), navigation_items) }}'
    )
    for path in ("/jobseeker/", "/jobseeker/inbox"):
        for language in ("en", "et", "ru"):
            for unread in (None, 0, 1, 2, 5, 150):
                for _ in range(2):  # the second time from the cache
                    with app.test_request_context(path, headers={"Accept-Language": language}):
                        app.preprocess_request()
                        direct = render_template_string(inline, unread=unread)
                        assert str(_jobseeker_navigation(unread)) == direct


def test_templates_csrf_token_is_the_requests_token(app):
    """Templates' `csrf_token()` is `portal.security.csrf_token`: the token the request's forms and
    htmx header carry (Flask-WTF's `generate_csrf` gives the same one from `g`)."""
    from flask import render_template_string, session
    from flask_wtf.csrf import generate_csrf

    from portal.security import csrf_token

    assert app.jinja_env.globals["csrf_token"] is csrf_token
    with app.test_request_context("/"):
        rendered = render_template_string("{{ csrf_token() }}|{{ csrf_token() }}")
        assert rendered == f"{generate_csrf()}|{generate_csrf()}"
        assert "csrf_token" in session
