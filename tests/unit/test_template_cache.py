"""The template cache with O(1) look-ups (portal/template_cache.py) and the environment's direct
look-up of a language's compiled template (`PortalEnvironment.get_template`)."""

from __future__ import annotations

import threading

from jinja2 import DictLoader
from jinja2.utils import LRUCache

from portal.template_cache import TemplateCache
from portal.template_translations import PortalEnvironment


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
