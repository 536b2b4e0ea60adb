"""Was this request started by the portal's own pages? For GETs with a side effect that must not
be triggered from another site (a link or an image elsewhere), as CSRF tokens guard POSTs."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request

SAME_SITE = frozenset({"same-origin", "same-site"})


def from_own_pages() -> bool:
    """True for a navigation from the portal itself: the browser's `Sec-Fetch-Site` says so, or,
    from a browser that does not send it, the `Referer` is the portal's own origin. Anything
    else (another site, a typed address, no header at all) is False."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in SAME_SITE
    referrer = urlsplit(request.headers.get("Referer", ""))
    own = urlsplit(request.host_url)
    return bool(referrer.netloc) and (referrer.scheme, referrer.netloc) == (own.scheme, own.netloc)
