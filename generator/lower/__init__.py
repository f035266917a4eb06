"""Lower a schema-valid spec document to the intermediate form, checking what the spec schema cannot.

The spec schema (`spec_schema.json`) has already checked keys and value types. This stage checks meaning:
limits that contradict each other, defaults outside their own enum or limits, keywords that do not apply to a
field's type, rules naming fields that do not exist, path parameters missing from the path, references to
undefined sources, envelopes, definitions or auth schemes, and names that collide once made Python
identifiers. Every problem becomes a diagnostic at the spec line it concerns; lowering carries on, so one run
reports them all.

One module per job, sharing one `Reporter` (and, past the sources, one `Citations`):

    report      diagnostics at spec positions, the IR's source positions, did-you-mean suggestions
    vendor      the vendor block, sources, provenance, notes, auth schemes, error envelopes
    operations  operations: request, responses, pagination, routes, client-method argument names
    shapes      fields, refs, definitions, unions, enums, messages, the keys each form allows
    rules       cross-field rules and their conditions
    checks      bounds, keywords per type, patterns, own values, examples, rule and value problems

`lower` below runs them in spec order, so diagnostics come out in the order a reader meets their lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import ir
from generator.diagnostics import Diagnostics
from generator.lower import checks, vendor
from generator.lower.operations import Operations, check_method_names, check_routes
from generator.lower.report import Reporter
from generator.lower.shapes import Shapes
from generator.yamlpos import Document


def lower(
    document: Document, diagnostics: Diagnostics, *, seeds_dir: Path | None = None
) -> ir.Vendor | None:
    """The vendor's intermediate form, or None when the spec has errors (all of them reported)."""
    from generator import value_check  # local, as in checks: it imports the JSON Schema exporter

    before = len(diagnostics.errors)
    try:
        lowered = _vendor(Reporter(document, diagnostics), seeds_dir)
    finally:
        value_check.forget()
    return lowered if len(diagnostics.errors) == before else None


def _vendor(report: Reporter, seeds_dir: Path | None) -> ir.Vendor:
    data: dict[str, Any] = report.doc.data
    checks.check_numbers(report, data, ())
    v = data["vendor"]
    vendor.check_vendor_id(report, v["id"])
    cite = vendor.Citations(report, vendor.sources(report, data["sources"], seeds_dir))
    environments = vendor.environments(cite, v)
    default_env = vendor.default_environment(report, v)
    auth = tuple(
        vendor.auth_scheme(cite, sid, s, ("auth", sid)) for sid, s in data.get("auth", {}).items()
    )
    shapes = Shapes(cite, data.get("definitions", {}))
    envelopes = tuple(
        vendor.envelope(
            cite,
            eid,
            e,
            ("error_envelopes", eid),
            shapes.shape(e["body"], ("error_envelopes", eid, "body"), "response"),
        )
        for eid, e in data.get("error_envelopes", {}).items()
    )
    definitions = shapes.definitions()
    lowering = Operations(shapes, auth, envelopes)
    operations = tuple(
        lowering.operation(oid, op, ("operations", oid)) for oid, op in data["operations"].items()
    )
    check_routes(report, operations)
    check_method_names(report, operations)
    return ir.Vendor(
        id=v["id"],
        name=v["name"],
        description=v.get("description"),
        docs=tuple(v.get("docs", ())),
        environments=environments,
        default_environment=default_env,
        rate_limits=v.get("rate_limits"),
        sources=tuple(cite.sources.values()),
        auth=auth,
        error_envelopes=envelopes,
        definitions=definitions,
        operations=operations,
        notes=cite.notes(data.get("notes", []), ("notes",))
        + cite.notes(v.get("notes", []), vendor.VENDOR_PATH + ("notes",)),
        spec_file=report.doc.file,
        provenance=cite.provenance(v, vendor.VENDOR_PATH),
    )
