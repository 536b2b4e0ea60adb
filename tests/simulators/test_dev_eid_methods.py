"""The development eID page offers the methods of the country the portal serves."""

from __future__ import annotations

import re

import pytest

from tests.eid import EID_SETTINGS, start_login


def offered_methods(client) -> list[str]:
    page = client.get(start_login(client)).get_data(as_text=True)
    return re.findall(r'name="method" type="radio" value="([^"]+)"', page)


@pytest.mark.parametrize(
    ("profile", "methods"),
    [
        ("EE", ["mID", "idcard", "smartid", "eIDAS"]),
        ("XK", ["eKosova", "idcard"]),  # no Mobile-ID, Smart-ID or EU eIDAS in Kosovo
    ],
)
def test_the_login_page_offers_the_profiles_methods(make_app, profile, methods):
    client = make_app(**EID_SETTINGS, PROFILE=profile).test_client()

    assert offered_methods(client) == methods


def test_an_estonian_method_does_not_sign_in_to_the_kosovo_profile(make_app):
    client = make_app(**EID_SETTINGS, PROFILE="XK").test_client()
    page = client.get(start_login(client)).get_data(as_text=True)
    transaction = re.search(r'name="transaction" value="([^"]+)"', page).group(1)
    form = {"transaction": transaction, "person": "1234567890", "acr": "high", "method": "mID"}

    refused = client.post("/dev-eid/authorize", data=form)
    assert refused.status_code == 400

    form["method"] = "eKosova"
    form["transaction"] = re.search(
        r'name="transaction" value="([^"]+)"', refused.get_data(as_text=True)
    ).group(1)
    assert client.post("/dev-eid/authorize", data=form).status_code == 302
