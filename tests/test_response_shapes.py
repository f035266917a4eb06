"""Every result keeps its HTTP response, whatever the shape of the body: an object, an array, a union
(`any_of`) or none (a 204). And each generated method states its wire mapping: where every argument goes,
under which wire name, and which model parses each documented success.

The real vendors run in process against their mocks; the fixture vendors (`tests/fixtures/vendors`, among
them one built around the response shapes) are generated into one temporary SDK, whose code is read and
type-checked there. Everything about the vendors comes from the specs and the generated code.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk.mock import MockServer
from generator import naming
from generator.cli import main
from generator.emit import models as models_emitter
from tests import spec_support
from tests.fixture_vendor_probe import kept_responses, seeder

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SPECS = sorted((ROOT / "tests" / "fixtures" / "vendors").glob("*/specs/*.yaml"))
OPERATIONS = spec_support.operations()


@pytest.mark.parametrize(
    ("spec", "op"), OPERATIONS, ids=[f"{spec.id}-{op.id}" for spec, op in OPERATIONS]
)
def test_every_result_keeps_the_response_the_mock_sent(spec: VendorSpec, op: OperationSpec) -> None:
    arguments = spec_support.valid_arguments(spec, op)
    with MockServer(spec.id) as server:
        seed = seeder(server, op, spec_support.path_values(spec, op))
        kept = kept_responses(server, spec, op, arguments, seed)
    assert set(kept) == {"sync", "async", "raw"}
    for way, (status, sent) in kept.items():
        assert sent is not None and 200 <= sent < 300, (way, kept)
        assert status == sent, (way, kept)


@pytest.fixture(scope="module")
def fixture_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture vendor's spec, generated into one SDK (its folder holds `ats_sdk`)."""
    specs = tmp_path_factory.mktemp("specs")
    for path in FIXTURE_SPECS:
        shutil.copy(path, specs / path.name)
    out = tmp_path_factory.mktemp("sdk")
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    return out


def _vendors(sdk: Path) -> list[str]:
    return sorted(path.parent.name for path in (sdk / "ats_sdk").glob("*/_spec.py"))


