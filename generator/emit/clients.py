"""Generate the vendor clients: one sync and one async class, one method per operation.

Methods take the operation's fields as keyword arguments named by `naming` (wire names preserved in the
request), typed by `pytypes`, documented from the spec. An argument not given is not sent (`NOT_GIVEN`);
None is accepted, and sent as null, only where the spec makes the field nullable. Path parameters come
first and may be positional; everything else is keyword-only.

Each method spells out its wire mapping: a `RequestParts` naming, part by part (path, query, headers,
body, in the order `kinds/locations.py` gives), the wire name each argument is sent under, and, per
documented success status, the model class that parses the response (`EmptyResponse` for a success
without a body). The output is a `ClientModule` of finished strings (signatures, docstrings, mappings);
the template lays out the two classes from the same methods.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# The runtime as written, the code the SDK ships: the variable names the docs give are the ones it reads.
from atsgen_runtime.http import environment_variables, server_variable_environment_variable
from generator import ir, naming, pycode, pylayout, render
from generator.emit import models as models_emitter
from generator.emit.pytypes import Annotator
from generator.emit.validators import enum_message
from generator.kinds import auth as auth_kinds
from generator.kinds import locations
from generator.kinds import pagination as pagination_kinds
from generator.phrasing import and_list, limits, or_list

_INDENT = "    "
_DOC_WIDTH = 96
# The parameter locations' parts in the registry's order, then the body: the order of `RequestParts`.
_PART_ORDER: tuple[ir.Part, ...] = (*locations.parts(), ir.BODY)
EMPTY_RESPONSE = "EmptyResponse"
"""The runtime's result of a success documented without a body (`atsgen_runtime.models`)."""
_ERROR_CLASSES = {
    "400": "BadRequestError",
    "422": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "429": "RateLimitError",
}


@dataclass(frozen=True)
class Argument:
    python_name: str
    wire_name: str
    annotation: str
    default: str | None
    """The default's code (`NOT_GIVEN`), or None for a required argument."""
    positional: bool


@dataclass(frozen=True)
class RequestPart:
    """One part of a method's `RequestParts`: its keyword (`ir.Part`) and `"wire": argument` entries."""

    part: ir.Part
    entries: tuple[str, ...]

    @property
    def code(self) -> str:
        """The keyword argument of `RequestParts`: `body={"firstName": first_name, ...}`."""
        return f"{self.part}={{{', '.join(self.entries)}}}"


@dataclass(frozen=True)
class Method:
    name: str
    operation_id: str
    arguments: tuple[Argument, ...]
    returns: str
    doc: str
    request_parts: tuple[RequestPart, ...]
    """The parts that have arguments, in `RequestParts` order."""
    parsers: tuple[tuple[str, str], ...]
    """(status, class) per documented success response: the class that parses it (`models.<Name>`, or
    `EmptyResponse`)."""
    paginated: bool = False
    item_model: str | None = None

    @property
    def responses(self) -> tuple[str, ...]:
        """The `parsers` as `"status": class` entries of the call's `responses` mapping."""
        return tuple(f"{pycode.string(status)}: {cls}" for status, cls in self.parsers)

    @property
    def uses_models(self) -> bool:
        """Whether the body reads the vendor's models module (imported there, not with the client)."""
        return any("models." in entry for entry in self.responses)

    @property
    def uses_empty_response(self) -> bool:
        return any(entry.endswith(": " + EMPTY_RESPONSE) for entry in self.responses)

    @property
    def signature_arguments(self) -> list[str]:
        """The parameters after `self`, with `*` before the keyword-only ones."""
        out: list[str] = []
        keyword_only_started = False
        for arg in self.arguments:
            if not arg.positional and not keyword_only_started:
                out.append("*")
                keyword_only_started = True
            out.append(
                f"{arg.python_name}: {arg.annotation}"
                + (f" = {arg.default}" if arg.default else "")
            )
        if not keyword_only_started:
            out.append("*")
        return out

    @property
    def operation_literal(self) -> str:
        return pycode.string(self.operation_id)

    def call(self, function: str, keyword: str, options: tuple[str, ...]) -> pylayout.Do:
        """The method's statement `keyword function(...)`: the operation, its wire mapping (and item
        parser), and the per-call `options` passed on, one argument a line (a magic trailing comma).
        """
        parts = tuple(
            pylayout.Keyword(part.part, pylayout.Dict(part.entries)) for part in self.request_parts
        )
        arguments: list[pylayout.Expression] = [
            self.operation_literal,
            pylayout.Keyword("request", pylayout.Call("RequestParts", parts)),
            pylayout.Keyword("responses", pylayout.Dict(self.responses)),
        ]
        if self.paginated:
            arguments.append(pylayout.Keyword("item", f"models.{self.item_model}.model_validate"))
        arguments += [pylayout.Keyword(name, name) for name in options]
        return pylayout.Do(
            pylayout.Call(function, tuple(arguments), exploded=True), keyword=keyword
        )


