"""The portal's settings as one typed, frozen object: `settings().xroad_retries`, not
`current_app.config["PORTAL"]["XROAD_RETRIES"]`.

`portal.config.load` merges and validates the settings (defaults, `instance/portal.toml`,
`PORTAL_*`, the mapping given to `create_app`); `create_app` builds a `Settings` from that merged
mapping once and keeps it in `app.extensions["settings"]`. The mapping stays in
`app.config["PORTAL"]` for the seal loader, which takes a plain mapping; code reads `settings()`. A setting added to
`config.SETTINGS` needs its field here (a test says so). Secrets and URLs that can carry
credentials are left out of the repr.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app
from flask.globals import _cv_app

EXTENSION = "settings"


@dataclass(frozen=True)
class Settings:
    env: str
    secret_key: str = field(repr=False)
    database_url: str = field(repr=False)
    profile: str
    refusal_ladder: str
    eid_discovery_url: str
    eid_client_id: str
    eid_client_secret: str = field(repr=False)
    eid_acr: str
    eid_scopes: str
    eid_issuer: str
    eid_redirect_uri: str
    xroad_url: str
    xroad_client: str
    xroad_services: str
    xroad_connect_timeout: float
    xroad_read_timeout: float
    xroad_retries: int
    xroad_allowed_clients: str
    xroad_faults: str
    xroad_rate_limit: str
    xroad_provider_networks: str
    proxy_hops: int
    trusted_proxies: str
    xroad_simulator_seed: int
    redis_url: str = field(repr=False)
    smtp_url: str = field(repr=False)
    mail_from: str
    staff_notify_email: str
    public_url: str
    seal_key_path: str
    seal_cert_path: str
    seal_key_password: str = field(repr=False)
    seal_trust_roots_path: str
    sms_url: str = field(repr=False)
    metrics_token: str = field(repr=False)
    jobs_immediate: bool
    dev_eid: bool
    dev_xroad: bool
    dev_mail: bool
    dev_eid_redirect_uris: str
    dev_eid_faults: str
    ratelimit_login: str
    ratelimit_verify: str
    ratelimit_search: str
    session_idle_minutes: int
    staff_session_idle_minutes: int
    session_absolute_hours: int
    max_content_length: int
    log_level: str
    log_format: str
    clamav_socket: str
    documents_at_issue: bool
    database_statement_timeout: float
    database_lock_timeout: float
    database_pool_timeout: float
    database_pool_size: int
    database_pool_overflow: int
    database_connect_timeout: float
    xroad_prefill_deadline: float
    xroad_breaker_failures: int
    xroad_breaker_window: float
    xroad_breaker_cooldown: float
    instance_path: Path

    @classmethod
    def from_mapping(cls, merged: Mapping[str, Any]) -> Settings:
        """From `config.load()`'s result (upper-case keys without the `PORTAL_` prefix)."""
        values = {f.name: merged[f.name.upper()] for f in dataclasses.fields(cls)}
        values["instance_path"] = Path(values["instance_path"])
        return cls(**values)

    @property
    def production(self) -> bool:
        return self.env == "production"


def settings() -> Settings:
    """The settings of the app in context."""
    context = _cv_app.get(None)  # the app itself: `current_app.extensions` raises inside first
    return (current_app if context is None else context.app).extensions[EXTENSION]
