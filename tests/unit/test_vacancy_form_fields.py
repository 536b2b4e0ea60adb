"""The vacancy form binds each field once per process and copies it for each form
(`VacancyForm.Meta.bind_field`), and its radios yield plain option records: each form must still
have fields of its own, and the options must read as WTForms' would."""

from werkzeug.datastructures import MultiDict
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from portal.web.forms import PortalForm
from portal.web.vacancy_form import Radios, VacancyForm


def test_each_form_has_fields_of_its_own(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        first = VacancyForm(data={"title": "Cook", "remote": "remote"})
        second = VacancyForm(formdata=MultiDict({"title": "  Baker ", "remote": "hybrid"}))
        third = VacancyForm()
        for name in ("title", "remote", "place_1", "deadline", "driving_licence"):
            assert first[name] is not second[name] is not third[name]
            assert first[name].label is not second[name].label
            assert first[name].flags is not second[name].flags
        assert (first.title.data, second.title.data, third.title.data) == ("Cook", "Baker", None)
        assert (first.remote.data, second.remote.data, third.remote.data) == ("remote", "hybrid", "on_site")
        assert first.title._form is first and second.title._form is second
        assert first.title.meta is first.meta and second.title.meta is second.meta

        first.title.label.text = "Changed"
        first.remote.choices.append(SelectChoice("moon", "On the moon"))
        first.title.flags.extra = True
        assert str(second.title.label.text) == str(third.title.label.text) == "Job title"
        assert [choice.value for choice in second.remote.choices] == [
            choice.value for choice in VacancyForm().remote.choices
        ]
        assert "moon" not in [choice.value for choice in third.remote.choices]
        assert not getattr(second.title.flags, "extra", False)
        assert second.title.flags.required and third.title.flags.required

        second.validate()
        assert second.title.errors == [] and "Enter the job title" not in str(first.title.errors)
        assert second.deadline.errors and not third.deadline.errors
        assert "csrf_token" in [field.name for field in second]


class _Plain(PortalForm):
    class Meta:
        csrf = False

    choice = RadioField("Choice", choices=[SelectChoice("a", "A & A"), SelectChoice("b", "B")])


class _Fast(_Plain):
    choice = Radios("Choice", choices=[SelectChoice("a", "A & A"), SelectChoice("b", "B")])


def test_radio_options_read_as_wtforms_options(app):
    with app.test_request_context("/"):
        plain, fast = _Plain(data={"choice": "b"}), _Fast(data={"choice": "b"})
        read = [
            [(option.id, option.data, option.checked, str(option.label.text)) for option in form.choice]
            for form in (plain, fast)
        ]
        assert read[0] == read[1] == [("choice-0", "a", False, "A & A"), ("choice-1", "b", True, "B")]


def test_each_training_form_has_fields_of_its_own(app):
    """The training form binds its fields once too (`BindOnce`): each form its own fields, data
    and errors; the place and language lists are the ones it was given."""
    from portal.web.backoffice.training_forms import TrainingForm

    places = [SelectChoice("", "No place"), SelectChoice("0784", "Tallinn")]
    languages = [SelectChoice("et", "Estonian")]
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        first = TrainingForm(places=places, languages=languages, data={"title": "Welding", "remote": "yes"})
        second = TrainingForm(
            places=places, languages=languages, formdata=MultiDict({"title": " Cooking ", "hours": "x"})
        )
        for name in ("title", "remote", "starts_on", "municipality_code", "hours"):
            assert first[name] is not second[name]
            assert first[name].label is not second[name].label
        assert (first.title.data, second.title.data) == ("Welding", "Cooking")
        assert (first.remote.data, second.remote.data) == ("yes", "no")
        assert first.municipality_code.choices is second.municipality_code.choices is places
        assert not second.validate()
        assert second.hours.errors and not first.hours.errors
        assert [(option.id, option.checked) for option in first.remote] == [
            ("remote-0", False),
            ("remote-1", True),
        ]


def test_each_plan_row_has_fields_of_its_own(app):
    """The plan form's activity rows bind their fields once per row and process (`BindOnce`):
    each form's rows still have fields, data, filters and errors of their own."""
    from portal.web.backoffice.views.plan import PlanForm

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        first = PlanForm(formdata=None, goal="Work", activities=[{"kind": "apply", "actor": "jobseeker"}] * 6)
        second = PlanForm(
            formdata=MultiDict(
                {
                    "goal": "Work",
                    "activities-0-description": "  Apply to three jobs ",
                    "activities-0-kind": "apply",
                }
            )
        )
        for row in range(6):
            for name in ("kind", "description", "due_on", "actor"):
                assert first.activities[row].form[name] is not second.activities[row].form[name]
        assert first.activities[0].form.kind.id == second.activities[0].form.kind.id == "activities-0-kind"
        assert first.activities[5].form.actor.name == "activities-5-actor"
        assert first.activities[0].form.description.data is None
        assert second.activities[0].form.description.data == "Apply to three jobs"  # stripped, as before
        assert not second.validate()
        assert second.activities[0].form.due_on.errors == ["Enter the due date of the activity"]
        assert not first.activities[0].form.due_on.errors
