"""The intermediate form: a checked vendor spec as typed, frozen values.

Shape of the whole thing, outermost first:

    Vendor                      one spec file (specs/<id>.yaml)
      environments              name -> base URL (with its server variables)
      sources                   document id -> title, seed file, URL
      auth                      AuthScheme per accepted scheme
      error_envelopes           ErrorEnvelope: body Schema + where message/code live
      definitions               name -> Schema (reusable shapes)
      operations                Operation, keyed by operation id
        request                 Request: one object Schema per part (path, query, headers, body)
        responses               Response per status: body Schema or an envelope, and the
                                ResponseHeaders it carries (rate limits, ...)
        pagination              Pagination, where documented

    Schema                      a constraint on one JSON value, with JSON Schema 2020-12 meaning; its
                                object part holds Fields and cross-field Rules
    Field                       a property of an object: wire name, Python name, Schema, required flag,
                                description, default, provenance (confidence + evidence), notes

A Schema carries JSON Schema semantics exactly (type-specific keywords apply only to values of that type), so
the JSON Schema exporter, the validator code generator and the conformance tests share one meaning. Lowering
(`lower/`) turns spec conveniences into these plain keywords: `nullable` adds "null" to `types` (and `None` to
an enum), `format: int32` becomes a range, `max_bytes` of a base64 string becomes its length limit, and
`ref` is resolved (the name is kept in `Schema.ref` for docs and models). Every node keeps its source
`SourcePosition`, so later stages can still point a reader at the spec line a fact came from.

Python names are computed here (by `naming.py`, the one authority for names), never in templates.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from generator.kinds import formats, rules

# Re-exported: the auth scheme types' and the rule kinds' names belong to their registries.
from generator.kinds.auth import AuthType as AuthType
from generator.kinds.pagination import PaginationStyle as PaginationStyle
from generator.kinds.rules import RuleKind as RuleKind

INTEGER_FORMAT_RANGES: dict[str, tuple[int, int]] = {
    member.name: member.integer_range
    for member in formats.FORMATS.values()
    if member.integer_range is not None
}
"""The range each integer format stands for (lowering folds it into minimum and maximum); read from the
format registry, `kinds/formats.py`."""


def base64_length(size: int) -> int:
    """The length of the padded base64 text of `size` bytes: how `max_bytes` becomes a length limit."""
    # int(): the spec schema admits an integral float such as 4.0, and a length is a whole number.
    return 4 * -(-int(size) // 3)


JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonType = Literal["string", "integer", "number", "boolean", "object", "array", "null"]
JSON_TYPES: tuple[JsonType, ...] = (
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
)


@dataclass(frozen=True)
class SourcePosition:
    """Where a node was written: spec file, 1-based line and column, and the path inside the spec."""

    file: str
    line: int
    column: int
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Confidence(enum.Enum):
    """How sure a spec is of a wire name or fact (see research/vendors.md)."""

    DOCUMENTED = "documented"
    FOUND = "found"
    FOUND_2ND = "found-2nd"
    INFERRED = "inferred"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Note:
    """A remark for reviewers; `says` + `resolution` record a contradiction in the document."""

    text: str | None = None
    says: str | None = None
    resolution: str | None = None
    source: str | None = None
    loc: SourcePosition | None = None


@dataclass(frozen=True)
class Provenance:
    confidence: Confidence = Confidence.DOCUMENTED
    evidence: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class EnumMember:
    """One allowed value; `name` is the vendor's symbol for a code (APPROVED for 1)."""

    value: JsonValue
    name: str | None = None


@dataclass(frozen=True)
class Const:
    value: JsonValue


@dataclass(frozen=True)
class Condition:
    """Holds when `field` is present with a value in `values` (when given), or is present/absent."""

    field: str
    values: tuple[EnumMember, ...] | None = None
    present: bool = True

    def describe(self) -> str:
        if self.values is None:
            return f"{self.field} is {'present' if self.present else 'absent'}"
        shown = [_show(member) for member in self.values]
        if len(shown) == 1:
            return f"{self.field} is {shown[0]}"
        return f"{self.field} is one of {', '.join(shown)}"


def _show(member: EnumMember) -> str:
    text = (
        "null"
        if member.value is None
        else (
            repr(member.value)
            if isinstance(member.value, str)
            else str(member.value).lower() if isinstance(member.value, bool) else str(member.value)
        )
    )
    return f"{text} ({member.name})" if member.name else text


@dataclass(frozen=True)
class Rule:
    """A declared cross-field rule over the fields of one object."""

    kind: RuleKind
    fields: tuple[str, ...]
    when: Condition | None = None
    vendor_message: str | None = None
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None

    def default_message(self) -> str:
        # The words are the kind's (kinds/rules.py), as every other stage's view of it.
        return rules.of(self.kind).default_message(self)

    @property
    def message(self) -> str:
        return self.vendor_message or self.default_message()


