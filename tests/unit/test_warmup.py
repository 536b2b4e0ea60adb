"""The master's warm-up before the fork (portal/warmup.py, gunicorn.conf.py's when_ready): it
builds what the pages would build in each worker, and nothing a worker must not inherit."""

from __future__ import annotations

import runpy
from pathlib import Path

from flask_babel import force_locale, gettext
from sqlalchemy import event

from portal import warmup
from portal.i18n import LANGUAGES, babel_locale

CONFIG_FILE = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _cached_template_names(app) -> set[str]:
    return {template.name for template in app.jinja_env.cache.values()}


def test_the_templates_every_page_uses_are_compiled_once_and_kept(app, monkeypatch):
    names = {name for name in app.jinja_env.list_templates() if name.startswith(warmup.SHARED_TEMPLATES)}
    assert {"layouts/base.html", "errors/page.html"} <= names

    built = warmup.warm(app)

    # Once in each of the profile's languages (portal/template_translations.py).
    assert built["templates"] == len(names) * len(app.extensions["profile"].languages)
    assert names <= _cached_template_names(app)
    # The pages then reuse the compiled templates instead of compiling their own.
    compiled = []
    compile_ = app.jinja_env.compile
    monkeypatch.setattr(app.jinja_env, "compile", lambda *a, **k: compiled.append(a) or compile_(*a, **k))
    for language in app.extensions["profile"].languages:
        with app.test_request_context("/", headers={"Accept-Language": language}):
            first = app.jinja_env.get_template("layouts/base.html")
            assert app.jinja_env.get_template("layouts/base.html") is first
    assert compiled == []


def test_each_language_catalog_is_loaded_and_translates(app):
    babel_domain = app.extensions["babel"].instance.domain_instance
    babel_domain.cache.clear()  # shared with the tests that ran before in this process
    built = warmup.warm(app)

    assert built["locales"] == len(LANGUAGES)
    assert {locale for locale, _ in babel_domain.cache} == {babel_locale(code) for code in LANGUAGES}
    with app.test_request_context("/"), force_locale("et"):
        assert gettext("Sign in again") == "Logi uuesti sisse"  # the warmed catalog is the one the pages use


def test_the_warm_up_opens_no_database_connection(app):
    # A connection opened in the master would be inherited by every worker after the fork.
    engine = app.extensions["database_engine"]
    connected = []

    def connect(*args) -> None:
        connected.append(args)

    event.listen(engine, "connect", connect)
    try:
        warmup.warm(app)
    finally:
        event.remove(engine, "connect", connect)
    assert connected == []
    assert engine.pool.checkedin() == 0


def _when_ready(wsgi_app, monkeypatch) -> list[tuple]:
    """gunicorn.conf.py's `when_ready` run for a master whose preloaded app is `wsgi_app`: what it
    logged, as ("info", ...) and ("exception", ...) entries."""
    import prometheus_client  # noqa: F401 - its metrics folder is this process's (test_gunicorn_config)

    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    settings = runpy.run_path(str(CONFIG_FILE))
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    logged = []

    class Log:
        def info(self, *args):
            logged.append(("info", *args))

        def exception(self, *args):
            logged.append(("exception", *args))

    class Server:
        log = Log()

        class app:  # gunicorn's application object
            @staticmethod
            def wsgi():
                return wsgi_app

    settings["when_ready"](Server())
    return logged


def test_gunicorn_warms_the_preloaded_app_before_forking(app, monkeypatch):
    logged = _when_ready(app, monkeypatch)

    assert "layouts/base.html" in _cached_template_names(app)
    assert [entry[0] for entry in logged] == ["info"] and "warm-up" in logged[0][1]


def test_the_master_skips_the_warm_up_for_an_app_that_is_not_the_portal(monkeypatch):
    # The bench's hello app runs under the same gunicorn.conf.py: it has none of the portal's
    # settings, and a warm-up would fail and log a traceback at every start.
    from bench.hello import app as hello_app

    assert _when_ready(hello_app, monkeypatch) == []
