# Copied by atsgen from templates/runtime/auth.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""Credentials and how they go on a request: bearer tokens, API key headers, HTTP basic, OAuth2.

Every credential is held in a `Secret`, whose repr and str are masked, so a credential never reaches a log
line, an exception message or a traceback's rendering of a value by accident. Error text that comes from
elsewhere (an httpx or transport exception) passes through `redact` before the SDK shows it.

Credentials are checked when the client is built, and a fetched OAuth2 token when it arrives: an empty
value, a control character (a trailing newline from a secret mounted as a file, CR, NUL), and in a value
sent as is in a header also a non-ASCII character or surrounding whitespace, raise InvalidCredentialsError
(ResponseDecodeError for a token) naming the argument or environment variable and what is wrong, never
the value.

OAuth2 client credentials: the token is fetched on first use, cached (see `token_reuse`), fetched again after
a 401 (once per request), and never fetched by two threads or tasks at once: one fetches, the others wait
for its token. The client sends the token request through the same machinery as calls (typed errors,
retries); this module only says what to send (`token_request`) and reads the answer (`accept`).

The token response's `expires_in`:
- absent or null: the scheme's default_expires_in, else DEFAULT_TOKEN_LIFETIME;
- a non-negative number, or a string of digits: the token is reused until EXPIRY_MARGIN before it expires
  (at most half its lifetime before), and at least MIN_TOKEN_REUSE seconds: a token that claims 0 or 1 s is
  still used for MIN_TOKEN_REUSE seconds (a 401 fetches a new one sooner, once per request), so a loop of
  calls does not fetch a token before each; a lifetime over MAX_TOKEN_LIFETIME (a day) counts as a day;
- negative, NaN, infinite, a boolean or anything else: ResponseDecodeError (the token is not used).
"""

from __future__ import annotations

import base64
import math
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import (
    APIError,
    AuthenticationError,
    InvalidCredentialsError,
    MissingCredentialsError,
    ResponseDecodeError,
    error_class,
)
from .spec import AuthSchemeSpec

if TYPE_CHECKING:
    import httpx

EXPIRY_MARGIN = 60.0
"""Seconds before a token's expiry at which it is fetched again (clock skew, request time)."""
DEFAULT_TOKEN_LIFETIME = 3600
"""Seconds a token lives when the response has no expires_in and the scheme no default_expires_in."""
MIN_TOKEN_REUSE = 10.0
"""Seconds a fetched token is used at least, whatever expires_in says (a 401 still fetches a new one)."""
MAX_TOKEN_LIFETIME = 86400.0
"""Seconds a longer expires_in counts as: refetching daily is cheap, caching "forever" is not."""
OAUTH_ERROR_CODES = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
    }
)
"""RFC 6749 section 5.2 error codes: the only part of a token endpoint's error body the SDK repeats."""


class Secret:
    """A credential: `reveal()` gives the value; repr, str and format show `***`."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return "***"

    def __reduce__(self) -> Any:  # never pickled with the value
        raise TypeError("a Secret cannot be pickled")


# -- checking credentials ---------------------------------------------------------------------------------------


def problem(value: str, *, in_header: bool) -> str | None:
    """What makes a credential unsendable, in words that do not repeat it; None when it is fine.

    Every credential: not empty, no control character (RFC 6749 and 7617 allow none). A value that goes
    into a header as is (a token, an API key): also ASCII only (httpx encodes header values as ASCII) and
    no whitespace around it (h11 refuses it).
    """
    if not value:
        return "is empty"
    if value.endswith(("\n", "\r")):
        return "ends with a newline (a secret read from a file? strip it)"
    for char in value:
        if char in "\r\n":
            return "contains a line break"
        if char == "\0":
            return "contains a NUL character"
        if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0:
            return f"contains the control character U+{ord(char):04X}"
    if in_header and not value.isascii():
        return "contains a non-ASCII character (HTTP headers carry ASCII)"
    if in_header and value != value.strip(" "):
        return "starts or ends with a space"
    return None


def _check(vendor: str, name: str, source: str, value: str, *, in_header: bool) -> None:
    found = problem(value, in_header=in_header)
    if found is not None:
        raise InvalidCredentialsError(f"{vendor}: the credential {name} (from {source}) {found}")


# -- redacting text that may hold a credential ------------------------------------------------------------------


def spellings(value: str) -> set[str]:
    """The ways error text may spell a credential: as is, escaped as repr() escapes str and bytes,
    percent-encoded (a form body, a URL) and JSON-escaped."""
    import json
    from urllib.parse import quote, quote_plus

    forms = {
        value,
        repr(value)[1:-1],
        repr(value.encode("utf-8"))[2:-1],
        quote(value, safe=""),
        quote_plus(value),
        json.dumps(value)[1:-1],
    }
    return {form for form in forms if form}


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every spelling of every secret replaced by `***`, longest first."""
    forms = sorted(
        {form for secret in secrets for form in spellings(secret)}, key=len, reverse=True
    )
    for form in forms:
        text = text.replace(form, "***")
    return text


