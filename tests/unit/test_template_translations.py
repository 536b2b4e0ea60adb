"""Templates' `_("…")` translated when compiled, per catalog (portal/template_translations.py): the
same text as the call at render time, in every language, and the call kept where it must be."""

from __future__ import annotations

import pytest
from flask import render_template
from jinja2 import DictLoader, TemplateSyntaxError

from portal.i18n import in_language
from portal.template_translations import PortalEnvironment

TEMPLATES = {
    "plain.html": "{{ _('Find work and support') }}|{{ gettext('Staff') }}",
    "values.html": "{{ _('Hello %(name)s', name=who) }}|{{ _('Hello %(name)s', name='<i>') }}",
    "percent.html": "{{ _('100%% sure') }}|{{ _('plain') }}",
    "unescaped.html": "{% autoescape false %}{{ _('Hello %(name)s', name=who) }}{% endautoescape %}",
    "text.txt": "{{ _('Hello %(name)s', name=who) }} {{ _('Find work and support') }}",
    "in_expressions.html": (
        "{% set title = _('Find work and support') %}{{ title }}|{{ title is string }}"
        "|{{ [_('Staff'), _('Employers')] | join(', ') }}|{{ (_('Staff') ~ '<b>') }}"
        "|{{ ngettext('%(num)d appeal waiting', '%(num)d appeals waiting', n) }}"
        "|{{ _(variable_text) }}"
    ),
    "macro.html": (
        "{% macro heading(text) %}<h1>{{ text }}</h1>{% endmacro %}{{ heading(_('Find work and support')) }}"
    ),
    "missing_value.html": "{{ _('Hello %(name)s') }}",
}
# Templates that name something else `_` or `gettext`: the call is left as it is.
SHADOWING = {
    "set.html": "{% set _ = upper %}{{ _('Staff') }}",
    "macro_argument.html": "{% macro m(gettext) %}{{ gettext('Staff') }}{% endmacro %}{{ m(upper) }}",
    "loop.html": "{% for _ in [upper] %}{{ _('Staff') }}{% endfor %}",
    "imported.html": '{% from "helpers.html" import shout as _ %}{{ _("Staff") }}',
    "helpers.html": "{% macro shout(text) %}{{ text | upper }}{% endmacro %}",
}
VALUES = {"who": "<b>Mari</b>", "n": 3, "variable_text": "Staff", "upper": str.upper}


@pytest.fixture
def env(app):
    """The portal's environment class on test templates, with the portal's globals."""
    environment = PortalEnvironment(
        app, loader=DictLoader({**TEMPLATES, **SHADOWING}), autoescape=app.select_jinja_autoescape
    )
    environment.globals.update(app.jinja_env.globals)
    return environment


def _called_at_render_time(app, env, name: str, language: str) -> str:
    """The template as before: compiled without a catalog, `_()` called when rendered."""
    source = env.loader.get_source(env, name)[0]
    code = env.compile(source, name, name)  # no catalog being compiled for: the calls stay
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return env.template_class.from_code(env, code, env.make_globals(None), None).render(**VALUES)


@pytest.mark.parametrize("language", ["en", "et", "ru"])
@pytest.mark.parametrize(
    "name", sorted(set(TEMPLATES) - {"missing_value.html"}) + sorted(set(SHADOWING) - {"helpers.html"})
)
def test_the_same_text_as_the_call_at_render_time(app, env, name, language):
    expected = _called_at_render_time(app, env, name, language)
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert env.get_template(name).render(**VALUES) == expected


def test_texts_are_compiled_in_not_called(app, env):
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        template = env.get_template("plain.html")
        env.globals["_"] = env.globals["gettext"] = None  # a call now would fail
        assert template.render() == "Leidke tööd ja tuge|Töötajad"
        # A template that binds the name itself still calls what it bound.
        assert env.get_template("set.html").render(upper=str.upper) == "STAFF"


def test_values_are_escaped_where_the_template_autoescapes(app, env):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert env.get_template("values.html").render(who="<b>") == "Hello &lt;b&gt;|Hello &lt;i&gt;"
        assert env.get_template("unescaped.html").render(who="<b>") == "Hello <b>"
        assert env.get_template("text.txt").render(who="<b>") == "Hello <b> Find work and support"
        assert env.get_template("percent.html").render() == "100% sure|plain"
        assert (
            env.get_template("in_expressions.html")
            .render(**VALUES)
            .startswith("Find work and support|True|Staff, Employers|Staff&lt;b&gt;|3 appeals waiting|Staff")
        )


def test_a_text_that_cannot_be_formatted_fails_when_rendered_as_before(app, env):
    with app.test_request_context("/"):
        template = env.get_template("missing_value.html")  # compiles
        with pytest.raises(KeyError):
            template.render()


def test_each_language_its_own_compiled_template(app, env):
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        estonian = env.get_template("plain.html")
        assert env.get_template("plain.html") is estonian  # kept
        with in_language("ru"):
            assert env.get_template("plain.html").render() == "Найдите работу и поддержку|Сотрудникам"
        assert estonian.render() == "Leidke tööd ja tuge|Töötajad"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert env.get_template("plain.html").render() == "Find work and support|Staff"
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        assert env.get_template("plain.html") is estonian


def test_without_a_request_the_template_calls_as_before(app, env):
    template = env.get_template("plain.html")  # no app, no catalog: the calls stay
    assert template.render() == "Find work and support|Staff"
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        # The same compiled template translates when rendered in a request.
        assert template.render() == "Leidke tööd ja tuge|Töötajad"
        assert env.get_template("plain.html") is not template


def test_a_template_error_is_still_reported(app, env):
    env.loader.mapping["broken.html"] = "{{ _('Staff' }}"
    with app.test_request_context("/"), pytest.raises(TemplateSyntaxError):
        env.get_template("broken.html")


def test_the_portal_renders_its_pages_with_it(app):
    assert isinstance(app.jinja_env, PortalEnvironment)
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        html = render_template("public/start/page.html")
    assert '<h1 class="govuk-heading-xl">Leidke tööd ja tuge</h1>' in html


def test_no_portal_template_binds_the_translating_or_linking_names(app):
    """An included template shares its parent's context, so a parent binding `_` (or `url_for`,
    `static_url`) would shadow it there too; none does (each template's own bindings are checked
    when it is compiled)."""
    from portal.template_translations import LINKING, TRANSLATING, _bound_names

    env = app.jinja_env
    for name in env.list_templates():
        source = env.loader.get_source(env, name)[0]
        assert not _bound_names(env.parse(source, name, name)) & (TRANSLATING | LINKING), name