@dataclass(frozen=True)
class Credential:
    name: str
    doc: str


@dataclass(frozen=True)
class ClientModule:
    vendor_id: str
    vendor_name: str
    sync_class: str
    async_class: str
    class_doc: str
    async_class_doc: str
    environments: str
    credentials: tuple[Credential, ...]
    aliases: tuple[tuple[str, str], ...]
    methods: tuple[Method, ...]
    uses_types: bool
    uses_models: bool
    uses_empty_response: bool
    sync_options: tuple[str, ...]
    """The client options as the sync constructor's parameters (`base_url: str | None = None`, ...)."""
    async_options: tuple[str, ...]
    option_names: tuple[str, ...]
    call_options: tuple[str, ...]
    """The per-call options as every method's parameters (`timeout: ... = NOT_GIVEN`, ...)."""
    call_option_names: tuple[str, ...]
    type_modules: tuple[str, ...] = ()
    """Standard modules the argument annotations name (`datetime`, `uuid`)."""
    constants: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()
    """Classes of named enum codes: (class name, docstring, ((constant, value code), ...)), by name."""

    @property
    def type_statements(self) -> tuple[pylayout.Do, ...]:
        """`Environment` and the annotation aliases, as module statements."""
        aliases = (pylayout.Do(literal, target=name) for name, literal in self.aliases)
        return (pylayout.Do(self.environments, target="Environment"), *aliases)

    @property
    def constant_classes(self) -> tuple[tuple[str, str, tuple[pylayout.Do, ...]], ...]:
        """The `constants` classes as (class name, docstring, body statements)."""
        return tuple(
            (
                name,
                doc,
                tuple(pylayout.Do(value, target=f"{code}: Final") for code, value in members),
            )
            for name, doc, members in self.constants
        )

    @property
    def init_call(self) -> pylayout.Do:
        """The constructor's `super().__init__(...)`: the credentials mapping one entry a line."""
        credentials = pylayout.Dict(
            tuple(f"{pycode.string(c.name)}: {c.name}" for c in self.credentials), exploded=True
        )
        arguments: tuple[pylayout.Expression, ...] = (
            "VENDOR",
            "_validate",
            pylayout.Keyword("credentials", credentials),
            *(pylayout.Keyword(name, name) for name in self.option_names),
        )
        return pylayout.Do(pylayout.Call("super().__init__", arguments, exploded=True))

    def init_definition(self, asynchronous: bool) -> list[str]:
        """The constructor's `def` lines: the credentials, then the client options, keyword-only."""
        credentials = (f"{c.name}: str | None = None" for c in self.credentials)
        options = self.async_options if asynchronous else self.sync_options
        return pylayout.exploded_definition(
            "def __init__", ("self", "*", *credentials, *options), "None", 1
        )

    def definition(self, method: Method, head: str, returns: str) -> list[str]:
        """A method's `def` lines (`head`: `def name`, `async def name`): its arguments, then the
        per-call options."""
        parameters = ("self", *method.signature_arguments, *self.call_options)
        return pylayout.exploded_definition(head, parameters, returns, 1)

    def method_texts(self, is_async: bool, layout: Layout) -> list[str]:
        """Each method of the sync or async client class, laid out (`vendor/client_method.py.jinja`)."""
        return [texts[is_async] for texts in self._laid_out(layout)]

    def raw_method_texts(self, is_async: bool, layout: Layout) -> list[str]:
        """Each method of the `WithRawResponse` class (none for an iterator over pages)."""
        return [
            texts[2 + is_async]
            for method, texts in zip(self.methods, self._laid_out(layout), strict=True)
            if not method.paginated
        ]

    @functools.cached_property
    def _laid_out_by(self) -> dict[Layout, list[list[str]]]:
        return {}

    def _laid_out(self, layout: Layout) -> list[list[str]]:
        """Each method's texts, [sync, async, raw sync, raw async] (no raw ones for an iterator over
        pages), laid out once for the four classes."""
        known = self._laid_out_by.get(layout)
        if known is None:
            known = self._laid_out_by[layout] = [self._method_text(m, layout) for m in self.methods]
        return known

    def _method_text(self, method: Method, layout: Layout) -> list[str]:
        """One method's texts, kept by what they read (`render.cached_piece`) when a store is in use:
        the method, and the module-level names its lines use."""

        def reads() -> bytes:
            facts = (self.vendor_id, self.sync_class, self.async_class, self.call_options)
            return render.digest((method, facts, self.call_option_names))

        def make() -> list[str]:
            macros = _method_macros()
            texts = [
                str(macros.method(self, method, is_async, layout)) for is_async in (False, True)
            ]
            if not method.paginated:
                texts += [
                    str(macros.raw_method(self, method, is_async, layout))
                    for is_async in (False, True)
                ]
            return texts

        texts = render.cached_piece("client-method", reads, make)
        return [str(text) for text in texts]

    def emitted_stable(self, module_doc: str) -> bool:
        """Whether the template's own lines are black's: the statements and definitions are
        (`pylayout`), and so are the fixed lines unless a name or a docstring from the spec makes one
        of them too long or odd; such a module is formatted by black instead."""
        raw = f"{self.sync_class}WithRawResponse"
        async_raw = f"{self.async_class}WithRawResponse"
        fixed = [
            f'__all__ = ["{self.sync_class}", "{self.async_class}", "Environment"]',
            f"class {self.async_class}(AsyncClient):",
            f"    def with_raw_response(self) -> {async_raw}:",
            f"        return {async_raw}(self)",
            f"    def __init__(self, client: {self.async_class}) -> None:",
            f"        from ats_sdk.{self.vendor_id} import models",
            *(f"    import {module}" for module in self.type_modules),
            *(f"class {name}:" for name, _, _ in self.constants),
        ]
        docs = [module_doc, self.class_doc, self.async_class_doc]
        docs += [method.doc for method in self.methods]
        docs += [doc for _, doc, _ in self.constants]
        names_plain = all(name.isidentifier() for name in (raw, async_raw, self.vendor_id))
        return (
            names_plain
            and all(map(pylayout.fits, fixed))
            and all(map(pylayout.plain_docstring, docs))
        )


