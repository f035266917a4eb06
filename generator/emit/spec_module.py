"""The vendor's `_spec.py`: its API shape as runtime data (see templates/runtime/spec.py).

Builds the render model `templates/vendor/spec.py.jinja` lays out: the `VendorSpec` keyword arguments, and
each operation's `OperationSpec` keyword arguments, each value a finished Python expression. Every value
passes through `pycode`, so spec text cannot change the code. Response model names come from the models
emitter, the one authority for them.

The module builds the operations mapping one statement per operation (not one expression for the whole
vendor). The statements are laid out as black lays them out (`pylayout.parse` turns each into nodes), so
the module is emitted black-stable and skips black; one whose docstring black would change is formatted,
and cached, statement by statement (`render.format_python`): an edit to one operation formats that
operation's statement again, not the whole module (100 KB for a real vendor, megabytes for a large one).
With a store in use, each operation's laid out statement is also kept by a digest of what it reads
(`rendered`, `operation_reads`), so an edit builds and lays out only the edited operations' statements.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir, pycode, pylayout, render
from generator.emit import examples, models
from generator.kinds import auth as auth_kinds
from generator.kinds import locations
from generator.kinds import pagination as pagination_kinds

# (request part, the runtime's location): the parameter locations, then the body's fields.
_LOCATIONS: tuple[tuple[ir.Part, str], ...] = (
    *((location.part, location.name) for location in locations.SUPPORTED if location.part),
    (ir.BODY, ir.BODY),
)


RUNTIME_CLASSES = (
    "AuthSchemeSpec",
    "DocumentedError",
    "EnvelopeSpec",
    "OperationSpec",
    "PaginationSpec",
    "ParamSpec",
    "ResponseHeaderSpec",
    "ResponseSpec",
    "ServerVariableSpec",
    "VendorSpec",
)


OPERATIONS_NAME = "_OPERATIONS"
"""The module-level mapping the operation statements fill, and `VendorSpec(operations=...)` names."""

Arguments = tuple[tuple[str, str], ...]
"""Keyword arguments of a call: (name, value as a Python expression), in order."""


@dataclass(frozen=True)
class OperationEntry:
    """One operation's statement: `_OPERATIONS[key] = OperationSpec(arguments)`."""

    key: str
    """The operation id as a string literal."""
    arguments: Arguments


@dataclass(frozen=True)
class SpecModule:
    vendor_arguments: Arguments
    """`VendorSpec`'s keyword arguments; `operations` names `operations_name`."""
    operations: tuple[OperationEntry, ...]
    operations_name: str = OPERATIONS_NAME

    @property
    def vendor_expression(self) -> str:
        """The module's `VENDOR` as one expression, with the operations mapping written inline: the value
        the module builds (tests evaluate it to compare)."""
        inline = _mapping(
            [(op.key, _call("OperationSpec", **dict(op.arguments))) for op in self.operations]
        )
        arguments = {
            name: inline if name == "operations" else value for name, value in self.vendor_arguments
        }
        return _call("VendorSpec", **arguments)

    @property
    def operation_texts(self) -> tuple[str, ...]:
        """Each operation's statement, `_OPERATIONS[key] = OperationSpec(...)`, laid out by `pylayout`."""
        return tuple(_operation_piece(op)[0] for op in self.operations)

    @property
    def vendor_statement(self) -> pylayout.Do:
        return pylayout.Do(
            pylayout.parse(_call("VendorSpec", **dict(self.vendor_arguments))), target="VENDOR"
        )

    @property
    def imports(self) -> tuple[str, ...]:
        """The runtime classes the module uses (and only those: no unused imports); `OperationSpec`
        always, as the operations mapping's declared type."""
        return _runtime_classes(self.vendor_expression)


def _runtime_classes(*codes: str) -> tuple[str, ...]:
    """The runtime classes `codes` call, and `OperationSpec` (the operations mapping's declared type)."""
    return tuple(
        name
        for name in RUNTIME_CLASSES
        if name == "OperationSpec" or any(f"{name}(" in code for code in codes)
    )


@dataclass(frozen=True)
class RenderedSpec:
    """What `templates/vendor/spec.py.jinja` lays out: the imports, each operation's statement as laid
    out text, and the `VENDOR` statement."""

    imports: tuple[str, ...]
    operation_texts: tuple[str, ...]
    vendor_statement: pylayout.Do
    operations_name: str = OPERATIONS_NAME


