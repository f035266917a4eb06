"""The SDK's public API: every name a user needs is importable from a public module (no `_` in its path).

`ats_sdk.errors` holds every exception the runtime can raise; `ats_sdk` itself holds `NOT_GIVEN`,
`NotGiven`, `RetryPolicy` and `Violation`; each vendor module re-exports its clients, its `Environment` and
those names. The README and the docs import only from public modules.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import ats_sdk
from ats_sdk import errors
from ats_sdk._runtime import errors as runtime_errors
from ats_sdk._runtime import http as runtime_http
from ats_sdk._runtime import validation as runtime_validation
from tests.conftest import ROOT

RUNTIME_NAMES = ("NOT_GIVEN", "NotGiven", "RawResponse", "RetryPolicy", "Violation")


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _runtime_exceptions() -> set[type]:
    """Every exception class the runtime defines, found by walking the hierarchy from ATSError."""
    found = {runtime_errors.ATSError, *_subclasses(runtime_errors.ATSError)}
    runtime_modules = {runtime_errors.__name__, runtime_validation.__name__, runtime_http.__name__}
    return {cls for cls in found if cls.__module__ in runtime_modules}


def test_every_runtime_exception_is_in_ats_sdk_errors() -> None:
    exceptions = _runtime_exceptions()
    assert runtime_validation.ValidationFailed in exceptions
    missing = sorted(
        cls.__name__ for cls in exceptions if getattr(errors, cls.__name__, None) is not cls
    )
    assert missing == []
    assert {cls.__name__ for cls in exceptions} <= set(errors.__all__)


def test_ats_sdk_errors_names_only_what_it_has() -> None:
    for name in errors.__all__:
        assert getattr(errors, name) is not None, name
    assert errors.Violation is runtime_validation.Violation


def test_the_top_level_package_has_the_runtime_names() -> None:
    for name in RUNTIME_NAMES:
        assert name in ats_sdk.__all__, name
        assert getattr(ats_sdk, name) is getattr(
            runtime_http if hasattr(runtime_http, name) else runtime_validation, name
        )
    assert ats_sdk.NOT_GIVEN is runtime_http.NOT_GIVEN
    with pytest.raises(AttributeError):
        ats_sdk.__getattr__("no_such_name")


def _vendor_modules() -> list[ModuleType]:
    return [importlib.import_module(f"ats_sdk.{vendor}") for vendor in ats_sdk.VENDORS]


@pytest.mark.parametrize("module", _vendor_modules(), ids=lambda m: m.__name__)
def test_each_vendor_module_reexports_what_its_users_touch(module: ModuleType) -> None:
    client_module = importlib.import_module(f"{module.__name__}.client")
    assert client_module.__all__, "the client module exports nothing"
    for name in [*client_module.__all__, *RUNTIME_NAMES]:
        assert name in module.__all__, name
        assert getattr(module, name) is not None
    assert module.ValidationFailed is runtime_validation.ValidationFailed
    assert module.NOT_GIVEN is runtime_http.NOT_GIVEN


def _python_blocks(text: str) -> Iterator[str]:
    yield from re.findall(r"```python\n(.*?)```", text, flags=re.S)


def _documents() -> list[Path]:
    found = [ROOT / "README.md", ROOT / "generated" / "README.md"]
    found += sorted((ROOT / "docs").glob("*.md"))
    found += sorted((ROOT / "generated" / "docs").glob("*.md"))
    return [path for path in found if path.exists()]


def _imported_modules(source: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


@pytest.mark.parametrize("document", _documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_documents_import_only_public_modules(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    private = []
    for block in _python_blocks(text):
        try:
            modules = list(_imported_modules(block))
        except SyntaxError:  # a fragment shown for its shape, not a program
            modules = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", block, flags=re.M)
        private += [m for m in modules if m.startswith("ats_sdk") and "._" in m]
    # A private module named in prose (`ats_sdk._runtime.http`); `ats_sdk.__version__` is public.
    private += re.findall(r"ats_sdk(?:\.\w+)*\._(?!_)\w+", text)
    assert private == []


def _unknown_symbols(report: dict[str, object]) -> list[str]:
    completeness = report["typeCompleteness"]
    assert isinstance(completeness, dict)
    out = []
    for symbol in completeness["symbols"]:
        if symbol["isExported"] and (not symbol["isTypeKnown"] or symbol["isTypeAmbiguous"]):
            messages = [d["message"].splitlines()[0] for d in symbol["diagnostics"]]
            out.append(f"{symbol['name']}: {'; '.join(messages)}")
    return out


def test_pyright_verifytypes_scores_100_percent(tmp_path: Path) -> None:
    """Every exported symbol has a type pyright knows, unambiguously, as a user's type checker sees it.

    pyright's --verifytypes reads a package only from the interpreter's search path, not through an
    editable install's redirect, so the package is checked as a copy on PYTHONPATH.
    """
    site = tmp_path / "site"
    shutil.copytree(ROOT / "generated" / "ats_sdk", site / "ats_sdk")
    pyright = Path(sys.executable).with_name("pyright")
    command = [str(pyright), "--pythonpath", sys.executable, "--outputjson"]
    command += ["--verifytypes", "ats_sdk", "--ignoreexternal"]
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    report = json.loads(done.stdout)
    problems = [d["message"] for d in report["generalDiagnostics"]]
    assert problems == [], problems
    assert report["typeCompleteness"]["exportedSymbolCounts"]["withKnownType"] > 0
    assert _unknown_symbols(report) == []
    assert report["typeCompleteness"]["completenessScore"] == 1
