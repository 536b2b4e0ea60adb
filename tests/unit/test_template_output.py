"""Each run of template output yielded as one string (portal/template_output.py) renders as Jinja."""

import pytest
from jinja2 import DictLoader, Environment, Undefined
from markupsafe import Markup

from portal.template_output import PortalCodeGenerator

TEMPLATES = {
    "base.html": (
        '<html lang="{{ lang }}"><title>{% block title %}{% endblock %} – {{ name }}</title>'
        "{% set n = 3 %}<p>{{ n }} {{ '<b>' }} {{ safe }}</p>{% block content %}{% endblock %}"
        "{% for item in items %}<li>{{ loop.index }}: {{ item }}</li>{% endfor %}</html>"
    ),
    "page.html": (
        '{% extends "base.html" %}{% block title %}T {{ title }}{% endblock %}'
        "{% block content %}{% macro m(x) %}<i>{{ x }}</i>-{{ x }}{% endmacro %}"
        "{{ m(title) }}{{ super() }}<a href='{{ url }}'>{{ title|upper }}</a>{% endblock %}"
    ),
}
VALUES = {
    "lang": "et",
    "name": "A & B",
    "title": "<x>",
    "safe": Markup("<em>s</em>"),
    "items": ["a", "<b>"],
    "url": "/?a=1&b=2",
}


def _environment(generator, autoescape):
    class Env(Environment):
        code_generator_class = generator

    return Env(loader=DictLoader(TEMPLATES), autoescape=autoescape, undefined=Undefined)


@pytest.mark.parametrize("autoescape", [True, False])
def test_the_joined_runs_render_as_jinjas(autoescape):
    from jinja2.compiler import CodeGenerator

    ours = _environment(PortalCodeGenerator, autoescape).get_template("page.html")
    jinjas = _environment(CodeGenerator, autoescape).get_template("page.html")
    assert ours.render(VALUES) == jinjas.render(VALUES)
    assert "".join(ours.generate(VALUES)) == jinjas.render(VALUES)
    # Fewer, longer pieces: a run of text and values is one.
    assert len(list(ours.generate(VALUES))) < len(list(jinjas.generate(VALUES)))


def test_an_error_in_a_value_still_raises():
    env = _environment(PortalCodeGenerator, True)
    template = env.from_string("<p>{{ a }} {{ 1 // zero }}</p>")
    with pytest.raises(ZeroDivisionError):
        template.render(a=1, zero=0)
