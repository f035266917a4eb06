"""The runtime is a package where it is written (`atsgen_runtime`, templates/runtime/), and the generated
SDK ships a copy of each of its modules: found in its folder, headed with where to edit it, re-copied when
it changes, importing nothing of the SDK by name but the generated vendor modules, in one place."""

from __future__ import annotations

import ast
import importlib
import shutil
import traceback
from pathlib import Path

import pytest

import atsgen_runtime.http
from generator import build, render
from generator.cli import main
from tests.conftest import ROOT

RUNTIME = ROOT / "templates" / "runtime"
SMALL_SPECS = ROOT / "tests" / "fixtures" / "small" / "specs"


def test_the_runtime_runs_where_it_is_written() -> None:
    assert Path(atsgen_runtime.http.__file__).resolve() == RUNTIME / "http.py"
    try:
        atsgen_runtime.http.RetryPolicy(max_retries=-1)
    except ValueError as error:
        frames = traceback.extract_tb(error.__traceback__)
    else:
        pytest.fail("RetryPolicy took max_retries=-1")
    assert Path(frames[-1].filename).resolve() == RUNTIME / "http.py"


def _absolute_sdk_imports(module: Path) -> list[str]:
    """Each `import ats_sdk...` / `importlib.import_module("ats_sdk...")`, as the function holding it."""
    found: list[str] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = child.name if isinstance(child, ast.FunctionDef | ast.ClassDef) else where
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom) and child.level == 0:
                names = [child.module or ""]
            elif isinstance(child, ast.Call) and ast.unparse(child.func).endswith("import_module"):
                names = [ast.unparse(arg) for arg in child.args]
            found.extend(inside for name in names if "ats_sdk" in name)
            visit(child, inside)

    visit(ast.parse(module.read_text(encoding="utf-8")), "<module>")
    return found


def test_only_load_vendor_imports_the_sdk_by_name() -> None:
    where = {
        module.name: sorted(set(_absolute_sdk_imports(module))) for module in RUNTIME.glob("*.py")
    }
    assert {name: places for name, places in where.items() if places} == {
        "mock_server.py": ["load_vendor"]
    }


def test_every_runtime_module_is_copied_with_a_header_naming_it() -> None:
    outputs = build.runtime_outputs()
    copies = {path for path in outputs if path.startswith("ats_sdk/_runtime/")}
    assert copies == {f"ats_sdk/_runtime/{p.name}" for p in RUNTIME.glob("*.py")}
    for path in copies:
        source = RUNTIME / Path(path).name
        header, _, body = outputs[path].decode().partition("\n")
        assert header.startswith(f"# Copied by atsgen from templates/runtime/{source.name}, ")
        assert "edit it there, then run `make generate`" in header
        assert body == source.read_text(encoding="utf-8")


@pytest.mark.parametrize(("public", "module"), build.PUBLIC_RUNTIME_MODULES)
def test_public_modules_re_export_their_runtime_module(public: str, module: str) -> None:
    sdk = importlib.import_module(f"ats_sdk.{public.removesuffix('.py')}")
    runtime = importlib.import_module(f"ats_sdk._runtime.{module.removesuffix('.py')}")
    assert list(sdk.__all__) == list(runtime.__all__) == list(build.exported_names(module))
    assert all(getattr(sdk, name) is getattr(runtime, name) for name in runtime.__all__)


def test_an_edited_runtime_module_is_copied_again_on_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "runtime"
    shutil.copytree(RUNTIME, runtime, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(render, "RUNTIME_DIR", runtime)
    project = tmp_path / "project"
    shutil.copytree(SMALL_SPECS, project / "specs")
    monkeypatch.chdir(project)
    monkeypatch.setenv("ATSGEN_SEEDS", str(tmp_path / "no-seeds"))
    assert main(["generate", "--serial"]) == 0
    copy = project / "generated" / "ats_sdk" / "_runtime" / "errors.py"
    assert copy.read_text(encoding="utf-8").endswith((RUNTIME / "errors.py").read_text())
    edited = (runtime / "errors.py").read_text(encoding="utf-8") + "# an edit\n"
    (runtime / "errors.py").write_text(edited, encoding="utf-8")
    assert main(["generate", "--serial"]) == 0
    assert copy.read_text(encoding="utf-8").endswith(edited)