# -- schemes ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenRequest:
    """What to send to fetch a token: a POST of `form` to `url`, form-encoded or as JSON."""

    url: str
    form: Mapping[str, str]
    content_type: str

    def __repr__(self) -> str:
        return f"TokenRequest(url={self.url!r}, form=***)"


class Auth:
    """Adds one scheme's credentials to requests."""

    scheme: AuthSchemeSpec
    refreshes: bool = False
    """Whether a 401 may be cured by fetching new credentials (OAuth2)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        """Held by the thread fetching credentials, so no two fetch at once."""
        self._async_lock: Any = (
            None  # an asyncio.Lock, made on first async use (asyncio is imported then)
        )

    def async_lock(self) -> Any:
        """The asyncio.Lock held by the task fetching credentials."""
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        return self._async_lock

    def current(self) -> dict[str, str] | None:
        """The headers to send now; None when credentials must be fetched first (`token_request`)."""
        raise NotImplementedError

    def token_request(self, base_url: str) -> TokenRequest:
        raise NotImplementedError(f"{type(self).__name__} fetches nothing")

    def accept(self, vendor: str, response: httpx.Response) -> dict[str, str]:
        """Read a token response; the headers to send with it."""
        raise NotImplementedError(f"{type(self).__name__} fetches nothing")

    def invalidate(self) -> None:
        """Forget fetched credentials (after a 401)."""

    def secrets(self) -> list[str]:
        """Every credential text this scheme may put on the wire, for `redact`."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(scheme={self.scheme.id!r}, credentials=***)"


class HeaderAuth(Auth):
    """A fixed header: `Authorization: Bearer <token>`, `x-api-key: <key>`, or HTTP basic."""

    def __init__(
        self, scheme: AuthSchemeSpec, value: Secret, parts: tuple[Secret, ...] = ()
    ) -> None:
        super().__init__()
        self.scheme = scheme
        self._value = value
        self._parts = parts

    def current(self) -> dict[str, str]:
        return {self.scheme.header: self._value.reveal()}

    def secrets(self) -> list[str]:
        # The header value, what follows its prefix (a bare token, basic's base64) and the raw credentials.
        header = self._value.reveal()
        return [header, header.rpartition(" ")[2], *(part.reveal() for part in self._parts)]


class OAuth2ClientCredentials(Auth):
    """OAuth2 client-credentials: fetch a token from the scheme's token URL, send it as a bearer token."""

    refreshes = True

    def __init__(self, scheme: AuthSchemeSpec, client_id: Secret, client_secret: Secret) -> None:
        super().__init__()
        self.scheme = scheme
        self._client_id = client_id
        self._client_secret = client_secret
        self._token: Secret | None = None
        self._reuse_until = 0.0
        self.fetches = 0
        """How many tokens were fetched (for tests and diagnostics)."""

    def current(self) -> dict[str, str] | None:
        if self._token is None or time.monotonic() >= self._reuse_until:
            return None
        prefix = f"{self.scheme.prefix} " if self.scheme.prefix else ""
        return {self.scheme.header: prefix + self._token.reveal()}

    def token_request(self, base_url: str) -> TokenRequest:
        url = self.scheme.token_url or ""
        if not url.startswith(("http://", "https://")):
            url = base_url.rstrip("/") + "/" + url.lstrip("/")
        names = self.scheme.token_fields
        form = {
            names.get("grant_type", "grant_type"): "client_credentials",
            names.get("client_id", "client_id"): self._client_id.reveal(),
            names.get("client_secret", "client_secret"): self._client_secret.reveal(),
        }
        return TokenRequest(url, form, self.scheme.token_content_type)

    def accept(self, vendor: str, response: httpx.Response) -> dict[str, str]:
        if response.status_code >= 400:
            raise _refusal(vendor, response)
        token, lifetime = _read_token(vendor, response, self.scheme)
        self._token = Secret(token)
        self._reuse_until = time.monotonic() + token_reuse(lifetime)
        self.fetches += 1
        headers = self.current()
        assert headers is not None  # token_reuse is at least MIN_TOKEN_REUSE
        return headers

    def invalidate(self) -> None:
        with self.lock:
            self._token = None
            self._reuse_until = 0.0

    def secrets(self) -> list[str]:
        fetched = [self._token.reveal()] if self._token is not None else []
        return [self._client_id.reveal(), self._client_secret.reveal(), *fetched]


# -- token responses --------------------------------------------------------------------------------------------


