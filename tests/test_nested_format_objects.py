"""Date, date-time and UUID fields nested in request bodies take `datetime` and `uuid` objects, as top-level
arguments do: the request TypedDicts annotate them `str | <class>`, and the client sends the format's text.

The fields come from the loaded specs (`specs/`): every field below a body argument (through objects and
array items) in a format with a Python class (`generator.kinds.formats`). Each is checked three ways: the
argument's resolved annotation admits the class at the field's place; the sync and async clients, given the
object there, send the format's text to the mock; mypy --strict accepts a program passing the objects.
"""

from __future__ import annotations

import datetime
import importlib
import json
import typing
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import ats_sdk
from ats_sdk.mock import MockServer
from generator import ir
from generator.emit import models
from generator.emit.examples import example
from generator.kinds import formats
from generator.load import discover, load
from tests import typed_shapes
from tests.conftest import SPECS_DIR
from tests.test_escape_hatches import MODES, Calls, _answered, _client_class, _spec, mock
from tests.test_escape_hatches import _valid_arguments as valid_arguments
from tests.test_format_objects import OBJECTS
from tests.test_read_only import _vendors as every_spec

__all__ = ["mock"]  # the fixture, shared with the escape hatches' tests

MAX_DEPTH = 16
"""How deep the walk goes: far past any spec's nesting, and a bound for a definition that refers to itself."""

Path_ = tuple[typed_shapes.Step, ...]


def _nested(schema: ir.Schema, path: Path_ = ()) -> Iterator[tuple[Path_, formats.Format]]:
    """(path, format) of every field below `schema` whose format has a Python class."""
    if len(path) > MAX_DEPTH:
        return
    for prop in schema.sendable_properties:
        fmt = formats.get(prop.schema.format) if prop.schema.format is not None else None
        if fmt is not None and fmt.python_object is not None:
            yield (*path, prop.wire_name), fmt
        yield from _nested(prop.schema, (*path, prop.wire_name))
    if schema.items is not None:
        yield from _nested(schema.items, (*path, 0))


def _cases(vendors: list[ir.Vendor]) -> list[tuple[str, str, ir.Field, Path_, formats.Format]]:
    """(vendor, operation, body argument, path below it, format) for every nested field in such a format."""
    return [
        (vendor.id, op.id, prop, path, fmt)
        for vendor in vendors
        for op in vendor.operations
        if op.request.body is not None
        for prop in op.request.body.schema.sendable_properties
        for path, fmt in _nested(prop.schema)
    ]


def _loaded() -> list[ir.Vendor]:
    loaded = load(discover(SPECS_DIR))
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
    return list(loaded.vendors)


CASES = _cases(_loaded())
IDS = [f"{v}.{o}.{p.wire_name}/{'/'.join(map(str, path))}" for v, o, p, path, _ in CASES]


def _with_object(schema: ir.Schema, path: Path_, value: object) -> Any:
    """A value of the schema (its example) with `value` at `path`; an array gets items as it needs."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        assert schema.items is not None
        return [_with_object(schema.items, rest, value)] * max(schema.min_items or 1, 1)
    base = example(schema)
    prop = schema.field(step)
    assert prop is not None
    return {
        **(base if isinstance(base, dict) else {}),
        step: _with_object(prop.schema, rest, value),
    }


def _call(vendor: str, operation: str, prop: ir.Field, path: Path_, fmt: formats.Format) -> Any:
    """Keyword arguments the operation's validators accept, with the object at the nested field."""
    arguments = valid_arguments(vendor, _spec(vendor).operations[operation])
    assert arguments is not None, f"{vendor}.{operation}: the spec gives no valid call"
    assert fmt.python_object is not None
    value, _ = OBJECTS[fmt.python_object]
    return {**arguments, prop.python_name: _with_object(prop.schema, path, value)}


def _at(value: Any, path: Path_) -> Any:
    for step in path:
        value = value[step]
    return value


def test_the_specs_have_nested_fields_in_such_formats() -> None:
    assert (
        CASES
    ), "no spec nests a date, date-time or uuid field in a request body: nothing is checked"


def _argument_hint(vendor: str, operation: str, python_name: str) -> Any:
    """The client method's annotation of an argument, resolved as a type checker reads it."""
    method = getattr(_client_class(vendor, False), operation)
    # The names the client module imports for type checkers only.
    names = {"datetime": datetime, "uuid": uuid, "httpx": httpx}
    for module in ("types", "models"):
        names[module] = importlib.import_module(f"ats_sdk.{vendor}.{module}")
    return typing.get_type_hints(method, localns=names)[python_name]


