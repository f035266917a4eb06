"""Generate `ats_sdk.unified`: the canonical candidate, the declared mappings as data, and the calls.

The module is thin by design: the mapping engine, the validators' verdict and the loss policy live in the
runtime (`atsgen_runtime.unified`), where they are written and tested once. What is generated is what
depends on the declarations: the `Candidate` TypedDict (typed by `pytypes`, the one authority for how a
schema reads as Python), the mappings as literals, and signatures that name every declared vendor and
operation as `Literal`s, so a type checker refuses an operation a vendor has no mapping for.

The output is a `UnifiedModule` of finished strings; the template lays them out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from generator import ir, naming, pycode
from generator.emit import clients
from generator.emit.pytypes import Annotator
from generator.unified.model import OperationMapping, Unified

MODULE = "ats_sdk/unified.py"
_DOC_WIDTH = 96
CANDIDATE_CLASS = "Candidate"


@dataclass(frozen=True)
class CandidateField:
    name_code: str
    """The field's name: as written (class syntax) or as a string literal (functional syntax)."""
    annotation: str
    doc: str | None


@dataclass(frozen=True)
class Function:
    """One public function: its overloads (none when a single signature is exact) and its own signature."""

    overloads: tuple[str, ...]
    signature: str

    @property
    def returns_literal(self) -> str:
        """The implementation's return annotation as a string literal: its body casts the client's
        result (Any) to it, as mypy --strict wants of a function that declares its return type."""
        return pycode.string(self.signature.rsplit(") -> ", 1)[1])


@dataclass(frozen=True)
class UnifiedModule:
    module_doc: str
    candidate_doc: str
    functional: bool
    """The TypedDict in functional syntax: a canonical field name is not a Python identifier."""
    fields: tuple[CandidateField, ...]
    vendor_literal: str
    operation_literal: str
    mappings: str
    """`{vendor: {operation: mapping data}}` as a literal."""
    parts: str
    """`{vendor: {operation: (request parts the validators check)}}` as a literal."""
    parsers: str
    """`{vendor: {operation: {status: class}}}` as a literal: the client's parsing class per success."""
    to_vendor: Function
    from_vendor: Function
    send: Function
    asend: Function
    fetch: Function
    afetch: Function
    type_imports: tuple[str, ...]
    """Modules the signatures name, imported for type checkers only (clients and models)."""


def _literal(values: Sequence[str]) -> str:
    return f"Literal[{', '.join(pycode.string(v) for v in values)}]" if values else "NoReturn"


def _fields(model: ir.Schema) -> tuple[bool, tuple[CandidateField, ...]]:
    annotator = Annotator(types_module="types")
    functional = not all(naming.is_python_identifier(p.wire_name) for p in model.properties)
    fields = []
    for prop in model.properties:
        annotation = annotator.annotation(
            prop.schema, naming.class_name(CANDIDATE_CLASS, prop.wire_name)
        )
        name = pycode.string(prop.wire_name) if functional else prop.wire_name
        doc = pycode.docstring(_wrapped(prop.description), "    ") if prop.description else None
        fields.append(CandidateField(name, annotation, doc))
    return functional, tuple(fields)


def _is_read(mapping: OperationMapping) -> bool:
    return "read_root" in mapping.data


def _parts(operation: ir.Operation, mapping: OperationMapping) -> tuple[str, ...]:
    """The request parts the vendor validators check: a read sends no body (its body targets name the
    response), and an operation without a body has no body validator."""
    parts = ["path", "query", "headers"]
    if operation.request.body is not None and not _is_read(mapping):
        parts.append("body")
    return tuple(parts)


def _function(overloads: list[str], general: str) -> Function:
    """One exact signature needs no overloads (type checkers require two or more)."""
    if len(overloads) == 1:
        return Function((), overloads[0])
    return Function(tuple(overloads), general)


