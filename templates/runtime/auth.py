"""Credentials and how they go on a request: bearer tokens, API keys (in a header, the query or a
cookie), HTTP basic, OAuth2.

Each auth scheme type is one class (`Bearer`, `ApiKey`, `Basic`, `OAuth2ClientCredentials`), registered in
`SCHEMES` by the spec's name for it, as httpx has one class per scheme: the class names the credentials it
takes, signs requests, and tells the mock server (`mock_auth`) how to check a request and what to answer
at a token endpoint. Neither the client nor the mock switches on a scheme's type, and the generator reads
the credentials from here. A type `SCHEMES` lacks raises `UnknownSchemeType`, never a default.

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
import binascii
import math
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

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

    from .mock_auth import TokenIssuer

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


@dataclass(frozen=True)
class Credential:
    """One credential a scheme takes: the client's argument name, and whether it is secret (the mock masks
    a secret one in its request log; the SDK redacts every credential from error text either way).
    """

    name: str
    secret: bool = True


@dataclass(frozen=True)
class MockVerdict:
    """How the mock judged one scheme's credential header: `ok`, `invalid` or `expired`."""

    outcome: Literal["ok", "invalid", "expired"]
    token: int | None = None
    """The serial number of the mock-issued token the header carried, when it carried one."""
    challenge: str | None = None
    """A WWW-Authenticate challenge more specific than the scheme's own."""


@dataclass(frozen=True)
class MockRefusal:
    """Why the mock's token endpoint refuses a token request: HTTP status, RFC 6749 code, message."""

    status: int
    code: str
    message: str
    challenge: str | None = None


