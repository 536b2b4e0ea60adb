"""A parameter given twice (`?code=A&code=B`) is ambiguous and refused with 400, in query strings
and form bodies alike; only the checkbox lists a view declares may repeat."""

from __future__ import annotations

import re

import pytest

from portal.web.parameters import REPEATABLE_ATTRIBUTE


def csrf_token(response) -> str:
    return re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


@pytest.mark.parametrize(
    "path",
    [
        "/verify?code=ABCD-EFGH-JKLM&code=NPQR-STUV-WXYZ",
        "/auth/callback?code=first&code=second&state=abcdefgh",
        "/language/en?next=/&next=https://example.org/",
        "/?a=1&a=1",
    ],
)
def test_repeated_query_parameters_are_refused(client, path):
    assert client.get(path).status_code == 400


def test_single_parameters_still_work(client):
    assert client.get("/verify?code=ABCD-EFGH-JKLM").status_code == 200


def test_a_repeated_form_field_is_refused(client_as):
    client = client_as("jobseeker")
    token = csrf_token(client.get("/roles"))
    answer = client.post("/roles", data={"role": ["jobseeker", "employer"], "csrf_token": token})
    assert answer.status_code == 400
    assert client.post("/roles", data={"role": "jobseeker", "csrf_token": token}).status_code != 400


def test_x_road_callers_get_the_contracts_error_body(client):
    response = client.get(
        "/xroad/pes/v1/jobseekers/38001085718?x=1&x=2", headers={"X-Road-Client": "DEV/GOV/70000005/sas"}
    )
    assert response.status_code == 400 and response.json["type"] == "BadRequest"


def test_only_checkbox_lists_are_declared_repeatable(app):
    declared = {
        endpoint: sorted(getattr(view, REPEATABLE_ATTRIBUTE))
        for endpoint, view in app.view_functions.items()
        if getattr(view, REPEATABLE_ATTRIBUTE, None)
    }
    assert declared == {
        "jobseeker.registration_occupations": ["occupations"],
        "jobseeker.registration_preferences": ["contracts", "languages", "places"],
        "jobseeker.profile_occupations": ["occupations"],  # the same forms on "my profile"
        "jobseeker.profile_preferences": ["contracts", "languages", "places"],
        "jobseeker.profile_other_details": ["driving_licence"],
        # The vacancy form's driving licence categories (employer, and a counsellor for an employer).
        "employer.vacancy_new": ["driving_licence"],
        "employer.vacancy_edit": ["driving_licence"],
        "backoffice.vacancy_on_behalf": ["driving_licence"],
        "backoffice.vacancy_edit": ["driving_licence"],  # a counsellor changes a vacancy
        "backoffice.caseload": ["flag"],  # the caseload's "show only" filters (a GET form)
        "backoffice.caseload_export": ["flag"],
        "backoffice.case_risk_compute": ["barriers"],  # the barriers the person declared
        # Offers: the fields a person agrees to show, and the jobseekers a vacancy is offered to.
        "jobseeker.accept_offer": ["fields"],
        "jobseeker.apply": ["fields"],
        "backoffice.propose_vacancy": ["persons"],
        "backoffice.vacancy_candidates_propose": ["person"],  # matching: the candidates selected
    }
