"""Read-only fields in the SDK's types: a request `TypedDict` does not offer them, so a type checker refuses a
caller who sets one; the response models keep them, since the vendor sends them.

Every read-only field of every spec the project holds (the vendors', the fixture vendors' and the hostile
specs), at any depth of a request body or a success response, is looked up in the `types` and `models`
modules generated for its vendor, through the annotations as a type checker resolves them.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import ir
from generator.emit import models
from generator.emit.examples import example
from tests import typed_shapes
from tests.test_read_only import _vendors

MAX_DEPTH = 16
"""How deep the walk goes: far past any spec's nesting, and a bound for a definition that refers to itself."""

Path_ = tuple[typed_shapes.Step, ...]


def _read_only(schema: ir.Schema, path: Path_ = ()) -> Iterator[tuple[Path_, ir.Schema, ir.Field]]:
    """(path of the object, the object's schema, field) for every read-only field below `schema`."""
    if len(path) > MAX_DEPTH:
        return
    for prop in schema.properties_in_code:
        if prop.read_only:
            yield path, schema, prop
        else:
            yield from _read_only(prop.schema, (*path, prop.wire_name))
    if schema.items is not None:
        yield from _read_only(schema.items, (*path, 0))


VENDORS = _vendors()
REQUESTS = [
    (vendor, f"{op.id}.body", path, schema, prop)
    for vendor in VENDORS
    for op in vendor.operations
    if op.request.body is not None
    for path, schema, prop in _read_only(op.request.body.schema)
]
RESPONSES = [
    (vendor, f"{op.id}.{response.status}", path, schema, prop)
    for vendor in VENDORS
    for op in vendor.operations
    for response in op.success_responses
    if response.body is not None
    for path, schema, prop in _read_only(response.body)
]


def _ids(cases: list[tuple[ir.Vendor, str, Path_, ir.Schema, ir.Field]]) -> list[str]:
    return [
        f"{vendor.id}.{key}/{'/'.join(map(str, (*path, prop.wire_name)))}"
        for vendor, key, path, _, prop in cases
    ]


def _generated(vendor: ir.Vendor, kind: str) -> tuple[models.ModelSet, types.ModuleType, str]:
    """The vendor's request types ("typeddict") or response models ("pydantic"), as the SDK gets them."""
    model_set = (
        models.request_models(vendor) if kind == "typeddict" else models.response_models(vendor)
    )
    source = models.generate(model_set, kind, "")
    return model_set, typed_shapes.module_from_source(source, f"{vendor.id}_{kind}"), source


@pytest.fixture(scope="module")
def generated() -> dict[tuple[str, str], tuple[models.ModelSet, types.ModuleType, str]]:
    wanted = {(v.id, "typeddict") for v, *_ in REQUESTS} | {
        (v.id, "pydantic") for v, *_ in RESPONSES
    }
    by_id = {vendor.id: vendor for vendor in VENDORS}
    return {(vid, kind): _generated(by_id[vid], kind) for vid, kind in sorted(wanted)}


def _class_at(built: tuple[models.ModelSet, types.ModuleType, str], key: str, path: Path_) -> type:
    model_set, module, _ = built
    name = model_set.name(key)
    assert name is not None, key
    [cls] = typed_shapes.classes(typed_shapes.follow(getattr(module, name), path))
    assert isinstance(cls, type)
    return cls


def test_there_are_read_only_fields_in_requests_and_responses() -> None:
    assert REQUESTS, "no spec marks a request field read_only: these tests would check nothing"
    assert RESPONSES, "no spec has a read-only field in a response: these tests would check nothing"


@pytest.mark.parametrize(("vendor", "key", "path", "schema", "prop"), REQUESTS, ids=_ids(REQUESTS))
def test_the_request_typeddict_offers_every_field_but_the_read_only_ones(
    vendor: ir.Vendor,
    key: str,
    path: Path_,
    schema: ir.Schema,
    prop: ir.Field,
    generated: dict[tuple[str, str], tuple[models.ModelSet, types.ModuleType, str]],
) -> None:
    cls = _class_at(generated[vendor.id, "typeddict"], key, path)
    offered = set(typed_shapes.fields(cls))
    assert prop.wire_name not in offered
    assert offered == {p.wire_name for p in schema.sendable_properties}


@pytest.mark.parametrize(
    ("vendor", "key", "path", "schema", "prop"), RESPONSES, ids=_ids(RESPONSES)
)
def test_the_response_model_keeps_the_read_only_fields(
    vendor: ir.Vendor,
    key: str,
    path: Path_,
    schema: ir.Schema,
    prop: ir.Field,
    generated: dict[tuple[str, str], tuple[models.ModelSet, types.ModuleType, str]],
) -> None:
    cls = _class_at(generated[vendor.id, "pydantic"], key, path)
    assert prop.wire_name in typed_shapes.fields(cls)


def test_mypy_strict_refuses_setting_a_read_only_field_in_a_request_typeddict(
    tmp_path: Path,
    generated: dict[tuple[str, str], tuple[models.ModelSet, types.ModuleType, str]],
) -> None:
    """One program sets every read-only request field on a value of its object's TypedDict: mypy must
    report each of those lines as an unknown key, and nothing else (the types modules themselves pass).
    """
    vendor_ids = dict.fromkeys(vendor.id for vendor, *_ in REQUESTS)
    stems = {vendor_id: f"types_{n}" for n, vendor_id in enumerate(vendor_ids)}
    lines = ["from __future__ import annotations", ""]
    for vendor_id, stem in stems.items():
        source = generated[vendor_id, "typeddict"][2]
        (tmp_path / f"{stem}.py").write_text(source, encoding="utf-8")
        lines.append(f"import {stem}")
    expected: dict[int, str] = {}
    for number, (vendor, key, path, _, prop) in enumerate(REQUESTS):
        cls = _class_at(generated[vendor.id, "typeddict"], key, path)
        lines += [
            "",
            "",
            f"def case_{number}(value: {stems[vendor.id]}.{cls.__name__}) -> None:",
            f"    value[{prop.wire_name!r}] = {example(prop.schema)!r}",
        ]
        expected[len(lines)] = prop.wire_name
    program = tmp_path / "sets_read_only_fields.py"
    program.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, errors = typed_shapes.mypy_strict([program], tmp_path)
    assert status == 1, errors
    reported = {int(e.split(":")[1]): e for e in errors}
    assert set(reported) == set(expected), errors
    for line, wire_name in expected.items():
        assert "typeddict-unknown-key" in reported[line] and f'"{wire_name}"' in reported[line]
