"""`PortalLimiter` skips Flask-Limiter's per-request work where no limit applies, and only there."""

from __future__ import annotations

import threading
import time

from flask import Blueprint, Flask
from flask_limiter.util import get_remote_address
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from portal.rate_limits import PortalLimiter, SweptMemoryStorage


def limited_app(**limiter_arguments) -> tuple[Flask, PortalLimiter]:
    app = Flask(__name__)
    app.config["RATELIMIT_STORAGE_URI"] = "portal-memory://"
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    limiter = PortalLimiter(key_func=get_remote_address, **limiter_arguments)

    @app.get("/limited")
    @limiter.limit("2 per minute")
    def limited() -> str:
        return "limited"

    @app.get("/free")
    def free() -> str:
        return "free"

    pages = Blueprint("pages", __name__)

    @pages.get("/in-blueprint")
    def in_blueprint() -> str:
        return "in blueprint"

    app.register_blueprint(pages)
    limiter.init_app(app)
    return app, limiter


def test_a_views_limit_still_counts_with_its_headers():
    app, _limiter = limited_app()
    client = app.test_client()
    answers = [client.get("/limited") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "2"
    assert answers[0].headers["X-RateLimit-Remaining"] == "1"
    assert "Retry-After" in answers[0].headers


def test_a_page_without_limits_has_no_limiter_work_and_no_headers():
    app, _limiter = limited_app()
    with app.test_client() as client:
        for _ in range(5):
            answer = client.get("/free")
            assert answer.status_code == 200
            assert not any(name.startswith("X-RateLimit") for name, _value in answer.headers)
        from flask.globals import request_ctx

        # The context Flask-Limiter makes when it looks at a request was never made.
        assert not hasattr(request_ctx._get_current_object(), "_limiter_request_context")


def test_default_limits_still_apply_to_every_page():
    app, _limiter = limited_app(default_limits=["2 per minute"])
    client = app.test_client()
    assert [client.get("/free").status_code for _ in range(3)] == [200, 200, 429]
    assert [client.get("/in-blueprint").status_code for _ in range(3)] == [200, 200, 429]


def test_application_and_blueprint_limits_still_apply():
    app, _limiter = limited_app(application_limits=["3 per minute"])
    client = app.test_client()
    assert [client.get(path).status_code for path in ("/free", "/in-blueprint", "/free", "/free")] == [
        200,
        200,
        200,
        429,
    ]

    app, limiter = limited_app()
    limiter.limit("1 per minute")(app.blueprints["pages"])  # declared after the app was set up
    client = app.test_client()
    assert [client.get("/in-blueprint").status_code for _ in range(2)] == [200, 429]
    assert [client.get("/free").status_code for _ in range(3)] == [200, 200, 200]


def test_the_portal_counts_in_the_swept_storage_without_redis(app):
    assert isinstance(next(iter(app.extensions["limiter"]))._storage, SweptMemoryStorage)


def test_the_embedded_storage_counts_without_starting_a_thread_per_hit():
    storage = storage_from_string("portal-memory://")
    assert isinstance(storage, SweptMemoryStorage)
    storage.timer.join()  # the one timer limits' storage starts when it is made
    # By identity, not by count: a thread left by an earlier test may end meanwhile.
    threads = set(threading.enumerate())
    for strategy in (FixedWindowRateLimiter(storage), MovingWindowRateLimiter(storage)):
        limit = parse("3 per minute")
        answers, started = [], set()
        for _ in range(4):
            answers.append(strategy.hit(limit, "search", "192.0.2.1"))
            started |= set(threading.enumerate()) - threads
            time.sleep(0.015)  # longer than the 10 ms timer limits' own storage starts per hit
        assert answers == [True, True, True, False]
        assert strategy.hit(limit, "search", "192.0.2.2")  # another address, its own count
        assert started == set()


def test_expired_counters_are_ignored_at_once_and_removed_by_the_next_sweep():
    storage = SweptMemoryStorage()
    limiter = FixedWindowRateLimiter(storage)
    limit = parse("1 per second")
    assert limiter.hit(limit, "verify", "192.0.2.1")
    assert not limiter.hit(limit, "verify", "192.0.2.1")
    time.sleep(1.05)
    assert limiter.hit(limit, "verify", "192.0.2.1")  # the window passed: counted anew
    storage.incr("old", expiry=0.01)
    time.sleep(0.02)
    assert storage.get("old") == 0  # expired: ignored when read, before any sweep
    storage.incr("older", expiry=0.01)
    time.sleep(0.02)
    storage._next_sweep = 0.0  # the sweep is due (at most once a second)
    storage.incr("new", expiry=60)
    assert "older" not in storage.storage and "older" not in storage.expirations
    assert storage.get("new") == 1
