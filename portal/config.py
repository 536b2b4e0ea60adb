"""Configuration from `PORTAL_*` environment variables and `instance/portal.toml`.

Precedence (lowest first): built-in defaults for the environment, `instance/portal.toml`,
`PORTAL_*` environment variables, then the mapping passed to `create_app(config=...)`.
Production refuses to start with unsafe or missing settings and names the setting.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "test", "production")
DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - the known-bad default
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"


class ConfigurationError(RuntimeError):
    """Raised when the configuration cannot run the portal safely."""


# Settings a deployment may change; the value is the type the environment string becomes.
SETTINGS: dict[str, type] = {
    "ENV": str,
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "DATABASE_STATEMENT_TIMEOUT": float,
    "DATABASE_LOCK_TIMEOUT": float,
    "DATABASE_POOL_TIMEOUT": float,
    "DATABASE_POOL_SIZE": int,
    "DATABASE_POOL_OVERFLOW": int,
    "DATABASE_CONNECT_TIMEOUT": float,
    "PROFILE": str,
    "REFUSAL_LADDER": str,
    "EID_DISCOVERY_URL": str,
    "EID_CLIENT_ID": str,
    "EID_CLIENT_SECRET": str,
    "EID_ACR": str,
    "EID_SCOPES": str,
    "EID_ISSUER": str,
    "EID_REDIRECT_URI": str,
    "XROAD_URL": str,
    "XROAD_CLIENT": str,
    "XROAD_SERVICES": str,
    "XROAD_CONNECT_TIMEOUT": float,
    "XROAD_READ_TIMEOUT": float,
    "XROAD_RETRIES": int,
    "XROAD_PREFILL_DEADLINE": float,
    "XROAD_BREAKER_FAILURES": int,
    "XROAD_BREAKER_WINDOW": float,
    "XROAD_BREAKER_COOLDOWN": float,
    "XROAD_ALLOWED_CLIENTS": str,
    "XROAD_FAULTS": str,
    "XROAD_RATE_LIMIT": str,
    "XROAD_PROVIDER_NETWORKS": str,
    "PROXY_HOPS": int,
    "TRUSTED_PROXIES": str,
    "XROAD_SIMULATOR_SEED": int,
    "REDIS_URL": str,
    "SMTP_URL": str,
    "MAIL_FROM": str,
    "STAFF_NOTIFY_EMAIL": str,
    "PUBLIC_URL": str,
    "SEAL_KEY_PATH": str,
    "SEAL_CERT_PATH": str,
    "SEAL_KEY_PASSWORD": str,
    "SEAL_TRUST_ROOTS_PATH": str,
    "SMS_URL": str,
    "METRICS_TOKEN": str,
    "CLAMAV_SOCKET": str,
    "DOCUMENTS_AT_ISSUE": bool,
    "JOBS_IMMEDIATE": bool,
    "DEV_EID": bool,
    "DEV_XROAD": bool,
    "DEV_MAIL": bool,
    "DEV_EID_REDIRECT_URIS": str,
    "DEV_EID_FAULTS": str,
    "RATELIMIT_LOGIN": str,
    "RATELIMIT_VERIFY": str,
    "RATELIMIT_SEARCH": str,
    "SESSION_IDLE_MINUTES": int,
    "STAFF_SESSION_IDLE_MINUTES": int,
    "SESSION_ABSOLUTE_HOURS": int,
    "MAX_CONTENT_LENGTH": int,
    "LOG_LEVEL": str,
    "LOG_FORMAT": str,
}


def _defaults(env: str, instance_path: Path) -> dict[str, Any]:
    sqlite_name = "test.sqlite3" if env == "test" else "portal.sqlite3"
    return {
        "ENV": env,
        "SECRET_KEY": DEFAULT_SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{instance_path / sqlite_name}",
        # Seconds. A request never waits on the database longer than these: a statement (PostgreSQL
        # statement_timeout), a lock (lock_timeout; SQLite's busy timeout), a free pooled
        # connection, a new connection. Then the person gets the translated 503 page, well before
        # gunicorn's 30 s would kill the worker. Migrations run without the statement timeout.
        "DATABASE_STATEMENT_TIMEOUT": 15.0,
        "DATABASE_LOCK_TIMEOUT": 5.0,
        "DATABASE_POOL_TIMEOUT": 5.0,
        "DATABASE_POOL_SIZE": 10,  # per worker process; its threads and register fan-out share it
        "DATABASE_POOL_OVERFLOW": 10,  # extra connections under a burst, closed when returned
        "DATABASE_CONNECT_TIMEOUT": 5.0,
        "PROFILE": "EE",
        # Empty: the profile's own ladder; else consequences by comma (docs/offers.md).
        "REFUSAL_LADDER": "",
        "EID_DISCOVERY_URL": "",
        "EID_CLIENT_ID": "",
        "EID_CLIENT_SECRET": "",
        "EID_ACR": "substantial",
        "EID_SCOPES": "",  # extra scopes besides openid, space-separated (e.g. "email phone")
        # The provider's issuer, pinned: TARA's is https://tara.ria.ee (https://tara-test.ria.ee in
        # its test environment). Empty: the discovery URL without /.well-known/openid-configuration.
        "EID_ISSUER": "",
        "EID_REDIRECT_URI": "",  # empty: this portal's /auth/callback on the requested host
        "XROAD_URL": "",
        "XROAD_CLIENT": "DEV/GOV/70000001/pes",
        # Overrides of the profile's register service ids: "population=EE/GOV/1234/rr/persons; ..."
        "XROAD_SERVICES": "",
        "XROAD_CONNECT_TIMEOUT": 2.0,
        "XROAD_READ_TIMEOUT": 5.0,
        "XROAD_RETRIES": 2,  # extra tries after the first, for GETs and idempotent POSTs only
        # Seconds for all registers of a prefill together, retries included; then the person
        # enters what is missing. Keeps a slow register from holding a web worker.
        "XROAD_PREFILL_DEADLINE": 6.0,
        # Circuit breaker per register: after FAILURES failed tries within WINDOW seconds, the
        # register is not asked for COOLDOWN seconds (straight to manual entry). 0 failures: off.
        "XROAD_BREAKER_FAILURES": 5,
        "XROAD_BREAKER_WINDOW": 60.0,
        "XROAD_BREAKER_COOLDOWN": 30.0,
        # Who may call the PES's own services: "<service code>: <client id> <client id>; ..."
        "XROAD_ALLOWED_CLIENTS": "jobseekers: DEV/GOV/70000005/sas",
        # Where the PES's own security server connects from: only it may call /xroad/pes.
        "XROAD_PROVIDER_NETWORKS": "" if env == "production" else "127.0.0.0/8 ::1/128",
        "XROAD_RATE_LIMIT": "600 per minute",  # per calling X-Road client, on the PES's services
        # Reverse proxies in front of the portal that set X-Forwarded-For/-Proto/-Host (0: none).
        # Rate limits and logs then see the client's address, not the proxy's.
        "PROXY_HOPS": 0,
        # The networks (CIDR) those proxies connect from; forwarded headers from anyone else are
        # dropped. Required when PROXY_HOPS is set.
        "TRUSTED_PROXIES": "",
        "XROAD_FAULTS": "",  # register simulator misbehaviours, see docs/personas.md
        "XROAD_SIMULATOR_SEED": 20261126,
        "REDIS_URL": "",
        "SMTP_URL": "",  # smtp://user:password@host:587?starttls=1; empty: .eml files in instance/mail/
        "MAIL_FROM": "no-reply@localhost",
        # The office address told daily how many cases are overdue or due soon (counts only);
        # empty: the counts are only logged.
        "STAFF_NOTIFY_EMAIL": "",
        # The portal's address as people reach it: links in e-mails, PDFs and QR codes, and in
        # production every address given to the eID provider. `make run` sets it from HOST and PORT.
        "PUBLIC_URL": "http://127.0.0.1:5000",
        # The PES's electronic seal on issued PDFs (docs/documents.md). Empty outside production:
        # a development CA and seal are generated once into instance/seal/.
        "SEAL_KEY_PATH": "",  # PEM or DER private key
        "SEAL_CERT_PATH": "",  # PEM: the seal certificate first, then its chain
        "SEAL_KEY_PASSWORD": "",
        "SEAL_TRUST_ROOTS_PATH": "",  # PEM bundle; empty: the chain in SEAL_CERT_PATH
        # An SMS gateway taking a JSON POST {to, text}; empty: .txt files in instance/sms/.
        "SMS_URL": "",
        # A bearer token for /metrics (Prometheus); empty: /metrics answers loopback clients only.
        "METRICS_TOKEN": "",
        # clamd's socket for scanning appeal attachments: a path (Unix socket) or host:port;
        # empty: files are only parsed and checked for active content, not virus-scanned.
        "CLAMAV_SOCKET": "",
        # Seal each decision's and certificate's canonical PDF when it is issued (in the background
        # job, before the person is told). Off only in tests that do not look at documents: sealing
        # costs a second or two per document. Off, the first download makes it instead.
        "DOCUMENTS_AT_ISSUE": True,
        # Run background jobs synchronously in the calling process (tests), not through the queue.
        "JOBS_IMMEDIATE": env == "test",
        "DEV_EID": False,
        "DEV_XROAD": False,
        "DEV_MAIL": False,  # the development mail and SMS sink page at /dev-mail
        # The development eID provider's registered redirect URIs (exact match, as TARA does).
        # Empty: /auth/callback at PORTAL_PUBLIC_URL, under both loopback names.
        "DEV_EID_REDIRECT_URIS": "",
        "DEV_EID_FAULTS": "",  # comma-separated misbehaviours for tests and demonstrations
        "RATELIMIT_LOGIN": "30 per minute",
        "RATELIMIT_VERIFY": "20 per minute",  # per client address, lookups on /verify
        "RATELIMIT_SEARCH": "60 per minute",  # per client address, anonymous /jobs and /trainings
        "SESSION_IDLE_MINUTES": 30,
        "STAFF_SESSION_IDLE_MINUTES": 15,
        "SESSION_ABSOLUTE_HOURS": 8,
        # Requests above this size get a translated 413; uploads raise it per route.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "LOG_LEVEL": "DEBUG" if env == "development" else "INFO",
        "LOG_FORMAT": "json",
    }


def _parse(name: str, raw: str) -> Any:
    kind = SETTINGS[name]
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            raise ConfigurationError(f"PORTAL_{name} must be a number, not {raw!r}") from None
    return raw


def load(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    instance_path: Path | None = None,
) -> dict[str, Any]:
    """Return the portal's settings (keys without the `PORTAL_` prefix)."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance_path = Path(instance_path or DEFAULT_INSTANCE_PATH)

    toml_path = instance_path / "portal.toml"
    from_file: dict[str, Any] = {}
    if toml_path.is_file():
        with toml_path.open("rb") as fh:
            from_file = {key.upper(): value for key, value in tomllib.load(fh).items()}
    from_env = {
        key.removeprefix("PORTAL_"): _parse(key.removeprefix("PORTAL_"), value)
        for key, value in environ.items()
        if key.startswith("PORTAL_") and key.removeprefix("PORTAL_") in SETTINGS
    }

    env = str(overrides.get("ENV") or from_env.get("ENV") or from_file.get("ENV") or "production")
    if env not in ENVIRONMENTS:
        raise ConfigurationError(f"PORTAL_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")

    settings = _defaults(env, instance_path)
    settings.update(from_file)
    settings.update(from_env)
    settings.update(overrides)
    settings["ENV"] = env
    settings["PROFILE"] = str(settings["PROFILE"]).upper()
    settings["INSTANCE_PATH"] = str(instance_path)
    _embedded_eid_defaults(settings)
    validate(settings)
    return settings


