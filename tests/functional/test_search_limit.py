"""The anonymous search's limit per address (`portal/web/search/limit.py`) answers exactly as
Flask-Limiter's decorator does: the same counts, statuses, `X-RateLimit-*` headers, `Retry-After`
and 429 page, in memory and in Redis."""

from __future__ import annotations

import re
import time
import uuid

import pytest

from portal.web.search import limit
from tests.shared_services import redis_url_or_skip

EN = {"Accept-Language": "en"}
HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After")
_NONCE = re.compile(r'nonce="[^"]*"')


def answers(app, address: str, path: str = "/jobs", count: int = 5) -> list[tuple]:
    """Each answer's status, limit headers and 429 page; the reset and the retry as the moment they
    name, in seconds from the first request (a loaded machine takes seconds over a request)."""
    client = app.test_client()
    warm = f"2001:db8::{uuid.uuid4().hex[:4]}"
    client.get(path, headers=EN, environ_base={"REMOTE_ADDR": warm})  # the templates compiled first
    found, started = [], int(time.time())
    for _ in range(count):
        answer = client.get(path, headers=EN, environ_base={"REMOTE_ADDR": address})
        headers = {name: answer.headers.get(name) for name in HEADERS}
        if headers["X-RateLimit-Reset"] is not None:
            headers["X-RateLimit-Reset"] = str(int(headers["X-RateLimit-Reset"]) - started)
        if headers["Retry-After"] is not None:
            headers["Retry-After"] = str(int(headers["Retry-After"]) + int(time.time()) - started)
        body = _NONCE.sub("", answer.get_data(as_text=True)) if answer.status_code == 429 else ""
        found.append((answer.status_code, headers, body))
    return found


def same(fast: list[tuple], decorator: list[tuple]) -> None:
    assert [status for status, _h, _b in fast] == [status for status, _h, _b in decorator]
    assert [body for _s, _h, body in fast] == [body for _s, _h, body in decorator]
    for (_s, headers, _b), (_s2, expected, _b2) in zip(fast, decorator, strict=True):
        assert headers.keys() == expected.keys()
        assert [headers[name] is None for name in HEADERS] == [expected[name] is None for name in HEADERS]
        for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining"):
            assert headers[name] == expected[name]
        for name in ("X-RateLimit-Reset", "Retry-After"):  # seconds: a loaded machine's moments apart
            if expected[name] is not None:
                assert abs(int(headers[name]) - int(expected[name])) <= 3


@pytest.mark.parametrize("storage", ["memory", "redis"])
@pytest.mark.parametrize("path", ["/jobs", "/trainings?q=kokk"])
def test_the_limit_answers_as_flask_limiters_decorator(make_app, monkeypatch, storage, path):
    overrides: dict[str, object] = {"RATELIMIT_SEARCH": "3 per minute"}
    if storage == "redis":
        overrides["REDIS_URL"] = redis_url_or_skip()
    calls = []
    counted = limit._counted

    def spy(*arguments):
        calls.append(counted(*arguments))
        return calls[-1]

    monkeypatch.setattr(limit, "_counted", spy)
    fast = answers(make_app(**overrides), f"2001:db8::{uuid.uuid4().hex[:4]}", path)
    assert calls[1:] == [True, True, True, False, False]  # over the limit: the decorator answers

    monkeypatch.setattr(limit, "_counted", lambda *_arguments: False)
    decorator = answers(make_app(**overrides), f"2001:db8::{uuid.uuid4().hex[:4]}", path)
    assert [status for status, _h, _b in decorator] == [200, 200, 200, 429, 429]
    assert decorator[0][1]["X-RateLimit-Remaining"] == "2"
    same(fast, decorator)


def test_an_exempt_request_is_not_counted_nor_given_headers(make_app):
    app = make_app(RATELIMIT_SEARCH="1 per minute")
    with app.test_request_context("/jobs"):
        from flask.globals import request_ctx

        for _ in range(3):
            assert limit._counted(lambda: "1 per minute", lambda: True)  # a signed-in person's
        # Flask-Limiter's request context was never made: its after-request hook adds no header.
        assert not hasattr(request_ctx._get_current_object(), "_limiter_request_context")


def test_a_limit_of_several_windows_is_left_to_the_decorator(make_app):
    app = make_app(RATELIMIT_SEARCH="2 per minute; 100 per hour")
    statuses = [status for status, _h, _b in answers(app, f"2001:db8::{uuid.uuid4().hex[:4]}", count=3)]
    assert statuses == [200, 200, 429]
