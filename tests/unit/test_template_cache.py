"""The template cache with O(1) look-ups (portal/template_cache.py), the environment's direct
look-up of a language's compiled template (`PortalEnvironment.get_template`) and the plain links
compiled per app address (portal/template_translations.py)."""

from __future__ import annotations

import threading

import pytest
from jinja2 import DictLoader
from jinja2.utils import LRUCache
from werkzeug.routing import BuildError

from portal import template_translations
from portal.template_cache import TemplateCache
from portal.template_translations import PortalEnvironment, _compiling_for, template_catalog


def _same_as_jinjas(operations) -> None:
    ours, jinjas = TemplateCache(3), LRUCache(3)
    for operation, *args in operations:
        assert getattr(ours, operation)(*args) == getattr(jinjas, operation)(*args)
        assert ours.items() == jinjas.items()
        assert ours.keys() == jinjas.keys() and ours.values() == jinjas.values()
        assert list(reversed(ours)) == list(reversed(jinjas)) and len(ours) == len(jinjas)


def test_it_keeps_and_evicts_as_jinjas_lru_cache():
    _same_as_jinjas(
        [
            ("__setitem__", "a", 1),
            ("__setitem__", "b", 2),
            ("__setitem__", "c", 3),
            ("get", "a"),  # a is now the most recent: b goes first
            ("__setitem__", "d", 4),
            ("get", "b"),
            ("get", "missing", "default"),
            ("__contains__", "c"),
            ("__setitem__", "c", 30),  # stored again: the most recent
            ("__setitem__", "e", 5),
            ("__getitem__", "c"),
            ("setdefault", "f", 6),
            ("setdefault", "c", 0),
            ("__delitem__", "f"),
            ("clear",),
            ("get", "c"),
        ]
    )


def test_a_copy_is_its_own():
    cache = TemplateCache(2)
    cache["a"] = 1
    copied = cache.copy()
    copied["b"] = 2
    assert copied.capacity == 2 and copied.items() == [("b", 2), ("a", 1)]
    assert cache.items() == [("a", 1)]


def test_threads_storing_and_reading_keep_it_within_capacity():
    cache = TemplateCache(50)

    def work(offset: int) -> None:
        for number in range(2000):
            cache[(offset + number) % 120] = number
            cache.get((offset + number * 7) % 120)

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) <= 50 and len(cache.keys()) == len(cache)


def test_the_portals_environment_uses_it(app):
    assert type(app.jinja_env.cache) is TemplateCache
    assert app.jinja_env.cache.capacity == 1200


def test_a_language_s_template_is_found_directly_as_jinja_finds_it(app):
    env = PortalEnvironment(app, loader=DictLoader({"page.html": "{{ _('Staff') }}"}), auto_reload=False)
    assert app.jinja_env.auto_reload is False  # as Flask makes it outside debug mode
    env.globals.update(app.jinja_env.globals)
    looked_up = []
    load = env._load_template
    env._load_template = lambda *args: looked_up.append(args) or load(*args)
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        first = env.get_template("page.html")  # compiled: through Jinja's steps
        assert env.get_template("page.html") is first  # then found directly
        assert env.get_template("page.html", parent="other.html") is first
        assert first.render() == "Töötajad"
    assert len(looked_up) == 1
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = env.get_template("page.html")
        assert english is not first and english.render() == "Staff"
    with app.app_context():  # no request, no catalog: Jinja's own steps, compiled without one
        assert env.get_template("page.html") not in (first, english)
    assert len(looked_up) == 3
    env.auto_reload = True  # each look-up asks whether the source changed: Jinja's steps
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        assert env.get_template("page.html") is first
    assert len(looked_up) == 4


LINKS = {
    "links.html": (
        "{{ url_for('public.start') }}|{{ static_url('js/portal.js') }}|{{ url_for('search.jobs') ~ '?q=a' }}"
        "|{{ url_for('.start') }}|{{ url_for('search.jobs', q='<b>') }}|{{ static_url('no/such.js') }}"
    ),
    "shadowed.html": "{% set url_for = upper %}{{ url_for('public.start') }}",
    "unknown.html": "{{ url_for('no.such_endpoint') }}",
}


def _links_env(app):
    env = PortalEnvironment(app, loader=DictLoader(LINKS), auto_reload=False, autoescape=True)
    env.globals.update(app.jinja_env.globals)
    return env


def _at_render_time(env, name: str, **values) -> str:
    source = env.loader.get_source(env, name)[0]
    code = env.compile(source, name, name)  # compiled for nothing: every call made when rendered
    return env.template_class.from_code(env, code, env.make_globals(None), None).render(**values)


def test_plain_links_are_compiled_per_app_address_as_the_calls_build_them(app):
    env = _links_env(app)
    seen, rendered = {}, {}
    for base_url in ("http://localhost/", "http://localhost/portal/", "https://example.org/x/"):
        with app.test_request_context("/", base_url=base_url, headers={"Accept-Language": "et"}):
            for name, values in (("links.html", {}), ("shadowed.html", {"upper": str.upper})):
                template = env.get_template(name)
                rendered[(base_url, name)] = template.render(**values)
                assert rendered[(base_url, name)] == _at_render_time(env, name, **values)
                seen[(base_url, name)] = template
            with pytest.raises(BuildError):
                env.get_template("unknown.html").render()  # still fails when rendered
    first = rendered[("http://localhost/", "links.html")]
    assert first.startswith("/|/static/js/portal.") and first.endswith("|/jobs?q=%3Cb%3E|/static/no/such.js")
    assert rendered[("http://localhost/portal/", "links.html")].startswith("/portal/|/portal/static/")
    assert rendered[("http://localhost/", "shadowed.html")] == "PUBLIC.START"
    # One compiled template per address; the same one again for a request at the same address.
    assert len({id(template) for template in seen.values()}) == len(seen)
    with app.test_request_context("/jobs", base_url="http://other-host/portal/"):
        assert env.get_template("links.html") is seen[("http://localhost/portal/", "links.html")]


def test_the_compiled_links_are_constants(app):
    env = _links_env(app)
    with app.test_request_context("/"):
        source = env.loader.get_source(env, "links.html")[0]
        address = env._link_address()
        token = _compiling_for.set((template_catalog(), address))
        try:
            code = env.compile(source, "links.html", "links.html", raw=True)
        finally:
            _compiling_for.reset(token)
    # A call site each: the relative endpoint's and the one with values; no static_url call left
    # (a file not in static/ has its plain URL, as the call gives it).
    assert code.count("undefined(name='url_for')") == 2
    assert "undefined(name='static_url')" not in code and "'|/static/no/such.js'" in code


def test_beyond_the_kept_addresses_links_are_built_when_rendered(app, monkeypatch):
    monkeypatch.setattr(template_translations, "ADDRESSES_KEPT", 1)
    env = _links_env(app)
    with app.test_request_context("/", base_url="http://localhost/a/"):
        assert env._link_address() == "/a/"
        assert env.get_template("links.html").render().startswith("/a/|")
    with app.test_request_context("/", base_url="http://localhost/b/"):
        assert env._link_address() is None
        assert env.get_template("links.html").render() == _at_render_time(env, "links.html")
    app.url_default_functions.setdefault(None, []).append(lambda endpoint, values: None)
    try:
        with app.test_request_context("/", base_url="http://localhost/a/"):
            assert env._link_address() is None  # URL defaults: every link built when rendered
    finally:
        app.url_default_functions[None].pop()
