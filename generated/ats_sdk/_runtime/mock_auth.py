# Copied by atsgen from templates/runtime/mock_auth.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""Authentication for the mock server (`ats_sdk.mock`): accepted credentials, OAuth2 tokens, header checks.

What each scheme accepts is its class's knowledge (`auth.SCHEMES`: `mock_check`, `challenge`); this module
holds the mock's state (accepted credentials, issued tokens) and asks the operation's schemes in turn.
Standard library only.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .auth import scheme_class
from .spec import AuthSchemeSpec, VendorSpec

__all__ = [
    "AuthResult",
    "IssuedToken",
    "TokenIssuer",
    "check_auth",
    "default_credentials",
    "mask_header",
]

DEFAULT_TOKEN_LIFETIME = 3600.0
"""Seconds an issued OAuth2 token lives when the scheme documents no default_expires_in."""


def default_credentials(vendor: VendorSpec) -> dict[str, dict[str, str]]:
    """Credentials the mock accepts, by scheme id then credential name: `mock-<vendor>-<name>`."""
    return {
        scheme.id: {
            name: f"mock-{vendor.id}-{name.replace('_', '-')}" for name in scheme.credentials
        }
        for scheme in vendor.auth
    }


@dataclass
class IssuedToken:
    """An OAuth2 access token the mock issued: its serial number (1 for the first) and expiry (monotonic)."""

    serial: int
    scheme: str
    expires_at: float

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.expires_at


class TokenIssuer:
    """OAuth2 client-credentials tokens: issues, checks, expires on demand, and counts token requests.

    Not thread-safe by itself: `MockServer` holds its lock around every use.
    """

    def __init__(self, vendor_id: str, lifetime: float | None = None) -> None:
        self.vendor_id: str = vendor_id
        self.lifetime: float | None = lifetime
        """Seconds a new token lives; None: the scheme's default_expires_in, else 3600."""
        self.requests: int = 0
        """Requests made to a token endpoint (successful or not)."""
        self.tokens: dict[str, IssuedToken] = {}

    def lifetime_for(self, scheme: AuthSchemeSpec) -> float:
        if self.lifetime is not None:
            return self.lifetime
        return float(scheme.default_expires_in or DEFAULT_TOKEN_LIFETIME)

    def issue(self, scheme: AuthSchemeSpec) -> tuple[str, IssuedToken]:
        value = f"mock-{self.vendor_id}-access-{secrets.token_hex(12)}"
        token = IssuedToken(
            len(self.tokens) + 1, scheme.id, time.monotonic() + self.lifetime_for(scheme)
        )
        self.tokens[value] = token
        return value, token

    def expire_all(self) -> int:
        """Expire every token issued so far (the next request with one gets 401); returns how many."""
        now = time.monotonic()
        for token in self.tokens.values():
            token.expires_at = min(token.expires_at, now)
        return len(self.tokens)

    @property
    def issued(self) -> int:
        return len(self.tokens)

    def reset(self) -> None:
        self.tokens.clear()
        self.requests = 0


@dataclass(frozen=True)
class AuthResult:
    """The outcome of checking a request's credentials: `ok`, or why not (missing, invalid, expired)."""

    outcome: Literal["ok", "missing", "invalid", "expired"]
    scheme: str | None = None
    token: int | None = None
    """The serial number of the OAuth2 token used, when one was."""
    challenge: str | None = None
    """The WWW-Authenticate header to send with a 401."""


def check_auth(
    vendor: VendorSpec,
    scheme_ids: tuple[str, ...],
    headers: Mapping[str, str],
    credentials: Mapping[str, Mapping[str, str]],
    tokens: TokenIssuer,
    query: Mapping[str, Any] | None = None,
) -> AuthResult:
    """Accept the request when any of the operation's schemes accepts its headers (names lower case)
    or, for a scheme that signs there, its `query`."""
    if not scheme_ids:
        return AuthResult("ok")
    worst: AuthResult = AuthResult("missing")
    challenges: list[str] = []
    for scheme_id in scheme_ids:
        scheme = vendor.scheme(scheme_id)
        if scheme is None:
            continue
        kind = scheme_class(scheme.type)
        challenge = kind.challenge(scheme)
        if challenge:
            challenges.append(challenge)
        value = kind.mock_value(scheme, headers, query or {})
        if value is None:
            continue
        verdict = kind.mock_check(scheme, value, credentials.get(scheme.id, {}), tokens)
        if verdict.outcome == "ok":
            return AuthResult("ok", scheme.id, verdict.token)
        if worst.outcome != "expired":
            worst = AuthResult(verdict.outcome, scheme.id, verdict.token, verdict.challenge)
    offered = ", ".join(challenges) or None
    return AuthResult(worst.outcome, worst.scheme, worst.token, worst.challenge or offered)


def credential_params(vendor: VendorSpec) -> frozenset[str]:
    """The query parameters the vendor's schemes carry credentials in: no operation's own, so the mock
    checks them as credentials, never as the operation's query, and masks them in its request log.
    """
    return frozenset(
        name for scheme in vendor.auth for name in scheme_class(scheme.type).mock_query(scheme, {})
    )


def mask_header(value: str) -> str:
    """A credential header with its secret hidden: `Bearer ***`, `Basic ***`, or `***`."""
    word, _, rest = value.strip().partition(" ")
    return f"{word} ***" if rest else "***"