def rendered(vendor: ir.Vendor) -> RenderedSpec:
    """The module's parts, each operation's statement laid out once and kept by what it reads
    (`render.cached_piece`): after an edit, only the edited operations' statements are built again.
    """
    model_names = models.response_model_names(vendor)
    known = {key: name for key, name in reversed(model_names.names)}  # `ModelSet.name`: the first
    pieces = [_cached_operation(op, model_names, known) for op in vendor.operations]
    vendor_module = SpecModule(_vendor_arguments(vendor), ())
    vendor_code = _call("VendorSpec", **dict(vendor_module.vendor_arguments))
    used = set(_runtime_classes(vendor_code)).union(*(classes for _, classes in pieces))
    return RenderedSpec(
        imports=tuple(name for name in RUNTIME_CLASSES if name in used),
        operation_texts=tuple(text for text, _ in pieces),
        vendor_statement=vendor_module.vendor_statement,
    )


def _cached_operation(
    op: ir.Operation, model_names: models.ModelSet, known: dict[str, str]
) -> tuple[str, tuple[str, ...]]:
    text, classes = render.cached_piece(
        "spec-operation",
        lambda: operation_reads(op, known),
        lambda: _operation_piece(_operation(op, model_names)),
    )
    return text, tuple(classes)


def operation_reads(op: ir.Operation, model_names: dict[str, str]) -> bytes:
    """The digest of what an operation's statement reads: the operation, and the class names the models
    emitter gives its success responses (`_response`); nothing vendor-level."""
    names = [model_names.get(f"{op.id}.{response.status}") for response in op.responses]
    return render.digest(render.operation_digest(op), names)


def _operation_piece(entry: OperationEntry) -> tuple[str, tuple[str, ...]]:
    """An operation's statement as laid out text, and the runtime classes it calls (for the imports)."""
    code = _call("OperationSpec", **dict(entry.arguments))
    statement = pylayout.Do(pylayout.parse(code), target=f"{OPERATIONS_NAME}[{entry.key}]")
    return "\n".join(pylayout.lines([statement], 0)), _runtime_classes(code)


def _call(callee: str, /, *args: str, **kwargs: str) -> str:
    parts = list(args) + [f"{key}={value}" for key, value in kwargs.items()]
    return f"{callee}({', '.join(parts)})"


def _tuple(items: list[str]) -> str:
    if not items:
        return "()"
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _mapping(items: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in items) + "}"


def _auth(scheme: ir.AuthScheme) -> str:
    kwargs = {
        "id": pycode.string(scheme.id),
        "type": pycode.string(auth_kinds.of(scheme.type).name),
        "header": pycode.string(scheme.header),
    }
    if scheme.prefix is not None:
        kwargs["prefix"] = pycode.string(scheme.prefix)
    if scheme.token_url is not None:
        kwargs["token_url"] = pycode.string(scheme.token_url)
        kwargs["token_content_type"] = pycode.string(scheme.token_content_type)
        kwargs["token_fields"] = pycode.value(dict(scheme.token_fields))
    if scheme.default_expires_in is not None:
        kwargs["default_expires_in"] = str(scheme.default_expires_in)
    if scheme.env:
        kwargs["env"] = pycode.value(dict(scheme.env))
    # Only where it is not the default header: a header scheme's module stays as it was.
    if scheme.location != "header":
        kwargs["location"] = pycode.string(scheme.location)
    if scheme.name is not None:
        kwargs["name"] = pycode.string(scheme.name)
    return _call("AuthSchemeSpec", **kwargs)


def _envelope(envelope: ir.ErrorEnvelope) -> str:
    kwargs = {"id": pycode.string(envelope.id), "message": pycode.string(envelope.message_pointer)}
    if envelope.code_pointer is not None:
        kwargs["code"] = pycode.string(envelope.code_pointer)
    if envelope.details_pointer is not None:
        kwargs["details"] = pycode.string(envelope.details_pointer)
    kwargs["example"] = pycode.value(examples.example(envelope.body, mode="full"))
    return _call("EnvelopeSpec", **kwargs)