DEV_EID_MOUNT = "/dev-eid"
DEV_XROAD_MOUNT = "/dev-xroad"
DEV_MAIL_MOUNT = "/dev-mail"
DEV_EID_CLIENT_ID = "pes-portal-dev"
DEV_EID_CLIENT_SECRET = "dev-eid-client-secret"  # noqa: S105 - the development provider's own client


def _embedded_eid_defaults(settings: dict[str, Any]) -> None:
    """With the development eID provider on and no real one configured, point the client at it."""
    if not settings.get("DEV_EID") or settings["ENV"] == "production":
        return
    # From the address actually served (`make run PORT=5500`), never a fixed port.
    public = str(settings["PUBLIC_URL"]).rstrip("/")
    if not settings["EID_DISCOVERY_URL"]:
        settings["EID_DISCOVERY_URL"] = f"{public}{DEV_EID_MOUNT}/.well-known/openid-configuration"
    if not settings["DEV_EID_REDIRECT_URIS"]:
        aliases = {
            public,
            public.replace("//localhost", "//127.0.0.1"),
            public.replace("//127.0.0.1", "//localhost"),
        }
        settings["DEV_EID_REDIRECT_URIS"] = " ".join(f"{base}/auth/callback" for base in sorted(aliases))
    settings["EID_CLIENT_ID"] = settings["EID_CLIENT_ID"] or DEV_EID_CLIENT_ID
    settings["EID_CLIENT_SECRET"] = settings["EID_CLIENT_SECRET"] or DEV_EID_CLIENT_SECRET


