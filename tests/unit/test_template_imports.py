"""Imported macros: the cached module is reused, and a template's own extra globals still reach it."""

from jinja2 import DictLoader, Environment

from portal.templating import PortalTemplate

MACROS = "{% macro show() %}{{ extra | default('none') }}/{{ shared }}{% endmacro %}"
IMPORTER = '{% from "macros.html" import show %}{{ show() }}'


def environment() -> Environment:
    env = Environment(loader=DictLoader({"macros.html": MACROS}), autoescape=True)
    env.template_class = PortalTemplate
    env.globals["shared"] = "s"
    return env


def test_imports_reuse_one_module_when_the_globals_are_the_environments():
    env = environment()
    assert env.from_string(IMPORTER).render() == "none/s"
    macros = env.get_template("macros.html")
    first = macros._get_default_module(env.from_string("").new_context())
    assert macros._get_default_module(env.from_string("").new_context()) is first


def test_a_template_with_its_own_globals_passes_them_to_the_imported_macros():
    env = environment()
    plain = env.from_string(IMPORTER)
    with_extra = env.from_string(IMPORTER, globals={"extra": "yes"})
    assert plain.render() == "none/s"
    assert with_extra.render() == "yes/s"
    assert plain.render() == "none/s"  # the module made for the extra globals is not cached


def test_the_portal_environment_uses_the_template_class(app):
    assert app.jinja_env.template_class is PortalTemplate
    assert isinstance(app.jinja_env.get_template("layouts/base.html"), PortalTemplate)


def test_the_portal_context_has_jinjas_global_names():
    from collections import ChainMap

    from jinja2.runtime import Context

    from portal.templating import PortalContext

    env = environment()
    env.context_class = PortalContext
    for globals_ in (
        ChainMap({"extra": 1, "shared": 2}, env.globals),
        ChainMap({}, {"a": 1}, {"b": 2, "a": 3}),
        {"plain": 1},
        None,
    ):
        ours = PortalContext(env, {}, "t", {}, globals_)
        jinjas = Context(env, {}, "t", {}, globals_)
        assert ours.globals_keys == jinjas.globals_keys
        assert (ours.parent, ours.vars, ours.blocks, ours.name) == (jinjas.parent, jinjas.vars, {}, "t")
    plain = env.from_string(IMPORTER)
    with_extra = env.from_string(IMPORTER, globals={"extra": "yes"})
    assert (plain.render(), with_extra.render(), plain.render()) == ("none/s", "yes/s", "none/s")
