"""Templates call Python through `PortalContext.call`: the same arguments and results as Jinja's."""

from jinja2 import DictLoader, Environment, pass_context, pass_environment, pass_eval_context
from jinja2.runtime import Context

from portal.templating import PortalContext


def plain(*args, **kwargs):
    return f"plain{args}{sorted(kwargs.items())}"


@pass_context
def with_context(context, name):
    return f"{name}={context.get(name)}"


@pass_eval_context
def with_eval_context(eval_ctx, text):
    return f"{text}:{eval_ctx.autoescape}"


@pass_environment
def with_environment(environment, text):
    return f"{text}:{environment.autoescape}"


def stops():
    raise StopIteration


class Callable:
    def __call__(self, text):
        return f"object {text}"


class ContextCallable:
    @pass_context
    def __call__(self, context, name):
        return f"object {name}={context.get(name)}"


class Holder:
    def method(self, text):
        return f"method {text}"


MACROS = (
    "{% macro box(text, kind='k') %}[{{ text }}|{{ kind }}|{{ caller() if caller else '' }}]{% endmacro %}"
)
PAGE = """{% from "macros.html" import box %}
{{ plain(1, 'a', b=2) }} {{ with_eval_context('<e>') }} {{ with_environment('v') }}
{{ callable('x') }} {{ context_callable('outer') }} {{ holder.method('<m>') }} {{ table.get('k') }}
{{ stops() is undefined }} {{ box('<t>') }} {{ box('u', kind='w') }}
{% call box('c') %}inside{% endcall %}
{% set outer = 'set at the top' %}
{% for item in ['one', 'two'] %}{% set inner = item ~ '!' %}
{{ with_context('item') }} {{ with_context('inner') }} {{ with_context('outer') }} {{ context_callable('item') }}
{{ plain(item) }} {{ box(item) }} {{ table.get(item, 'none') }} {{ with_eval_context(item) }}
{% endfor %}
{% block body %}{% set in_block = 'b' %}{{ with_context('in_block') }} {{ plain('in block') }}{% endblock %}"""


def render(context_class: type[Context], autoescape: bool) -> str:
    env = Environment(loader=DictLoader({"macros.html": MACROS, "page.html": PAGE}), autoescape=autoescape)  # noqa: S701 - both modes compared
    env.context_class = context_class
    env.globals.update(
        plain=plain,
        with_context=with_context,
        with_eval_context=with_eval_context,
        with_environment=with_environment,
        stops=stops,
        callable=Callable(),
        context_callable=ContextCallable(),
        holder=Holder(),
        table={"k": "<v>", "one": 1},
    )
    return env.get_template("page.html").render(outer="given")


def test_every_kind_of_callable_gets_what_jinjas_context_gives_it():
    for autoescape in (True, False):
        expected = render(Context, autoescape)
        assert render(PortalContext, autoescape) == expected
    assert "inner=two!" in expected and "outer=set at the top" in expected and "in_block=b" in expected
    assert "True" in expected  # a StopIteration is undefined


def test_the_portal_environment_uses_the_context_class(app):
    assert app.jinja_env.context_class is PortalContext


def test_a_new_context_has_jinjas_names_values_and_order():
    from jinja2.runtime import new_context
    from jinja2.utils import missing

    from portal.templating import PortalTemplate

    env = Environment(loader=DictLoader({"macros.html": MACROS}), autoescape=True)
    env.template_class = PortalTemplate
    env.globals.update(shared="env", only_env=1, overridden="env")
    template = env.from_string("{{ shared }}", globals={"overridden": "template", "own": 2})
    cases = [
        ({}, None),
        ({"shared": "var", "x": 1}, None),
        ({"x": 1}, {"l_1_y": 3, "l_1_z": missing, "own": "local"}),
    ]
    for variables, local_names in cases:
        ours = template.new_context(dict(variables), locals=local_names)
        jinjas = new_context(
            env, template.name, template.blocks, dict(variables), False, template.globals, local_names
        )
        assert list(ours.parent.items()) == list(jinjas.parent.items())
        assert ours.globals_keys == jinjas.globals_keys
        assert type(ours) is type(jinjas)
    shared_vars = {"a": 1}
    assert template.new_context(shared_vars, shared=True).parent is shared_vars  # an include: no copy
    assert template.render(shared="given") == "given"
    assert env.get_template("macros.html").module.box("t") == "[t|k|]"


def test_a_dicts_keys_and_methods_read_as_jinja_reads_them():
    """`PortalEnvironment.getattr` takes a plain dict's key without trying `getattr` first: the same
    value, method or undefined as Jinja's for keys, missing names and the dict's own attributes."""
    from collections import OrderedDict, defaultdict

    from flask import Flask
    from jinja2 import Undefined

    from portal.template_translations import PortalEnvironment

    jinja, portal = Environment(autoescape=True), PortalEnvironment(Flask(__name__))
    objects = [
        {"href": "/x", "items": "shadowed", "current": False, "": 1},
        {},
        OrderedDict(text="t"),
        defaultdict(lambda: "default", text="t"),
        "text",
    ]
    names = [
        "href",
        "current",
        "items",
        "keys",
        "get",
        "__class__",
        "__len__",
        "missing",
        "",
        "text",
        "upper",
    ]
    for obj in objects:
        for name in names:
            expected, got = jinja.getattr(obj, name), portal.getattr(obj, name)
            if isinstance(expected, Undefined):
                assert isinstance(got, Undefined), (obj, name)
                assert got._undefined_name == name and got._undefined_obj is obj
            else:
                assert got == expected, (obj, name)
    template = portal.from_string("{{ link.href }} {{ link.missing is defined }} {{ link.items is defined }}")
    assert template.render(link={"href": "/a"}) == "/a False True"
