from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from portal.web.select_options import cached_choices, select_options


class PlaceForm(Form):
    place = SelectField("Place", choices=[], validate_choice=False)


def _built():
    yield SelectChoice("", "Select a municipality")
    yield SelectChoice("0784", "Tallinn")
    yield SelectChoice("0795", 'Tartu & "<vald>"')


def test_a_cached_list_is_built_once_and_marks_the_selected_option():
    calls = []

    def build():
        calls.append(1)
        return _built()

    key = ("test places", "en", object())  # its own key: the cache lives as long as the process
    first = cached_choices(key, build)
    again = cached_choices(key, build)
    assert first is again and len(calls) == 1

    form = PlaceForm(data={"place": "0795"})
    form.place.choices = first
    assert str(select_options(form.place)) == (
        '<option value="">Select a municipality</option>\n'
        '<option value="0784">Tallinn</option>\n'
        '<option value="0795" selected>Tartu &amp; &#34;&lt;vald&gt;&#34;</option>'
    )
    # The rendered options of the list are not changed by one request's selection.
    other = PlaceForm(data={"place": "0784"})
    other.place.choices = first
    assert '<option value="0784" selected>' in select_options(other.place)
    assert '<option value="0795">' in select_options(other.place)


def test_a_list_built_per_request_is_left_to_the_template():
    form = PlaceForm(data={"place": "0784"})
    form.place.choices = list(_built())
    assert select_options(form.place) is None


def test_the_same_options_as_the_template_loop(app):
    form = PlaceForm(data={"place": "0784"})
    form.place.choices = cached_choices(("test places", "en"), _built)
    cached = app.jinja_env.from_string('{% from "components/select.html" import select %}{{ select(field) }}')
    form_loop = PlaceForm(data={"place": "0784"})
    form_loop.place.choices = list(_built())
    with app.test_request_context():
        fast = cached.render(field=form.place)
        slow = cached.render(field=form_loop.place)
    squeeze = lambda html: [line.strip() for line in html.splitlines() if line.strip()]  # noqa: E731
    assert squeeze(fast) == squeeze(slow)