class Auth:
    """One auth scheme type: the credentials it takes, how it signs a request, and how the mock checks one.

    An instance signs the requests of one client (`current`, and for a scheme that fetches its credentials
    `token_request` and `accept`); the class methods are the scheme's knowledge the client's builder
    (`credential_problem`) and the mock server (`challenge`, `mock_check`, `mock_headers`, `mock_grant`)
    ask for, so neither switches on the scheme's type. `SCHEMES` registers each subclass by `type`.
    """

    type: ClassVar[str]
    """The spec's name for the scheme (`type:` of an auth scheme)."""
    credentials: ClassVar[tuple[Credential, ...]]
    sent_as_is: ClassVar[bool] = False
    """The credentials go into a header unchanged, so a header's limits (ASCII, no surrounding space)
    apply to them."""
    refreshes: ClassVar[bool] = False
    """Whether a 401 may be cured by fetching new credentials (OAuth2)."""

    def __init__(self, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> None:
        self.scheme = scheme
        self._values = dict(values)
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
        """The credentials to send now, as `sign` takes them (for most schemes: headers); None when
        credentials must be fetched first (`token_request`)."""
        raise NotImplementedError

    def sign(self, signed: Mapping[str, str], request: dict[str, Any]) -> None:
        """Put `signed` (what `current` or `accept` gave) on `request`, httpx keyword arguments whose
        `headers` is a dict of this request's own: by default, as headers."""
        request["headers"].update(signed)

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

    # -- what the builder and the mock ask of the scheme -----------------------------------------------------

    @classmethod
    def credential_problem(cls, name: str, value: str) -> str | None:
        """What makes the credential `name` unsendable by this scheme (see `problem`); None when fine."""
        return problem(value, in_header=cls.sent_as_is)

    @classmethod
    def placement_problem(cls, scheme: AuthSchemeSpec, value: str) -> str | None:
        """What makes a credential unsendable where this scheme puts it, beyond `credential_problem`."""
        return None

    @classmethod
    def challenge(cls, scheme: AuthSchemeSpec) -> str | None:
        """The WWW-Authenticate challenge the mock offers for this scheme, if it has one."""
        return None

    @classmethod
    def mock_value(
        cls, scheme: AuthSchemeSpec, headers: Mapping[str, str], query: Mapping[str, Any]
    ) -> str | None:
        """The credential text of a request as the mock received it (header names lower case), for
        `mock_check`; None when the request carries none. By default the scheme's header."""
        return headers.get(scheme.header.lower())

    @classmethod
    def mock_check(
        cls,
        scheme: AuthSchemeSpec,
        value: str,
        accepted: Mapping[str, str],
        tokens: TokenIssuer,
    ) -> MockVerdict:
        """The mock's verdict on the scheme's header `value`, given the credentials it accepts."""
        raise NotImplementedError

    @classmethod
    def mock_headers(
        cls, scheme: AuthSchemeSpec, accepted: Mapping[str, str], tokens: TokenIssuer
    ) -> dict[str, str]:
        """Headers the mock accepts: the scheme's own signature with the accepted credentials."""
        headers: dict[str, str] = cls._mock_signed(scheme, accepted)["headers"]
        return headers

    @classmethod
    def mock_query(cls, scheme: AuthSchemeSpec, accepted: Mapping[str, str]) -> dict[str, str]:
        """Query parameters the mock accepts (with `mock_headers`): the scheme's own, if it signs there."""
        params: dict[str, str] = cls._mock_signed(scheme, accepted)["params"] or {}
        return params

    @classmethod
    def _mock_signed(cls, scheme: AuthSchemeSpec, accepted: Mapping[str, str]) -> dict[str, Any]:
        signer = cls(scheme, {c.name: Secret(accepted.get(c.name, "")) for c in cls.credentials})
        request: dict[str, Any] = {"headers": {}, "params": None}
        signed = signer.current()
        if signed is not None:
            signer.sign(signed, request)
        return request

    @classmethod
    def mock_grant(
        cls,
        scheme: AuthSchemeSpec,
        form: Mapping[str, str],
        authorization: str,
        accepted: Mapping[str, str],
    ) -> MockRefusal | None:
        """At the mock's token endpoint: why a token request is refused, None when it is granted."""
        raise NotImplementedError(f"{cls.__name__} fetches nothing")

    @classmethod
    def mock_token_body(cls, token: str, lifetime: float) -> dict[str, Any]:
        """The mock token endpoint's answer to a granted request."""
        raise NotImplementedError(f"{cls.__name__} fetches nothing")


def _prefixed(prefix: str | None, value: str) -> str:
    return f"{prefix} {value}" if prefix else value


def _unprefixed(prefix: str | None, value: str) -> str | None:
    """The credential in a header value sent with `prefix` (its word compared case-insensitively, as
    RFC 9110 compares auth schemes); None when another word precedes it."""
    if not prefix:
        return value
    word, _, rest = value.strip().partition(" ")
    return rest.strip() if word.lower() == prefix.lower() else None


def _realm(word: str) -> str:
    return f'{word.lower().capitalize()} realm="atsgen-mock"'


class HeaderAuth(Auth):
    """A scheme that sends one fixed header, built once from the credentials."""

    def __init__(self, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> None:
        super().__init__(scheme, values)
        self._header = Secret(self.header_text(scheme, values))

    @classmethod
    def header_text(cls, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> str:
        """The header's value."""
        raise NotImplementedError

    def current(self) -> dict[str, str]:
        return {self.scheme.header: self._header.reveal()}

    def secrets(self) -> list[str]:
        # The header value, what follows its prefix (a bare token, basic's base64) and the raw credentials.
        header = self._header.reveal()
        return [header, header.rpartition(" ")[2], *(v.reveal() for v in self._values.values())]


class Bearer(HeaderAuth):
    """`Authorization: Bearer <token>` (the scheme's header and prefix)."""

    type = "bearer"
    credentials = (Credential("token"),)
    sent_as_is = True

    @classmethod
    def header_text(cls, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> str:
        return _prefixed(scheme.prefix, values["token"].reveal())

    @classmethod
    def challenge(cls, scheme: AuthSchemeSpec) -> str | None:
        return _realm(scheme.prefix or "Bearer")

    @classmethod
    def mock_check(
        cls,
        scheme: AuthSchemeSpec,
        value: str,
        accepted: Mapping[str, str],
        tokens: TokenIssuer,
    ) -> MockVerdict:
        given = _unprefixed(scheme.prefix, value)
        return MockVerdict("ok" if given == accepted.get("token") else "invalid")


class ApiKey(HeaderAuth):
    """The key as the value of the scheme's header (`x-api-key: <key>`), or where the scheme's `location`
    says: a query parameter (`?api_key=<key>`) or a cookie (`Cookie: session=<key>`) named `name`.
    """

    type = "api_key"
    credentials = (Credential("api_key"),)
    sent_as_is = True

    @classmethod
    def header_text(cls, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> str:
        return _prefixed(scheme.prefix, values["api_key"].reveal())

    def current(self) -> dict[str, str]:
        if self.scheme.location == "header":
            return super().current()
        return {self.scheme.name or "": self._header.reveal()}

    def sign(self, signed: Mapping[str, str], request: dict[str, Any]) -> None:
        if self.scheme.location == "query":
            # httpx replaces a URL's query with `params`: the key joins the params when there are
            # any, else the URL's own query (a followed redirect's Location carries one).
            params = request.get("params")
            if params or "url" not in request:
                request["params"] = {**(params or {}), **signed}
            else:
                import httpx

                request["url"] = httpx.URL(request["url"]).copy_merge_params(signed)
        elif self.scheme.location == "cookie":
            headers = request["headers"]
            pairs = [f"{name}={value}" for name, value in signed.items()]
            present = [value for name, value in headers.items() if name.lower() == "cookie"]
            for name in [name for name in headers if name.lower() == "cookie"]:
                del headers[name]
            headers["Cookie"] = "; ".join([*present, *pairs])
        else:
            super().sign(signed, request)

    @classmethod
    def placement_problem(cls, scheme: AuthSchemeSpec, value: str) -> str | None:
        # RFC 6265 cookie-octet: these would end the cookie or start another one.
        if scheme.location == "cookie":
            for char in value:
                if char in ' ";,\\':
                    return f"contains {char!r}, which a cookie value cannot carry"
        return None

    @classmethod
    def mock_value(
        cls, scheme: AuthSchemeSpec, headers: Mapping[str, str], query: Mapping[str, Any]
    ) -> str | None:
        if scheme.location == "query":
            value = query.get(scheme.name or "")
            # A repeated parameter is no single key.
            return value if isinstance(value, str) else None
        if scheme.location == "cookie":
            return cookie_value(headers.get("cookie", ""), scheme.name or "")
        return super().mock_value(scheme, headers, query)

    @classmethod
    def mock_check(
        cls,
        scheme: AuthSchemeSpec,
        value: str,
        accepted: Mapping[str, str],
        tokens: TokenIssuer,
    ) -> MockVerdict:
        given = _unprefixed(scheme.prefix, value)
        return MockVerdict("ok" if given == accepted.get("api_key") else "invalid")


def cookie_value(header: str, name: str) -> str | None:
    """The value of the cookie `name` in a Cookie header (RFC 6265 section 5.4), None when absent."""
    for pair in header.split(";"):
        key, equals, value = pair.strip().partition("=")
        if equals and key == name:
            return value
    return None


class _BasicPair(HeaderAuth):
    """HTTP Basic (RFC 7617): `Authorization: Basic <base64 of user:password>`. A subclass says which
    credentials make the user name and the password (`pair`)."""

    user_credential: ClassVar[str]
    """The credential sent as the user name: it may not hold ':', which would end the name."""

    @classmethod
    def pair(cls, values: Mapping[str, str]) -> tuple[str | None, str | None]:
        """The user name and password these credentials (by name) make."""
        raise NotImplementedError

    @classmethod
    def header_text(cls, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> str:
        user, password = cls.pair({name: secret.reveal() for name, secret in values.items()})
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")

    @classmethod
    def credential_problem(cls, name: str, value: str) -> str | None:
        found = super().credential_problem(name, value)
        if found is None and name == cls.user_credential and ":" in value:
            return "contains ':', which HTTP basic auth cannot carry in a user name"
        return found

    @classmethod
    def challenge(cls, scheme: AuthSchemeSpec) -> str | None:
        return _realm("Basic")

    @classmethod
    def mock_check(
        cls,
        scheme: AuthSchemeSpec,
        value: str,
        accepted: Mapping[str, str],
        tokens: TokenIssuer,
    ) -> MockVerdict:
        given = _unprefixed("Basic", value)
        sent = basic_pair(given) if given is not None else None
        return MockVerdict("ok" if sent is not None and sent == cls.pair(accepted) else "invalid")


class Basic(_BasicPair):
    """HTTP Basic with a user name and a password."""

    type = "basic"
    credentials = (Credential("username", secret=False), Credential("password"))
    user_credential = "username"

    @classmethod
    def pair(cls, values: Mapping[str, str]) -> tuple[str | None, str | None]:
        return values.get("username"), values.get("password")


class BasicToken(_BasicPair):
    """HTTP Basic with an API token as the user name and an empty password (`<token>:`), as several ATS
    APIs take their keys: `Authorization: Basic <base64 of token:>`."""

    type = "basic_token"
    credentials = (Credential("token"),)
    user_credential = "token"

    @classmethod
    def pair(cls, values: Mapping[str, str]) -> tuple[str | None, str | None]:
        return values.get("token"), ""


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


_EXPIRED = 'Bearer realm="atsgen-mock", error="invalid_token", error_description="The access token expired"'


class OAuth2ClientCredentials(Auth):
    """OAuth2 client-credentials: fetch a token from the scheme's token URL, send it as a bearer token."""

    type = "oauth2_client_credentials"
    credentials = (Credential("client_id", secret=False), Credential("client_secret"))
    refreshes = True
    ROLES = ("grant_type", "client_id", "client_secret")
    """The token request's fields, by role; the scheme's `token_fields` may rename each on the wire."""

    def __init__(self, scheme: AuthSchemeSpec, values: Mapping[str, Secret]) -> None:
        super().__init__(scheme, values)
        self._token: Secret | None = None
        self._reuse_until = 0.0
        self.fetches = 0
        """How many tokens were fetched (for tests and diagnostics)."""

    def current(self) -> dict[str, str] | None:
        if self._token is None or time.monotonic() >= self._reuse_until:
            return None
        return {self.scheme.header: _prefixed(self.scheme.prefix, self._token.reveal())}

    def token_request(self, base_url: str) -> TokenRequest:
        url = self.scheme.token_url or ""
        if not url.startswith(("http://", "https://")):
            url = base_url.rstrip("/") + "/" + url.lstrip("/")
        names = self.field_names(self.scheme)
        form = {
            names["grant_type"]: "client_credentials",
            names["client_id"]: self._values["client_id"].reveal(),
            names["client_secret"]: self._values["client_secret"].reveal(),
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
        return [*(v.reveal() for v in self._values.values()), *fetched]

    @classmethod
    def field_names(cls, scheme: AuthSchemeSpec) -> dict[str, str]:
        """The token request's wire names, by role."""
        return {role: scheme.token_fields.get(role, role) for role in cls.ROLES}

    @classmethod
    def challenge(cls, scheme: AuthSchemeSpec) -> str | None:
        return _realm(scheme.prefix or "Bearer")

    @classmethod
    def mock_check(
        cls,
        scheme: AuthSchemeSpec,
        value: str,
        accepted: Mapping[str, str],
        tokens: TokenIssuer,
    ) -> MockVerdict:
        given = _unprefixed(scheme.prefix, value)
        issued = tokens.tokens.get(given) if given is not None else None
        if issued is None:
            return MockVerdict("invalid")
        if issued.expired:
            return MockVerdict("expired", issued.serial, _EXPIRED)
        return MockVerdict("ok", issued.serial)

    @classmethod
    def mock_headers(
        cls, scheme: AuthSchemeSpec, accepted: Mapping[str, str], tokens: TokenIssuer
    ) -> dict[str, str]:
        # A freshly issued token, without a token request.
        token, _ = tokens.issue(scheme)
        return {scheme.header: _prefixed(scheme.prefix, token)}

    @classmethod
    def mock_grant(
        cls,
        scheme: AuthSchemeSpec,
        form: Mapping[str, str],
        authorization: str,
        accepted: Mapping[str, str],
    ) -> MockRefusal | None:
        # The client id and secret come from the form fields the scheme names, or from HTTP Basic.
        names = cls.field_names(scheme)
        client_id, client_secret = form.get(names["client_id"]), form.get(names["client_secret"])
        encoded = _unprefixed("Basic", authorization) if authorization else None
        pair = basic_pair(encoded) if encoded is not None else None
        if client_id is None and pair is not None:
            # Not decodable as Basic credentials: left unset, and refused below.
            client_id, client_secret = pair
        if form.get(names["grant_type"]) != "client_credentials":
            message = f"{names['grant_type']} must be client_credentials"
            return MockRefusal(400, "unsupported_grant_type", message)
        if not client_id or not client_secret:
            message = f"{names['client_id']} and {names['client_secret']} are required"
            return MockRefusal(400, "invalid_request", message)
        if (client_id, client_secret) != (accepted.get("client_id"), accepted.get("client_secret")):
            return MockRefusal(401, "invalid_client", "Invalid client credentials", _realm("Basic"))
        return None

    @classmethod
    def mock_token_body(cls, token: str, lifetime: float) -> dict[str, Any]:
        return {"access_token": token, "token_type": "bearer", "expires_in": int(lifetime)}


SCHEMES: Mapping[str, type[Auth]] = {
    cls.type: cls for cls in (Bearer, ApiKey, OAuth2ClientCredentials, Basic, BasicToken)
}
"""Every auth scheme type, by the spec's name for it: the one table the client, the mock and the generator
read (`atsgen_runtime.auth` in the generator)."""


class UnknownSchemeType(LookupError):
    """An auth scheme type `SCHEMES` does not describe: a spec the generator would have refused."""

    def __init__(self, name: object) -> None:
        super().__init__(f"unknown auth scheme type: {name!r}")
        self.name = name


def scheme_class(type_name: str) -> type[Auth]:
    """The class of the scheme type `type_name`; never a default for one the table lacks."""
    found = SCHEMES.get(type_name)
    if found is None:
        raise UnknownSchemeType(type_name)
    return found


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
    cls = scheme_class(scheme.type)
    values: dict[str, Secret] = {}
    for credential in cls.credentials:
        name = credential.name
        value = given.get(name)
        source = f"the argument {name}="
        if value is None and name in scheme.env:
            value = environ.get(scheme.env[name]) or None
            source = f"the environment variable {scheme.env[name]}"
        if value is None:
            return None
        found = cls.credential_problem(name, value) or cls.placement_problem(scheme, value)
        if found is not None:
            raise InvalidCredentialsError(
                f"{vendor or scheme.id}: the credential {name} (from {source}) {found}"
            )
        values[name] = Secret(value)
    return cls(scheme, values)


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
