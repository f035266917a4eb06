"""Build the contents of generated/ in memory, from loaded vendors.

One function per output kind, each returning {relative path: bytes}. Nothing here touches the disk:
`write.py` decides what changes and writes it atomically, `cache.py` keeps outputs of unchanged specs.
Every output starts with a header naming its spec and saying it is generated.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from generator import ir, jsontext, markdown, pycode, pylayout, render
from generator.emit import clients, docs, json_schema, models, openapi, spec_module, validators

if TYPE_CHECKING:
    from generator.diff.releases import History

Outputs = dict[str, bytes]
PUBLIC_RUNTIME_MODULES: tuple[tuple[str, str], ...] = (
    ("errors.py", "errors.py"),
    ("mock.py", "mock_server.py"),
    ("pytest_plugin.py", "pytest_fixture.py"),
)
"""Public modules of `ats_sdk` that re-export a runtime module's `__all__`: (module, runtime module)."""


def _python(path: str, source: str) -> tuple[str, bytes]:
    return path, render.format_python(source, path).encode("utf-8")


def _json(data: Any) -> bytes:
    return jsontext.document(data)


JOB_KINDS = (
    "validators",
    "types",
    "models",
    "spec",
    "client",
    "package",
    "schemas",
    "docs",
)
"""The independent pieces of one vendor's output; `run_job` builds one (in a worker process, when parallel).
The OpenAPI documents are shared outputs: they carry the SDK's version, from the release record."""


def run_job(kind: str, vendor: ir.Vendor) -> Outputs:
    """One job's outputs, its pieces built one after another (the pipeline spreads them over workers)."""
    count = job_pieces(kind, vendor)
    return finish_job(kind, vendor, [run_piece(kind, vendor, index) for index in range(count)])


def job_pieces(kind: str, vendor: ir.Vendor) -> int:
    """How many independent pieces a job splits into: a worker builds each (`run_piece`), and the
    process that asked puts them together (`finish_job`, cheap). How a job splits depends on the spec
    alone, never on the machine, so the output does not either."""
    pieced = _PIECED_JOBS.get(kind)
    return 1 if pieced is None else pieced.pieces(vendor)


def run_piece(kind: str, vendor: ir.Vendor, index: int) -> Any:
    """Piece `index` of a job: for a job in one piece, its outputs. Returns what pickles (a worker's
    result travels back to the parent)."""
    pieced = _PIECED_JOBS.get(kind)
    return _JOBS[kind](vendor) if pieced is None else pieced.run(vendor, index)


_COST_PER_OPERATION = {
    "types": 3.8,
    "docs": 1.4,
    "models": 1.3,
    "client": 0.9,
    "validators": 0.8,
    "spec": 0.5,
    "schemas": 0.15,
    "package": 0.05,
}
"""Milliseconds of CPU per operation each job took on the synthetic vendor at 80 operations (cold, one
process, 2026-11-30; docs includes building the client it documents): only their order matters, to hand
out the longest pieces first."""


def piece_cost(kind: str, vendor: ir.Vendor, index: int) -> float:
    """A guess at how long a piece takes, to schedule the longest first."""
    return _COST_PER_OPERATION[kind] * (len(vendor.operations) + 1) / job_pieces(kind, vendor)


def finish_job(kind: str, vendor: ir.Vendor, pieces: list[Any]) -> Outputs:
    """A job's outputs from its pieces, in order."""
    pieced = _PIECED_JOBS.get(kind)
    if pieced is not None:
        return pieced.finish(vendor, pieces)
    (outputs,) = pieces
    assert isinstance(outputs, dict)
    return outputs


class PiecedJob(Protocol):
    """A job built in pieces: how many (from the spec alone), one piece (in a worker), and the outputs
    from all of them (in the parent, cheap)."""

    def pieces(self, vendor: ir.Vendor) -> int: ...

    def run(self, vendor: ir.Vendor, index: int) -> Any: ...

    def finish(self, vendor: ir.Vendor, pieces: Sequence[Any]) -> Outputs: ...


_PIECED_JOBS: dict[str, PiecedJob] = {
    "types": models.TYPES,  # request TypedDicts, a datamodel-code-generator call per run of operations
    "models": models.MODELS,  # response models, likewise
}
"""The jobs built in more than one piece; every other job is one piece, its function in `_JOBS`."""

MODEL_JOB_KINDS = frozenset(
    kind for kind, job in _PIECED_JOBS.items() if isinstance(job, models.ModelModule)
)
"""The jobs whose pieces call datamodel-code-generator (0.2 s to make ready in a process): the workers
keep them to one process where they can (`workers`)."""


def vendor_outputs(vendor: ir.Vendor) -> Outputs:
    """Everything generated from one spec: its package, JSON Schemas and docs."""
    outputs: Outputs = {}
    for kind in JOB_KINDS:
        outputs.update(run_job(kind, vendor))
    return outputs


