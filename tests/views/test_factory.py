import subprocess
import sys

from portal import PROJECT_ROOT, create_app


def test_importing_the_package_creates_no_app():
    # A fresh interpreter: purging `portal.*` from this process would leave other tests holding
    # stale modules (two `db` objects, two blueprints), which broke the suite in random order.
    probe = (
        "import portal\n"
        "assert callable(portal.create_app)\n"
        "assert not hasattr(portal, 'app')\n"
        "assert not any(type(v).__name__ == 'Flask' for v in vars(portal).values())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_config_overrides_and_testing_flag(make_app):
    app = make_app(PROFILE="XK")
    assert app.config["TESTING"] is True
    assert app.config["PORTAL"]["PROFILE"] == "XK"
    assert app.extensions["profile"].code == "XK"


def test_development_app_keeps_cookies_usable_over_http(make_app):
    app = make_app(ENV="development")
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_two_apps_keep_their_own_engines(make_app, tmp_path):
    first = make_app()
    second = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert first.extensions["database_engine"] is not second.extensions["database_engine"]


def test_create_app_accepts_no_arguments_with_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    app = create_app(instance_path=tmp_path)
    assert app.config["PORTAL"]["ENV"] == "development"
    app.extensions["database_engine"].dispose()