def build(unified: Unified, vendors: Sequence[ir.Vendor]) -> UnifiedModule:
    assert unified.model is not None
    by_id = {vendor.id: vendor for vendor in vendors}
    mapped: dict[str, list[OperationMapping]] = {}
    for mapping in sorted(unified.mappings, key=lambda m: (m.vendor, m.operation)):
        mapped.setdefault(mapping.vendor, []).append(mapping)
    operations = sorted({m.operation for m in unified.mappings})
    functional, fields = _fields(unified.model)
    candidate_id = "candidate_id: str | None = None"

    to_vendor, from_vendor = [], []
    send, asend, fetch, afetch = [], [], [], []
    type_imports: set[str] = set()
    parsers: dict[str, dict[str, dict[str, str]]] = {}
    for vendor_id, vendor_mappings in mapped.items():
        vendor = by_id[vendor_id]
        vendor_literal = _literal([vendor_id])
        ops_literal = _literal([m.operation for m in vendor_mappings])
        to_vendor.append(
            f"vendor: {vendor_literal}, operation: {ops_literal}, candidate: {CANDIDATE_CLASS}, *, "
            f"{candidate_id}) -> VendorRequest"
        )
        from_vendor.append(
            f"vendor: {vendor_literal}, operation: {ops_literal}, body: Any"
            f") -> CanonicalCandidate[{CANDIDATE_CLASS}]"
        )
        client_module = clients.build(vendor)
        returns = {method.operation_id: method.returns for method in client_module.methods}
        parsers[vendor_id] = {
            method.operation_id: dict(method.parsers) for method in client_module.methods
        }
        package = f"ats_sdk.{vendor_id}"
        sync_client = f"{package}.client.{client_module.sync_class}"
        async_client = f"{package}.client.{client_module.async_class}"
        type_imports.update({f"{package}.client", f"{package}.models"})
        for mapping in vendor_mappings:
            op_literal = _literal([mapping.operation])
            if _is_read(mapping):
                tail = f"*, candidate_id: str) -> CanonicalCandidate[{CANDIDATE_CLASS}]"
                fetch.append(f"client: {sync_client}, operation: {op_literal}, {tail}")
                afetch.append(f"client: {async_client}, operation: {op_literal}, {tail}")
                continue
            result = returns[mapping.operation]
            result = f"{package}.{result}" if result.startswith("models.") else result
            tail = (
                f"candidate: {CANDIDATE_CLASS}, *, {candidate_id}, on_loss: OnLoss = "
                f'"refuse") -> {result}'
            )
            send.append(f"client: {sync_client}, operation: {op_literal}, {tail}")
            asend.append(f"client: {async_client}, operation: {op_literal}, {tail}")

    all_vendors, all_operations = "Vendor", "Operation"
    writes = _literal(sorted({m.operation for m in unified.mappings if not _is_read(m)}))
    reads = _literal(sorted({m.operation for m in unified.mappings if _is_read(m)}))
    return UnifiedModule(
        module_doc=_module_doc(mapped),
        candidate_doc=pycode.docstring(_candidate_doc(unified.description), "    "),
        functional=functional,
        fields=fields,
        vendor_literal=_literal(list(mapped)),
        operation_literal=_literal(operations),
        mappings=pycode.value({v: {m.operation: m.data for m in ms} for v, ms in mapped.items()}),
        parts=pycode.value(
            {
                v: {m.operation: _parts(_operation(by_id[v], m), m) for m in ms}
                for v, ms in mapped.items()
            }
        ),
        parsers=pycode.value(
            {v: {m.operation: parsers[v][m.operation] for m in ms} for v, ms in mapped.items()}
        ),
        to_vendor=_function(
            to_vendor,
            f"vendor: {all_vendors}, operation: {all_operations}, candidate: {CANDIDATE_CLASS}, *, "
            f"{candidate_id}) -> VendorRequest",
        ),
        from_vendor=_function(
            from_vendor,
            f"vendor: {all_vendors}, operation: {all_operations}, body: Any"
            f") -> CanonicalCandidate[{CANDIDATE_CLASS}]",
        ),
        send=_function(
            send,
            f"client: Any, operation: {writes}, candidate: {CANDIDATE_CLASS}, *, {candidate_id}, "
            'on_loss: OnLoss = "refuse") -> Any',
        ),
        asend=_function(
            asend,
            f"client: Any, operation: {writes}, candidate: {CANDIDATE_CLASS}, *, {candidate_id}, "
            'on_loss: OnLoss = "refuse") -> Any',
        ),
        fetch=_function(
            fetch,
            f"client: Any, operation: {reads}, *, candidate_id: str"
            f") -> CanonicalCandidate[{CANDIDATE_CLASS}]",
        ),
        afetch=_function(
            afetch,
            f"client: Any, operation: {reads}, *, candidate_id: str"
            f") -> CanonicalCandidate[{CANDIDATE_CLASS}]",
        ),
        type_imports=tuple(sorted(type_imports)),
    )


def _operation(vendor: ir.Vendor, mapping: OperationMapping) -> ir.Operation:
    return next(op for op in vendor.operations if op.id == mapping.operation)


def _module_doc(mapped: dict[str, list[OperationMapping]]) -> str:
    declared = "; ".join(
        f"{vendor}: {', '.join(m.operation for m in ms)}" for vendor, ms in mapped.items()
    )
    return pycode.docstring(
        _wrapped(
            "One candidate, every vendor: the canonical `Candidate` and its declared mappings "
            "(specs/unified/).\n\n"
            "`to_vendor` maps a candidate to a vendor request in wire names, with every loss and the vendor "
            "validators' verdict; `from_vendor` maps a wire body back. `send` / `asend` map, check and send "
            "with a vendor client under a loss policy (`on_loss`: refuse, the default, raises "
            "`UnifiedRequestRefused` and sends nothing; warn issues a `LossWarning`, then sends; allow "
            "sends); `fetch` / `afetch` read a candidate and map it back. Violations are never sent.\n\n"
            f"Declared operations: {declared or 'none'}. Coverage, field by vendor: docs/unified.md."
        )
    )


def _candidate_doc(description: str | None) -> str:
    return _wrapped(description or "The canonical candidate: every field is optional.")


def _wrapped(text: str) -> str:
    """Prose as docstring paragraphs of at most 96 characters (black leaves strings as they are)."""
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(textwrap.fill(block, _DOC_WIDTH) for block in paragraphs if block)
