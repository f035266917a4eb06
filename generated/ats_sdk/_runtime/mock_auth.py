# Copied by atsgen from templates/runtime/mock_auth.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""Authentication for the mock server (`ats_sdk.mock`): accepted credentials, OAuth2 tokens, header checks.

Standard library only.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .spec import AuthSchemeSpec, VendorSpec

__all__ = [
    "AuthResult",
    "IssuedToken",
    "TokenIssuer",
    "basic_pair",
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


def basic_pair(value: str) -> tuple[str, str] | None:
    """The user name and password of HTTP Basic credentials (the part after `Basic `), None when unreadable."""
    # Header values arrive as Latin-1 text: b64decode refuses non-ASCII text with a plain ValueError,
    # which is not a binascii.Error.
    if not value.isascii():
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = decoded.partition(":")
    return (user, password) if colon else None


def _split(value: str) -> tuple[str, str]:
    word, _, rest = value.strip().partition(" ")
    return word.lower(), rest.strip()


def check_auth(
    vendor: VendorSpec,
    scheme_ids: tuple[str, ...],
    headers: Mapping[str, str],
    credentials: Mapping[str, Mapping[str, str]],
    tokens: TokenIssuer,
) -> AuthResult:
    """Accept the request when any of the operation's schemes accepts its headers (names lower case)."""
    if not scheme_ids:
        return AuthResult("ok")
    worst: AuthResult = AuthResult("missing")
    challenges: list[str] = []
    for scheme_id in scheme_ids:
        scheme = vendor.scheme(scheme_id)
        if scheme is None:
            continue
        accepted = credentials.get(scheme.id, {})
        value = headers.get(scheme.header.lower())
        prefix = (scheme.prefix or ("Basic" if scheme.type == "basic" else "Bearer")).lower()
        challenges.append(
            f'{prefix.capitalize()} realm="atsgen-mock"' if scheme.type != "api_key" else ""
        )
        if value is None:
            continue
        result: AuthResult = AuthResult("invalid", scheme.id)
        if scheme.type == "api_key":
            word, rest = _split(value) if scheme.prefix else ("", value)
            if word == (scheme.prefix or "").lower() and rest == accepted.get("api_key"):
                return AuthResult("ok", scheme.id)
        else:
            word, rest = _split(value)
            if word != prefix:
                pass
            elif (scheme.type == "bearer" and rest == accepted.get("token")) or (
                scheme.type == "basic"
                and basic_pair(rest)
                == (
                    accepted.get("username"),
                    accepted.get("password"),
                )
            ):
                return AuthResult("ok", scheme.id)
            elif scheme.type == "oauth2_client_credentials" and rest in tokens.tokens:
                issued = tokens.tokens[rest]
                if not issued.expired:
                    return AuthResult("ok", scheme.id, issued.serial)
                challenge = 'Bearer realm="atsgen-mock", error="invalid_token", error_description="The access token expired"'
                result = AuthResult("expired", scheme.id, issued.serial, challenge)
        if worst.outcome != "expired":
            worst = result
    offered = ", ".join(c for c in challenges if c) or None
    return AuthResult(worst.outcome, worst.scheme, worst.token, worst.challenge or offered)


def mask_header(value: str) -> str:
    """A credential header with its secret hidden: `Bearer ***`, `Basic ***`, or `***`."""
    word, _, rest = value.strip().partition(" ")
    return f"{word} ***" if rest else "***"
