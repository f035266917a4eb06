"""What tests that must hold for any vendor share: the SDK's vendors and, per operation, inputs derived
from its spec module and validators.

Everything comes from the installed `ats_sdk` (`ats_sdk.<vendor>._spec`, `ats_sdk.<vendor>.validators`), so
these helpers serve the committed SDK and an SDK generated from fixture specs alike (the fixture-vendor
probe runs with such an SDK first on the path). No vendor name, operation id or id type is written here.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

import ats_sdk
from ats_sdk._runtime.spec import OperationSpec, VendorSpec

Validate = Callable[[str, object, str], list[Any]]

_CANDIDATES: tuple[Any, ...] = ("8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", 1, "1", 2, "a", "abc", True)
"""Values tried, in order, for a path parameter or header: the first its validator accepts is used."""


def vendor_specs() -> list[VendorSpec]:
    """Every vendor package of the SDK (a package with a `_spec` module), in name order."""
    specs = []
    for module in sorted(pkgutil.iter_modules(ats_sdk.__path__), key=lambda m: m.name):
        if module.ispkg and importlib.util.find_spec(f"ats_sdk.{module.name}._spec") is not None:
            specs.append(importlib.import_module(f"ats_sdk.{module.name}._spec").VENDOR)
    assert specs, "no vendor package found in ats_sdk"
    return specs


def operations() -> list[tuple[VendorSpec, OperationSpec]]:
    return [(spec, op) for spec in vendor_specs() for op in spec.operations.values()]


def validator(spec: VendorSpec) -> Validate:
    validate: Validate = importlib.import_module(f"ats_sdk.{spec.id}.validators").validate
    return validate


def valid_value(spec: VendorSpec, op: OperationSpec, part: str, wire_name: str) -> Any:
    """A value the operation's own validator accepts for a path parameter or header (`part` "path" or
    "headers"), of the declared type."""
    validate = validator(spec)
    for candidate in _CANDIDATES:
        if not [
            v for v in validate(op.id, {wire_name: candidate}, part) if v.pointer == "/" + wire_name
        ]:
            return candidate
    raise AssertionError(f"{spec.id}.{op.id}: no candidate value passes for {part} {wire_name}")


def valid_path_value(spec: VendorSpec, op: OperationSpec, wire_name: str) -> Any:
    """A value the operation's own validator accepts for a path parameter."""
    return valid_value(spec, op, "path", wire_name)


def path_values(spec: VendorSpec, op: OperationSpec) -> dict[str, Any]:
    """A valid value for every path parameter, by wire name."""
    return {
        p.wire_name: valid_path_value(spec, op, p.wire_name)
        for p in op.params
        if p.location == "path"
    }


def filled_path(op: OperationSpec, values: dict[str, Any]) -> str:
    """The operation's path with each parameter replaced by its value (as text)."""
    path = op.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def required_headers(spec: VendorSpec, op: OperationSpec) -> dict[str, str]:
    """The declared headers the operation requires, each with a valid value, as sent on the wire."""
    return {
        p.wire_name: str(valid_value(spec, op, "headers", p.wire_name))
        for p in op.params
        if p.location == "header" and p.required
    }


def valid_arguments(spec: VendorSpec, op: OperationSpec) -> dict[str, Any]:
    """Keyword arguments of a call that passes validation: the request example, valid path values and
    every required header."""
    by_wire = {param.wire_name: param for param in op.params}
    kwargs = {
        by_wire[wire].python_name: value
        for wire, value in (op.request_example or {}).items()
        if wire in by_wire
    }
    for param in op.params:
        if param.location == "path":
            kwargs[param.python_name] = valid_path_value(spec, op, param.wire_name)
        elif param.location == "header" and param.required:
            kwargs[param.python_name] = valid_value(spec, op, "headers", param.wire_name)
    return kwargs


def error_statuses(op: OperationSpec) -> list[int]:
    """The error statuses an operation documents as numbers: exact ones as they are, a range (4XX) by its
    first status, `default` as 500."""
    statuses = set()
    for response in op.responses:
        status = response.status
        if status.isdigit() and not status.startswith("2"):
            statuses.add(int(status))
        elif status.endswith("XX") and status[0] in "45":
            statuses.add(int(status[0]) * 100)
        elif status == "default":
            statuses.add(500)
    return sorted(statuses)


def documented(op: OperationSpec, status: int) -> bool:
    """Whether the operation documents a status (exactly, by range or by default)."""
    return op.response_for(status) is not None


def response_schema(spec: VendorSpec, op: OperationSpec, status: int) -> dict[str, Any] | None:
    """The exported JSON Schema of the response documented for a status (exact, range, default), from
    the `schemas/` folder beside the SDK's package; None when the operation documents no body for it.
    """
    response = op.response_for(status)
    if response is None:
        return None
    folder = Path(ats_sdk.__file__).resolve().parent.parent / "schemas" / spec.id / op.id
    path = folder / f"response.{response.status}.json"
    if not path.is_file():
        return None
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def error_body_problems(spec: VendorSpec, op: OperationSpec, status: int, body: Any) -> list[str]:
    """Why an error body breaks the schema documented for its status (empty: it validates)."""
    schema = response_schema(spec, op, status)
    if schema is None:
        return []
    checker = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in checker.iter_errors(body)]
