"""OpenID Connect relying party for a TARA-style national eID.

Configured only by discovery, client id and secret, the lowest accepted assurance level and extra
scopes, so any conforming provider works without code changes. Nothing else in the portal sees
raw claims: `finish_login` returns an `Identity`.

TARA quirks handled here: names and birth date in `profile_attributes`; `sub` = country code +
national code; `at_hash` in standard Base64 (not base64url); possibly no `end_session_endpoint`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

ACR_ORDER = {"low": 1, "substantial": 2, "high": 3}
# TARA's scopes that restrict the authentication methods offered, and the `amr` each one yields.
METHOD_SCOPES = {
    "idcard": "idcard",
    "mid": "mID",
    "smartid": "smartid",
    "eidas": "eIDAS",
    "eidasonly": "eIDAS",
}
DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
CLOCK_SKEW_SECONDS = 10  # TARA tokens live 40 s; a 120 s default leeway would triple that
DISCOVERY_TTL_SECONDS = 3600


class EidError(Exception):
    """Base class: every failure of a login becomes one of these, never a 500."""

    reason = "error"


class ProviderUnavailable(EidError):
    reason = "provider_unavailable"


class UntrustedProvider(ProviderUnavailable):
    """The discovery document names another issuer than the one pinned for this environment."""


class AuthenticationCancelled(EidError):
    reason = "user_cancel"


class ProviderRefused(EidError):
    """The provider redirected back with an OAuth error other than a cancel."""

    reason = "provider_error"

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(f"{error}: {description}")
        self.error = error


class InvalidCallback(EidError):
    reason = "invalid_callback"


class InvalidToken(EidError):
    reason = "invalid_token"


class InsufficientAssurance(EidError):
    reason = "insufficient_assurance"


@dataclass(frozen=True)
class Identity:
    country: str
    national_code: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    acr: str
    amr: tuple[str, ...]

    @property
    def subject(self) -> str:
        return f"{self.country}{self.national_code}"


@dataclass(frozen=True)
class PendingLogin:
    """What must be remembered between `/login` and the callback (server-side, never in the cookie)."""

    state: str
    nonce: str
    code_verifier: str | None
    redirect_uri: str


@dataclass(frozen=True)
class LoginResult:
    identity: Identity
    id_token: str


@dataclass
class EidSettings:
    discovery_url: str
    client_id: str
    client_secret: str
    acr: str = "substantial"
    extra_scopes: tuple[str, ...] = ()
    # Pinned per environment (OIDC Discovery §4.3); empty: the discovery URL without its suffix.
    issuer: str = ""
    timeout: httpx.Timeout = field(default_factory=lambda: httpx.Timeout(5.0, connect=2.0))


def _b64_hash_half(value: str, *, urlsafe: bool) -> str:
    digest = hashlib.sha256(value.encode("ascii")).digest()
    half = digest[: len(digest) // 2]
    encoded = base64.urlsafe_b64encode(half) if urlsafe else base64.b64encode(half)
    return encoded.decode("ascii").rstrip("=")


def expected_issuer(settings: EidSettings) -> str:
    return settings.issuer or settings.discovery_url.removesuffix(DISCOVERY_SUFFIX)


def requested_methods(settings: EidSettings) -> frozenset[str]:
    """The `amr` values the method scopes allow; empty when no scope restricts the methods."""
    return frozenset(METHOD_SCOPES[scope] for scope in settings.extra_scopes if scope in METHOD_SCOPES)


class EidClient:
    def __init__(self, settings: EidSettings, http: httpx.Client, clock: Callable[[], float] = time.time):
        self.settings = settings
        self.http = http
        self.clock = clock
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None

    # --- discovery and keys -------------------------------------------------------------------
    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self.http.get(url, timeout=self.settings.timeout)
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"{type(exc).__name__} fetching {url}") from exc
        if response.status_code != 200:
            raise ProviderUnavailable(f"HTTP {response.status_code} from {url}")
        try:
            data = response.json()
        except ValueError:
            raise ProviderUnavailable(f"malformed JSON from {url}") from None
        if not isinstance(data, dict):
            raise ProviderUnavailable(f"unexpected JSON from {url}")
        return data

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            fresh = self._metadata and self.clock() - self._metadata_at < DISCOVERY_TTL_SECONDS
            if not fresh:
                data = self._get_json(self.settings.discovery_url)
                for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(data.get(key), str):
                        raise ProviderUnavailable(f"discovery document lacks {key}")
                if data["issuer"] != expected_issuer(self.settings):
                    # Anyone answering at the discovery URL could otherwise name themselves issuer.
                    raise UntrustedProvider(
                        f"discovery issuer {data['issuer']!r} is not the pinned {expected_issuer(self.settings)!r}"
                    )
                self._metadata, self._metadata_at = data, self.clock()
            return self._metadata  # type: ignore[return-value]

    def _key_set(self, refresh: bool = False) -> KeySet:
        with self._lock:
            keys = self._keys
        if keys is None or refresh:
            data = self._get_json(self.metadata()["jwks_uri"])
            try:
                keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
            except (JoseError, ValueError, KeyError, TypeError):
                raise ProviderUnavailable("the provider published unusable keys") from None
            with self._lock:
                self._keys = keys
        return keys

    @property
    def end_session_endpoint(self) -> str | None:
        try:
            return self.metadata().get("end_session_endpoint")
        except ProviderUnavailable:
            return None

    # --- the flow -----------------------------------------------------------------------------
    def begin_login(self, redirect_uri: str) -> tuple[str, PendingLogin]:
        """Return the provider URL to send the browser to, and what to remember in the session."""
        metadata = self.metadata()
        state = secrets.token_urlsafe(24)
        nonce = secrets.token_urlsafe(24)
        verifier = None
        extra: dict[str, str] = {"nonce": nonce, "acr_values": self.settings.acr}
        if "S256" in (metadata.get("code_challenge_methods_supported") or ()):
            verifier = secrets.token_urlsafe(48)
            extra.update(code_challenge=create_s256_code_challenge(verifier), code_challenge_method="S256")
        scope = " ".join(("openid", *self.settings.extra_scopes))
        url = prepare_grant_uri(
            metadata["authorization_endpoint"],
            self.settings.client_id,
            "code",
            redirect_uri=redirect_uri,
            scope=scope,
            state=state,
            **extra,
        )
        return url, PendingLogin(state, nonce, verifier, redirect_uri)

    def finish_login(self, params: dict[str, str], pending: PendingLogin) -> LoginResult:
        """Check the callback, exchange the code and validate the ID token."""
        if not secrets.compare_digest(params.get("state", ""), pending.state):
            raise InvalidCallback("state does not match the login in progress")
        if "error" in params:
            if params["error"] == "user_cancel":
                raise AuthenticationCancelled("the person cancelled")
            raise ProviderRefused(params["error"], params.get("error_description", ""))
        code = params.get("code")
        if not code:
            raise InvalidCallback("callback without code")
        tokens = self._exchange_code(code, pending)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise InvalidToken("token response without id_token")
        claims = self.validate_id_token(
            id_token, nonce=pending.nonce, access_token=tokens.get("access_token")
        )
        return LoginResult(identity=self._identity(claims), id_token=id_token)

    def _exchange_code(self, code: str, pending: PendingLogin) -> dict[str, Any]:
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": pending.redirect_uri}
        if pending.code_verifier:
            data["code_verifier"] = pending.code_verifier
        try:
            response = self.http.post(
                self.metadata()["token_endpoint"],
                data=data,
                timeout=self.settings.timeout,
                auth=(self.settings.client_id, self.settings.client_secret),  # client_secret_basic
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            raise ProviderUnavailable(f"{type(exc).__name__} at the token endpoint") from exc
        if response.status_code >= 500:
            raise ProviderUnavailable(f"token endpoint answered {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise ProviderUnavailable("malformed token response") from None
        if response.status_code != 200 or not isinstance(body, dict):
            error = body.get("error", "invalid_grant") if isinstance(body, dict) else "invalid_grant"
            raise InvalidCallback(f"token endpoint refused the code: {error}")
        return body

    def validate_id_token(self, token: str, *, nonce: str, access_token: str | None = None) -> dict[str, Any]:
        try:
            header = jws.extract_compact(token.encode("ascii")).protected
        except (JoseError, ValueError, UnicodeError):
            raise InvalidToken("malformed ID token") from None
        if header.get("alg") != "RS256":
            raise InvalidToken(f"unexpected algorithm {header.get('alg')!r}")
        keys = self._key_set()
        kid = header.get("kid")
        if kid not in {key.kid for key in keys.keys}:
            keys = self._key_set(refresh=True)  # the provider may have rotated its keys
        try:
            claims = dict(jwt.decode(token, keys, algorithms=["RS256"]).claims)
        except (JoseError, ValueError):
            raise InvalidToken("signature does not verify with the provider's keys") from None
        self._check_claims(claims, nonce=nonce, access_token=access_token)
        return claims

    def _check_claims(self, claims: dict[str, Any], *, nonce: str, access_token: str | None) -> None:
        now = self.clock()
        # Asserted here rather than through a claims option, which would silently drop the check.
        if claims.get("iss") != expected_issuer(self.settings):
            raise InvalidToken("wrong issuer")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.settings.client_id not in audiences:
            raise InvalidToken("wrong audience")
        # OIDC Core 3.1.3.7: azp is required with several audiences, and must be us whenever present.
        if ("azp" in claims or len(audiences) > 1) and claims.get("azp") != self.settings.client_id:
            raise InvalidToken("wrong authorized party")
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, int | float) or not isinstance(iat, int | float):
            raise InvalidToken("token without exp or iat")
        if now > exp + CLOCK_SKEW_SECONDS:
            raise InvalidToken("token expired")
        if iat > now + CLOCK_SKEW_SECONDS:
            raise InvalidToken("token issued in the future")
        nbf = claims.get("nbf")
        if isinstance(nbf, int | float) and nbf > now + CLOCK_SKEW_SECONDS:
            raise InvalidToken("token not yet valid")
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise InvalidToken("wrong nonce")
        if access_token and "at_hash" in claims:
            expected = {
                _b64_hash_half(access_token, urlsafe=True),
                _b64_hash_half(access_token, urlsafe=False),
            }
            if str(claims["at_hash"]).rstrip("=") not in expected:
                raise InvalidToken("at_hash does not match the access token")
        allowed = requested_methods(self.settings)
        amr = claims.get("amr")
        if allowed and (not isinstance(amr, list) or not amr or not set(map(str, amr)) <= allowed):
            raise InvalidToken(f"authentication method {amr!r} is not one asked for by scope")
        got = ACR_ORDER.get(str(claims.get("acr", "")), 0)  # missing acr counts as the lowest
        if got < ACR_ORDER[self.settings.acr]:
            raise InsufficientAssurance(f"acr {claims.get('acr')!r} below {self.settings.acr!r}")

    @staticmethod
    def _identity(claims: dict[str, Any]) -> Identity:
        subject = str(claims.get("sub", ""))
        country, code = subject[:2], subject[2:]
        if len(subject) < 3 or not country.isascii() or not country.isalpha() or not country.isupper():
            raise InvalidToken("subject is not a country code and national code")
        attributes = claims.get("profile_attributes") or {}
        given = attributes.get("given_name") or claims.get("given_name") or ""
        family = attributes.get("family_name") or claims.get("family_name") or ""
        born_text = attributes.get("date_of_birth") or claims.get("birthdate")
        try:
            born = dt.date.fromisoformat(born_text) if born_text else None
        except (TypeError, ValueError):
            born = None
        amr = claims.get("amr") or ()
        return Identity(
            country=country,
            national_code=code,
            given_name=str(given),
            family_name=str(family),
            date_of_birth=born,
            acr=str(claims.get("acr", "")),
            amr=tuple(str(a) for a in amr) if isinstance(amr, list) else (),
        )
