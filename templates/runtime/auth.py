"""Credentials and how they go on a request: bearer tokens, API key headers, HTTP basic, OAuth2.

Every credential is held in a `Secret`, whose repr and str are masked, so a credential never reaches a log
line, an exception message or a traceback's rendering of a value by accident.

OAuth2 client credentials: the token is fetched on first use, cached until shortly before it expires, fetched
again after a 401 (once per request), and never fetched by two threads or tasks at once: one fetches, the
others wait for its token.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ats_sdk._runtime.errors import AuthenticationError, MissingCredentialsError, TransportError
from ats_sdk._runtime.spec import AuthSchemeSpec

if TYPE_CHECKING:
    import httpx

EXPIRY_MARGIN = 60.0
"""Seconds before a token's expiry at which it is fetched again (clock skew, request time)."""


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


class Auth:
    """Adds one scheme's credentials to requests."""

    scheme: AuthSchemeSpec
    refreshes: bool = False
    """Whether a 401 may be cured by fetching new credentials (OAuth2)."""

    def headers(self, http: httpx.Client, base_url: str) -> dict[str, str]:
        raise NotImplementedError

    async def aheaders(self, http: httpx.AsyncClient, base_url: str) -> dict[str, str]:
        return self.headers_without_fetch()

    def headers_without_fetch(self) -> dict[str, str]:
        raise NotImplementedError

    def invalidate(self) -> None:
        """Forget fetched credentials (after a 401)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}(scheme={self.scheme.id!r}, credentials=***)"


class HeaderAuth(Auth):
    """A fixed header: `Authorization: Bearer <token>`, `x-api-key: <key>`, or HTTP basic."""

    def __init__(self, scheme: AuthSchemeSpec, value: Secret) -> None:
        self.scheme = scheme
        self._value = value

    def headers_without_fetch(self) -> dict[str, str]:
        return {self.scheme.header: self._value.reveal()}

    def headers(self, http: httpx.Client, base_url: str) -> dict[str, str]:
        return self.headers_without_fetch()


class OAuth2ClientCredentials(Auth):
    """OAuth2 client-credentials: fetch a token from the scheme's token URL, send it as a bearer token."""

    refreshes = True

    def __init__(self, scheme: AuthSchemeSpec, client_id: Secret, client_secret: Secret) -> None:
        self.scheme = scheme
        self._client_id = client_id
        self._client_secret = client_secret
        self._token: Secret | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self._async_lock: Any = (
            None  # an asyncio.Lock, made on first async use (asyncio is imported then)
        )
        self.fetches = 0
        """How many tokens were fetched (for tests and diagnostics)."""

    def _valid(self) -> bool:
        return self._token is not None and time.monotonic() < self._expires_at - EXPIRY_MARGIN

    def _header(self) -> dict[str, str]:
        assert self._token is not None
        prefix = f"{self.scheme.prefix} " if self.scheme.prefix else ""
        return {self.scheme.header: prefix + self._token.reveal()}

    def _token_request(self, base_url: str) -> tuple[str, dict[str, str]]:
        url = self.scheme.token_url or ""
        if not url.startswith(("http://", "https://")):
            url = base_url.rstrip("/") + "/" + url.lstrip("/")
        names = self.scheme.token_fields
        form = {
            names.get("grant_type", "grant_type"): "client_credentials",
            names.get("client_id", "client_id"): self._client_id.reveal(),
            names.get("client_secret", "client_secret"): self._client_secret.reveal(),
        }
        return url, form

    def _accept(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            # The token endpoint's own error text may echo the request; only its status is reported.
            raise AuthenticationError(
                vendor="oauth2",
                operation="fetch_token",
                status=response.status_code,
                code=None,
                message="the token endpoint refused the client credentials",
                body=None,
                response=response,
            )
        try:
            data = response.json()
            token = data["access_token"]
        except (ValueError, KeyError, TypeError):
            raise TransportError(
                "the token endpoint answered without an access_token", operation="fetch_token"
            ) from None
        lifetime = data.get("expires_in") or self.scheme.default_expires_in or 3600
        self._token = Secret(str(token))
        self._expires_at = time.monotonic() + float(lifetime)
        self.fetches += 1

    def _post_kwargs(self, form: dict[str, str]) -> dict[str, Any]:
        if self.scheme.token_content_type == "application/json":
            return {"json": form}
        return {"data": form}

    def headers(self, http: httpx.Client, base_url: str) -> dict[str, str]:
        with self._lock:
            if not self._valid():
                url, form = self._token_request(base_url)
                self._accept(http.post(url, **self._post_kwargs(form)))
            return self._header()

    async def aheaders(self, http: httpx.AsyncClient, base_url: str) -> dict[str, str]:
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if not self._valid():
                url, form = self._token_request(base_url)
                self._accept(await http.post(url, **self._post_kwargs(form)))
            return self._header()

    def headers_without_fetch(self) -> dict[str, str]:
        return self._header() if self._valid() else {}

    def invalidate(self) -> None:
        with self._lock:
            self._token = None
            self._expires_at = 0.0


def build(
    scheme: AuthSchemeSpec, given: Mapping[str, str | None], environ: Mapping[str, str] = os.environ
) -> Auth | None:
    """The scheme's Auth when all its credentials are given or set in the environment, else None."""
    values: dict[str, Secret] = {}
    for credential in scheme.credentials:
        value = given.get(credential)
        if value is None and credential in scheme.env:
            value = environ.get(scheme.env[credential]) or None
        if value is None:
            return None
        values[credential] = Secret(value)
    if scheme.type == "oauth2_client_credentials":
        return OAuth2ClientCredentials(scheme, values["client_id"], values["client_secret"])
    if scheme.type == "basic":
        pair = f"{values['username'].reveal()}:{values['password'].reveal()}".encode()
        return HeaderAuth(scheme, Secret("Basic " + base64.b64encode(pair).decode("ascii")))
    if scheme.type == "bearer":
        prefix = f"{scheme.prefix} " if scheme.prefix else ""
        return HeaderAuth(scheme, Secret(prefix + values["token"].reveal()))
    return HeaderAuth(scheme, values["api_key"])


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