Layout = Callable[[Sequence[pylayout.Statement], int], Iterator[str]]
"""How statements become lines at a depth: `pylayout.lines`, as black lays them out."""


def _method_macros() -> Any:
    """The macros of `vendor/client_method.py.jinja` (`method`, `raw_method`), loaded once."""
    return render.environment().get_template("vendor/client_method.py.jinja").module


def _option_parameters(http_client: str) -> tuple[str, ...]:
    """The runtime's client options as parameters of a generated constructor using `http_client`."""
    return tuple(
        f"{option.name}: "
        + re.sub(rf"\b{naming.HTTP_CLIENT_TYPE}\b", http_client, option.annotation)
        + f" = {option.default}"
        for option in naming.client_options()
    )


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=_DOC_WIDTH - len(indent)) or [""]


def _first_paragraph(text: str | None) -> str:
    if not text:
        return ""
    return " ".join(text.strip().split("\n\n")[0].split())


def _argument_doc(prop: ir.Field) -> str:
    """One argument's line in Args: the vendor's description, then its rules in plain words."""
    schema = prop.schema
    parts = [_first_paragraph(prop.description).rstrip(".")] if prop.description else []
    facts: list[str] = []
    if prop.required:
        facts.append("required")
    facts.extend(limits(schema, quote=lambda text: f"`{text}`", closed=False))
    if schema.format and schema.format not in ir.INTEGER_FORMAT_RANGES:
        facts.append(f"format {schema.format}")
    if schema.enum:
        facts.append(
            enum_message([m for m in schema.enum if m.value is not None]).replace("must be ", "")
        )
    if schema.nullable or any(branch.types == ("null",) for branch in schema.any_of):
        facts.append("None sends null")
    if schema.has_default:
        facts.append(f"the vendor's default is {pycode.value(schema.default)}")
    confidence = prop.provenance.confidence
    if confidence is not ir.Confidence.DOCUMENTED:
        facts.append(f"wire name `{prop.wire_name}` is {confidence.value}")
    sentence = "; ".join(facts)
    sentence = sentence[:1].upper() + sentence[1:]
    description = ". ".join(p for p in parts if p)
    text = ". ".join(t for t in (description, sentence) if t)
    return text + ("" if text.endswith(".") else ".")