def _validators(vendor: ir.Vendor) -> Outputs:
    module = validators.rendered(vendor)
    doc = pycode.docstring(
        f"{vendor.name} request validators: one function per operation and request part, and `validate`.\n\n"
        f"Generated from {vendor.spec_file}; every rule below is stated there with its source document."
    )
    source = render.render(
        "validators.py.jinja",
        origin=vendor.spec_file,
        module=module,
        module_doc=doc,
        layout=pylayout.lines,
    )
    path = f"ats_sdk/{vendor.id}/validators.py"
    return {path: render.format_python(source, path, module.emitted_stable(doc)).encode("utf-8")}


def _package(vendor: ir.Vendor) -> Outputs:
    client_module = clients.build(vendor)
    sync_class, async_class = client_module.sync_class, client_module.async_class
    # What the client module defines that users touch: the clients (and their raw-response views, named as
    # the client template names them), the environments, and the classes of named enum codes.
    client_names = (
        sync_class,
        async_class,
        f"{sync_class}WithRawResponse",
        f"{async_class}WithRawResponse",
        "Environment",
        *(name for name, _, _ in client_module.constants),
    )
    doc = pycode.docstring(
        f"{vendor.name}: request validators (`validate`), clients ({sync_class}, Async{sync_class}), "
        f"response models (`models`) and request types (`types`), from {vendor.spec_file}."
    )
    source = render.render(
        "vendor/init.py.jinja",
        origin=vendor.spec_file,
        vendor_id=vendor.id,
        module_doc=doc,
        client_names=client_names,
    )
    return dict([_python(f"ats_sdk/{vendor.id}/__init__.py", source)])


def schema_id(vendor: ir.Vendor, operation: ir.Operation, name: str) -> str:
    return f"urn:atsgen:{vendor.id}:{operation.id}:{name}"


def _client(vendor: ir.Vendor) -> Outputs:
    module = clients.build(vendor)
    doc = pycode.docstring(
        f"{vendor.name} clients: {module.sync_class} (sync) and {module.async_class} (async)."
    )
    source = render.render(
        "vendor/client.py.jinja",
        origin=vendor.spec_file,
        client=module,
        module_doc=doc,
        layout=pylayout.lines,
    )
    path = f"ats_sdk/{vendor.id}/client.py"
    return {path: render.format_python(source, path, module.emitted_stable(doc)).encode("utf-8")}


def _spec(vendor: ir.Vendor) -> Outputs:
    doc = pycode.docstring(
        f"{vendor.name}: the API's shape as data (operations, auth, errors), for clients and the mock server."
    )
    source = render.render(
        "vendor/spec.py.jinja",
        origin=vendor.spec_file,
        module=spec_module.rendered(vendor),
        module_doc=doc,
        layout=pylayout.lines,
    )
    path = f"ats_sdk/{vendor.id}/_spec.py"
    # The statements are laid out as black would; the fixed lines are black's unless the docstring is odd.
    stable = pylayout.plain_docstring(doc)
    return {path: render.format_python(source, path, stable).encode("utf-8")}


def _schemas(vendor: ir.Vendor) -> Outputs:
    """A JSON Schema (2020-12) per operation request part and response, equivalent to the validators;
    each operation's kept by what it reads (`schema_reads`) when a store is in use."""
    outputs: Outputs = {}
    for op in vendor.operations:
        outputs.update((path, text.encode("utf-8")) for path, text in _kept_schemas(vendor, op))
    return outputs


def _kept_schemas(vendor: ir.Vendor, op: ir.Operation) -> list[tuple[str, str]]:
    documents = render.cached_piece(
        "schemas-operation",
        lambda: schema_reads(vendor, op),
        lambda: _operation_schemas(vendor, op),
    )
    return list(documents.items())


def schema_reads(vendor: ir.Vendor, op: ir.Operation) -> bytes:
    """The digest of what an operation's JSON Schemas read: the operation, and the vendor-level facts
    (its id and spec file, named in paths, ids and comments; the error envelopes' bodies)."""
    return render.digest(render.operation_digest(op), render.vendor_digest(vendor))


def _operation_schemas(vendor: ir.Vendor, op: ir.Operation) -> dict[str, str]:
    """An operation's JSON Schemas: {path: text}."""
    outputs: dict[str, str] = {}
    comment = f"Generated by atsgen from {vendor.spec_file}. Do not edit."

    def emit(name: str, schema: ir.Schema, title: str) -> None:
        document = json_schema.Exporter().document(
            schema, title=title, schema_id=schema_id(vendor, op, name)
        )
        outputs[f"schemas/{vendor.id}/{op.id}/{name}.json"] = _json(
            {"$comment": comment, **document}
        ).decode("utf-8")

    for part in ir.PARTS:
        schema = op.request.part(part)
        if schema is not None and (part == "body" or schema.properties_in_code):
            emit(f"request.{part}", schema, f"{op.summary}: request {part}")
    for response in op.responses:
        body = response.body
        if body is None and response.envelope is not None:
            envelope = vendor.envelope(response.envelope)
            body = envelope.body if envelope is not None else None
        if body is not None:
            emit(
                f"response.{response.status}",
                body,
                f"{op.summary}: response {response.status}",
            )
    return outputs


