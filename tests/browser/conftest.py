"""A live server on a free loopback port and Debian's Chromium driven by Playwright.

These tests fail, never skip, when the browser cannot start: CI must not go green untested.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's best-practice rules too (landmarks, one main, headings order...): not WCAG failures by
# themselves, but a screen-reader user jumping by landmark misses whatever sits outside them.
AXE_TAGS = [*WCAG_21_AA, "best-practice"]


def _serve(build_app) -> Iterator[str]:
    """Bind a free port first, then build the app knowing its own address."""
    holder: dict = {}
    server = make_server("127.0.0.1", 0, lambda environ, start: holder["app"](environ, start), threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    holder["app"] = build_app(base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app) -> Iterator[str]:
    yield from _serve(lambda base: app)


@pytest.fixture
def served(make_app) -> Iterator[tuple[str, object]]:
    """(address, app): the portal with the development eID provider, reachable by the browser,
    and its app, for a test that seeds data before the person signs in."""
    from tests.conftest import empty_tables

    built = []

    def build(base: str):
        app = make_app(
            DEV_EID=True,
            EID_DISCOVERY_URL=f"{base}/dev-eid/.well-known/openid-configuration",
            DEV_EID_REDIRECT_URIS=f"{base}/auth/callback",
        )
        built.append(app)
        return app

    for base in _serve(build):
        yield base, built[0]
    with built[0].app_context():
        empty_tables()


@pytest.fixture
def live_eid_server(served) -> str:
    """The portal with the development eID provider, reachable by the browser."""
    return served[0]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core is missing: run `make node-deps` (npm ci)")
    return AXE_SOURCE.read_text()


@pytest.fixture
def check_accessibility(axe_source):
    """Run axe-core at WCAG 2.1 AA and its best practices on the page as it is now; fail on any violation."""

    def check(page) -> None:
        # evaluate() runs through the DevTools protocol, which the page's CSP does not govern.
        page.evaluate(axe_source)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
        ]
        assert violations == [], f"axe-core violations on {page.url}:\n" + "\n".join(violations)

    return check
