"""Every route declares who may use it, types its variables and uses kebab-case paths."""

import re

from portal.security import rule_for_endpoint

KEBAB_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Paths fixed by external standards, not by us.
STANDARD_SEGMENTS = {".well-known", "openid-configuration"}
UNTYPED = re.compile(r"<(?:default:|string:)?[a-z_]+>")


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_has_an_access_rule(app):
    missing = [rule.rule for rule in _rules(app) if rule_for_endpoint(app, rule.endpoint) is None]
    assert missing == []


def test_every_variable_has_a_typed_converter(app):
    untyped = [rule.rule for rule in _rules(app) if UNTYPED.search(rule.rule)]
    assert untyped == []


def test_every_path_is_kebab_case(app):
    offenders = []
    for rule in _rules(app):
        for segment in rule.rule.strip("/").split("/"):
            if not segment or segment.startswith("<") or segment in STANDARD_SEGMENTS:
                continue
            if not KEBAB_SEGMENT.match(segment):
                offenders.append(rule.rule)
    assert offenders == []


def test_the_checks_catch_offenders(make_app):
    app = make_app()
    app.add_url_rule("/Bad_Path/<name>", "offender", lambda name: name)
    assert rule_for_endpoint(app, "offender") is None
    assert UNTYPED.search("/Bad_Path/<name>")
    assert not KEBAB_SEGMENT.match("Bad_Path")
