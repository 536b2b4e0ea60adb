"""The shared layout's parts kept per process: the same markup and names as rendering them anew."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import g, render_template_string
from flask_wtf.csrf import csrf_meta_tag

from portal.security import csrf_token
from portal.web.backoffice import navigation

MACRO = '{% from "components/service_navigation.html" import service_navigation as macro %}'
# What layouts/backoffice.html rendered on every page before the finished navigation was kept.
INLINE = MACRO + '{{ macro(_("Back office"), backoffice_navigation()) }}'
KEPT = '{{ backoffice_service_navigation(_("Back office")) }}'

PATHS = [
    "/back-office/",
    "/back-office/caseload",
    "/back-office/cases/1",  # current through `also_current` ("backoffice.case*")
    "/back-office/cases/1/plan",
    "/back-office/registrations",
    "/back-office/refusals",
    "/back-office/search",
    "/back-office/no-such-page",  # no endpoint: nothing current
]


def _as(role: str | None) -> None:
    g._login_user = (
        SimpleNamespace(is_authenticated=False)
        if role is None
        else SimpleNamespace(is_authenticated=True, active_role=role)
    )


@pytest.mark.parametrize("role", ["counsellor", "supervisor", "administrator", None])
def test_the_finished_backoffice_navigation_is_the_macros_markup(app, role):
    for language in ("en", "et", "sq"):
        for base_url in ("http://localhost/", "http://localhost/portal/"):
            for path in PATHS:
                for _ in range(2):  # the second time from the kept markup
                    with app.test_request_context(
                        path, base_url=base_url, headers={"Accept-Language": language}
                    ):
                        _as(role)
                        expected = render_template_string(INLINE)
                        assert render_template_string(KEPT) == expected
                        assert ("govuk-service-navigation" in expected) is (role is not None)


def test_an_entry_added_later_is_in_the_finished_navigation(app):
    with app.test_request_context("/back-office/caseload"):
        _as("counsellor")
        before = render_template_string(KEPT)
    saved = dict(navigation.ENTRIES)
    try:
        navigation.add("later", "Added later", "backoffice.search", order=5)
        with app.test_request_context("/back-office/caseload"):
            _as("counsellor")
            after = render_template_string(KEPT)
            assert after == render_template_string(INLINE)
    finally:
        navigation.ENTRIES.clear()
        navigation.ENTRIES.update(saved)
    assert "Added later" in after and "Added later" not in before


def test_a_page_passing_its_own_items_gets_them(app):
    items = [{"text": "Own", "href": "/own", "current": True}]
    with app.test_request_context("/back-office/"):
        _as(None)  # (no account bar to fill in)
        page = render_template_string(
            '{% extends "layouts/backoffice.html" %}{% block content %}{% endblock %}',
            navigation_items=items,
        )
    assert 'href="/own" aria-current="page"' in page
    assert "/back-office/caseload" not in page


def test_the_constant_context_processors_are_globals_with_the_same_objects(app):
    from portal.web.backoffice import case_extensions
    from portal.web.jobseeker.views.inbox import _unread_count

    names = {
        (getattr(func, "__module__", None), getattr(func, "__name__", None))
        for func in app.template_context_processors[None]
    }
    assert not any(module in ("flask_wtf.csrf", "flask_htmx.htmx") for module, _name in names)
    with app.test_request_context("/"):
        seen = {}
        render_template_string(
            "{% set _ = seen.update(csrf_token=csrf_token, csrf_meta_tag=csrf_meta_tag, htmx=htmx,"
            " backoffice_navigation=backoffice_navigation, case_header=case_header,"
            " inbox_unread_count=inbox_unread_count) %}",
            seen=seen,
        )
        assert seen == {
            "csrf_token": csrf_token,  # the portal's, the same token (tests/views/test_account_bar.py)
            "csrf_meta_tag": csrf_meta_tag,
            "htmx": app.htmx,
            "backoffice_navigation": navigation.items,
            "case_header": case_extensions.header,
            "inbox_unread_count": _unread_count,
        }
        # A value passed to the render still wins over the global, as over the processor.
        assert render_template_string("{{ csrf_token }}", csrf_token="mine") == "mine"


EMPLOYER_PATHS = [
    "/employer/",
    "/employer/vacancies/",
    "/employer/vacancies/1/edit",
    "/employer/company",
    "/employer/inbox",
    "/employer/no-such-page",
]


@pytest.mark.parametrize("unread", [0, 3, 250])
def test_the_finished_employer_navigation_is_the_macros_markup(app, unread):
    from portal.web.employer import _navigation_items

    for language in ("en", "et", "sq"):
        for base_url in ("http://localhost/", "http://localhost/portal/"):
            for path in EMPLOYER_PATHS:
                for _ in range(2):  # the second time from the kept markup
                    with app.test_request_context(
                        path, base_url=base_url, headers={"Accept-Language": language}
                    ):
                        g._login_user = SimpleNamespace(is_authenticated=True, acting_for_code="10137319")
                        g.employer_unread = unread  # as the page's statement leaves it
                        from flask import request

                        # The blueprint's context processor gave the items in its own requests
                        # only: an unknown path under /employer/ had none.
                        routed = "employer" in request.blueprints
                        expected = render_template_string(
                            MACRO + '{{ macro(_("Employer"), items) }}',
                            items=_navigation_items(unread, request.endpoint or "") if routed else [],
                        )
                        kept = render_template_string('{{ employer_navigation(_("Employer")) }}')
                        assert kept == expected
                        assert ("govuk-service-navigation" in expected) is routed


def test_the_employer_navigation_only_in_the_blueprints_requests_of_a_company(app):
    render = '{{ employer_navigation(_("Employer")) }}'
    with app.test_request_context("/employer/"):
        g._login_user = SimpleNamespace(is_authenticated=True, acting_for_code=None)
        assert render_template_string(render) == ""
    with app.test_request_context("/jobs"):
        g._login_user = SimpleNamespace(is_authenticated=True, acting_for_code="10137319")
        assert render_template_string(render) == ""
