"""Enum codes the vendor names (`APPROVED = 1`) reach users as named constants, not bare codes.

Every top-level request field of every spec whose enum members carry names gets a class of constants in
its vendor's client module, one per member, whose value is the member's code; a call given a constant sends
that code.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from ats_sdk.mock import MockServer
from generator import ir, naming
from tests.test_escape_hatches import (
    MODES,
    Calls,
    _answered,
    _client_class,
    _spec,
    _valid_arguments,
    mock,
)

__all__ = ["mock"]  # the fixture, shared with the escape hatches' tests


def _named_enums(vendors: dict[str, ir.Vendor]) -> list[tuple[str, ir.Operation, ir.Field, str]]:
    """(vendor, operation, field, constants class name) for each top-level field with named codes."""
    found = []
    for vendor in vendors.values():
        for op in vendor.operations:
            for part in ir.PARTS:
                schema = op.request.part(part)
                for prop in schema.properties_in_code if schema is not None else ():
                    enum = prop.schema.enum or ()
                    if any(member.name for member in enum):
                        part_class = naming.part_class_name(op.id, part)
                        title = naming.field_class_name(part_class, prop.wire_name)
                        name = (
                            naming.class_name(prop.schema.ref) + "Codes"
                            if prop.schema.ref
                            else title
                        )
                        found.append((vendor.id, op, prop, name))
    return found


def _call(method: str, arguments: dict[str, object], client: Any) -> Any:
    return getattr(client, method)(**arguments)


def _literal_values(annotation: str) -> list[object]:
    """The values a `Literal[...]` in an annotation lists."""
    values: list[object] = []
    for node in ast.walk(ast.parse(annotation, mode="eval")):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal":
            elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            values += [ast.literal_eval(element) for element in elements]
    return values


def test_the_specs_name_some_codes(vendors: dict[str, ir.Vendor]) -> None:
    assert _named_enums(vendors)


def test_each_named_code_is_a_constant_with_the_code_as_its_value(
    vendors: dict[str, ir.Vendor],
) -> None:
    for vendor, op, prop, class_name in _named_enums(vendors):
        constants = getattr(importlib.import_module(f"ats_sdk.{vendor}.client"), class_name)
        assert prop.schema.enum is not None
        for member in prop.schema.enum:
            if member.name:
                assert getattr(constants, naming.constant_name(member.name)) == member.value
        # The argument's Literal lists the same codes, so a constant type-checks where a code does.
        method = getattr(_client_class(vendor, False), op.python_name)
        annotation = inspect.signature(method).parameters[prop.python_name].annotation
        codes = _literal_values(annotation)
        # A very long enum is annotated with its plain type; then no Literal lists the codes.
        assert codes or "Literal" not in annotation
        for member in prop.schema.enum:
            if member.name and codes:
                assert member.value in codes


@pytest.mark.parametrize("mode", MODES)
def test_a_constant_is_sent_as_its_code(
    vendors: dict[str, ir.Vendor], mode: str, mock: Callable[[str], MockServer]
) -> None:
    checked = 0
    for vendor, op, prop, class_name in _named_enums(vendors):
        spec_op = _spec(vendor).operations[op.id]
        arguments = _valid_arguments(vendor, spec_op)
        if arguments is None:
            continue
        constants = getattr(importlib.import_module(f"ats_sdk.{vendor}.client"), class_name)
        member = next(m for m in prop.schema.enum or () if m.name)
        assert member.name is not None
        value = getattr(constants, naming.constant_name(member.name))
        call_arguments = {**arguments, prop.python_name: value}
        calls = Calls(mock(vendor), mode == "async")
        _answered(calls, partial(_call, op.python_name, call_arguments))
        calls.close()
        [sent] = calls.to(spec_op)
        location = next(p.location for p in spec_op.params if p.wire_name == prop.wire_name)
        if location == "body":
            assert json.loads(sent.content)[prop.wire_name] == member.value
        elif location == "query":
            assert sent.url.params.get(prop.wire_name) == str(member.value)
        elif location == "header":
            assert sent.headers.get(prop.wire_name) == str(member.value)
        else:
            assert sent.url.path.endswith("/" + str(member.value))
        checked += 1
    assert checked


def test_the_constants_are_importable_from_the_vendor_module(vendors: dict[str, ir.Vendor]) -> None:
    found = _named_enums(vendors)
    assert found, "no spec names its enum codes: this test would check nothing"
    for vendor_id, _, _, name in found:
        package = importlib.import_module(f"ats_sdk.{vendor_id}")
        client = importlib.import_module(f"ats_sdk.{vendor_id}.client")
        assert name in package.__all__
        assert getattr(package, name) is getattr(client, name)
