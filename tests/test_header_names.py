"""Header names are case-insensitive (RFC 9110, section 5.1), in the generated validators as on the wire.

Every operation with declared request headers in every spec the project holds (the vendors', the fixture
and the hostile specs) is checked: a header spelled in another case is the declared header, and one name
given twice in different cases is reported.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from generator import ir
from generator.emit import validators
from generator.emit.examples import example
from generator.load import discover, load
from tests.compile import validator_module

ROOT = Path(__file__).resolve().parent.parent
SPEC_FOLDERS = [
    ROOT / "specs",
    ROOT / "tests" / "hostile_specs",
    *ROOT.glob("tests/fixtures/*/specs"),
]


def _vendors() -> list[ir.Vendor]:
    # Folder by folder: the diff fixtures hold copies of the vendors' specs, under the same ids.
    vendors = []
    for folder in SPEC_FOLDERS:
        loaded = load(discover(folder))
        assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
        vendors += loaded.vendors
    return vendors


CASES = [
    (vendor, op, header)
    for vendor in _vendors()
    for op in vendor.operations
    for header in op.request.headers.properties
]


@pytest.fixture(scope="module")
def modules() -> dict[int, types.ModuleType]:
    """The generated validators of each vendor with headers, by the vendor's identity."""
    return {id(vendor): validator_module(validators.build(vendor)) for vendor, _, _ in CASES}


def test_there_are_declared_headers_to_check() -> None:
    assert CASES, "no spec declares a request header: this test would check nothing"


@pytest.mark.parametrize(
    ("vendor", "op", "header"),
    CASES,
    ids=[f"{vendor.id}.{op.id}.{header.wire_name}" for vendor, op, header in CASES],
)
def test_a_header_in_another_case_is_the_declared_header(
    vendor: ir.Vendor, op: ir.Operation, header: ir.Field, modules: dict[int, types.ModuleType]
) -> None:
    validate = modules[id(vendor)].validate
    value = example(header.schema)
    declared = validate(op.id, {header.wire_name: value}, "headers")
    for spelling in {header.wire_name.lower(), header.wire_name.upper()} - {header.wire_name}:
        assert validate(op.id, {spelling: value}, "headers") == declared, spelling
    # A value the declared header would refuse is refused under any spelling.
    wrong = validate(op.id, {header.wire_name.lower(): {"not": "a header value"}}, "headers")
    assert f"/{header.wire_name}" in {v.pointer for v in wrong}


@pytest.mark.parametrize(
    ("vendor", "op", "header"),
    CASES,
    ids=[f"{vendor.id}.{op.id}.{header.wire_name}" for vendor, op, header in CASES],
)
def test_a_header_given_twice_in_different_cases_is_reported(
    vendor: ir.Vendor, op: ir.Operation, header: ir.Field, modules: dict[int, types.ModuleType]
) -> None:
    value = example(header.schema)
    twice = {header.wire_name: value, header.wire_name.swapcase(): value}
    found = modules[id(vendor)].validate(op.id, twice, "headers")
    assert [v.rule for v in found if v.rule == "duplicate"] == ["duplicate"]
