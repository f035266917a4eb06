"""Read the unified declarations with the spec loader's machinery and check them against the vendor specs.

Each file is read like a spec (bounded read, UTF-8, YAML with positions), checked against its own JSON Schema
(`unified_model_schema.json`, `unified_mapping_schema.json`, which borrow the spec schema's field syntax),
then checked for meaning by `targets`. Problems are diagnostics in the spec loader's format; nothing raises.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator import ir, schema_check, yamlpos
from generator.diagnostics import Diagnostics, Position
from generator.load import SpecReadError, display_name, read_spec
from generator.lower.report import Reporter
from generator.lower.shapes import Shapes
from generator.lower.vendor import Citations
from generator.unified import targets
from generator.unified.files import MAPPINGS_DIR as MAPPINGS_DIR
from generator.unified.files import MODEL_FILE as MODEL_FILE
from generator.unified.files import declaration_files as declaration_files
from generator.unified.model import OperationMapping, Unified


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    text = resources.files("generator").joinpath(name).read_text(encoding="utf-8")
    spec = schema_check.spec_schema()
    # The declaration schemas refer to the spec schema's field syntax by its file name, relative to their
    # own (an editor resolves it beside them); here that name is registered for the packaged spec schema.
    registry: Registry[Any] = Registry().with_resource(
        "spec_schema.json", Resource.from_contents(spec)
    )
    return Draft202012Validator(json.loads(text), registry=registry)


DeclarationFile = tuple[str, bytes | None]
"""A declaration's display name and bytes (None: it could not be read, which was reported)."""


def load(
    unified_dir: Path,
    vendors: Sequence[ir.Vendor],
    diagnostics: Diagnostics,
    sources: dict[str, list[str]],
    *,
    spec_ids: Sequence[str] = (),
) -> Unified:
    """The declarations in `unified_dir`, checked against `vendors`; `spec_ids` are the vendors whose spec
    exists but did not load (their mappings are skipped: the spec's own errors come first)."""
    files: list[DeclarationFile] = []
    for path in declaration_files(unified_dir):
        name = display_name(path)
        try:
            files.append((name, read_spec(path)))
        except SpecReadError as exc:
            diagnostics.error(name, None, (), str(exc))
            files.append((name, None))
    model, *mappings = files
    return load_files(model, mappings, vendors, diagnostics, sources, spec_ids=spec_ids)


def load_files(
    model_file: DeclarationFile,
    mapping_files: Sequence[DeclarationFile],
    vendors: Sequence[ir.Vendor],
    diagnostics: Diagnostics,
    sources: dict[str, list[str]],
    *,
    spec_ids: Sequence[str] = (),
) -> Unified:
    """`load` on declarations given as bytes: from disk, or from a git revision (`atsgen diff`)."""
    result = Unified()
    model_doc = _read(model_file, "unified_model_schema.json", diagnostics, sources)
    if model_doc is not None:
        result.model = _model(model_doc, diagnostics)
        result.description = model_doc.data.get("description")
    by_id = {vendor.id: vendor for vendor in vendors}
    mapped: dict[str, str] = {}
    for mapping_file in mapping_files:
        document = _read(mapping_file, "unified_mapping_schema.json", diagnostics, sources)
        if document is None or result.model is None:
            continue
        report = Reporter(document, diagnostics)
        vendor_id = document.data["vendor"]
        if vendor_id in mapped:
            report.error(("vendor",), f"{vendor_id} is already mapped in {mapped[vendor_id]}")
            continue
        mapped[vendor_id] = document.file
        vendor = by_id.get(vendor_id)
        if vendor is None:
            if document.data["vendor"] not in spec_ids:
                report.error(
                    ("vendor",),
                    f"no vendor spec has the id {document.data['vendor']!r}; "
                    f"the specs' vendor ids are: {', '.join(sorted(by_id)) or 'none'}",
                )
            continue
        result.mappings.extend(_mappings(report, vendor, result.model))
    return result


def _read(
    file: DeclarationFile, schema: str, diagnostics: Diagnostics, sources: dict[str, list[str]]
) -> yamlpos.Document | None:
    name, data = file
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        diagnostics.error(
            name, None, (), f"the file is not UTF-8 text ({exc.reason}); save it as UTF-8"
        )
        return None
    sources[name] = text.splitlines()
    errors_before = len(diagnostics.errors)
    document = yamlpos.load(name, text, diagnostics)
    if len(diagnostics.errors) > errors_before:
        return None
    if not isinstance(document.data, dict):
        diagnostics.error(
            name,
            Position(1, 1),
            (),
            "the file must hold a mapping that starts with `unified_version: 1`",
        )
        return None
    return document if schema_check.check_with(_validator(schema), document, diagnostics) else None


def _model(document: yamlpos.Document, diagnostics: Diagnostics) -> ir.Schema | None:
    """The canonical model as an object schema of optional fields, lowered like a spec's request body."""
    report = Reporter(document, diagnostics)
    errors_before = len(diagnostics.errors)
    shapes = Shapes(Citations(report, {}), {})
    schema = shapes.fields_object(document.data["fields"], ("fields",), "request")
    for prop in schema.properties:
        if _nested(prop.schema):
            report.error(
                ("fields", prop.wire_name, "type"),
                "a canonical field is a value or a list of values; the transforms map no nested "
                "objects (declare each part as a field of its own)",
            )
        if prop.required:
            report.error(
                ("fields", prop.wire_name, "required"),
                "canonical fields are optional: an update sends only what changed",
                at_key=True,
            )
    return schema if len(diagnostics.errors) == errors_before else None


def _nested(schema: ir.Schema) -> bool:
    return "object" in schema.types or (schema.items is not None and _nested(schema.items))


def _mappings(report: Reporter, vendor: ir.Vendor, model: ir.Schema) -> list[OperationMapping]:
    operations = {op.id: op for op in vendor.operations}
    found = []
    for op_id, data in report.doc.data["operations"].items():
        path = ("operations", op_id)
        operation = operations.get(op_id)
        if operation is None:
            report.error(
                path,
                f"{vendor.id} has no operation {op_id!r}; its operations are: "
                f"{', '.join(sorted(operations))}",
                at_key=True,
            )
            continue
        mapping = targets.check_operation(report, vendor, operation, model, data, path)
        if mapping is not None:
            found.append(mapping)
    return found
