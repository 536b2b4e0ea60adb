import pytest

from portal.web.redirects import safe_next


@pytest.mark.parametrize("target", ["/", "/jobs?page=2", "/a/b#c"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: x=1",
        "evil",
        "/\tx",
    ],
)
def test_anything_else_falls_back(target):
    assert safe_next(target, default="/home") == "/home"
