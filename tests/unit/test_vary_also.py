"""`security._vary_also` gives the headers werkzeug's `response.vary.add` gives, name by name."""

from __future__ import annotations

import pytest
from werkzeug.wrappers import Response

from portal.security import _LANGUAGE_INPUTS, _vary_also

VALUES = [
    [],
    [""],
    ["HX-Request"],
    ["hx-request"],
    ["Origin"],
    ["HX-Request, Cookie"],
    ["cookie,accept-language"],
    ["Accept-Language, HX-Request"],
    ["HX-Request,,  Origin ,\t"],
    ["HX-Request, hx-request"],
    ["*"],
    [" , "],
    ["HX-Request", "Origin"],
    ["Cookie", "Accept-Language"],
    ["Cookie, Accept-Language", "Origin"],
    ['"HX-Request"'],
    ['HX-Request, "quoted, item"'],
    ["HX-Request, weird(item)"],
    ["HX-Request, two words"],
    ["Ünicode"],
]


def _response(values: list[str]) -> Response:
    response = Response("<p>page</p>", mimetype="text/html")
    response.headers["X-Before"] = "1"
    for value in values:
        response.headers.add("Vary", value)
    response.headers["X-After"] = "2"
    return response


@pytest.mark.parametrize("values", VALUES)
@pytest.mark.parametrize("names", [_LANGUAGE_INPUTS, ("Cookie",), ("Origin", "origin")])
def test_the_headers_are_werkzeugs(values, names):
    expected = _response(values)
    for name in names:
        expected.vary.add(name)
    found = _response(values)
    _vary_also(found, names)
    assert found.headers.to_wsgi_list() == expected.headers.to_wsgi_list()
