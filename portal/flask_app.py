"""The portal's Flask class: Flask's own, without per-request work whose answer never changes."""

from __future__ import annotations

from collections.abc import Callable
from inspect import CO_COROUTINE
from types import FunctionType, MethodType
from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class PortalSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with its serializer made once per set of keys.

    Flask builds the serializer (and its signer settings) to open every request's session and to
    save it; it depends only on the secret key and its fallbacks, so it is kept and made again
    only when they change (tests change the key on a running app).
    """

    _kept: tuple[tuple[Any, ...], URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._kept
        if kept is None or kept[0] != key:
            kept = self._kept = (key, super().get_signing_serializer(app))
        return kept[1]


class PortalFlask(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.session_interface = PortalSessionInterface()

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
