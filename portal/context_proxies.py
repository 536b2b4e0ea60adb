"""Flask's and Flask-Login's context proxies, reading an attribute without an exception first.

`request.args`, `g.user`, `session.get`, `current_app.config`, `current_user.full_name`: each is a
werkzeug `LocalProxy`, and Python 3.11 looks every attribute up on the proxy itself before it asks
the proxy's `__getattr__`. The proxy has none of the object's attributes, so each read made an
AttributeError (its message formatted), discarded it, then bound `getattr` to the object through a
descriptor: about 2 µs a read against 0.1 µs on the object, and pages read them tens of times
(Flask's `url_for` with values, Flask-Babel, Flask-WTF, the views). `current_user` paid it twice,
Flask-Login reading the user from `g` through its proxy as well.

`install()` gives these proxies a subclass of `LocalProxy` whose `__getattribute__` takes the
object and reads the attribute from it at once: the same object, the same value or the same
exception (outside a context the same RuntimeError; a missing attribute the same AttributeError,
the subclass then asking `LocalProxy.__getattr__`, which raises it again). The proxy's own slots and
every dunder name (`__class__`, `__doc__`, `__wrapped__`, ...) are looked up as `LocalProxy` does;
operators, `in`, `bool()` and the like never call `__getattribute__` and are unchanged. And
`current_user` takes the user Flask-Login loaded from the request's `g` directly, loading it as
Flask-Login does when it is not there yet.
"""

from __future__ import annotations

from typing import Any

import flask.globals
import flask_login.utils
from flask.globals import _cv_app, _cv_request
from werkzeug.local import LocalProxy

# The proxy's own attributes (its slots): everything else is the object's.
_OWN = frozenset({"_get_current_object", "_LocalProxy__wrapped"})
# `object.__class__`'s setter: `LocalProxy` shadows `__class__` with a lookup that has no setter.
_SET_CLASS = object.__dict__["__class__"].__set__


class DirectLocalProxy(LocalProxy):  # type: ignore[type-arg]
    """werkzeug's `LocalProxy`, reading an attribute of the object without failing on the proxy
    first (see the module's docstring)."""

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        if name in _OWN or (name[:2] == "__" and name[-2:] == "__"):
            return object.__getattribute__(self, name)
        return getattr(object.__getattribute__(self, "_get_current_object")(), name)


def _login_user() -> Any:
    """Flask-Login's `_get_user()`: the request's user, from `g` once loaded (else loaded by
    Flask-Login's own code); None outside a request, as Flask-Login gives."""
    if _cv_request.get(None) is None:
        return None
    user = _cv_app.get().g.__dict__.get("_login_user")
    return flask_login.utils._get_user() if user is None else user


def install() -> None:
    """Give the proxies the direct reads (once per process; an app made later finds it done)."""
    proxies = (
        flask.globals.app_ctx,
        flask.globals.current_app,
        flask.globals.g,
        flask.globals.request_ctx,
        flask.globals.request,
        flask.globals.session,
        flask_login.utils.current_user,
    )
    for proxy in proxies:
        if type(proxy) is LocalProxy:
            _SET_CLASS(proxy, DirectLocalProxy)
    # The slot LocalProxy's own constructor sets: the callable that finds the object.
    object.__setattr__(flask_login.utils.current_user, "_get_current_object", _login_user)
