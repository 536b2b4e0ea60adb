"""`PORTAL_DEV_XROAD=1` mounts the register simulators at /dev-xroad, sharing the in-process one."""

from __future__ import annotations

from tests.contract import assert_werkzeug_conforms

PERSON = "/dev-xroad/r1/DEV/GOV/70000002/population/persons/v1/persons/38001085718"


def test_the_simulators_answer_under_dev_xroad_when_asked_for(make_app):
    client = make_app(DEV_XROAD=True).test_client()
    response = client.get(PERSON, headers={"X-Road-Client": "DEV/GOV/70000001/pes"})
    assert response.status_code == 200
    assert response.json["familyName"] == "Jõeorg"
    assert_werkzeug_conforms(
        "population", response, prefix="/dev-xroad/r1/DEV/GOV/70000002/population/persons"
    )
    assert client.get(PERSON).status_code == 400  # no X-Road-Client, as a security server answers


def test_without_the_flag_nothing_is_mounted(make_app):
    client = make_app().test_client()
    assert client.get(PERSON, headers={"X-Road-Client": "DEV/GOV/70000001/pes"}).status_code == 404
