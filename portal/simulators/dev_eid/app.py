"""A development eID provider that behaves like TARA (OpenID Connect, authorization code flow).

It enforces what TARA enforces: registered clients with `client_secret_basic`, exact
`redirect_uri` at both steps, a scope whitelist, `state` of at least 8 characters, one
`acr_values` value, one-time codes valid 30 seconds, RS256 ID tokens with `kid` valid 40 seconds,
PKCE when a challenge was sent. `faults` makes it misbehave on purpose, for tests and demos.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from portal.simulators.dev_eid.personas import known_person, test_persons
from portal.simulators.dev_eid.store import MemoryStore, ProviderStore
from portal.simulators.national_ids import is_plausible_code

ALLOWED_SCOPES = frozenset({"openid", "idcard", "mid", "smartid", "eidas", "email", "phone"})
# Scopes that restrict the methods offered (as TARA does), and the `amr` of each method.
METHOD_SCOPES = {"idcard": "idcard", "mid": "mID", "smartid": "smartid", "eidas": "eIDAS"}
ACR_VALUES = ("low", "substantial", "high")
# The methods each country's eID service offers, as (`amr`, label). Estonia's TARA: Mobile-ID, ID card,
# Smart-ID and EU eIDAS. Kosovo's e-Kosova: its account with a one-time code, and the ID card.
AUTH_METHODS_BY_PROFILE = {
    "EE": (("mID", "Mobile-ID"), ("idcard", "ID card"), ("smartid", "Smart-ID"), ("eIDAS", "eIDAS (EU)")),
    "XK": (("eKosova", "e-Kosova (password and one-time code)"), ("idcard", "Kosovo ID card")),
}
AUTH_METHODS = AUTH_METHODS_BY_PROFILE["EE"]
CODE_TTL = 30
TRANSACTION_TTL = 900  # the login page's own limit is 600 seconds, checked against the clock
STORE_TTL = 300  # codes and access tokens, kept a while past their own expiry
TRANSACTIONS, CODES, ACCESS_TOKENS = "transaction", "code", "access-token"
ID_TOKEN_TTL = 40
FAULTS = frozenset(
    {
        "wrong_aud",
        "wrong_iss",
        "unknown_key",
        "expired",
        "wrong_nonce",
        "no_acr",
        "bad_at_hash",
        "wrong_azp",  # one audience (ours) but another authorized party
        "foreign_issuer",  # discovery and tokens name another issuer, consistently
        "any_method",  # ignores the method scopes: any method signs in
        "reusable_codes",  # an authorization code can be exchanged again
        "upper_case_names",  # names in capitals, as TARA sends them
    }
)
FOREIGN_ISSUER = "https://eid.attacker.example"


@dataclass(frozen=True)
class RegisteredClient:
    client_id: str
    secret: str
    redirect_uris: frozenset[str]


@dataclass
class ProviderState:
    profile: str
    clients: dict[str, RegisteredClient]
    faults: frozenset[str]
    clock: Callable[[], float]
    # Logins, codes, access tokens and keys: shared by every process that serves this provider.
    store: ProviderStore = field(default_factory=MemoryStore)
    token_requests: int = 0  # how often this process's token endpoint was asked for a code
    lock: threading.Lock = field(default_factory=threading.Lock)
    _parsed: dict[str, RSAKey] = field(default_factory=dict)  # kid -> key, parsed once a process

    @property
    def methods(self) -> tuple[tuple[str, str], ...]:
        return AUTH_METHODS_BY_PROFILE.get(self.profile, AUTH_METHODS)

    @property
    def keys(self) -> list[RSAKey]:
        """The published keys, the first signs (set by the first process that asks)."""
        published = self.store.keys([_new_key().as_dict(private=True) for _ in range(2)])
        keys = []
        for jwk in published:
            if jwk["kid"] not in self._parsed:
                self._parsed[jwk["kid"]] = RSAKey.import_key(jwk)
            keys.append(self._parsed[jwk["kid"]])
        return keys

    def signing_key(self) -> RSAKey:
        return self.keys[0]

    def rotate_keys(self) -> None:
        """Sign with a new key from now on; keep publishing the previous one (as TARA does)."""
        with self.lock:
            self.store.set_keys([_new_key().as_dict(private=True), self.keys[0].as_dict(private=True)])


def _new_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex[:12], "use": "sig", "alg": "RS256"})


def _b64_half_hash(value: str) -> str:
    # TARA encodes at_hash in standard Base64, not base64url: relying parties must cope.
    digest = hashlib.sha256(value.encode("ascii")).digest()
    return base64.b64encode(digest[:16]).decode("ascii")


def create_dev_eid_app(
    profile: str = "EE",
    clients: Iterable[RegisteredClient] = (),
    faults: Iterable[str] = (),
    clock: Callable[[], float] = time.time,
    store: ProviderStore | None = None,
) -> Flask:
    unknown = set(faults) - FAULTS
    if unknown:
        raise ValueError(f"unknown dev eID faults: {sorted(unknown)}")
    app = Flask(__name__)
    state = ProviderState(
        profile=profile,
        clients={c.client_id: c for c in clients},
        faults=frozenset(faults),
        clock=clock,
        store=store or MemoryStore(),
    )
    app.extensions["dev_eid"] = state

    def issuer() -> str:
        if "foreign_issuer" in state.faults:
            return FOREIGN_ISSUER
        return request.host_url.rstrip("/") + request.script_root

    def endpoint_base() -> str:
        return request.host_url.rstrip("/") + request.script_root

    @app.get("/.well-known/openid-configuration")
    def discovery():
        base = endpoint_base()
        return jsonify(
            issuer=issuer(),
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            userinfo_endpoint=f"{base}/userinfo",
            jwks_uri=f"{base}/jwks",
            scopes_supported=sorted(ALLOWED_SCOPES),
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            token_endpoint_auth_methods_supported=["client_secret_basic"],
            acr_values_supported=list(ACR_VALUES),
            code_challenge_methods_supported=["S256"],
            claims_supported=["sub", "profile_attributes", "amr", "acr", "nonce", "state", "at_hash"],
        )

    @app.get("/jwks")
    def jwks():
        keys = KeySet(state.keys)
        return jsonify(keys.as_dict(private=False))

    def login_page(
        transaction: str, requested_acr: str, typed_code: str = "", error: str | None = None
    ) -> str:
        return render_template(
            "dev_eid/login.html",
            transaction=transaction,
            persons=test_persons(state.profile),
            methods=state.methods,
            acr_values=ACR_VALUES,
            requested_acr=requested_acr,
            profile=state.profile,
            typed_code=typed_code,
            error=error,
        )

    @app.get("/authorize")
    def authorize():
        args = request.args
        client = state.clients.get(args.get("client_id", ""))
        redirect_uri = args.get("redirect_uri", "")
        if client is None or redirect_uri not in client.redirect_uris:
            # Never redirect to an unregistered address: show the error here instead.
            return render_template("dev_eid/error.html", message="Unknown client or redirect_uri."), 400
        given_state = args.get("state", "")

        def fail(error: str, description: str) -> Response:
            query = urlencode({"error": error, "error_description": description, "state": given_state})
            return redirect(f"{redirect_uri}?{query}", code=302)

        if args.get("response_type") != "code":
            return fail("unsupported_response_type", "response_type must be code")
        scopes = args.get("scope", "").split()
        if "openid" not in scopes or not set(scopes) <= ALLOWED_SCOPES:
            return fail("invalid_scope", "scope must include openid and only supported scopes")
        if len(given_state) < 8:
            return fail("invalid_request", "state must be at least 8 characters")
        acr_values = args.get("acr_values", "substantial").split()
        if len(acr_values) != 1 or acr_values[0] not in ACR_VALUES:
            return fail("invalid_request", "acr_values must be one of low, substantial, high")
        challenge, method = args.get("code_challenge"), args.get("code_challenge_method")
        if challenge and method != "S256":
            return fail("invalid_request", "only S256 code challenges are supported")
        transaction = secrets.token_urlsafe(24)
        state.store.put(
            TRANSACTIONS,
            transaction,
            {
                "client_id": client.client_id,
                "redirect_uri": redirect_uri,
                "state": given_state,
                "nonce": args.get("nonce"),
                "requested_acr": acr_values[0],
                "methods": [METHOD_SCOPES[s] for s in scopes if s in METHOD_SCOPES],
                "challenge": challenge,
                "created": state.clock(),
            },
            TRANSACTION_TTL,
        )
        return login_page(transaction, acr_values[0])

    def method_offered(transaction: dict[str, Any], method: str) -> bool:
        asked = transaction["methods"]
        return not asked or method in asked or "any_method" in state.faults

    @app.post("/authorize")
    def authenticate():
        form = request.form
        transaction = state.store.pop(TRANSACTIONS, form.get("transaction", ""))
        if transaction is None or state.clock() - transaction["created"] > 600:
            return render_template("dev_eid/error.html", message="This login has expired. Start again."), 400

        def back(**params: str) -> Response:
            params["state"] = transaction["state"]
            return redirect(f"{transaction['redirect_uri']}?{urlencode(params)}", code=302)

        if "cancel" in form:
            return back(error="user_cancel", error_description="The person cancelled the login")
        code = form.get("person", "")
        if code == "other":
            code = form.get("personal_code", "").strip()
        acr = form.get("acr", "")
        method = form.get("method", "")
        if (
            not is_plausible_code(state.profile, code)
            or acr not in ACR_VALUES
            or method not in dict(state.methods)
            or not method_offered(transaction, method)
        ):
            new_transaction = secrets.token_urlsafe(24)
            state.store.put(TRANSACTIONS, new_transaction, transaction, TRANSACTION_TTL)
            error = "Choose a test person or enter a valid personal code."
            return login_page(new_transaction, transaction["requested_acr"], code, error), 400
        known = known_person(state.profile, code)
        authorization_code = secrets.token_urlsafe(32)
        state.store.put(
            CODES,
            authorization_code,
            {
                **transaction,
                "code": code,
                "acr": acr,
                "amr": method,
                "given_name": known.given_name if known else "TEST",
                "family_name": known.family_name if known else f"PERSON-{code[-4:]}",
                "date_of_birth": known.date_of_birth.isoformat() if known and known.date_of_birth else None,
                "expires": state.clock() + CODE_TTL,
            },
            STORE_TTL,
        )
        return back(code=authorization_code)

    def token_error(error: str, status: int = 400) -> Response:
        response = jsonify(error=error)
        response.status_code = status
        return response

    def shout(name: str) -> str:
        return name.upper() if "upper_case_names" in state.faults else name

    @app.post("/token")
    def token():
        auth = request.authorization
        client = state.clients.get(auth.username if auth else "")
        if (
            auth is None
            or auth.type != "basic"
            or client is None
            or not secrets.compare_digest(auth.password or "", client.secret)
        ):
            response = token_error("invalid_client", 401)
            response.headers["WWW-Authenticate"] = "Basic"
            return response
        with state.lock:
            state.token_requests += 1
        if request.form.get("grant_type") != "authorization_code":
            return token_error("unsupported_grant_type")
        # One-time, even when the rest of the request is wrong (unless told to misbehave).
        take = state.store.get if "reusable_codes" in state.faults else state.store.claim
        grant = take(CODES, request.form.get("code", ""))
        if grant is None or grant["client_id"] != client.client_id:
            return token_error("invalid_grant")
        if state.clock() > grant["expires"]:
            return token_error("invalid_grant")
        if request.form.get("redirect_uri") != grant["redirect_uri"]:
            return token_error("invalid_grant")
        if grant["challenge"]:
            verifier = request.form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest())
            if not secrets.compare_digest(digest.decode("ascii").rstrip("="), grant["challenge"]):
                return token_error("invalid_grant")
        access_token = secrets.token_urlsafe(32)
        now = int(state.clock())
        claims = {
            "jti": str(uuid.uuid4()),
            "iss": issuer() + ("/wrong" if "wrong_iss" in state.faults else ""),
            "aud": ["someone-else" if "wrong_aud" in state.faults else client.client_id],
            "exp": now + (-120 if "expired" in state.faults else ID_TOKEN_TTL),
            "iat": now - (160 if "expired" in state.faults else 0),
            "nbf": now - (160 if "expired" in state.faults else 0),
            "sub": f"{state.profile}{grant['code']}",
            "profile_attributes": {
                "date_of_birth": grant["date_of_birth"],
                "family_name": shout(grant["family_name"]),
                "given_name": shout(grant["given_name"]),
            },
            "amr": [grant["amr"]],
            **({"azp": "someone-else"} if "wrong_azp" in state.faults else {}),
            "state": grant["state"],
            "nonce": "not-the-nonce" if "wrong_nonce" in state.faults else grant["nonce"],
            "acr": grant["acr"],
            "at_hash": _b64_half_hash("tampered" if "bad_at_hash" in state.faults else access_token),
        }
        if "no_acr" in state.faults:
            del claims["acr"]
        if grant["nonce"] is None:
            del claims["nonce"]
        key = _new_key() if "unknown_key" in state.faults else state.signing_key()
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid, "typ": "JWT"}, claims, key)
        state.store.put(
            ACCESS_TOKENS, access_token, {"claims": claims, "expires": now + ID_TOKEN_TTL}, STORE_TTL
        )
        return jsonify(
            access_token=access_token,
            token_type="bearer",  # noqa: S106 - the OAuth token type, not a secret
            expires_in=ID_TOKEN_TTL,
            id_token=id_token,
        )

    @app.get("/userinfo")
    def userinfo():
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
        entry = state.store.get(ACCESS_TOKENS, token)
        if entry is None or state.clock() > entry["expires"]:
            response = token_error("invalid_token", 401)
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response
        claims = entry["claims"]
        return jsonify({k: claims[k] for k in ("sub", "profile_attributes", "amr", "acr") if k in claims})

    @app.errorhandler(405)
    def not_allowed(_error: Exception):
        return token_error("invalid_request", 405)

    app.add_url_rule("/", "index", lambda: redirect(url_for("discovery")))
    return app
