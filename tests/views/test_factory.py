import subprocess
import sys

from portal import PROJECT_ROOT, create_app
from portal.extensions import login_manager
from portal.profiles import current_profile, get_profile
from portal.queue import huey
from portal.services import xroad
from portal.services.inbox import sms_sender
from portal.services.mail import mailer
from portal.web.auth.client import eid_client


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


def test_one_composition_root_builds_every_client_and_each_has_one_accessor(make_app):
    app = make_app()
    # The simulator takes seconds to build: the first use of the registers builds it, not every app.
    assert "register_simulator" not in app.extensions
    with app.app_context():
        assert xroad.client() is app.extensions["xroad_client"]
        assert xroad.registers().population.client is xroad.client()
        assert mailer() is app.extensions["mailer"]
        assert sms_sender() is app.extensions["sms_sender"]
        assert eid_client() is app.extensions["eid_client"]
        assert current_profile() is app.extensions["profile"] is get_profile("EE")
    assert "register_simulator" in app.extensions


def test_create_app_rebinds_no_module_global_and_changes_no_shared_extension(make_app):
    """Two apps in one process (tests, the consumer beside a web app) must not see each other's
    settings through a module: the queue's immediate mode used to be one process-wide flag."""
    make_app()  # the first app imports what creating an app imports
    modules = {name: module for name, module in sys.modules.items() if name.startswith("portal")}
    before = {
        (name, key): id(value) for name, module in modules.items() for key, value in vars(module).items()
    }
    shared = {"huey": huey, "login_manager": login_manager}
    shared_before = {name: dict(vars(obj)) for name, obj in shared.items()}

    other = make_app(JOBS_IMMEDIATE=False, PROFILE="XK", ENV="development")

    after = {
        (name, key): id(value) for name, module in modules.items() for key, value in vars(module).items()
    }
    assert {key for key in before if after.get(key) != before[key]} == set()
    assert {name: dict(vars(obj)) for name, obj in shared.items()} == shared_before
    with other.app_context():
        assert not huey.immediate and current_profile().code == "XK"
