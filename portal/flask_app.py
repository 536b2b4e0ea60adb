"""The portal's Flask class: Flask's own, without per-request work whose answer never changes."""

from __future__ import annotations

import time
from collections.abc import Callable
from inspect import CO_COROUTINE
from itertools import chain
from types import FunctionType, MethodType, NoneType
from typing import Any

from flask import Flask, Request, Response
from flask.globals import _cv_request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask.templating import _default_template_ctx_processor
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug._internal import _wsgi_decoding_dance
from werkzeug.datastructures import Headers, ImmutableMultiDict
from werkzeug.routing import MapAdapter
from werkzeug.sansio.http import parse_cookie
from werkzeug.utils import cached_property

from portal.template_translations import CACHE_SIZE, PortalEnvironment

# Values a kept session may hold: a session is a new dict each request, and these cannot be
# changed in place (Flask's flashes are a list, appended to: never kept).
_IMMUTABLE = frozenset({str, int, bool, float, NoneType})


class PortalSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with its serializer made once per set of keys.

    Flask builds the serializer (and its signer settings) to open every request's session and to
    save it; it depends only on the secret key and its fallbacks, so it is kept and made again
    only when they change (tests change the key on a running app).
    """

    _kept: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None
    # Cookies whose signature was verified, up to this many (then forgotten all at once).
    OPENED_KEPT = 4096

    def __init__(self) -> None:
        self._opened: dict[str, tuple[URLSafeTimedSerializer, int, dict[str, Any]]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._kept
        if kept is None or kept[0] != key:
            kept = self._kept = (key, super().get_signing_serializer(app))
        return kept[1]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Flask's `open_session`, verifying each cookie's signature once per process.

        A signed-in person's browser sends the same cookie until the session changes, and
        Flask verified it on every request (HMAC, base64, zlib and tagged JSON: about 40 µs). A
        cookie verified before, with the same keys, gives the same values; its age is still
        checked on every request, as itsdangerous checks it. Only cookies that verified are kept,
        so a forged one is never looked up successfully.
        """
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        # Asked with `in` first: werkzeug's `get` raises and discards a KeyError for a missing cookie.
        cookies, name = request.cookies, self.get_cookie_name(app)
        value = cookies.get(name) if name in cookies else None
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        kept = self._opened.get(value)
        if kept is not None and kept[0] is serializer and 0 <= int(time.time()) - kept[1] <= max_age:
            return self.session_class(kept[2])
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if type(data) is dict and all(type(v) in _IMMUTABLE for v in data.values()):
            if len(self._opened) >= self.OPENED_KEPT:
                self._opened.clear()
            self._opened[value] = (serializer, int(signed_at.timestamp()), data)
        return self.session_class(data)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:  # type: ignore[override]
        """Flask's `save_session`, without parsing the response's `Vary` header when the session
        has nothing to write and the header already names Cookie.

        With nothing to write (not modified, no refresh of a permanent cookie) Flask's only effect
        is `response.vary.add("Cookie")` when the session was read: it parses the first `Vary`
        header (a character loop) to find that Cookie is already there, as the security headers
        put it on every page. Everything else is Flask's."""
        refreshed = session and session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
        if session.modified or refreshed:
            super().save_session(app, session, response)
        elif session.accessed and not _first_vary_names_cookie(response):
            response.vary.add("Cookie")


def _first_vary_names_cookie(response: Response) -> bool:
    """Whether the response's first `Vary` header lists Cookie, read as werkzeug's `vary` reads it
    (a value with quotes is left to werkzeug: False)."""
    for name, value in response.headers._list:  # the list itself, not `items()`'s generators
        if name.lower() == "vary":
            return '"' not in value and any(part.strip().lower() == "cookie" for part in value.split(","))
    return False