def _refusal(vendor: str, response: httpx.Response) -> APIError:
    """The typed error for a token endpoint's error status, without its text (it may echo the request)."""
    status = response.status_code
    body = _json_or_none(response)
    code = body.get("error") if isinstance(body, dict) else None
    cls: type[APIError] = AuthenticationError if status in (400, 401, 403) else error_class(status)
    message = (
        "the token endpoint refused the client credentials"
        if cls is AuthenticationError
        else f"the token endpoint answered HTTP {status}"
    )
    return cls(
        vendor=vendor,
        operation="fetch_token",
        status=status,
        code=code if isinstance(code, str) and code in OAUTH_ERROR_CODES else None,
        message=message,
        body=None,
        response=response,
    )


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _read_token(vendor: str, response: httpx.Response, scheme: AuthSchemeSpec) -> tuple[str, float]:
    """The access token and its lifetime in seconds; ResponseDecodeError saying what is wrong otherwise.

    Raised outside any `except`, so no decoding exception holding the body rides along as its context.
    """
    parsed = _parse_token(_json_or_none(response), scheme)
    if isinstance(parsed, str):
        raise ResponseDecodeError(
            f"{vendor}: the OAuth2 token response {parsed}",
            operation="fetch_token",
            response=response,
        )
    return parsed


def _parse_token(data: Any, scheme: AuthSchemeSpec) -> tuple[str, float] | str:
    """The access token and its lifetime; else what is wrong, in words that do not repeat the token."""
    if not isinstance(data, dict):
        return "is not a JSON object"
    token = data.get("access_token")
    if token is None:
        return "has no access_token"
    if not isinstance(token, str):
        return "has an access_token that is not a string"
    found = problem(token, in_header=True)
    if found is not None:
        return f"has an access_token that {found}"
    lifetime = token_lifetime(data.get("expires_in"), scheme)
    if isinstance(lifetime, str):
        return f"has an expires_in that {lifetime}"
    return token, lifetime


def token_lifetime(value: Any, scheme: AuthSchemeSpec) -> float | str:
    """Seconds a token lives, from the response's `expires_in`; a str saying what is wrong with it."""
    if value is None:
        return float(scheme.default_expires_in or DEFAULT_TOKEN_LIFETIME)
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()):
            return "is not a number"
        # Longer than any sensible lifetime, and int() refuses very long digit strings outright.
        return MAX_TOKEN_LIFETIME if len(value) > 12 else min(float(int(value)), MAX_TOKEN_LIFETIME)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "is not a number"
    if isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    if value < 0:
        return "is negative"
    # Compared before float(): a 400-digit integer overflows a float.
    return float(min(value, MAX_TOKEN_LIFETIME))


def token_reuse(lifetime: float) -> float:
    """Seconds a token with this lifetime is used before a new one is fetched (see the module docstring)."""
    before_expiry = max(lifetime - EXPIRY_MARGIN, lifetime / 2)
    return max(before_expiry, MIN_TOKEN_REUSE)


# -- building ---------------------------------------------------------------------------------------------------


def build(
    scheme: AuthSchemeSpec,
    given: Mapping[str, str | None],
    environ: Mapping[str, str] = os.environ,
    vendor: str = "",
) -> Auth | None:
    """The scheme's Auth when all its credentials are given or set in the environment, else None.

    InvalidCredentialsError when one cannot be sent (see `problem`), naming where it came from.
    """
    values: dict[str, Secret] = {}
    in_header = scheme.type in ("bearer", "api_key")
    for credential in scheme.credentials:
        value = given.get(credential)
        source = f"the argument {credential}="
        if value is None and credential in scheme.env:
            value = environ.get(scheme.env[credential]) or None
            source = f"the environment variable {scheme.env[credential]}"
        if value is None:
            return None
        _check(vendor or scheme.id, credential, source, value, in_header=in_header)
        if credential == "username" and ":" in value:
            raise InvalidCredentialsError(
                f"{vendor or scheme.id}: the credential username (from {source}) contains ':',"
                " which HTTP basic auth cannot carry in a user name"
            )
        values[credential] = Secret(value)
    return _scheme_auth(scheme, values)


def _scheme_auth(scheme: AuthSchemeSpec, values: dict[str, Secret]) -> Auth:
    parts = tuple(values.values())
    if scheme.type == "oauth2_client_credentials":
        return OAuth2ClientCredentials(scheme, values["client_id"], values["client_secret"])
    if scheme.type == "basic":
        pair = f"{values['username'].reveal()}:{values['password'].reveal()}".encode()
        header = "Basic " + base64.b64encode(pair).decode("ascii")
        return HeaderAuth(scheme, Secret(header), parts)
    if scheme.type == "bearer":
        prefix = f"{scheme.prefix} " if scheme.prefix else ""
        return HeaderAuth(scheme, Secret(prefix + values["token"].reveal()), parts)
    return HeaderAuth(scheme, values["api_key"], parts)


def missing_message(vendor: str, schemes: tuple[AuthSchemeSpec, ...]) -> str:
    """What to pass or set, for every scheme the vendor accepts."""
    options = []
    for scheme in schemes:
        arguments = " and ".join(f"{c}=..." for c in scheme.credentials)
        variables = " and ".join(scheme.env[c] for c in scheme.credentials if c in scheme.env)
        options.append(f"{arguments}" + (f" (or set {variables})" if variables else ""))
    return f"{vendor}: no credentials; pass " + "; or ".join(options)


def require_any(
    vendor: str, schemes: tuple[AuthSchemeSpec, ...], built: Mapping[str, Auth]
) -> None:
    if schemes and not built:
        raise MissingCredentialsError(missing_message(vendor, schemes))
