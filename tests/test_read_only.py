"""Read-only fields: set by the vendor, so a request that sends one is refused, naming it as read-only.

Every field marked `read_only` in every spec the project holds (the vendors', the fixture vendors' and the
hostile specs) is checked through the generated validators and the exported JSON Schema.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.emit import clients, json_schema, validators
from generator.emit.examples import example
from generator.load import discover, load
from tests.compile import validator_module

ROOT = Path(__file__).resolve().parent.parent
SPEC_FOLDERS = [
    ROOT / "specs",
    ROOT / "tests" / "hostile_specs",
    *sorted(ROOT.glob("tests/fixtures/*/specs")),
    *sorted(ROOT.glob("tests/fixtures/vendors/*/specs")),
]


def _vendors() -> list[ir.Vendor]:
    # Folder by folder: the diff fixtures hold copies of the vendors' specs, under the same ids.
    vendors = []
    for folder in SPEC_FOLDERS:
        loaded = load(discover(folder))
        assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
        vendors += loaded.vendors
    return vendors


def _read_only(schema: ir.Schema, pointer: str) -> Iterator[tuple[str, ir.Field]]:
    """(pointer of the object, field) for every read-only field reachable through object fields."""
    for prop in schema.properties_in_code:
        if prop.read_only:
            yield pointer, prop
        else:
            escaped = prop.wire_name.replace("~", "~0").replace("/", "~1")
            yield from _read_only(prop.schema, f"{pointer}/{escaped}")


CASES = [
    (vendor, op, pointer, prop)
    for vendor in _vendors()
    for op in vendor.operations
    if op.request.body is not None
    for pointer, prop in _read_only(op.request.body.schema, "")
]
IDS = [f"{vendor.id}.{op.id}{pointer}/{prop.wire_name}" for vendor, op, pointer, prop in CASES]


@pytest.fixture(scope="module")
def modules() -> dict[int, types.ModuleType]:
    return {id(vendor): validator_module(validators.build(vendor)) for vendor, _, _, _ in CASES}


def test_there_are_read_only_fields_to_check() -> None:
    assert CASES, "no spec marks a request field read_only: these tests would check nothing"


def _payload(op: ir.Operation, pointer: str, prop: ir.Field) -> object:
    """The operation's example body, with the read-only field set at its place."""
    body: dict[str, Any] = {}
    if op.request.body is not None and isinstance(op.request.body.example, dict):
        body = dict(op.request.body.example)
    target = body
    for token in [t for t in pointer.split("/") if t]:
        target = target.setdefault(token.replace("~1", "/").replace("~0", "~"), {})
    target[prop.wire_name] = example(prop.schema)
    return body


@pytest.mark.parametrize(("vendor", "op", "pointer", "prop"), CASES, ids=IDS)
def test_a_request_that_sends_a_read_only_field_is_refused_naming_it(
    vendor: ir.Vendor,
    op: ir.Operation,
    pointer: str,
    prop: ir.Field,
    modules: dict[int, types.ModuleType],
) -> None:
    found = modules[id(vendor)].validate(op.id, _payload(op, pointer, prop), "body")
    read_only = [v for v in found if v.rule == "read_only"]
    assert [v.pointer for v in read_only] == [f"{pointer}/{prop.wire_name}"]
    assert "read-only" in read_only[0].message


@pytest.mark.parametrize(("vendor", "op", "pointer", "prop"), CASES, ids=IDS)
def test_the_json_schema_marks_it_read_only(
    vendor: ir.Vendor, op: ir.Operation, pointer: str, prop: ir.Field
) -> None:
    assert op.request.body is not None
    # Inline: the field's object is then reached through `properties` alone.
    schema = json_schema.Exporter(use_refs=False).document(op.request.body.schema)
    for token in [t for t in pointer.split("/") if t]:
        schema = schema["properties"][token.replace("~1", "/").replace("~0", "~")]
    assert schema["properties"][prop.wire_name]["readOnly"] is True


@pytest.mark.parametrize(("vendor", "op", "pointer", "prop"), CASES, ids=IDS)
def test_a_read_only_body_field_is_no_argument_of_the_client_method(
    vendor: ir.Vendor, op: ir.Operation, pointer: str, prop: ir.Field
) -> None:
    if pointer:
        pytest.skip("a nested field is part of its object's argument, not one of its own")
    [method] = [m for m in clients.build(vendor).methods if m.operation_id == op.id]
    arguments = {(argument.python_name, argument.wire_name) for argument in method.arguments}
    path_names = {(p.python_name, p.wire_name) for p in op.request.path.properties_in_code}
    # The same wire name may be a path parameter (an id in the path and in the body): only that remains.
    assert (prop.python_name, prop.wire_name) not in arguments - path_names
    assert len([a for a in method.arguments if a.python_name == prop.python_name]) <= 1
