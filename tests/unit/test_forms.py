import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import StringField

from portal.web.fields import DateInputField
from portal.web.forms import PortalForm


class ExampleForm(PortalForm):
    class Meta:
        csrf = False

    name = StringField("Name")
    born = DateInputField("Date of birth")


@pytest.fixture
def ctx(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def test_portal_form_strips_whitespace(ctx):
    form = ExampleForm(formdata=MultiDict({"name": "  Mari \n"}))
    assert form.name.data == "Mari"


def test_each_form_adds_its_filters_once_whatever_the_number_of_forms_made(ctx):
    class Filtered(PortalForm):
        class Meta:
            csrf = False

        code = StringField("Code", filters=[str.upper])

    for _ in range(3):
        form = Filtered(formdata=MultiDict({"code": "  ab1 "}))
    # Strip, NFC, then the field's own filter: three, not two more per form made before.
    assert len(form.code.filters) == 3
    assert form.code.data == "AB1"
    assert len(ExampleForm(formdata=None).name.filters) == 2


def test_date_input_reads_three_parts(ctx):
    form = ExampleForm(formdata=MultiDict({"born-day": "8", "born-month": "1", "born-year": "1980"}))
    assert form.validate()
    assert form.born.data == dt.date(1980, 1, 8)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"born-day": "8", "born-year": "1980"}, "Enter a complete date"),
        ({"born-day": "31", "born-month": "2", "born-year": "1980"}, "Enter a real date"),
        ({"born-day": "x", "born-month": "2", "born-year": "1980"}, "Enter a real date"),
        ({"born-day": "1", "born-month": "2", "born-year": "80"}, "Enter a real date"),
        ({"born-day": "١", "born-month": "2", "born-year": "1980"}, "Enter a real date"),
    ],
)
def test_date_input_errors_never_crash(ctx, parts, message):
    form = ExampleForm(formdata=MultiDict(parts))
    assert not form.validate()
    assert message in str(form.born.errors[0])
    assert form.born.data is None
    assert form.born.parts()[0].value == parts.get("born-day", "")


def test_date_input_renders_existing_value(ctx):
    form = ExampleForm(data={"born": dt.date(2001, 2, 3)})
    assert [p.value for p in form.born.parts()] == ["3", "2", "2001"]


def test_wtforms_messages_are_in_the_request_language_and_each_catalog_is_read_once(app):
    from flask_wtf.i18n import translations as flask_wtf_translations
    from wtforms.validators import DataRequired

    from portal.web import forms

    class Required(PortalForm):
        class Meta:
            csrf = False

        name = StringField("Name", validators=[DataRequired()])

    read_before = forms._wtforms_catalog.cache_info().misses
    for language in ("ru", "et", "en", "ru", "et"):
        with app.test_request_context(method="POST", headers={"Accept-Language": language}):
            form = Required(formdata=MultiDict({"name": ""}))
            assert not form.validate()
            # What Flask-WTF's own translations (read per request) give for the same message.
            expected = flask_wtf_translations.gettext("This field is required.")
            assert form.name.errors == [expected]
            if language == "ru":
                assert expected != "This field is required."
            assert flask_wtf_translations.ngettext("a", "b", 2) == forms.WTFORMS_TRANSLATIONS.ngettext(
                "a", "b", 2
            )
    # One catalog per language for the process, not one per request.
    assert forms._wtforms_catalog.cache_info().misses - read_before <= 3