def _docstring(
    op: ir.Operation,
    vendor: ir.Vendor,
    arguments: list[tuple[str, ir.Field]],
    returns: str,
    paginated: bool,
) -> str:
    """A method's docstring, kept by what it reads (`render.cached_piece`) when a store is in use: the
    operation, the vendor-level facts, the arguments' Python names, the returns line and the form.
    """

    def reads() -> bytes:
        names = [name for name, _ in arguments]
        return render.digest(
            render.operation_digest(op),
            render.vendor_digest(vendor),
            (names, returns, paginated),
        )

    text = render.cached_piece(
        "client-docstring",
        reads,
        lambda: _written_docstring(op, vendor, arguments, returns, paginated),
    )
    return str(text)


def _written_docstring(
    op: ir.Operation,
    vendor: ir.Vendor,
    arguments: list[tuple[str, ir.Field]],
    returns: str,
    paginated: bool,
) -> str:
    indent = _INDENT * 2
    lines = [op.summary.rstrip(".") + (" (every page)." if paginated else ".")]
    lines.append("")
    if op.description:
        lines.extend(_wrap(op.description, indent))
        lines.append("")
    source = op.source
    where = (
        f"{op.method} {op.path}. Source: {source.title}"
        + (f" ({source.url})" if source.url else "")
        + "."
    )
    lines.extend(_wrap(where, indent))
    if not op.retry_safe:
        lines.extend(_wrap("Not retried on failure unless this call passes max_retries.", indent))
    if paginated and op.pagination is not None:
        kind = pagination_kinds.of(op.pagination.style)
        lines.extend(_wrap(kind.start_words(op.pagination), indent))
    lines += ["", "Args:"]
    for name, prop in arguments:
        entry = _wrap(f"{name}: {_argument_doc(prop)}", indent + _INDENT * 2)
        lines.append(_INDENT + entry[0])
        lines.extend(_INDENT * 2 + more for more in entry[1:])
    scope = "Each page's" if paginated else "This call's"
    timeout_doc = (
        f"timeout: {scope} deadline in seconds, covering every retry and the waits between them "
        "(or an httpx.Timeout), instead of the client's."
    )
    entry = _wrap(timeout_doc, indent + _INDENT * 2)
    lines.append(_INDENT + entry[0])
    lines.extend(_INDENT * 2 + more for more in entry[1:])
    lines.append(
        f"{_INDENT}max_retries: Retries for this call; for calls not safe to retry, giving it allows them."
    )
    for name, words in _CALL_OPTION_DOCS.items():
        entry = _wrap(f"{name}: {words}", indent + _INDENT * 2)
        lines.append(_INDENT + entry[0])
        lines.extend(_INDENT * 2 + more for more in entry[1:])
    lines += ["", "Returns:" if not paginated else "Yields:"]
    lines.extend(_INDENT + line for line in _wrap(returns, indent + _INDENT))
    lines += ["", "Raises:"]
    lines.extend(
        _INDENT + line
        for line in _wrap(
            "ValidationFailed: the arguments break the operation's rules (nothing was sent).",
            indent + _INDENT,
        )
    )
    documented = []
    if any(response.body is not None for response in op.success_responses):
        documented.append(
            "ResponseDecodeError: the response body is empty, not JSON, or not the documented shape."
        )
    for response in op.error_responses:
        cls = _ERROR_CLASSES.get(
            response.status, "ServerError" if response.status.startswith("5") else "APIError"
        )
        messages = [
            e.message or str(e.code) for e in response.errors if e.message or e.code is not None
        ]
        detail = f" ({or_list([repr(m) for m in messages[:3]])})" if messages else ""
        documented.append(f"{cls}: HTTP {response.status}{detail}.{_headers_doc(response)}")
    documented.append(
        "APIError: any other error status; TransportError: no response (connection, timeout)."
    )
    for raised in documented:
        wrapped = _wrap(raised, indent + _INDENT * 2)
        lines.append(_INDENT + wrapped[0])
        lines.extend(_INDENT * 2 + more for more in wrapped[1:])
    return pycode.docstring("\n".join(lines), indent=indent)