def test_every_specs_request_typeddicts_admit_the_objects_at_any_depth() -> None:
    """The request types generated for every spec the project holds (vendors, fixture vendors, hostile
    specs): the body's TypedDict, followed to each nested field in such a format, admits its class.
    """
    vendors = {vendor.id: vendor for vendor in every_spec()}
    cases = _cases(list(vendors.values()))
    # Every format with a Python class is nested somewhere (the fixture vendors make sure of it).
    with_objects = {f.name for f in formats.FORMATS.values() if f.python_object is not None}
    assert {fmt.name for *_, fmt in cases} == with_objects
    for vendor_id in sorted({case[0] for case in cases}):
        model_set = models.request_models(vendors[vendor_id])
        source = models.generate(model_set, "typeddict", "")
        module = typed_shapes.module_from_source(source, f"{vendor_id}_types")
        for _, operation, prop, path, fmt in (c for c in cases if c[0] == vendor_id):
            body = getattr(module, str(model_set.name(f"{operation}.body")))
            hint = typed_shapes.follow(body, (prop.wire_name, *path))
            assert fmt.python_object is not None
            admitted = set(typed_shapes.flatten(hint))
            assert {type(OBJECTS[fmt.python_object][0]), str} <= admitted, (vendor_id, operation)


@pytest.mark.parametrize(("vendor", "operation", "prop", "path", "fmt"), CASES, ids=IDS)
def test_the_nested_annotation_admits_the_object(
    vendor: str, operation: str, prop: ir.Field, path: Path_, fmt: formats.Format
) -> None:
    hint = typed_shapes.follow(_argument_hint(vendor, operation, prop.python_name), path)
    assert fmt.python_object is not None
    admitted = set(typed_shapes.flatten(hint))
    assert type(OBJECTS[fmt.python_object][0]) in admitted
    assert str in admitted  # the text still is


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("vendor", "operation", "prop", "path", "fmt"), CASES, ids=IDS)
def test_the_client_sends_the_nested_object_as_the_text_of_its_format(
    vendor: str,
    operation: str,
    prop: ir.Field,
    path: Path_,
    fmt: formats.Format,
    mode: str,
    mock: Callable[[str], MockServer],
) -> None:
    op = _spec(vendor).operations[operation]
    arguments = _call(vendor, operation, prop, path, fmt)
    calls = Calls(mock(vendor), mode == "async")
    # The mock may refuse the call for another reason (an unknown item): what was sent is the point.
    _answered(calls, lambda client: getattr(client, op.id)(**arguments))
    calls.close()
    [sent] = calls.to(op)
    assert fmt.python_object is not None
    assert _at(json.loads(sent.content)[prop.wire_name], path) == OBJECTS[fmt.python_object][1]


def _code(value: Any) -> str:
    """Python source for an argument value: JSON values as literals, the objects as constructor calls."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_code(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_code(v) for v in value) + "]"
    if isinstance(value, uuid.UUID):
        return f"uuid.{value!r}"
    return repr(value)  # datetime's repr names its module


def test_mypy_strict_accepts_a_program_passing_nested_objects(tmp_path: Path) -> None:
    lines = ["from __future__ import annotations", "", "import datetime", "import uuid", ""]
    lines += sorted({f"import ats_sdk.{vendor}" for vendor, *_ in CASES})
    for number, (vendor, operation, prop, path, fmt) in enumerate(CASES):
        arguments = _call(vendor, operation, prop, path, fmt)
        call = f"{operation}({', '.join(f'{k}={_code(v)}' for k, v in arguments.items())})"
        for asynchronous in (False, True):
            client = f"ats_sdk.{vendor}.{_client_class(vendor, asynchronous).__name__}"
            define = "async def" if asynchronous else "def"
            lines += ["", "", f"{define} case_{number}_{asynchronous}(client: {client}) -> None:"]
            lines.append(f"    {'await ' if asynchronous else ''}client.{call}")
    program = tmp_path / "passes_nested_objects.py"
    program.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sdk = Path(ats_sdk.__file__).resolve().parent.parent
    status, errors = typed_shapes.mypy_strict([program], tmp_path, mypy_path=sdk)
    assert status == 0, "\n".join(errors)
