"""Lint refuses names that collide with what the generated SDK defines itself.

An operation id becomes client methods, a vendor id a module of `ats_sdk`, a field's `python_name` an
argument of a client method. Operation ids such as `close` or `base_url` and the vendor id `mock` used to
pass lint and generate an SDK whose client could not be closed, whose base URL hid a method, or whose
vendor module replaced `ats_sdk.mock`. The reserved names come from one authority (`generator.naming`,
reading the runtime client classes); the first tests hold that authority to what the runtime and the
generated code define, the others break every real spec with every reserved name.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import ats_sdk
from ats_sdk._runtime.http import AsyncClient, SyncClient
from generator import build, naming, yamlpos
from generator.diagnostics import Diagnostics
from generator.emit import unified as unified_emitter
from generator.load import Loaded, load_files

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "specs").glob("*.yaml"))
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
"""What the spec schema accepts as an operation or vendor id: only these names can reach lowering."""


# -- the authority matches what it describes ---------------------------------------------------------------


def _client_instances() -> list[Any]:
    """A sync and an async client of every vendor, as a user makes them (no network is touched)."""
    clients = []
    for vendor_id in ats_sdk.VENDORS:
        spec = importlib.import_module(f"ats_sdk.{vendor_id}._spec").VENDOR
        module = importlib.import_module(f"ats_sdk.{vendor_id}.client")
        credentials = {name: "secret" for scheme in spec.auth for name in scheme.credentials}
        sync_name = naming.class_name(vendor_id, "client")
        clients.append(getattr(module, sync_name)(base_url="http://127.0.0.1:9", **credentials))
        clients.append(
            getattr(module, "Async" + sync_name)(base_url="http://127.0.0.1:9", **credentials)
        )
    return clients


def test_client_names_are_what_the_runtime_clients_define() -> None:
    defined = set(dir(SyncClient)) | set(dir(AsyncClient))
    clients = _client_instances()
    try:
        for client in clients:
            defined |= set(vars(client))
    finally:
        for client in clients:
            if isinstance(client, SyncClient):
                client.close()
            else:
                asyncio.run(client.aclose())
    assert set(naming.client_names()) == defined


def test_per_call_options_are_the_keyword_only_arguments_of_every_call() -> None:
    for base in (SyncClient, AsyncClient):
        parameters = inspect.signature(base._call).parameters.values()
        keyword_only = tuple(p.name for p in parameters if p.kind is p.KEYWORD_ONLY)
        assert keyword_only == naming.per_call_options(), base


def _generated_methods() -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    methods = []
    for vendor_id in ats_sdk.VENDORS:
        source = (ROOT / "generated" / "ats_sdk" / vendor_id / "client.py").read_text("utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                methods += [
                    (f"{vendor_id}.{node.name}.{item.name}", item)
                    for item in node.body
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and item.name != "__init__"
                    # A property (`with_raw_response`) is an attribute, not an operation's method.
                    and not item.decorator_list
                ]
    return methods


def _names_used(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The plain names a method's body binds or reads (not in annotations, which are never evaluated)."""
    annotations = {
        id(inner)
        for node in ast.walk(function)
        if isinstance(node, ast.AnnAssign)
        for inner in ast.walk(node.annotation)
    }
    used = set()
    for statement in function.body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and id(node) not in annotations:
                used.add(node.id)
            elif isinstance(node, ast.alias):
                used.add(node.asname or node.name.split(".")[0])
    return used


def test_every_generated_method_takes_the_per_call_options_and_uses_only_reserved_names() -> None:
    methods = _generated_methods()
    assert methods
    for where, method in methods:
        keyword_only = [argument.arg for argument in method.args.kwonlyargs]
        options = naming.per_call_options()
        assert tuple(keyword_only[-len(options) :]) == options, where
        fields = {argument.arg for argument in method.args.args + method.args.kwonlyargs}
        fields -= {"self", *options}
        # A field's argument must never be a name the body uses: it would hide that name.
        assert not fields & naming.reserved_arguments(), where
        assert _names_used(method) - fields <= naming.reserved_arguments(), where


def test_package_modules_are_what_generate_writes_and_the_package_holds() -> None:
    written = {
        Path(path).relative_to("ats_sdk").parts[0].removesuffix(".py")
        # The unified layer's module is written by its own job, when specs/unified/ declares one.
        for path in [*build.shared_outputs([]), unified_emitter.MODULE]
        if path.startswith("ats_sdk/") and (path.endswith(".py") or path.count("/") > 1)
    }
    assert written == naming.PACKAGE_MODULES
    installed = {module.name for module in pkgutil.iter_modules(ats_sdk.__path__)}
    assert installed - set(ats_sdk.VENDORS) | {"__init__"} == naming.PACKAGE_MODULES


# -- lint refuses each reserved name in every real spec ------------------------------------------------------


