"""Record ids in paths are bounded to what an id column holds: a huge id is a 404, never a 500
(PostgreSQL refuses integers from 2^31, SQLite from 2^63)."""

from __future__ import annotations

import pytest

HUGE_IDS = (2**31, 2**63, 10**30)


def _paths_with_ids(app, prefix: str, huge: int) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule or not rule.rule.startswith(prefix) or "GET" not in rule.methods:
            continue
        values = {name: huge for name in rule.arguments}
        paths.append(app.url_map.bind("localhost").build(rule.endpoint, values, force_external=False))
    return paths


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize(("role", "prefix"), [("jobseeker", "/jobseeker/"), ("supervisor", "/back-office/")])
def test_huge_ids_are_not_found(eid_app, client_as, role, prefix, huge):
    client = client_as(role)
    paths = _paths_with_ids(eid_app, prefix, huge)
    assert paths  # the routes under test exist
    answers = {path: client.get(path).status_code for path in paths}
    assert answers == {path: 404 for path in paths}


def test_the_largest_id_an_integer_column_holds_still_routes(app):
    adapter = app.url_map.bind("localhost")
    endpoint, values = adapter.match(f"/jobseeker/decisions/{2**31 - 1}")
    assert endpoint == "jobseeker.decision" and values == {"decision_id": 2**31 - 1}