@dataclass(frozen=True)
class Schema:
    """A constraint on one JSON value (JSON Schema 2020-12 meaning).

    `types` empty means any type. Keywords for one JSON type (`min_length`, `minimum`, `items`, `fields`, ...)
    apply only to values of that type. `never` is the `false` schema: no value is accepted.
    """

    types: tuple[JsonType, ...] = ()
    never: bool = False
    enum: tuple[EnumMember, ...] | None = None
    const: Const | None = None
    format: str | None = None
    # strings
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    max_entries: int | None = None
    entry_separator: str = ","
    max_bytes: int | None = None
    # numbers
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    # arrays
    items: Schema | None = None
    prefix_items: tuple[Schema, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    # objects
    properties: tuple[Field, ...] = ()
    additional: Schema | None = None
    """Schema for keys not in `properties`: None accepts anything, `Schema(never=True)` rejects extras."""
    rules: tuple[Rule, ...] = ()
    # unions and references
    any_of: tuple[Schema, ...] = ()
    ref: str | None = None
    # documentation
    description: str | None = None
    default: JsonValue | None = None
    has_default: bool = False
    example: JsonValue | None = None
    has_example: bool = False
    vendor_messages: tuple[tuple[str, str], ...] = ()
    """The vendor's own messages, by rule name (`required`, `enum`, ...)."""
    notes: tuple[Note, ...] = ()
    """Remarks on a shape (a definition, a body, array items); a field's own notes are on its Field."""
    loc: SourcePosition | None = None

    @property
    def nullable(self) -> bool:
        return "null" in self.types

    @property
    def closed(self) -> bool:
        return self.additional is not None and self.additional.never

    def vendor_message(self, rule: str) -> str | None:
        for name, message in self.vendor_messages:
            if name == rule:
                return message
        return None

    def field(self, wire_name: str) -> Field | None:
        for prop in self.properties:
            if prop.wire_name == wire_name:
                return prop
        return None

    @property
    def properties_in_code(self) -> tuple[Field, ...]:
        """The properties that reach generated code (those with a known wire name)."""
        return tuple(prop for prop in self.properties if prop.in_code)

    @property
    def sendable_properties(self) -> tuple[Field, ...]:
        """The properties a request may send: those in generated code that the vendor does not set itself
        (`read_only`). They are a client method's arguments."""
        return tuple(prop for prop in self.properties_in_code if not prop.read_only)


@dataclass(frozen=True)
class Field:
    """A property of an object schema."""

    wire_name: str
    python_name: str
    schema: Schema
    required: bool = False
    deprecated: bool = False
    read_only: bool = False
    """Set by the vendor: it appears in responses, and a request that sends it is refused."""
    provenance: Provenance = Provenance()
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None

    @property
    def in_code(self) -> bool:
        """False for a field whose wire name is unknown: it is documented but kept out of generated code."""
        return self.provenance.confidence is not Confidence.UNKNOWN

    @property
    def description(self) -> str | None:
        return self.schema.description


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    file: str | None = None
    url: str | None = None
    url_confidence: Confidence = Confidence.DOCUMENTED
    description: str | None = None


@dataclass(frozen=True)
class ServerVariable:
    """A `{name}` in an environment's URL, filled in by the client."""

    name: str
    default: str | None = None
    """None: the client must be given a value."""
    enum: tuple[str, ...] = ()
    """The only values allowed; empty: any."""
    description: str | None = None


@dataclass(frozen=True)
class Environment:
    name: str
    url: str
    description: str | None = None
    provenance: Provenance = Provenance()
    variables: tuple[ServerVariable, ...] = ()
    """The URL's server variables, in the order declared."""


@dataclass(frozen=True)
class AuthScheme:
    id: str
    type: AuthType
    """A type the auth registry describes (`kinds/auth.py`)."""
    description: str | None
    header: str
    """The request header that carries the credential."""
    prefix: str | None
    """bearer and OAuth2: the word before the token."""
    token_url: str | None = None
    token_content_type: str = "application/x-www-form-urlencoded"
    token_fields: tuple[tuple[str, str], ...] = ()
    """OAuth2: (role, wire name) for grant_type, client_id, client_secret."""
    default_expires_in: int | None = None
    env: tuple[tuple[str, str], ...] = ()
    """(credential, environment variable)."""
    location: str = "header"
    """api_key: where the key goes: header, query or cookie."""
    name: str | None = None
    """api_key in the query or a cookie: the parameter or cookie that carries it."""
    provenance: Provenance = Provenance()
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None

    def env_var(self, credential: str) -> str | None:
        for name, var in self.env:
            if name == credential:
                return var
        return None


@dataclass(frozen=True)
class ErrorEnvelope:
    id: str
    description: str | None
    body: Schema
    message_pointer: str
    code_pointer: str | None = None
    details_pointer: str | None = None
    provenance: Provenance = Provenance()
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None


@dataclass(frozen=True)
class DocumentedError:
    code: str | int | None = None
    message: str | None = None
    description: str | None = None
    confidence: Confidence = Confidence.DOCUMENTED


HeaderType = Literal["string", "integer", "number", "boolean"]
"""What a response header's text holds (the spec schema's `responseHeader.type`)."""


@dataclass(frozen=True)
class ResponseHeader:
    """A header the document lists on one response status (a rate limit's `X-RateLimit-Remaining`, ...).

    `name` is written as the spec writes it; header names are case-insensitive (RFC 9110), so `key` is
    what compares them. `example` is a value of the header's type: the document's example, else one of
    the type's (and format's) own; `example_text` is how the header carries it (the mock sends it).
    """

    name: str
    type: HeaderType
    format: str | None = None
    """A string format of the registry (`kinds/formats.py`); None for none."""
    description: str | None = None
    required: bool = False
    """On every response with this status; False: it may be absent."""
    example: str | int | float | bool = ""
    provenance: Provenance = Provenance()
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None

    @property
    def key(self) -> str:
        """The name as headers compare (case-insensitively)."""
        return self.name.lower()

    @property
    def example_text(self) -> str:
        """The example as the header's text: JSON's words for a boolean, a number's digits."""
        if isinstance(self.example, bool):
            return "true" if self.example else "false"
        return str(self.example)


@dataclass(frozen=True)
class Response:
    status: str
    description: str | None
    content_type: str | None
    body: Schema | None
    envelope: str | None
    errors: tuple[DocumentedError, ...] = ()
    headers: tuple[ResponseHeader, ...] = ()
    """The headers the document lists for this status, in the order written."""
    example: JsonValue | None = None
    has_example: bool = False
    provenance: Provenance = Provenance()
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


Part = Literal["path", "query", "headers", "body"]
"""A request part, as the validators name it: the parameter locations' parts (`kinds/locations.py`, in its
order; a test holds the two equal), then the body."""
BODY: Part = "body"
PARTS: tuple[Part, ...] = ("path", "query", "headers", BODY)


@dataclass(frozen=True)
class Body:
    content_type: str
    required: bool
    schema: Schema
    example: JsonValue | None = None
    has_example: bool = False


@dataclass(frozen=True)
class Request:
    path: Schema
    query: Schema
    headers: Schema
    body: Body | None

    def part(self, name: Part) -> Schema | None:
        if name == "body":
            return self.body.schema if self.body is not None else None
        return {"path": self.path, "query": self.query, "headers": self.headers}[name]


@dataclass(frozen=True)
class Pagination:
    """How a listing is paged: a style the registry (`generator/kinds/pagination.py`) describes, with the
    query parameters (role key, wire name) and success-body pointers (role key, JSON pointer) it reads.
    """

    style: PaginationStyle
    items_pointer: str
    params: tuple[tuple[str, str], ...] = ()
    pointers: tuple[tuple[str, str], ...] = ()
    first_page: int = 1


HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass(frozen=True)
class Operation:
    id: str
    python_name: str
    summary: str
    description: str | None
    source: Source
    method: HttpMethod
    path: str
    auth: tuple[str, ...]
    retry_safe: bool
    request: Request
    responses: tuple[Response, ...]
    pagination: Pagination | None = None
    deprecated: bool = False
    provenance: Provenance = Provenance()
    notes: tuple[Note, ...] = ()
    loc: SourcePosition | None = None

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)


@dataclass(frozen=True)
class Definition:
    name: str
    schema: Schema


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    description: str | None
    docs: tuple[str, ...]
    environments: tuple[Environment, ...]
    default_environment: str
    rate_limits: str | None
    sources: tuple[Source, ...]
    auth: tuple[AuthScheme, ...]
    error_envelopes: tuple[ErrorEnvelope, ...]
    definitions: tuple[Definition, ...]
    operations: tuple[Operation, ...]
    notes: tuple[Note, ...]
    spec_file: str
    provenance: Provenance = field(default_factory=Provenance)

    def operation(self, operation_id: str) -> Operation | None:
        for op in self.operations:
            if op.id == operation_id:
                return op
        return None

    def source(self, source_id: str) -> Source | None:
        for src in self.sources:
            if src.id == source_id:
                return src
        return None

    def envelope(self, envelope_id: str) -> ErrorEnvelope | None:
        for env in self.error_envelopes:
            if env.id == envelope_id:
                return env
        return None

    def auth_scheme(self, scheme_id: str) -> AuthScheme | None:
        for scheme in self.auth:
            if scheme.id == scheme_id:
                return scheme
        return None
