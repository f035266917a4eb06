"""The shape of a vendor's API as data: what clients and the mock server need to know at run time.

Each vendor package has a generated `_spec.py` holding one `VendorSpec`: base URLs, auth schemes, error
envelopes and, per operation, the method, path, parameters, retry safety, responses and examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

AuthType = str
"""A scheme type's name: a key of `auth.SCHEMES`, the one table of them."""
Location = Literal["path", "query", "header", "body"]
"""Where the client sends a parameter: percent-encoded inside its own path segment, in the query string, as
a header, or as a field of the JSON body. The generator's `kinds/locations.py` describes the same parameter
locations (a test holds the two equal)."""


@dataclass(frozen=True)
class AuthSchemeSpec:
    id: str
    type: AuthType
    header: str
    prefix: str | None = None
    token_url: str | None = None
    token_content_type: str = "application/x-www-form-urlencoded"
    token_fields: Mapping[str, str] = field(default_factory=dict)
    """Wire names of the token request's fields, by role: grant_type, client_id, client_secret."""
    default_expires_in: int | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    """Environment variables credentials are read from, by credential name."""
    location: str = "header"
    """api_key: where the key goes: `header` (the scheme's header), `query` or `cookie`."""
    name: str | None = None
    """api_key in the query or a cookie: the query parameter or cookie that carries the key."""

    @property
    def credentials(self) -> tuple[str, ...]:
        """The credentials this scheme needs, by name (from its class in `auth.SCHEMES`)."""
        # Imported here: auth imports this module for AuthSchemeSpec.
        from .auth import scheme_class

        return tuple(credential.name for credential in scheme_class(self.type).credentials)


@dataclass(frozen=True)
class EnvelopeSpec:
    id: str
    message: str
    """JSON pointer to the error message in the body."""
    code: str | None = None
    details: str | None = None
    example: Any = None
    """A plausible body, for the mock server to fill in."""


@dataclass(frozen=True)
class DocumentedError:
    code: str | int | None = None
    message: str | None = None


@dataclass(frozen=True)
class ResponseSpec:
    status: str
    """"200", a range such as "4XX", or "default"."""
    envelope: str | None = None
    model: str | None = None
    """The class in the vendor's models module that parses this body."""
    example: Any = None
    errors: tuple[DocumentedError, ...] = ()

    def matches(self, status: int) -> bool:
        text = str(status)
        return self.status == text or (self.status.endswith("XX") and self.status[0] == text[0])


@dataclass(frozen=True)
class ParamSpec:
    wire_name: str
    python_name: str
    location: Location
    required: bool = False
    nullable: bool = False


@dataclass(frozen=True)
class PaginationSpec:
    """How an operation's listing is paged (`pagination.STYLES` has what each style reads)."""

    style: str
    items: str
    """JSON pointer to the page's items in the success body ("" for the whole body)."""
    params: Mapping[str, str] = field(default_factory=dict)
    """The query parameters the style reads, by its role key: {"limit": "per_page", ...}."""
    pointers: Mapping[str, str] = field(default_factory=dict)
    """The pointers into the success body the style reads, by its role key."""
    first_page: int = 1
    """The number of the first page, for a style that numbers pages."""


@dataclass(frozen=True)
class OperationSpec:
    id: str
    method: str
    path: str
    auth: tuple[str, ...]
    retry_safe: bool
    params: tuple[ParamSpec, ...]
    responses: tuple[ResponseSpec, ...]
    has_body: bool = False
    body_required: bool = True
    """With `has_body`: whether the spec requires a body (a request without one is then invalid)."""
    content_type: str = "application/json"
    pagination: PaginationSpec | None = None
    request_example: Any = None

    def response_for(self, status: int) -> ResponseSpec | None:
        """The documented response for a status: an exact status first, then a range, then default."""
        exact = [r for r in self.responses if r.status == str(status)]
        ranged = [r for r in self.responses if r.status.endswith("XX") and r.matches(status)]
        default = [r for r in self.responses if r.status == "default"]
        for candidates in (exact, ranged, default):
            if candidates:
                return candidates[0]
        return None

    @property
    def success(self) -> ResponseSpec | None:
        for response in self.responses:
            if response.status.startswith("2"):
                return response
        return None


@dataclass(frozen=True)
class ServerVariableSpec:
    """A `{name}` in an environment's URL, filled in by the client."""

    default: str | None = None
    """None: the client must be given a value."""
    enum: tuple[str, ...] = ()
    """The only values allowed; empty: any."""


@dataclass(frozen=True)
class VendorSpec:
    id: str
    name: str
    environments: Mapping[str, str]
    default_environment: str
    auth: tuple[AuthSchemeSpec, ...]
    envelopes: tuple[EnvelopeSpec, ...]
    operations: Mapping[str, OperationSpec]
    server_variables: Mapping[str, Mapping[str, ServerVariableSpec]] = field(default_factory=dict)
    """Each environment's server variables by name; an environment without any is not listed."""

    def envelope(self, envelope_id: str | None) -> EnvelopeSpec | None:
        for envelope in self.envelopes:
            if envelope.id == envelope_id:
                return envelope
        return None

    def scheme(self, scheme_id: str) -> AuthSchemeSpec | None:
        for scheme in self.auth:
            if scheme.id == scheme_id:
                return scheme
        return None
