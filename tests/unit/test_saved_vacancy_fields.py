"""A GET of a saved vacancy's form writes its fields from the data without a form
(`portal.web.saved_vacancy_fields`): byte for byte what `vacancy_fields` writes for the form
built from the same data, for many vacancies' data, in English, Estonian and Albanian; and None
(the form is built) where only the form can say."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from markupsafe import Markup

from portal.services.vacancies.rules import DRIVING_LICENCE_CATEGORIES, WORK_LANGUAGES
from portal.web import saved_vacancy_fields, vacancy_form
from portal.web.vacancy_fields import vacancy_fields

SEARCH_URL = "/employer/vacancies/occupation-search?a=1&b=2"
FILLED = {
    "title": 'Cook <b> & "chef"',
    "occupation": "5120",
    "description": "<p>Cook & serve</p>",
    "remote": "hybrid",
    "place_1": "0784",
    "working_time": "full",
    "contract": "fixed_term",
    "contract_end": dt.date(2027, 8, 31),
    "wage_min": "1500",
    "wage_max": "2000",
    "education_level": "3",
    "language_1": "et",
    "level_1": "B2",
    "driving_licence": ["B", "C"],
    "experience_years": "2",
    "positions": "3",
    "start_date": None,
    "deadline": dt.date(2027, 1, 31),
    "apply_method": "email",
    "apply_address": "jobs@example.com",
    "contact_name": "Mari <Maasikas>",
    "contact_email": "mari@example.com",
    "contact_phone": "+372 5123 4567",
    "version": 4,
}
ODD_TEXTS = ["", "  padded  ", "Cafe\u0301 & <i>'x'</i>", "line\nbreak", "\u00a0nbsp\u00a0", "0"]


def _choices(language: str) -> dict[str, list[str]]:
    form = vacancy_form.VacancyForm()
    vacancy_form.prepare(form, language, [])
    return {f.short_name: [choice.value for choice in f.choices] for f in form if hasattr(f, "choices")}


def _variants(language: str) -> list[dict]:
    choices = _choices(language)
    shuffle = random.Random(18)
    variants = [dict(FILLED), {**FILLED, "version": None, "contract_end": None, "driving_licence": []}]
    for name in ("remote", "working_time", "contract", "apply_method"):
        variants += [{**FILLED, name: value} for value in [*choices[name], "moon", f" {choices[name][0]} "]]
    for _ in range(40):
        data = dict(FILLED)
        for name in ("title", "description", "wage_min", "wage_max", "apply_address", "contact_name"):
            data[name] = shuffle.choice([*ODD_TEXTS, None, FILLED[name]])
        for name in ("contact_email", "contact_phone", "experience_years", "positions"):
            data[name] = shuffle.choice([None, "", " 7 ", FILLED[name]])
        for name in ("place_1", "place_2", "place_3"):
            if shuffle.random() < 0.6:
                data[name] = shuffle.choice([*choices["place_1"][:5], "9999", ""])
            else:
                data.pop(name, None)
        for index in (1, 2, 3):
            if shuffle.random() < 0.5:
                data[f"language_{index}"] = shuffle.choice([*WORK_LANGUAGES, "xx"])
                data[f"level_{index}"] = shuffle.choice([*choices["level_1"], "C9"])
        data["education_level"] = shuffle.choice(choices["education_level"] + ["77"])
        data["driving_licence"] = shuffle.sample([*DRIVING_LICENCE_CATEGORIES, "Z"], shuffle.randrange(4))
        for name in ("contract_end", "start_date", "deadline"):
            data[name] = shuffle.choice(
                [None, dt.date(2027, shuffle.randrange(1, 13), shuffle.randrange(1, 29))]
            )
        data["version"] = shuffle.choice([None, 1, 12345])
        data["occupation"] = shuffle.choice(["5120", " 5120 ", "9412", "2512"])
        variants.append(data)
    return variants


@pytest.mark.parametrize("language", ["en", "et", "sq"])
def test_written_from_the_data_as_the_form_writes_it(app, language):
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for data in _variants(language):
            form = vacancy_form.VacancyForm(data=data)
            form.submit_action = "save"
            vacancy_form.prepare(form, language, [])
            expected = vacancy_fields(form, SEARCH_URL, [], False)
            for _ in range(2):  # the frame made, then kept
                written = saved_vacancy_fields.written(data, language, SEARCH_URL)
                assert isinstance(written, Markup)
                assert written == expected, data


def test_only_the_form_says_without_a_known_occupation(app):
    with app.test_request_context("/"):
        for occupation in (None, "", "0000", "abc"):
            assert (
                saved_vacancy_fields.written({**FILLED, "occupation": occupation}, "en", SEARCH_URL) is None
            )
        assert saved_vacancy_fields.written({**FILLED, "version": "4"}, "en", SEARCH_URL) is None
