"""The account bar on every signed-in page: "Switch role" only to people with more than one role."""

from __future__ import annotations

import re

EN = {"Accept-Language": "en"}


def account_bar(client, path: str) -> str:
    page = client.get(path, headers=EN).get_data(as_text=True)
    found = re.search(r'<section class="portal-account-bar".*?</section>', page, re.DOTALL)
    assert found, page[:500]
    return found.group(0)


def test_a_person_with_one_role_is_not_offered_to_switch_roles(client_as):
    bar = account_bar(client_as("jobseeker"), "/jobseeker/")

    assert "Switch role" not in bar
    # Acting for a company is still one click away: the business register says who may.
    assert re.search(r'href="/roles">\s*Act for a company\s*</a>', bar)


def test_a_counsellor_may_switch_roles(client_as):
    bar = account_bar(client_as("counsellor"), "/backoffice/")

    assert re.search(r'href="/roles">\s*Switch role\s*</a>', bar)
    assert "Act for a company" not in bar
