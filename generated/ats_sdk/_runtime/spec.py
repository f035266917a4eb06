# Copied by atsgen from templates/runtime/spec.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""The shape of a vendor's API as data: what clients and the mock server need to know at run time.

Each vendor package has a generated `_spec.py` holding one `VendorSpec`: base URLs, auth schemes, error
envelopes and, per operation, the method, path, parameters, retry safety, responses and examples.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .validation import FORMAT_CHECKS, FormatValues

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


HeaderValue = str | int | float | bool | None
"""A response header's value, parsed to its declared type: None when it is missing or not of the type."""
HeaderType = Literal["string", "integer", "number", "boolean"]

# Header text longer than this is not parsed as a number: it is no rate limit, and int() of a long text
# costs time (Python refuses past 4300 digits anyway).
_MAX_NUMBER_TEXT = 100
_NUMBER_CHARACTERS = frozenset("0123456789+-.eE")


@dataclass(frozen=True)
class ResponseHeaderSpec:
    """A header the vendor documents on one response status (a rate limit, ...)."""

    name: str
    type: HeaderType
    format: str | None = None
    """A string header's format (a key of `validation.FORMAT_CHECKS`): text not in it reads as None."""
    required: bool = False
    """On every response with this status; False: it may be absent."""
    example: str = ""
    """Text of the header's type, which the mock sends."""

    def parse(self, text: str | None) -> HeaderValue:
        """The header's text as its type; None, never an error, when it is absent or not of the type."""
        if text is None:
            return None
        text = text.strip()
        if self.type == "integer":
            return _integer(text)
        if self.type == "number":
            return _number(text)
        if self.type == "boolean":
            return {"true": True, "false": False}.get(text.lower())
        if self.format is not None and not FORMAT_CHECKS[self.format](text):
            return None
        return text


def _integer(text: str) -> int | None:
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not (0 < len(digits) <= _MAX_NUMBER_TEXT and digits.isascii() and digits.isdigit()):
        return None
    return int(text)


def _number(text: str) -> float | None:
    # float() also reads "inf", "nan" and "1_000": none of them is a number a header documents.
    if not (0 < len(text) <= _MAX_NUMBER_TEXT and set(text) <= _NUMBER_CHARACTERS):
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class ResponseHeaders(Mapping[str, HeaderValue], FormatValues):
    """The headers a response's status is documented to carry, parsed to their declared types.

    A read-only mapping from each declared header name (as the spec writes it) to its value; lookups ignore
    case, as HTTP does (`headers["x-ratelimit-remaining"]` finds `X-RateLimit-Remaining`). A declared header
    that is missing or malformed is None, never an error: its text is still in the raw response's headers.
    Only declared headers are here (an undocumented status has none); `date_value`, `datetime_value` and
    `uuid_value` parse a string header's text on demand, as on response models.
    """

    __slots__ = ("_keys", "_values")

    def __init__(self, values: Mapping[str, HeaderValue] | None = None) -> None:
        self._values: dict[str, HeaderValue] = {}
        self._keys: dict[str, str] = {}  # lower-case name -> the declared name
        for name, value in (values or {}).items():
            self._keys[name.lower()] = name
            self._values[name] = value

    @classmethod
    def of(cls, response: ResponseSpec | None, headers: Mapping[str, str]) -> ResponseHeaders:
        """The declared headers of `response` (the status's documented response; None: undocumented),
        read from an HTTP response's headers (`httpx.Headers`, or any mapping: names ignore case).
        """
        declared = response.headers if response is not None else ()
        if not declared:
            return cls()
        # httpx.Headers.items() joins a repeated header's values with ", ", as RFC 9110 reads them.
        texts = {name.lower(): text for name, text in headers.items()}
        return cls(
            {header.name: header.parse(texts.get(header.name.lower())) for header in declared}
        )

    def __getitem__(self, name: str) -> HeaderValue:
        return self._values[self._keys[name.lower()]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"ResponseHeaders({self._values!r})"

    def _format_text(self, field: str) -> str | None:
        value = self.get(field)
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class ResponseSpec:
    status: str
    """"200", a range such as "4XX", or "default"."""
    envelope: str | None = None
    model: str | None = None
    """The class in the vendor's models module that parses this body."""
    example: Any = None
    errors: tuple[DocumentedError, ...] = ()
    headers: tuple[ResponseHeaderSpec, ...] = ()
    """The headers the vendor documents on this status."""

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
