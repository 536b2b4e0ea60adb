import dataclasses

import pytest

from portal import config
from portal.config import SETTINGS, ConfigurationError, load
from portal.settings import Settings, settings

PRODUCTION_OK = {
    "PORTAL_ENV": "production",
    "PORTAL_SECRET_KEY": "x" * 48,
    "PORTAL_DATABASE_URL": "postgresql+psycopg://pes@db/pes",
    "PORTAL_EID_DISCOVERY_URL": "https://tara.example/.well-known/openid-configuration",
    "PORTAL_EID_CLIENT_ID": "pes",
    "PORTAL_EID_CLIENT_SECRET": "s3cret",
    "PORTAL_XROAD_URL": "https://ss.example",
    "PORTAL_SEAL_KEY_PATH": "/run/secrets/pes-seal-key.pem",
    "PORTAL_SEAL_CERT_PATH": "/etc/pes/pes-seal-chain.pem",
    "PORTAL_PUBLIC_URL": "https://tootukassa.example",
    "PORTAL_SMTP_URL": "smtp://mail.example:587?starttls=1",
    "PORTAL_XROAD_PROVIDER_NETWORKS": "10.20.0.5/32",
}


def test_production_with_complete_settings_loads(tmp_path):
    settings = config.load(environ=PRODUCTION_OK, instance_path=tmp_path)
    assert settings["ENV"] == "production"
    assert settings["PROFILE"] == "EE"


def test_environment_defaults_to_production_so_a_bare_deployment_is_checked(tmp_path):
    with pytest.raises(ConfigurationError, match="PORTAL_SECRET_KEY"):
        config.load(environ={}, instance_path=tmp_path)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"PORTAL_SECRET_KEY": config.DEFAULT_SECRET_KEY}, "PORTAL_SECRET_KEY"),
        ({"PORTAL_SECRET_KEY": "short"}, "PORTAL_SECRET_KEY"),
        ({"PORTAL_DATABASE_URL": "sqlite:///x.db"}, "PORTAL_DATABASE_URL"),
        ({"PORTAL_EID_DISCOVERY_URL": ""}, "PORTAL_EID_DISCOVERY_URL"),
        ({"PORTAL_EID_CLIENT_ID": ""}, "PORTAL_EID_CLIENT_ID"),
        ({"PORTAL_EID_CLIENT_SECRET": ""}, "PORTAL_EID_CLIENT_SECRET"),
        ({"PORTAL_XROAD_URL": ""}, "PORTAL_XROAD_URL"),
        ({"PORTAL_SEAL_KEY_PATH": ""}, "PORTAL_SEAL_KEY_PATH"),
        ({"PORTAL_SEAL_CERT_PATH": ""}, "PORTAL_SEAL_CERT_PATH"),
        ({"PORTAL_DEV_EID": "1"}, "PORTAL_DEV_EID"),
        ({"PORTAL_DEV_XROAD": "1"}, "PORTAL_DEV_XROAD"),
    ],
)
def test_production_refuses_unsafe_settings_and_names_them(tmp_path, change, named):
    with pytest.raises(ConfigurationError, match=named):
        config.load(environ={**PRODUCTION_OK, **change}, instance_path=tmp_path)


def test_toml_file_is_read_and_environment_wins(tmp_path):
    (tmp_path / "portal.toml").write_text('env = "development"\nprofile = "xk"\nxroad_client = "A/B/C/D"\n')
    settings = config.load(environ={"PORTAL_XROAD_CLIENT": "E/F/G/H"}, instance_path=tmp_path)
    assert settings["ENV"] == "development"
    assert settings["PROFILE"] == "XK"
    assert settings["XROAD_CLIENT"] == "E/F/G/H"


def test_overrides_win_over_environment(tmp_path):
    settings = config.load(
        {"PROFILE": "XK"}, environ={"PORTAL_ENV": "test", "PORTAL_PROFILE": "EE"}, instance_path=tmp_path
    )
    assert settings["PROFILE"] == "XK"


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="PORTAL_ENV"):
        config.load(environ={"PORTAL_ENV": "staging"}, instance_path=tmp_path)


def test_boolean_and_integer_settings_are_parsed(tmp_path):
    settings = config.load(
        environ={"PORTAL_ENV": "development", "PORTAL_DEV_EID": "yes", "PORTAL_MAX_CONTENT_LENGTH": "2048"},
        instance_path=tmp_path,
    )
    assert settings["DEV_EID"] is True
    assert settings["MAX_CONTENT_LENGTH"] == 2048


def test_development_uses_sqlite_in_the_instance_folder(tmp_path):
    settings = config.load(environ={"PORTAL_ENV": "development"}, instance_path=tmp_path)
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'portal.sqlite3'}"


def test_a_number_setting_that_is_not_a_number_is_named(tmp_path):
    with pytest.raises(ConfigurationError, match="PORTAL_XROAD_READ_TIMEOUT"):
        config.load(
            environ={"PORTAL_ENV": "test", "PORTAL_XROAD_READ_TIMEOUT": "soon"}, instance_path=tmp_path
        )


def test_timeouts_are_fractional_seconds(tmp_path):
    settings = config.load(
        environ={"PORTAL_ENV": "test", "PORTAL_XROAD_CONNECT_TIMEOUT": "0.5"}, instance_path=tmp_path
    )
    assert settings["XROAD_CONNECT_TIMEOUT"] == 0.5
    assert settings["XROAD_READ_TIMEOUT"] == 5.0


def test_production_needs_the_public_https_address_printed_on_documents(tmp_path):
    for url in ("http://pes.example", "https://127.0.0.1:5000", ""):
        with pytest.raises(ConfigurationError, match="PORTAL_PUBLIC_URL"):
            config.load(environ={**PRODUCTION_OK, "PORTAL_PUBLIC_URL": url}, instance_path=tmp_path)


def test_every_setting_has_a_typed_field_and_the_secrets_stay_out_of_the_repr():
    """A setting added to `config.SETTINGS` needs its field in `portal.settings.Settings`."""
    fields = {field.name: field for field in dataclasses.fields(Settings)}
    assert {name.lower() for name in SETTINGS} | {"instance_path"} == set(fields)
    assert all(fields[name.lower()].type == kind.__name__ for name, kind in SETTINGS.items())
    typed = Settings.from_mapping(
        load({"ENV": "test", "SECRET_KEY": "s" * 40, "SMTP_URL": "smtp://u:pw@mail:587"}, environ={})
    )
    assert typed.xroad_retries == 2 and typed.instance_path.name == "instance"
    assert "s" * 40 not in repr(typed) and "pw@" not in repr(typed)
    with pytest.raises(dataclasses.FrozenInstanceError):
        typed.env = "production"  # type: ignore[misc]


def test_the_app_reads_the_same_settings_typed_and_by_key(make_app):
    app = make_app(XROAD_RETRIES=0, PROFILE="XK")
    with app.app_context():
        assert settings().xroad_retries == 0 == app.config["PORTAL"]["XROAD_RETRIES"]
        assert settings().profile == "XK" and not settings().production