def _readme_example(vendors: Sequence[ir.Vendor]) -> tuple[str, str, str]:
    """The vendor, operation and request part the package README validates: the first operation with a
    body, else the first with any request part (the README's call must name a part the operation has).
    """
    for wanted in ("body", None):
        for vendor in vendors:
            for op in vendor.operations:
                for part in ir.PARTS if wanted is None else (wanted,):
                    schema = op.request.part(part)
                    if schema is not None and (part == "body" or schema.properties):
                        return vendor.id, op.id, part
    return "vendor", "operation", "body"


def shared_outputs(
    vendors: Sequence[ir.Vendor], history: History | None = None, *, unified: bool = False
) -> Outputs:
    """Files that depend on every spec (or on none), or on the release record: the package skeleton and
    runtime, the OpenAPI documents and, with the record, the SDK's version and CHANGELOG.md. `unified`: the
    specs declare a unified layer (the docs index links its page)."""
    version = _sdk_version(history)
    ids = [v.id for v in vendors]
    rows = [
        {"id": v.id, "name_cell": markdown.cell(v.name), "operations": len(v.operations)}
        for v in vendors
    ]
    example_vendor, example_operation, example_part = _readme_example(vendors)
    outputs: Outputs = {
        "pyproject.toml": render.render(
            "package/pyproject.toml.jinja",
            version=version,
            vendor_names=", ".join(v.name for v in vendors).replace('"', "'").replace("\\", "/"),
            line_length=render.LINE_LENGTH,
        ).encode("utf-8"),
        "README.md": render.render(
            "package/README.md.jinja",
            vendors=rows,
            example_vendor=example_vendor,
            example_operation=example_operation,
            example_part=example_part,
        ).encode("utf-8"),
        "ats_sdk/py.typed": b"",
    }
    outputs.update(
        [
            _python(
                "ats_sdk/__init__.py",
                render.render(
                    "package/init.py.jinja",
                    origin="specs/",
                    version=version,
                    vendor_list=", ".join(ids) or "none",
                    vendors_literal=repr(tuple(ids)),
                ),
            ),
        ]
    )
    outputs.update(runtime_outputs())
    outputs.update(docs.index_docs(vendors, unified=unified))
    for vendor in vendors:
        outputs.update(openapi.vendor_openapi(vendor, version))
    outputs.update(_changelog(history))
    return outputs


def _sdk_version(history: History | None) -> str:
    """The SDK's version is its last release's, not atsgen's own: the two change for different reasons."""
    from generator.diff.releases import UNRELEASED_VERSION

    return UNRELEASED_VERSION if history is None else history.version


def _changelog(history: History | None) -> Outputs:
    if history is None:
        return {}
    from generator.diff import changelog

    return {"CHANGELOG.md": changelog.render(history).encode("utf-8")}


_JOBS = {
    "validators": _validators,
    "spec": _spec,
    "client": _client,
    "package": _package,
    "docs": docs.vendor_docs,
    "schemas": _schemas,
}


def runtime_outputs() -> Outputs:
    """The runtime's modules, copied into `ats_sdk/_runtime/`, and the public modules re-exporting some."""
    outputs: Outputs = {}
    for module in render.runtime_modules():
        # Kept black-formatted where written (a test holds them to it), so they are copied, not
        # formatted: formatting a dozen unchanging modules was a third of a cold run.
        header = render.render(
            "runtime_header.py.jinja", origin=f"{render.RUNTIME_ORIGIN}/{module}"
        )
        outputs[f"ats_sdk/_runtime/{module}"] = (header + render.runtime_source(module)).encode()
    for public, module in PUBLIC_RUNTIME_MODULES:
        names = exported_names(module)
        template = f"package/{public}.jinja"
        source = render.render(
            template,
            origin=f"templates/{template}",
            edit="the template",
            names=names,
            names_literal=repr(list(names)),
        )
        outputs.update([_python(f"ats_sdk/{public}", source)])
    return outputs


def exported_names(module: str) -> tuple[str, ...]:
    """A runtime module's `__all__`, read from its source (importing it would import pytest, say)."""
    tree = ast.parse(render.runtime_source(module))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            return tuple(
                item.value
                for item in node.value.elts
                if isinstance(item, ast.Constant) and isinstance(item.value, str)
            )
    raise ValueError(f"{render.RUNTIME_ORIGIN}/{module} has no literal __all__ to re-export")
