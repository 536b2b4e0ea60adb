"""The anonymous search's limit per address, counted without Flask-Limiter's per-request search.

`@limiter.limit(...)` on a view makes Flask-Limiter, at every request, find the view's limits
anew: its name and endpoint twice, the exemptions, the limit manager's resolution, the limit's
text read and parsed into new objects, the meta limits, then the hit. For the search's one limit
that was a twentieth of a results fragment's instructions (with the cheaper sign-in link, the
fragment went 6.10 -> 5.69 M on SQLite, 5.41 -> 4.99 M on PostgreSQL).

`limited` keeps that decorator (the limit is declared, and it answers every case this path does
not take) and, when the limit is the only one that can apply to the request, does what
Flask-Limiter does with it: the same storage key (`[prefix,] address, endpoint`), one hit of the
same strategy, and the same request limit in Flask-Limiter's request context, whose after-request
hook then writes the `X-RateLimit-*` and `Retry-After` headers as it always does. A request over
the limit, or a storage that fails, goes through the decorator: the 429 answer, its headers, the
log line and the in-memory fallback are Flask-Limiter's own. (Over the limit the fixed window is
hit once more there: the remaining count is 0 and the window's reset the same either way.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from flask_limiter import RequestLimit
from limits import RateLimitItem, parse_many

from portal.extensions import limiter


@lru_cache(maxsize=16)
def _parsed(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text)) if text else ()


def limited(limit: Callable[[], str], exempt_when: Callable[[], bool]) -> Callable[[Callable[..., Any]], Any]:
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        declared = limiter.limit(limit, exempt_when=exempt_when)(view)

        @wraps(view)
        def run(*args: Any, **kwargs: Any) -> Any:
            if _counted(limit, exempt_when):
                return view(*args, **kwargs)
            return declared(*args, **kwargs)

        return run

    return decorate


def _counted(limit: Callable[[], str], exempt_when: Callable[[], bool]) -> bool:
    """Whether this request's limit was checked here and passed (False: let the decorator decide)."""
    ext = limiter
    if (
        not (ext.enabled and ext.initialized)
        or ext._storage_dead
        or ext._request_filters
        or ext._limits_for_every_request()
    ):
        return False
    if exempt_when():
        return True  # as Flask-Limiter: no limit applies, no headers
    items = _parsed(limit())
    endpoint = ext.identify_request()
    key = ext._key_func()
    if len(items) != 1 or not endpoint or not key:
        return False
    args = [ext._key_prefix, key, endpoint] if ext._key_prefix else [key, endpoint]
    try:
        if not ext.limiter.hit(items[0], *args, cost=1):
            return False
    except Exception:  # the decorator hits again and handles the failure as configured
        return False
    counted = RequestLimit(ext, items[0], args, False, False)
    ext.context.view_rate_limit = counted
    ext.context.view_rate_limits = [counted]
    return True
