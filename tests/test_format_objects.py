"""Date, date-time and UUID arguments take `datetime` and `uuid` objects, sent in the declared format.

The formats with a Python class come from the registry (`generator.kinds.formats`); the fields from the
loaded specs. Each such argument of every operation is passed as an object, sync and async, against the
mock; what went on the wire must be the format's text. The runtime's `json_value` is the one place the
objects become text.
"""

from __future__ import annotations

import datetime
import inspect
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from ats_sdk._runtime.validation import MAX_DEPTH, json_value
from ats_sdk.errors import ValidationFailed
from ats_sdk.mock import MockServer
from generator import ir
from generator.kinds import formats
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

UTC = datetime.UTC
# One object per Python class a format may take, with the text it must be sent as.
OBJECTS: dict[str, tuple[object, str]] = {
    "datetime.date": (datetime.date(2024, 1, 15), "2024-01-15"),
    "datetime.datetime": (
        datetime.datetime(2024, 1, 15, 14, 30, tzinfo=UTC),
        "2024-01-15T14:30:00+00:00",
    ),
    "uuid.UUID": (
        uuid.UUID("8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"),
        "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b",
    ),
}
PARTS: tuple[ir.Part, ...] = ("path", "query", "headers", "body")


def _python_class(fmt: formats.Format) -> str:
    return fmt.python_type.removeprefix("str | ")


def test_the_registry_gives_each_object_format_a_class_and_its_module() -> None:
    with_objects = [f for f in formats.FORMATS.values() if f.python_module is not None]
    assert {f.name for f in with_objects} >= {"date", "date-time", "uuid"}
    for fmt in with_objects:
        assert _python_class(fmt) in OBJECTS, fmt.name
        assert fmt.python_module is not None
        assert _python_class(fmt).startswith(fmt.python_module + ".")
        value, text = OBJECTS[_python_class(fmt)]
        assert json_value(value) == text


def _cases(vendors: dict[str, ir.Vendor]) -> list[tuple[str, str, ir.Field, formats.Format]]:
    """Every top-level argument in a format with a Python class: (vendor, operation, field, format)."""
    cases = []
    for vendor in vendors.values():
        for op in vendor.operations:
            for part in PARTS:
                schema = op.request.part(part)
                for prop in schema.properties_in_code if schema is not None else ():
                    name = prop.schema.format
                    if name is not None and formats.get(name).python_module is not None:
                        cases.append((vendor.id, op.id, prop, formats.get(name)))
    return cases


def test_the_specs_have_arguments_in_such_formats(vendors: dict[str, ir.Vendor]) -> None:
    assert _cases(vendors)


def test_each_such_argument_is_annotated_with_its_class(vendors: dict[str, ir.Vendor]) -> None:
    for vendor, operation, prop, fmt in _cases(vendors):
        for asynchronous in (False, True):
            method = getattr(
                _client_class(vendor, asynchronous), _spec(vendor).operations[operation].id
            )
            annotation = inspect.signature(method).parameters[prop.python_name].annotation
            assert _python_class(fmt) in annotation.split(" | "), (
                vendor,
                operation,
                prop.wire_name,
            )


def _invoke(method: str, arguments: dict[str, Any]) -> Callable[[Any], Any]:
    """A call of the client's `method` with these arguments, for `Calls.run`."""
    return lambda client: getattr(client, method)(**arguments)


def _sent_value(calls: Calls, op: Any, wire_name: str, location: str) -> Any:
    [sent] = calls.to(op)
    if location == "query":
        return sent.url.params.get(wire_name)
    if location == "header":
        return sent.headers.get(wire_name)
    if location == "path":
        return sent.url.path.rsplit("/", 1)[-1]
    import json

    return json.loads(sent.content).get(wire_name)


@pytest.mark.parametrize("mode", MODES)
def test_objects_are_sent_as_the_text_of_their_format(
    vendors: dict[str, ir.Vendor], mode: str, mock: Callable[[str], MockServer]
) -> None:
    checked = 0
    for vendor, operation, prop, fmt in _cases(vendors):
        op = _spec(vendor).operations[operation]
        arguments = _valid_arguments(vendor, op)
        if arguments is None:
            continue
        value, text = OBJECTS[_python_class(fmt)]
        location = next(p.location for p in op.params if p.wire_name == prop.wire_name)
        calls = Calls(mock(vendor), mode == "async")
        # The mock may refuse the call for another reason: what was sent is the point.
        _answered(calls, _invoke(op.id, {**arguments, prop.python_name: value}))
        calls.close()
        assert _sent_value(calls, op, prop.wire_name, location) == text, (vendor, operation)
        checked += 1
    assert checked


def test_a_naive_datetime_is_a_format_violation_and_nothing_is_sent(
    vendors: dict[str, ir.Vendor], mock: Callable[[str], MockServer]
) -> None:
    """RFC 3339 needs an offset: a datetime without a time zone cannot be sent as a date-time."""
    cases = [c for c in _cases(vendors) if c[3].name == "date-time"]
    assert cases
    for vendor, operation, prop, _ in cases:
        op = _spec(vendor).operations[operation]
        arguments = _valid_arguments(vendor, op)
        assert arguments is not None
        naive = datetime.datetime(2024, 1, 15, 14, 30)
        calls = Calls(mock(vendor), False)
        with pytest.raises(ValidationFailed) as caught:
            calls.run(_invoke(op.id, {**arguments, prop.python_name: naive}))
        calls.close()
        assert [v.rule for v in caught.value.violations] == ["format"]
        assert calls.to(op) == []


def test_json_value_converts_at_any_depth_the_validators_read_and_leaves_the_rest() -> None:
    value, text = OBJECTS["uuid.UUID"]
    nested = {"a": [value, {"b": (value, 1, None, "x")}], "c": 1.5}
    assert json_value(nested) == {"a": [text, {"b": (text, 1, None, "x")}], "c": 1.5}
    deep: Any = value
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    converted = json_value(deep)  # no RecursionError: past the depth the validators refuse, as is
    for _ in range(MAX_DEPTH):
        converted = converted[0]
    assert isinstance(converted, list)