class PortalRequest(Request):
    """Flask's request, with each `Cookie` header parsed once per process.

    Werkzeug parses the header on every request that reads a cookie (every page: the session's
    cookie, the language's): it joins the `Cookie` headers found by a walk over the whole environ
    and runs a regular expression and an unquoting step per cookie, about 75,000 instructions for
    a signed-in person's one cookie. A browser sends the same header until a cookie changes, and
    the parsed cookies are an immutable mapping, so the same one is handed to every request with
    that header. A WSGI server gives the header as `HTTP_COOKIE` (PEP 3333), the only environ key
    werkzeug's walk finds for it."""

    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        if self.dict_storage_class is not ImmutableMultiDict:
            return super().cookies  # type: ignore[no-any-return]  # werkzeug's own cached_property body
        header = self.environ.get("HTTP_COOKIE")
        if not header:
            # No cookie (a first visit, an anonymous page): werkzeug walked the whole environ to
            # find no `Cookie` header and parsed "" into an empty mapping; the same, made directly.
            return ImmutableMultiDict()
        parsed = _PARSED_COOKIES.get(header)
        if parsed is None:
            parsed = parse_cookie(header, cls=ImmutableMultiDict)
            if len(_PARSED_COOKIES) >= _PARSED_COOKIES_KEPT:
                _PARSED_COOKIES.clear()
            _PARSED_COOKIES[header] = parsed
        return parsed  # type: ignore[return-value]


# Parsed `Cookie` headers, up to this many (then forgotten all at once).
_PARSED_COOKIES_KEPT = 2048
_PARSED_COOKIES: dict[str, ImmutableMultiDict[str, str]] = {}


class PortalResponse(Response):
    """Flask's response, copying its headers for the server without checking each value again.

    Werkzeug's `get_wsgi_headers` starts from `Headers(self.headers)`: every header added anew,
    each value tested for a newline by a regular expression (about 4,000 instructions a header,
    ~50,000 for a page's thirteen). Those values were tested when they were set. A response that
    werkzeug would send unchanged (no `Location` or `Content-Location` to rewrite, a
    `Content-Length`, a status that keeps it) gets a copy of the list; any other goes to werkzeug,
    as does one holding a value that is not a string or has a line break (werkzeug refuses it)."""

    def get_wsgi_headers(self, environ: Any) -> Headers:
        items = self.headers._list
        status = self.status_code
        if status < 200 or status in (204, 304):
            return super().get_wsgi_headers(environ)
        has_length = False
        for key, value in items:
            name = key.lower()
            if name == "content-length":
                has_length = True
            elif name in _REWRITTEN_HEADERS:
                return super().get_wsgi_headers(environ)
            if type(value) is not str or "\n" in value or "\r" in value:
                return super().get_wsgi_headers(environ)
        if not has_length:
            return super().get_wsgi_headers(environ)
        headers = Headers()
        headers._list = items.copy()
        return headers


_REWRITTEN_HEADERS = frozenset({"location", "content-location"})


