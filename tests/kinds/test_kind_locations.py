"""The parameter-location registry (`generator/kinds/locations.py`) is the one authority on where a
request's parameters go.

Held here: the IR's parts, the runtime's locations and the spec schema's request keys are the registry's;
every parameter the specs declare is sent (the SDK's spec module) and exported (OpenAPI) where its location
says; a location declared unsupported is a lint error naming it, not a silent drop; a location the registry
lacks is an error naming it.
"""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from atsgen_runtime import spec as runtime_spec
from generator import ir
from generator.diagnostics import Diagnostics, format_path
from generator.emit import openapi, spec_module
from generator.kinds import UnknownMember, locations
from generator.load import discover, load, load_text
from tests.kinds.touches import ROOT

SPECS = sorted((ROOT / "specs").glob("*.yaml"))
UNSUPPORTED = [loc for loc in locations.LOCATIONS if loc.unsupported is not None]


def _spec_schema() -> Any:
    return json.loads((ROOT / "generator" / "spec_schema.json").read_text(encoding="utf-8"))


def test_the_ir_parts_are_the_registry_then_the_body() -> None:
    assert (*locations.parts(), ir.BODY) == ir.PARTS
    assert typing.get_args(ir.Part) == ir.PARTS
    for location in locations.SUPPORTED:
        assert location.part is not None and locations.of_part(location.part) is location


def test_the_runtime_locations_are_the_registry_then_the_body() -> None:
    names = tuple(location.name for location in locations.SUPPORTED)
    assert typing.get_args(runtime_spec.Location) == (*names, ir.BODY)


def test_the_spec_schema_request_keys_are_the_registry_then_the_body() -> None:
    request = _spec_schema()["$defs"]["request"]["properties"]
    assert list(request) == [*(loc.spec_key for loc in locations.LOCATIONS), "body"]


def _every_spec(vendors: dict[str, ir.Vendor]) -> list[ir.Vendor]:
    """The vendors' specs, and the hostile specs (which declare headers, as no vendor does yet)."""
    hostile = load(discover(ROOT / "tests" / "hostile_specs"))
    assert hostile.ok
    return [vendors[v] for v in sorted(vendors)] + list(hostile.vendors)


def _sent(vendor: ir.Vendor) -> dict[str, dict[str, str]]:
    """Where the SDK sends each parameter, by operation: the runtime spec its spec module builds."""
    built = eval(spec_module.build(vendor).vendor_expression, vars(runtime_spec))
    return {
        op_id: {p.wire_name: p.location for p in op.params if p.location != ir.BODY}
        for op_id, op in built.operations.items()
    }


def test_every_parameter_is_sent_and_exported_where_its_location_says(
    vendors: dict[str, ir.Vendor],
) -> None:
    checked = set()
    for vendor in _every_spec(vendors):
        document = openapi.document(vendor)
        sent_by_operation = _sent(vendor)
        exported = {
            (op["operationId"], p["name"]): p
            for item in document["paths"].values()
            for op in item.values()
            if isinstance(op, dict) and "operationId" in op
            for p in op.get("parameters", [])
        }
        for op in vendor.operations:
            expected = {}
            for location in locations.SUPPORTED:
                assert location.part is not None
                schema = op.request.part(location.part)
                assert schema is not None
                for prop in schema.properties_in_code:
                    expected[prop.wire_name] = location.name
                    parameter = exported[(op.id, prop.wire_name)]
                    assert parameter["in"] == location.name
                    assert parameter["required"] is (location.always_required or prop.required)
                    checked.add(location.name)
            assert sent_by_operation[op.id] == expected, op.id
    # The specs exercise every supported location, so the checks above are not vacuous.
    assert checked == {location.name for location in locations.SUPPORTED}


def _with_location(path: Path, key: str) -> tuple[str, list[str]]:
    """The spec's text with `key` declared in every operation's request; the operation ids."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for op in data["operations"].values():
        op.setdefault("request", {})[key] = {"session": {"type": "string"}}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True), list(data["operations"])


@pytest.mark.parametrize("location", UNSUPPORTED, ids=lambda loc: loc.name)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_a_spec_using_an_unsupported_location_gets_a_lint_error_naming_it(
    spec: Path, location: locations.Location
) -> None:
    # Before, the spec schema refused the key as unknown ("allowed keys here: ..."), saying nothing of why.
    text, op_ids = _with_location(spec, location.spec_key)
    diagnostics = Diagnostics()
    assert load_text(f"specs/{spec.name}", text, diagnostics) is None
    found = {(format_path(d.path), d.message) for d in diagnostics.errors}
    assert location.unsupported is not None and "not supported yet" in location.unsupported
    assert found == {
        (f"operations.{op_id}.request.{location.spec_key}", location.unsupported)
        for op_id in op_ids
    }


def test_a_location_the_registry_lacks_is_an_error_naming_it() -> None:
    with pytest.raises(UnknownMember, match="nowhere"):
        locations.named("nowhere")
    with pytest.raises(UnknownMember, match="nowhere"):
        locations.of_part("nowhere")  # type: ignore[arg-type]