def _response(op: ir.Operation, response: ir.Response, model_names: models.ModelSet) -> str:
    kwargs = {"status": pycode.string(response.status)}
    if response.envelope is not None:
        kwargs["envelope"] = pycode.string(response.envelope)
    if response.body is not None:
        model = model_names.name(f"{op.id}.{response.status}") if response.is_success else None
        if model is not None:
            kwargs["model"] = pycode.string(model)
        kwargs["example"] = pycode.value(examples.example(response.body, mode="full"))
    errors = [
        _call("DocumentedError", code=pycode.value(e.code), message=pycode.value(e.message))
        for e in response.errors
        if e.code is not None or e.message is not None
    ]
    if errors:
        kwargs["errors"] = _tuple(errors)
    if response.headers:
        kwargs["headers"] = _tuple([_header(h) for h in response.headers])
    return _call("ResponseSpec", **kwargs)


def _header(h: ir.ResponseHeader) -> str:
    kwargs = {"name": pycode.string(h.name), "type": pycode.string(h.type)}
    if h.format is not None:
        kwargs["format"] = pycode.string(h.format)
    kwargs.update(required=str(h.required), example=pycode.string(h.example_text))
    return _call("ResponseHeaderSpec", **kwargs)


def _params(op: ir.Operation) -> list[str]:
    params = []
    for part, location in _LOCATIONS:
        schema = op.request.part(part)
        if schema is None:
            continue
        for prop in schema.sendable_properties:  # arguments only: read-only fields are not sent
            kwargs = {
                "wire_name": pycode.string(prop.wire_name),
                "python_name": pycode.string(prop.python_name),
                "location": pycode.string(location),
            }
            if prop.required:
                kwargs["required"] = "True"
            if prop.schema.nullable:
                kwargs["nullable"] = "True"
            params.append(_call("ParamSpec", **kwargs))
    return params


def _operation(op: ir.Operation, model_names: models.ModelSet) -> OperationEntry:
    kwargs = {
        "id": pycode.string(op.id),
        "method": pycode.string(op.method),
        "path": pycode.string(op.path),
        "auth": pycode.value(op.auth),
        "retry_safe": str(op.retry_safe),
        "params": _tuple(_params(op)),
        "responses": _tuple([_response(op, r, model_names) for r in op.responses]),
    }
    body = op.request.body
    if body is not None:
        kwargs["has_body"] = "True"
        if not body.required:
            kwargs["body_required"] = "False"
        kwargs["content_type"] = pycode.string(body.content_type)
        kwargs["request_example"] = pycode.value(
            body.example
            if body.has_example
            else examples.object_example(body.schema, mode="minimal")
        )
    if op.pagination is not None:
        kwargs["pagination"] = _pagination(op.pagination)
    return OperationEntry(pycode.string(op.id), tuple(kwargs.items()))


def _pagination(p: ir.Pagination) -> str:
    """The `PaginationSpec` call: the fields the style's registry entry gives, as code."""
    fields = pagination_kinds.of(p.style).spec_arguments(p)
    return _call("PaginationSpec", **{name: pycode.value(value) for name, value in fields.items()})


def build(vendor: ir.Vendor) -> SpecModule:
    model_names = models.response_model_names(vendor)
    operations = tuple(_operation(op, model_names) for op in vendor.operations)
    return SpecModule(_vendor_arguments(vendor), operations)


def _vendor_arguments(vendor: ir.Vendor) -> Arguments:
    """`VendorSpec`'s keyword arguments (`operations` names the mapping the statements fill)."""
    arguments = {
        "id": pycode.string(vendor.id),
        "name": pycode.string(vendor.name),
        "environments": pycode.value({env.name: env.url for env in vendor.environments}),
        "default_environment": pycode.string(vendor.default_environment),
        "auth": _tuple([_auth(scheme) for scheme in vendor.auth]),
        "envelopes": _tuple([_envelope(envelope) for envelope in vendor.error_envelopes]),
        "operations": OPERATIONS_NAME,
        **_server_variables(vendor),
    }
    return tuple(arguments.items())


def _server_variables(vendor: ir.Vendor) -> dict[str, str]:
    """The `server_variables` argument, only when an environment declares some (so a vendor without
    any keeps its spec module as it was)."""
    environments = [
        (pycode.string(env.name), _mapping([_server_variable(v) for v in env.variables]))
        for env in vendor.environments
        if env.variables
    ]
    return {"server_variables": _mapping(environments)} if environments else {}


def _server_variable(variable: ir.ServerVariable) -> tuple[str, str]:
    kwargs = {}
    if variable.default is not None:
        kwargs["default"] = pycode.string(variable.default)
    if variable.enum:
        kwargs["enum"] = _tuple([pycode.string(value) for value in variable.enum])
    return pycode.string(variable.name), _call("ServerVariableSpec", **kwargs)