def _headers_doc(response: ir.Response) -> str:
    """Which documented headers a status carries, as `response_headers` holds them ("" for none)."""
    if not response.headers:
        return ""
    names = ", ".join(header.name for header in response.headers)
    return f" `response_headers` (parsed): {names}."


def _arguments(op: ir.Operation, annotator: Annotator) -> list[tuple[Argument, ir.Field]]:
    out: list[tuple[Argument, ir.Field]] = []
    for part in _PART_ORDER:
        schema = op.request.part(part)
        if schema is None:
            continue
        for prop in schema.sendable_properties:
            annotation = annotator.annotation(
                prop.schema,
                naming.field_class_name(naming.part_class_name(op.id, part), prop.wire_name),
            )
            positional = part == "path"
            default = None if prop.required else "NOT_GIVEN"
            if default is not None:
                annotation += " | NotGiven"
            out.append(
                (Argument(prop.python_name, prop.wire_name, annotation, default, positional), prop)
            )
    # Required keyword arguments first among keyword-only ones reads best; Python allows any order.
    path_arguments = [a for a in out if a[0].positional]
    required = [a for a in out if not a[0].positional and a[0].default is None]
    optional = [a for a in out if not a[0].positional and a[0].default is not None]
    return path_arguments + required + optional


def _item_model(vendor: ir.Vendor, op: ir.Operation, response_model: str) -> str | None:
    """The class of one item of a paginated list: its definition's class, or its titled path."""
    if op.pagination is None:
        return None
    body = next((r.body for r in op.success_responses if r.body is not None), None)
    if body is None:
        return None
    schema, title = body, response_model
    # "" (the whole body) has no tokens: the body is the list.
    for token in op.pagination.items_pointer.split("/")[1:]:
        prop = schema.field(token)
        if prop is None:
            return None
        schema, title = prop.schema, naming.field_class_name(title, token)
    if schema.items is None:
        return None
    item = schema.items
    if item.ref is not None:
        return naming.class_name(item.ref)
    return naming.item_class_name(title) if item.properties_in_code else None


def _request_parts(op: ir.Operation) -> tuple[RequestPart, ...]:
    """Where each argument is sent, under which wire name: the parts that have any, in order."""
    out = []
    for part in _PART_ORDER:
        schema = op.request.part(part)
        sendable = schema.sendable_properties if schema is not None else ()
        if sendable:
            entries = tuple(f"{pycode.string(p.wire_name)}: {p.python_name}" for p in sendable)
            out.append(RequestPart(part, entries))
    return tuple(out)


@dataclass(frozen=True)
class _Parser:
    """The class that parses one documented success response, and what the caller gets from it."""

    status: str
    annotation: str
    """`models.CandidateResponse`, or `EmptyResponse`."""
    shape: str
    """The result in words, for the docstring."""
    headers: str = ""
    """The headers the status documents, as `response_headers` holds them, in words ("" for none)."""


def _is_object(schema: ir.Schema) -> bool:
    """Whether a body parses into a ResponseModel (an object) rather than a root model (an array, a
    union, a scalar). A `ref` is resolved already: the schema holds its definition's shape."""
    return schema.types == ("object",) and not schema.any_of


def _parsers(op: ir.Operation, names: models_emitter.ModelSet) -> list[_Parser]:
    """One per documented success status, in the spec's order."""
    out = []
    for response in op.success_responses:
        model = names.name(f"{op.id}.{response.status}") if response.body is not None else None
        if response.body is None or model is None:
            shape = f"An `{EMPTY_RESPONSE}` (the response has no documented body)"
            out.append(_Parser(response.status, EMPTY_RESPONSE, shape, _headers_doc(response)))
        elif _is_object(response.body):
            shape = f"The parsed response body (`models.{model}`)"
            out.append(_Parser(response.status, f"models.{model}", shape, _headers_doc(response)))
        else:
            # A root model: the body (an array, a union, a scalar) is its `root`.
            shape = f"The parsed response body (`models.{model}`, whose value is its `root`)"
            out.append(_Parser(response.status, f"models.{model}", shape, _headers_doc(response)))
    return out


