"""Rendered pieces kept by what they read (issue 12): an edit renders only what it changed.

Jobs that render one piece per operation (`render.cached_piece`) keep each, with a store in use, under a
digest of what it reads. These tests hold that: an edit to one operation renders that operation's pieces
again and no other; the output is the same bytes with and without the store; and a vendor-level change
(auth, base URL, an error envelope, a shared definition) reaches every piece that reads it. Inputs are
every vendor of the real specs, the small and hostile fixtures and the fixture vendors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from generator import build, formatting, ir, render
from generator.emit import clients, docs
from generator.formatting import FragmentStore
from generator.load import discover, load
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SPEC_FOLDERS = [
    ROOT / "specs",
    FIXTURES / "small" / "specs",
    FIXTURES / "hostile" / "specs",
    *sorted((FIXTURES / "vendors").glob("*/specs")),
]

PIECE_JOBS = ("validators", "spec", "docs", "client", "schemas")
"""The jobs rendered piece by piece."""


SCOPES = (
    "validators-operation",
    "spec-operation",
    "docs-operation",
    "client-docstring",
    "client-method",
    "schemas-operation",
)
"""The kinds of piece (`render.cached_piece` scopes) those jobs render per operation."""


def operation_pieces(vendor: ir.Vendor, op: ir.Operation) -> dict[str, int]:
    """The pieces of one operation, by scope: one validators piece, spec statement, docs section and set
    of JSON Schemas; per client method, its docstring and its texts (for the sync and async classes and
    their raw-response classes)."""
    # A copy: `clients.build` remembers the vendor object it last built, which the run counted must build.
    built = clients.build(replace(vendor)).methods
    methods = [method for method in built if method.operation_id == op.id]
    return {
        "validators-operation": 1,
        "spec-operation": 1,
        "docs-operation": 1,
        "client-docstring": len(methods),
        "client-method": len(methods),
        "schemas-operation": 1,
    }


def all_vendors() -> Iterator[ir.Vendor]:
    for folder in SPEC_FOLDERS:
        loaded = load(discover(folder))
        assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
        yield from loaded.vendors


VENDORS = [vendor for vendor in all_vendors() if vendor.operations]
IDS = [f"{vendor.spec_file}:{vendor.id}" for vendor in VENDORS]


def outputs(vendor: ir.Vendor, store: FragmentStore | None) -> dict[str, bytes]:
    with formatting.using(store):
        rendered: dict[str, bytes] = {}
        for kind in PIECE_JOBS:
            rendered.update(build.run_job(kind, vendor))
        return rendered


def rendered_pieces(vendor: ir.Vendor, store: FragmentStore) -> dict[str, int]:
    """How many pieces of each scope were rendered (rather than read back) for `vendor` with `store`."""
    before = dict(render.PIECES_RENDERED)
    outputs(vendor, store)
    return {scope: render.PIECES_RENDERED[scope] - before.get(scope, 0) for scope in SCOPES}


def edited_operation(vendor: ir.Vendor, index: int) -> ir.Vendor:
    """The vendor with operation `index` edited (its summary, which every piece of it shows)."""
    operations = list(vendor.operations)
    operations[index] = replace(operations[index], summary=operations[index].summary + " (edited)")
    return replace(vendor, operations=tuple(operations))


@pytest.mark.parametrize("vendor", VENDORS, ids=IDS)
def test_an_edit_to_one_operation_renders_that_operations_pieces_only(
    vendor: ir.Vendor, tmp_path: Path
) -> None:
    store = FragmentStore(tmp_path)
    every = [operation_pieces(vendor, op) for op in vendor.operations]
    assert rendered_pieces(vendor, store) == {
        scope: sum(c[scope] for c in every) for scope in every[0]
    }
    assert rendered_pieces(vendor, store) == {scope: 0 for scope in every[0]}
    index = len(vendor.operations) // 2
    edited = edited_operation(vendor, index)
    assert rendered_pieces(edited, store) == operation_pieces(edited, edited.operations[index])
    assert outputs(edited, store) == outputs(edited, None) != outputs(vendor, None)


@pytest.mark.parametrize("vendor", VENDORS, ids=IDS)
def test_the_same_bytes_with_and_without_the_store(vendor: ir.Vendor, tmp_path: Path) -> None:
    """Rendered into an empty store, read back from it, and without one: the same bytes."""
    store = FragmentStore(tmp_path)
    without = outputs(vendor, None)
    assert outputs(vendor, store) == without
    assert outputs(vendor, store) == without


VendorChange = Callable[[ir.Vendor], ir.Vendor]


def _base_url(vendor: ir.Vendor) -> ir.Vendor:
    environments = tuple(replace(env, url=env.url + "/edited") for env in vendor.environments)
    return replace(vendor, environments=environments)


def _auth(vendor: ir.Vendor) -> ir.Vendor:
    schemes = tuple(replace(scheme, header=scheme.header + "-Edited") for scheme in vendor.auth)
    return replace(vendor, auth=schemes)


def _envelope(vendor: ir.Vendor) -> ir.Vendor:
    envelopes = tuple(
        replace(envelope, message_pointer=envelope.message_pointer + "/edited")
        for envelope in vendor.error_envelopes
    )
    return replace(vendor, error_envelopes=envelopes)


def _definition(vendor: ir.Vendor) -> ir.Vendor:
    definitions = tuple(
        replace(definition, schema=replace(definition.schema, max_length=7))
        for definition in vendor.definitions
    )
    return replace(vendor, definitions=definitions)


VENDOR_CHANGES: dict[str, tuple[VendorChange, Callable[[ir.Vendor], object]]] = {
    "base URL": (_base_url, lambda vendor: vendor.environments),
    "auth": (_auth, lambda vendor: vendor.auth),
    "error envelope": (_envelope, lambda vendor: vendor.error_envelopes),
    "shared definition": (_definition, lambda vendor: vendor.definitions),
}
CHANGE_CASES = [
    pytest.param(vendor, name, id=f"{vendor_id}-{name}")
    for vendor, vendor_id in zip(VENDORS, IDS, strict=True)
    for name, (_, present) in VENDOR_CHANGES.items()
    if present(vendor)
]


@pytest.mark.parametrize(("vendor", "change"), CHANGE_CASES)
def test_a_vendor_level_change_reaches_the_pieces_that_read_it(
    vendor: ir.Vendor, change: str, tmp_path: Path
) -> None:
    """Every docs section reads the vendor-level facts: each gets a new digest, and the pieces read back
    from a store filled before the change give the bytes a run without a store gives after it."""
    changed = VENDOR_CHANGES[change][0](vendor)
    store = FragmentStore(tmp_path)
    outputs(vendor, store)
    methods = clients.build(vendor).methods
    changed_methods = clients.build(changed).methods
    for op, changed_op in zip(vendor.operations, changed.operations, strict=True):
        mine = [m for m in methods if m.operation_id == op.id]
        theirs = [m for m in changed_methods if m.operation_id == op.id]
        assert docs.operation_reads(vendor, op, mine) != docs.operation_reads(
            changed, changed_op, theirs
        )
    assert outputs(changed, store) == outputs(changed, None)


@pytest.mark.parametrize("vendor", VENDORS, ids=IDS)
def test_pieces_built_after_other_operations_are_read_back_only_where_they_still_fit(
    vendor: ir.Vendor, tmp_path: Path
) -> None:
    """Validators share names, constants and definition functions between operations (the first to
    need one makes it). With the operations in the reverse order, a kept operation finds a different
    module before it; read back where it still fits and built again where not, the output is what a
    run without the store makes."""
    store = FragmentStore(tmp_path)
    outputs(vendor, store)
    reordered = replace(vendor, operations=vendor.operations[::-1])
    assert outputs(reordered, store) == outputs(reordered, None)