def _classes(path: Path) -> dict[str, ast.ClassDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def _base(node: ast.ClassDef) -> str:
    """The name of a class's first base, without its subscript: `ResponseRootModel`."""
    base = node.bases[0]
    return ast.unparse(base.value if isinstance(base, ast.Subscript) else base)


def _methods(sdk: Path, vendor: str) -> list[ast.FunctionDef]:
    """The operations' methods of the vendor's sync client (not its iterators, nor its properties)."""
    name = naming.class_name(vendor, "client")
    client = _classes(sdk / "ats_sdk" / vendor / "client.py")[name]
    return [
        item
        for item in client.body
        if isinstance(item, ast.FunctionDef)
        and not item.name.startswith(("_", "iter_"))
        and not item.decorator_list
    ]


def _call(method: ast.FunctionDef) -> ast.Call:
    [returned] = [node for node in ast.walk(method) if isinstance(node, ast.Return)]
    assert isinstance(returned.value, ast.Call), ast.unparse(method)
    return returned.value


def _keyword(call: ast.Call, name: str) -> ast.expr:
    [value] = [keyword.value for keyword in call.keywords if keyword.arg == name]
    return value


def test_the_fixture_vendors_have_every_shape_of_response(fixture_sdk: Path) -> None:
    """The fixtures the tests below read hold an object, an array or union, and an empty response."""
    returned = set()
    for vendor in _vendors(fixture_sdk):
        models = _classes(fixture_sdk / "ats_sdk" / vendor / "models.py")
        for method in _methods(fixture_sdk, vendor):
            for parser in ast.literal_eval(_parser_names(method)).values():
                returned.add(_base(models[parser]) if parser in models else parser)
    assert {"ResponseModel", "ResponseRootModel", "EmptyResponse"} <= returned


def _parser_names(method: ast.FunctionDef) -> str:
    """The method's `responses` mapping with each class as its name, as the text of a dict literal."""
    responses = _keyword(_call(method), "responses")
    assert isinstance(responses, ast.Dict)
    entries = []
    for status, parser in zip(responses.keys, responses.values, strict=True):
        assert status is not None
        name = ast.unparse(parser).removeprefix("models.")
        entries.append(f"{ast.unparse(status)}: {name!r}")
    return "{" + ", ".join(entries) + "}"


def test_each_method_names_the_class_that_parses_each_documented_success(fixture_sdk: Path) -> None:
    for vendor in _vendors(fixture_sdk):
        models = _classes(fixture_sdk / "ats_sdk" / vendor / "models.py")
        for method in _methods(fixture_sdk, vendor):
            parsers: dict[str, str] = ast.literal_eval(_parser_names(method))
            assert parsers, method.name
            doc = ast.get_docstring(method) or ""
            returns = " ".join(doc.split("Returns:")[1].split("Raises:")[0].split())
            assert "raw_response" in returns, (vendor, method.name, returns)
            annotation = ast.unparse(method.returns) if method.returns else ""
            for status, parser in parsers.items():
                assert status.isdigit() and status.startswith("2"), (vendor, method.name)
                assert parser in annotation, (vendor, method.name, annotation)
                # The docstring says what comes back for each shape, truthfully.
                if parser == "EmptyResponse":
                    assert "has no documented body" in returns, (vendor, method.name, returns)
                    continue
                assert f"models.{parser}" in returns, (vendor, method.name, returns)
                is_root = _base(models[parser]) == "ResponseRootModel"
                assert is_root == ("is its `root`" in returns), (vendor, method.name, returns)
                assert _base(models[parser]) in ("ResponseModel", "ResponseRootModel"), parser


def test_each_argument_is_in_one_request_part_under_its_wire_name(fixture_sdk: Path) -> None:
    """The RequestParts a method builds hold every argument but the per-call options, exactly once."""
    options = set(naming.per_call_options())
    for vendor in _vendors(fixture_sdk):
        for method in _methods(fixture_sdk, vendor):
            request = _keyword(_call(method), "request")
            assert isinstance(request, ast.Call) and ast.unparse(request.func) == "RequestParts"
            placed = []
            for part in request.keywords:
                assert part.arg in ("path", "query", "headers", "body"), ast.unparse(request)
                assert isinstance(part.value, ast.Dict)
                for key, value in zip(part.value.keys, part.value.values, strict=True):
                    assert isinstance(key, ast.Constant) and isinstance(key.value, str)
                    assert isinstance(value, ast.Name)
                    placed.append(value.id)
            arguments = [a.arg for a in method.args.args + method.args.kwonlyargs]
            fields = [name for name in arguments if name != "self" and name not in options]
            assert sorted(placed) == sorted(fields), (vendor, method.name)


def _typing_snippet(sdk: Path) -> str:
    """A module that reads `raw_response` from the result of every operation, sync, async and raw."""
    lines = [
        "from __future__ import annotations",
        "from typing import Any",
        "import httpx",
    ]
    for vendor in _vendors(sdk):
        sync = naming.class_name(vendor, "client")
        lines.append(f"from ats_sdk.{vendor}.client import {sync}, Async{sync}")
    for vendor in _vendors(sdk):
        sync = naming.class_name(vendor, "client")
        lines += [
            "",
            f"async def check_{vendor}(",
            f"    client: {sync}, aclient: Async{sync}, args: dict[str, Any]",
            ") -> list[httpx.Response | None]:",
            "    kept: list[httpx.Response | None] = []",
        ]
        for method in _methods(sdk, vendor):
            lines += [
                f"    kept.append(client.{method.name}(**args).raw_response)",
                f"    kept.append(client.with_raw_response.{method.name}(**args).parse().raw_response)",
                f"    kept.append((await aclient.{method.name}(**args)).raw_response)",
            ]
        lines.append("    return kept")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_raw_response_type_checks_on_every_result(
    fixture_sdk: Path, tmp_path: Path, checker: str
) -> None:
    snippet = tmp_path / "uses_raw_response.py"
    snippet.write_text(_typing_snippet(fixture_sdk), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(fixture_sdk)}
    if checker == "mypy":
        command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(snippet)]
    else:
        pyright = Path(sys.executable).with_name("pyright")
        command = [str(pyright), "--pythonpath", sys.executable, str(snippet)]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_root_models_alone_still_import_their_base_and_not_pydantics() -> None:
    """A models module whose only class is a root model (no object body, no error envelope) imports
    the runtime's root base itself, and no longer pydantic's RootModel."""
    schema = {"title": "Listing", "type": "array", "items": {"type": "string"}}
    source = models_emitter.generate(models_emitter.ModelSet(schema, ()), "pydantic", "# test")
    tree = ast.parse(source)
    imported = {
        (node.module, alias.name)
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    module, base = models_emitter.RESPONSE_ROOT_BASE.rsplit(".", 1)
    assert (module, base) in imported
    assert ("pydantic", "RootModel") not in imported
    [listing] = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert _base(listing) == base