class PortalFlask(Flask):
    request_class = PortalRequest
    response_class = PortalResponse
    # Templates compiled with each language's `_("…")` texts (portal/template_translations.py).
    jinja_environment = PortalEnvironment
    jinja_options = {"cache_size": CACHE_SIZE}  # Flask reads it once, making the environment

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_interface = PortalSessionInterface()
        self._adapter_parts: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    # The URL adapter's request-independent parts per server address, up to this many (then
    # forgotten all at once: the Host header is the client's).
    ADAPTER_PARTS_KEPT = 256

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Flask's adapter for a request, the host's parts worked out once per server address.

        Flask validates the host (`get_host`), and werkzeug's `bind_to_environ` validates it again,
        reads the Connection and Upgrade headers, lower-cases and IDNA-encodes the name and
        decodes the script name, on every request: the same answers for the same few addresses.
        They are kept per everything they are read from; the path, method and query string are
        the request's own, decoded as werkzeug decodes them. Trusted hosts, host or subdomain
        matching and a configured SERVER_NAME go to Flask every time (the portal sets none).
        """
        config = self.config
        if (
            request is None
            or config["TRUSTED_HOSTS"] is not None
            or config["SERVER_NAME"] is not None
            or self.subdomain_matching
            or self.url_map.host_matching
        ):
            return super().create_url_adapter(request)
        environ = request.environ
        key = (
            environ["wsgi.url_scheme"],
            environ.get("HTTP_HOST"),
            environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("HTTP_CONNECTION"),
            environ.get("HTTP_UPGRADE"),
            environ.get("SCRIPT_NAME"),
            self.url_map.default_subdomain,
        )
        kept = self._adapter_parts.get(key)
        if kept is None:
            adapter = super().create_url_adapter(request)  # validates the host (may raise), sets it
            if len(self._adapter_parts) >= self.ADAPTER_PARTS_KEPT:
                self._adapter_parts.clear()
            self._adapter_parts[key] = (
                request.host,
                adapter.server_name,  # type: ignore[union-attr]
                adapter.script_name,  # type: ignore[union-attr]
                adapter.subdomain,  # type: ignore[union-attr]
                adapter.url_scheme,  # type: ignore[union-attr]
            )
            return adapter
        host, server_name, script_name, subdomain, scheme = kept
        request.host = host  # as Flask sets it (the cached property's value)
        path = environ.get("PATH_INFO")
        query = environ.get("QUERY_STRING")
        return MapAdapter(
            self.url_map,
            server_name,
            script_name,
            subdomain,
            scheme,
            "/" if path is None else _wsgi_decoding_dance(path),
            environ["REQUEST_METHOD"],
            None if query is None else _wsgi_decoding_dance(query),
        )

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask's check, without `inspect` for the plain functions and methods every hook is.

        Flask asks whether each hook, context processor and view is a coroutine function on
        every request (about 20 times a page), through `inspect.iscoroutinefunction`, which
        unwraps and checks several kinds of callable. A plain function or a method of one
        answers from its code's flags, as inspect would; anything else goes to Flask.
        """
        kind = type(func)
        code = (
            func.__code__  # type: ignore[attr-defined]
            if kind is FunctionType
            else func.__func__.__code__  # type: ignore[attr-defined]
            if kind is MethodType and type(func.__func__) is FunctionType  # type: ignore[attr-defined]
            else None
        )
        if code is None or code.co_flags & CO_COROUTINE:
            return super().ensure_sync(func)
        return func

    def update_template_context(self, context: dict[str, Any]) -> None:
        """Flask's, calling its default context processor once, not once more per blueprint.

        Every blueprint starts with Flask's default processor in its own list (Flask's `Scaffold`
        gives each one), and registering it copies that list to the app under the blueprint's
        name: a blueprint's page ran it twice (three times in a nested blueprint), each time
        giving the same `g` and `request` the app-wide run gave. The other processors run as
        in Flask, app-wide first, then the blueprints' innermost last; the values passed to
        `render_template` still win.
        """
        processors = self.template_context_processors
        original = context.copy()
        for func in processors[None]:
            context.update(self.ensure_sync(func)())
        reqctx = _cv_request.get(None)
        if reqctx is not None:
            for name in reversed(reqctx.request.blueprints):
                for func in processors.get(name, ()):
                    if func is not _default_template_ctx_processor:
                        context.update(self.ensure_sync(func)())
        context.update(original)

    # Flask's request steps below, with the request context read from its context variable: Flask
    # reads `request` and `request_ctx` through their proxies, and each read of an attribute
    # through a proxy raises an AttributeError inside first (Python 3.11). Otherwise Flask's code.

    def preprocess_request(self) -> Any:
        request = _cv_request.get().request
        names = (None, *reversed(request.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(request.endpoint, request.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = self.ensure_sync(before_func)()
                    if rv is not None:
                        return rv
        return None

    def dispatch_request(self) -> Any:
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        return self.ensure_sync(self.view_functions[rule.endpoint])(**req.view_args)  # type: ignore[union-attr]

    def process_response(self, response: Any) -> Any:
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        for name in chain(ctx.request.blueprints, (None,)):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = self.ensure_sync(func)(response)
        if not self.session_interface.is_null_session(ctx._session):
            self.session_interface.save_session(self, ctx._session, response)  # type: ignore[arg-type]
        return response
