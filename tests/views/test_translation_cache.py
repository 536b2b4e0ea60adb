"""The catalog is looked up once per request and locale; a changed locale within a request is seen."""

from flask import render_template_string
from flask_babel import gettext, lazy_gettext, ngettext, refresh

from portal.i18n import in_language, remember_language

HEADING = {"en": "Find work and support", "et": "Leidke tööd ja tuge", "ru": "Найдите работу и поддержку"}


def test_templates_and_code_follow_forced_locales_within_one_request(app):
    template = "{{ _('Find work and support') }}"
    with app.test_request_context("/", headers={"Accept-Language": "et"}):
        assert render_template_string(template) == HEADING["et"]
        assert gettext("Find work and support") == HEADING["et"]
        with in_language("ru"):
            assert render_template_string(template) == HEADING["ru"]
            assert gettext("Find work and support") == HEADING["ru"]
            assert str(lazy_gettext("Find work and support")) == HEADING["ru"]
            with in_language("en"):
                assert render_template_string(template) == HEADING["en"]
            assert render_template_string(template) == HEADING["ru"]
        assert render_template_string(template) == HEADING["et"]
        assert str(lazy_gettext("Find work and support")) == HEADING["et"]


def test_a_language_chosen_during_the_request_applies_after_refresh(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert gettext("Find work and support") == HEADING["en"]
        remember_language("et")
        refresh()
        assert gettext("Find work and support") == HEADING["et"]
        assert render_template_string("{{ _('Find work and support') }}") == HEADING["et"]


def test_plural_forms_and_named_values_in_templates(app):
    template = (
        "{{ ngettext('%(num)d appeal waiting', '%(num)d appeals waiting', n) }}"
        "|{{ _('Hello %(name)s', name='<b>') }}"
    )
    with app.test_request_context("/", headers={"Accept-Language": "ru"}):
        assert render_template_string(template, n=1).startswith("1 жалоба в ожидании|")
        assert render_template_string(template, n=3).startswith("3 жалобы в ожидании|")
        assert render_template_string(template, n=5).startswith("5 жалоб в ожидании|")
        # Values are escaped as before; the (untranslated) text is not.
        assert render_template_string(template, n=1).endswith("|Hello &lt;b&gt;")
        unescaped = "{% autoescape false %}{{ _('Hello %(name)s', name='<b>') }}{% endautoescape %}"
        assert render_template_string(unescaped) == "Hello <b>"
        # Formatted even without values, as Jinja's new style does: `%%` is one `%`.
        assert render_template_string("{{ _('100%% sure') }}|{{ _('plain') }}") == "100% sure|plain"
        assert ngettext("%(num)d appeal waiting", "%(num)d appeals waiting", 21) == "21 жалоба в ожидании"


def test_outside_a_request_strings_are_untranslated(app):
    assert gettext("Find work and support") == "Find work and support"
    assert app.jinja_env.from_string("{{ _('Find work and support') }}").render() == "Find work and support"