def _returns(parsers: list[_Parser]) -> tuple[str, str]:
    """The return annotation (each class once) and the Returns text of a method."""
    annotation = " | ".join(dict.fromkeys(parser.annotation for parser in parsers))
    if len({(parser.shape, parser.headers) for parser in parsers}) == 1:
        first = parsers[0]
        return annotation, f"{first.shape}; its `raw_response` is the HTTP response.{first.headers}"
    each = " ".join(f"HTTP {parser.status}: {parser.shape}.{parser.headers}" for parser in parsers)
    return annotation, f"{each} Each has the HTTP response as its `raw_response`."


# The last vendor built and its module: the client, package and docs jobs (run one vendor after another)
# each need it, and building it costs a pass over every operation (1.3 s at 500 operations).
_last_built: tuple[ir.Vendor, ClientModule] | None = None


def build(vendor: ir.Vendor) -> ClientModule:
    """The vendor's client module, built once for consecutive calls with the same vendor object (an
    identity check: hashing a vendor would walk all of it; the module is frozen, so sharing it is safe).
    """
    global _last_built
    if _last_built is None or _last_built[0] is not vendor:
        _last_built = (vendor, _build(vendor))
    return _last_built[1]


def _build(vendor: ir.Vendor) -> ClientModule:
    annotator = Annotator(types_module="types")
    response_names = models_emitter.response_model_names(vendor)
    methods: list[Method] = []
    for op in vendor.operations:
        pairs = _arguments(op, annotator)
        arguments = tuple(arg for arg, _ in pairs)
        parsers = _parsers(op, response_names)
        returns, returns_doc = _returns(parsers)
        responses = tuple((p.status, p.annotation) for p in parsers)
        parts = _request_parts(op)
        described = [(arg.python_name, prop) for arg, prop in pairs]
        methods.append(
            Method(
                op.python_name,
                op.id,
                arguments,
                returns,
                _docstring(op, vendor, described, returns_doc, False),
                parts,
                responses,
            )
        )
        success = next((r for r in op.success_responses if r.body is not None), None)
        model = response_names.name(f"{op.id}.{success.status}") if success is not None else None
        item = _item_model(vendor, op, model) if model else None
        if op.pagination is not None and item is not None:
            doc = _docstring(
                op, vendor, described, f"Each item (`models.{item}`) of every page, in order.", True
            )
            name = naming.iterator_name(op.python_name)
            iterator = Method(
                name, op.id, arguments, f"models.{item}", doc, parts, responses, True, item
            )
            methods.append(iterator)
    credentials: list[Credential] = []
    seen: set[str] = set()
    for scheme in vendor.auth:
        for credential, words in auth_kinds.of(scheme.type).credential_docs():
            if credential in seen:
                continue
            seen.add(credential)
            variable = scheme.env_var(credential)
            env_doc = f" Default: the environment variable {variable}." if variable else ""
            credentials.append(Credential(credential, f"{words} ({scheme.id} auth).{env_doc}"))
    sync_class = naming.class_name(vendor.id, "client")
    environments = (
        "Literal[" + ", ".join(pycode.string(env.name) for env in vendor.environments) + "]"
    )
    return ClientModule(
        vendor_id=vendor.id,
        vendor_name=vendor.name,
        sync_class=sync_class,
        async_class="Async" + sync_class,
        class_doc=_class_doc(vendor, credentials, asynchronous=False),
        async_class_doc=_class_doc(vendor, credentials, asynchronous=True),
        environments=environments,
        credentials=tuple(credentials),
        aliases=tuple(sorted(annotator.aliases.items())),
        methods=tuple(methods),
        uses_types=any("types." in a.annotation for m in methods for a in m.arguments),
        uses_models=any(method.uses_models for method in methods),
        uses_empty_response=any(method.uses_empty_response for method in methods),
        sync_options=_option_parameters("httpx.Client"),
        async_options=_option_parameters("httpx.AsyncClient"),
        option_names=tuple(option.name for option in naming.client_options()),
        call_options=tuple(
            f"{option.name}: {option.annotation} = {option.default}"
            for option in naming.per_call_parameters()
        ),
        call_option_names=tuple(option.name for option in naming.per_call_parameters()),
        type_modules=tuple(sorted(annotator.modules)),
        constants=_constants(annotator),
    )