def _spec_data(path: Path) -> dict[str, Any]:
    """A real spec as the loader reads it (YAML 1.2), to change and lint again."""
    document = yamlpos.load(path.name, path.read_text("utf-8"), Diagnostics())
    assert isinstance(document.data, dict)
    return document.data


def _lint(data: dict[str, Any]) -> Loaded:
    """Lint a spec given as data (written as JSON, which is YAML), named after its vendor id."""
    text = json.dumps(data, ensure_ascii=False)
    return load_files([(f"{data['vendor']['id']}.yaml", text.encode("utf-8"))])


def _errors_at(loaded: Loaded, path: tuple[str | int, ...]) -> list[str]:
    return [d.message for d in loaded.diagnostics.errors if tuple(d.path) == path]


def _copy_operation(data: dict[str, Any], source: str, new_id: str, index: int) -> None:
    """Add a copy of an operation under another id, on a route of its own."""
    operation = json.loads(json.dumps(data["operations"][source]))
    operation["path"] = operation["path"].rstrip("/") + f"/copy{index}"
    data["operations"][new_id] = operation


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_real_specs_load_clean_as_data(spec: Path) -> None:
    """The round trip the other tests use changes nothing by itself: their errors are the ones they add."""
    loaded = _lint(_spec_data(spec))
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_operation_ids_the_client_already_has_are_errors(spec: Path) -> None:
    data = _spec_data(spec)
    first = next(iter(data["operations"]))
    reserved = sorted(
        name
        for name in {*naming.client_names(), *naming.per_call_options()}
        if IDENTIFIER.fullmatch(name)
    )
    assert {"close", "aclose", "base_url", "timeout"} <= set(reserved)
    for index, name in enumerate(reserved):
        _copy_operation(data, first, name, index)
    loaded = _lint(data)
    for name in reserved:
        messages = _errors_at(loaded, ("operations", name))
        assert any(f"the method {name}, which is already" in m for m in messages), (name, messages)


def test_an_operation_id_another_operation_iterates_with_is_an_error() -> None:
    checked = 0
    for spec in SPECS:
        data = _spec_data(spec)
        paginated = [oid for oid, op in data["operations"].items() if "pagination" in op]
        any_operation = next(iter(data["operations"]))
        for index, operation_id in enumerate(paginated):
            _copy_operation(data, any_operation, naming.iterator_name(operation_id), index)
        loaded = _lint(data) if paginated else None
        for operation_id in paginated:
            assert loaded is not None
            messages = _errors_at(loaded, ("operations", naming.iterator_name(operation_id)))
            assert any(f"iterator of operation {operation_id!r}" in m for m in messages), messages
            checked += 1
    assert checked, "the specs have a paginated operation"


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
@pytest.mark.parametrize(
    # The others (`_runtime`, `__init__`) the spec schema refuses as vendor ids already.
    "module",
    sorted(name for name in naming.PACKAGE_MODULES if IDENTIFIER.fullmatch(name)),
)
def test_a_vendor_id_naming_a_module_of_the_sdk_is_an_error(spec: Path, module: str) -> None:
    data = _spec_data(spec)
    data["vendor"]["id"] = module
    messages = _errors_at(_lint(data), ("vendor", "id"))
    assert any(f"ats_sdk.{module}, but that is already" in m for m in messages), messages


def _body_fields(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(operation id, wire name) of every top-level body field of the spec."""
    return [
        (operation_id, wire_name)
        for operation_id, operation in data["operations"].items()
        for wire_name in operation.get("request", {}).get("body", {}).get("fields", {})
    ]


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_a_python_name_the_method_uses_itself_is_an_error(spec: Path) -> None:
    data = _spec_data(spec)
    fields = _body_fields(data)
    if not fields:
        pytest.skip(f"{spec.stem} has no body fields")
    # A reserved name that is not snake_case (`RequestParts`) is refused as a python_name already.
    names = sorted(n for n in naming.reserved_arguments() if n == naming.snake_case(n))
    # One reserved name per field, as many fields at a time as the spec has.
    for start in range(0, len(names), len(fields)):
        changed = json.loads(json.dumps(data))
        wheres: dict[str, tuple[str, ...]] = {}
        for name, (operation_id, wire_name) in zip(names[start:], fields, strict=False):
            body = changed["operations"][operation_id]["request"]["body"]
            body["fields"][wire_name]["python_name"] = name
            wheres[name] = ("operations", operation_id, "request", "body", "fields", wire_name)
        loaded = _lint(changed)
        for name, where in wheres.items():
            messages = _errors_at(loaded, (*where, "python_name"))
            expected = f"{name!r} would be the argument of a client method"
            assert any(expected in m for m in messages), (name, messages)


def test_a_field_named_like_a_reserved_argument_gets_a_free_argument_name() -> None:
    for name in naming.reserved_arguments():
        assert naming.argument_name(name) not in naming.reserved_arguments(), name
