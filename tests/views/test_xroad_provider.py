"""The PES's own X-Road service: the contract's answers, the allow-list, the rate limit, the log."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import QueryDirection, XRoadQuery
from tests.conftest import empty_tables
from tests.contract import assert_error_body, assert_werkzeug_conforms

SAS = "DEV/GOV/70000005/sas"
STRANGER = "DEV/COM/12345678/curious"
PREFIX = "/xroad/pes"


def conforms(response):
    assert_werkzeug_conforms("pes", response, prefix=PREFIX)
    return response


def incoming(app):
    with app.app_context():
        return db.session.scalars(
            select(XRoadQuery).where(XRoadQuery.direction == QueryDirection.INCOMING).order_by(XRoadQuery.id)
        ).all()


def test_an_allowed_client_learns_that_a_person_is_not_registered(app, client):
    xroad_id = str(uuid.uuid4())
    response = conforms(
        client.get(
            f"{PREFIX}/v1/jobseekers/38001085718",
            headers={
                "X-Road-Client": SAS,
                "X-Road-Id": xroad_id,
                "X-Road-UserId": "EE49403136526",
                "X-Road-Issue": "SAS-2026-77",
            },
        )
    )
    assert response.status_code == 200
    assert response.json == {
        "personalCode": "38001085718",
        "status": "NOT_REGISTERED",
        "registeredOn": None,
        "deregisteredOn": None,
        "deregistrationReason": None,
        "refusals": [],
        "certificate": None,
    }
    assert response.headers["X-Road-Id"] == xroad_id
    assert response.headers["X-Road-Service"] == "DEV/GOV/70000001/pes/jobseekers"
    assert "Set-Cookie" not in response.headers
    [row] = incoming(app)
    assert (row.client, row.subject_code, row.on_behalf_of, row.issue, row.outcome, row.http_status) == (
        SAS,
        "38001085718",
        "EE49403136526",
        "SAS-2026-77",
        "ok",
        200,
    )
    assert row.operation == "getJobseeker" and row.xroad_id == xroad_id


def test_an_unlisted_client_is_refused_before_the_parameters_are_looked_at(app, client):
    for path in ("/v1/jobseekers/38001085718", "/v1/jobseekers/not-a-code", "/v1/certificates/X"):
        response = conforms(client.get(PREFIX + path, headers={"X-Road-Client": STRANGER}))
        assert response.status_code == 403
        assert response.json["type"] == "Forbidden"
        assert "X-Road-Error" not in response.headers
    rows = incoming(app)
    assert [(row.client, row.outcome, row.subject_code) for row in rows] == [
        (STRANGER, "forbidden", None)
    ] * 3


def test_a_request_without_a_client_header_is_refused_as_xroad_would(app, client):
    response = conforms(client.get(f"{PREFIX}/v1/jobseekers/38001085718"))
    assert response.status_code == 400
    assert response.headers["X-Road-Error"] == response.json["type"] == "Client.BadRequest"
    malformed = client.get(f"{PREFIX}/v1/jobseekers/38001085718", headers={"X-Road-Client": "just-me"})
    assert malformed.status_code == 400


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/v1/jobseekers/3800108571x", "personalCode"),
        ("/v1/certificates/a", "number"),
        # `re.match` with `$` let a trailing newline through; the profile's parser refuses a
        # code of the wrong length or with a wrong check digit (it names nobody).
        ("/v1/jobseekers/38001085718%0A", "personalCode"),
        ("/v1/jobseekers/38001085718%0D%0A", "personalCode"),
        ("/v1/jobseekers/38001085719", "personalCode"),
        ("/v1/jobseekers/3800108571", "personalCode"),
        ("/v1/certificates/PES-2026-000001%0A", "number"),
    ],
)
def test_parameters_are_checked_against_the_contract(client, path, detail):
    response = client.get(PREFIX + path, headers={"X-Road-Client": SAS})
    assert response.status_code == 400
    assert response.json["type"] == "BadRequest" and response.json["detail"] == detail


@pytest.fixture
def kosovo_app(make_app):
    app = make_app(PROFILE="XK")
    yield app
    with app.app_context():
        empty_tables()


def test_a_kosovo_portal_takes_ten_digit_personal_numbers(kosovo_app):
    client = kosovo_app.test_client()
    response = client.get(f"{PREFIX}/v1/jobseekers/1234567890", headers={"X-Road-Client": SAS})
    assert response.status_code == 200 and response.json["status"] == "NOT_REGISTERED"
    refused = client.get(f"{PREFIX}/v1/jobseekers/38001085718", headers={"X-Road-Client": SAS})
    assert refused.status_code == 400 and refused.json["detail"] == "personalCode"


def test_an_unknown_certificate_is_not_found_and_the_message_names_no_one(client):
    response = conforms(
        client.get(f"{PREFIX}/v1/certificates/PES-2026-000001", headers={"X-Road-Client": SAS})
    )
    assert response.status_code == 404
    assert response.json["type"] == "NotFound"


def test_unknown_operations_and_methods(client):
    unknown = client.get(f"{PREFIX}/v1/nothing/here", headers={"X-Road-Client": SAS})
    assert (unknown.status_code, unknown.json["type"]) == (404, "UnknownOperation")
    wrong_method = client.post(f"{PREFIX}/v1/jobseekers/38001085718", headers={"X-Road-Client": SAS})
    assert (wrong_method.status_code, wrong_method.json["type"]) == (405, "UnknownOperation")
    for response in (unknown, wrong_method):
        assert_error_body("pes", response.json)


def test_each_client_is_rate_limited(make_app):
    app = make_app(
        XROAD_RATE_LIMIT="2 per minute", XROAD_ALLOWED_CLIENTS=f"jobseekers: {SAS} DEV/GOV/1/other"
    )
    client = app.test_client()
    path = f"{PREFIX}/v1/jobseekers/38001085718"
    assert [client.get(path, headers={"X-Road-Client": SAS}).status_code for _ in range(2)] == [200, 200]
    limited = conforms(client.get(path, headers={"X-Road-Client": SAS}))
    assert limited.status_code == 429
    assert limited.json["type"] == "TooManyRequests"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # Another client has its own budget.
    assert client.get(path, headers={"X-Road-Client": "DEV/GOV/1/other"}).status_code == 200
    with app.app_context():
        from tests.conftest import empty_tables

        empty_tables()


def test_only_the_security_server_may_call(app, client):
    outsider = client.get(
        f"{PREFIX}/v1/jobseekers/38001085718",
        headers={"X-Road-Client": SAS},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert outsider.status_code == 403 and outsider.json["type"] == "Forbidden"
    assert incoming(app) == []  # nobody is named, so nothing about anybody is logged