def _constants(annotator: Annotator) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """The classes of named enum codes; one named like an enum's alias takes `Codes` after the name."""
    out = []
    for name, members in sorted(annotator.constants.items()):
        class_name = name + "Codes" if name in annotator.aliases else name
        first, code = members[0]
        doc = f"The vendor's names for these codes: {first} is {code}, and so on."
        out.append((class_name, pycode.docstring(doc, indent=_INDENT), members))
    return tuple(out)


# The per-call options after timeout and max_retries, for each method's docstring. A test holds the keys
# to the runtime's per-call options.
_CALL_OPTION_DOCS = {
    "extra_headers": "Headers to add to this request.",
    "extra_query": "Query parameters to add, sent as given (not validated): for what the spec does not list.",
    "extra_body": "Body fields to add, sent as given (not validated): for what the spec does not list.",
    "validate": "False sends the arguments without checking them against the spec (a path parameter "
    "still may not be empty, `.` or `..`); default: the client's `validate`.",
}


# What each client option (`naming.client_options`, from the runtime) does, for the class docstring; the
# environment's words name the vendor's environments. A test holds the keys to the runtime's options.
_OPTION_DOCS = {
    "base_url": "Any base URL instead (a proxy, a mock server); overrides environment. Default: the "
    "environment variable {url_variable}, else the environment's URL.",
    "timeout": "Each call's deadline in seconds, covering its retries and the waits between them, or "
    "an httpx.Timeout (its longest limit is the deadline); default 30 s (5 s to connect).",
    "max_retries": "Retries for calls safe to retry (connection errors, 429, 5xx); default 2.",
    "retry_policy": "Backoff settings (RetryPolicy); Retry-After is honoured.",
    "default_headers": "Headers sent with every request.",
    "validate": "False sends every call's arguments without checking them against the spec (each call "
    "may say otherwise); default True.",
    "http_client": "An httpx client to use instead of the client's own (it is not closed by close()).",
}


def _server_variables_doc(vendor: ir.Vendor) -> str:
    """The `server_variables` option's words: the vendor's variables and where their values come from."""
    names = sorted({variable.name for env in vendor.environments for variable in env.variables})
    if not names:
        return (
            "Values for the variables in the environment's URL, by name; this API's URLs have none."
        )
    sources = and_list(
        [f"{name} ({server_variable_environment_variable(vendor.id, name)})" for name in names]
    )
    return (
        f"Values for the variables in the environment's URL, by name: {sources}. Default: the "
        "environment variable, else the spec's default."
    )


def _class_doc(vendor: ir.Vendor, credentials: list[Credential], *, asynchronous: bool) -> str:
    indent = _INDENT
    kind = "Asynchronous" if asynchronous else "Synchronous"
    lines = [f"{kind} client for the {vendor.name} API (generated from {vendor.spec_file}).", ""]
    usage = "async with" if asynchronous else "with"
    name = ("Async" if asynchronous else "") + naming.class_name(vendor.id, "client")
    lines.extend(
        _wrap(
            f"Use it as a context manager (`{usage} {name}(...) as client:`) or close it when done. Requests are validated before they are sent; responses are parsed into the models in `ats_sdk.{vendor.id}.models`.",
            indent,
        )
    )
    lines += ["", "Args:"]
    for credential in credentials:
        entry = _wrap(f"{credential.name}: {credential.doc}", indent + _INDENT * 2)
        lines.append(_INDENT + entry[0])
        lines.extend(_INDENT * 2 + more for more in entry[1:])
    environments = and_list([f"{env.name} ({env.url})" for env in vendor.environments])
    url_variable, environment_variable = environment_variables(vendor.id)
    option_docs = {
        **_OPTION_DOCS,
        "environment": f"Which base URL to use: {environments}. Default: the environment variable "
        f"{environment_variable}, else {vendor.default_environment}.",
    }
    option_docs["base_url"] = option_docs["base_url"].format(url_variable=url_variable)
    option_docs["server_variables"] = _server_variables_doc(vendor)
    extras = [f"{option.name}: {option_docs[option.name]}" for option in naming.client_options()]
    for extra in extras:
        entry = _wrap(extra, indent + _INDENT * 2)
        lines.append(_INDENT + entry[0])
        lines.extend(_INDENT * 2 + more for more in entry[1:])
    return pycode.docstring("\n".join(lines), indent=indent)
