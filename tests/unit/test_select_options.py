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


def test_a_changing_list_gives_exactly_the_template_loop_s_text(app):
    """Lists made from data that changes (what to offer) are kept by their choices and give the
    loop's very bytes, selected option included."""
    from portal.web.select_options import changing_choices

    pairs = [("", ""), ("vacancy:2", 'Cook & "<chef>"'), ("measure:1", "Mentoring")]
    first = changing_choices(pairs)
    assert changing_choices(list(pairs)) is first  # the same choices: the same rendered list
    template = app.jinja_env.from_string(
        '{% from "components/select.html" import select %}{{ select(field) }}'
    )
    for chosen in (None, "", "vacancy:2", "measure:1", "training:9"):
        fast, slow = PlaceForm(data={"place": chosen}), PlaceForm(data={"place": chosen})
        fast.place.choices = first
        slow.place.choices = [SelectChoice(value, label) for value, label in pairs]
        with app.test_request_context():
            assert select_options(fast.place) is not None
            assert template.render(field=fast.place) == template.render(field=slow.place), chosen


def test_changing_lists_are_kept_up_to_a_bound_and_a_forgotten_one_falls_back_to_the_loop():
    from portal.web import select_options as module

    made = [module.changing_choices([("", ""), (f"vacancy:{number}", "Job")]) for number in range(200)]
    assert len(module._CHANGING) <= module._CHANGING_KEPT
    form = PlaceForm(data={"place": "vacancy:0"})
    form.place.choices = made[0]  # forgotten long ago, still held by a request
    assert select_options(form.place) is None  # the template's loop renders it
    form.place.choices = made[-1]
    assert select_options(form.place) is not None