def validate(settings: Mapping[str, Any]) -> None:
    """Refuse configurations that would run production unsafely; name the setting."""
    if settings["ENV"] != "production":
        return
    problems = []
    if not settings["SECRET_KEY"] or settings["SECRET_KEY"] == DEFAULT_SECRET_KEY:
        problems.append("PORTAL_SECRET_KEY must be set to a long random value")
    elif len(settings["SECRET_KEY"]) < 32:
        problems.append("PORTAL_SECRET_KEY must be at least 32 characters")
    if str(settings["DATABASE_URL"]).startswith("sqlite"):
        problems.append("PORTAL_DATABASE_URL must point at PostgreSQL, not SQLite")
    for name in ("EID_DISCOVERY_URL", "EID_CLIENT_ID", "EID_CLIENT_SECRET", "XROAD_URL"):
        if not settings.get(name):
            problems.append(f"PORTAL_{name} is required in production")
    if settings.get("DEV_EID"):
        problems.append("PORTAL_DEV_EID cannot be enabled in production")
    if settings.get("DEV_XROAD"):
        problems.append("PORTAL_DEV_XROAD cannot be enabled in production")
    if settings.get("DEV_MAIL"):
        problems.append("PORTAL_DEV_MAIL cannot be enabled in production")
    # The development seal is generated on the server and trusted by nobody else.
    missing_seal = [name for name in ("SEAL_KEY_PATH", "SEAL_CERT_PATH") if not settings.get(name)]
    if missing_seal:
        problems.append(
            " and ".join(f"PORTAL_{name}" for name in missing_seal)
            + " must point at the PES's seal key and certificate in production"
        )
    if settings.get("EID_ACR") not in ("low", "substantial", "high"):
        problems.append("PORTAL_EID_ACR must be low, substantial or high")
    if not settings.get("XROAD_PROVIDER_NETWORKS"):
        problems.append("PORTAL_XROAD_PROVIDER_NETWORKS must name the security server's address (CIDR)")
    if not settings.get("SMTP_URL"):
        # Without it, messages would pile up as files on the server and reach nobody.
        problems.append("PORTAL_SMTP_URL is required in production")
    # Printed for good on sealed documents and in e-mails: it must be the public https address.
    public_url = str(settings.get("PUBLIC_URL") or "")
    if not public_url.startswith("https://") or "127.0.0.1" in public_url or "localhost" in public_url:
        problems.append("PORTAL_PUBLIC_URL must be the portal's public https address")
    if problems:
        raise ConfigurationError("Refusing to start in production: " + "; ".join(problems))


def flask_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Translate portal settings into the keys Flask and its extensions read."""
    production = settings["ENV"] == "production"
    return {
        "SECRET_KEY": settings["SECRET_KEY"],
        "MAX_CONTENT_LENGTH": settings["MAX_CONTENT_LENGTH"],
        "TESTING": settings["ENV"] == "test",
        "DEBUG": False,
        "SESSION_COOKIE_NAME": "__Host-portal" if production else "portal",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "WTF_CSRF_SSL_STRICT": production,
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "BABEL_DEFAULT_LOCALE": "en",
    }
