"""Adding a spec that lints clean to `specs/` keeps the suite green: proved on a scratch copy of the project.

The copy holds the project's files as git lists them (tracked, and new files not ignored; no `.venv`), with
the shared folder beside it where the tests look for it (`ROOT.parent / "shared"`). One fixture vendor joins
its `specs/`: the one whose spec uses the most keys of the spec format (`generator/spec_schema.json`). The
copy then releases and generates as a spec author would, and the vendor-driven test modules (those that
import the helpers for what must hold for any vendor, `tests/spec_support.py`) run there with the project's
interpreter, against the copy's generator and SDK. They must pass, and the new vendor must be among what
they ran.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from tests.conftest import ROOT, SHARED_DIR

SEEDS = "seeds"
"""The shared folder's vendor documents, which a spec in `specs/` must cite by file name."""
HELPERS = "tests.spec_support"
"""The module whose importers are the vendor-driven tests."""
STEP_TIMEOUT = 120
SUITE_TIMEOUT = 300


def _keys(node: Any) -> Iterator[str]:
    """Every mapping key at any depth of a loaded YAML or JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _format_keys() -> set[str]:
    """The names the spec format defines: every `properties` key of its JSON Schema."""

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                yield from properties
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    schema = json.loads((ROOT / "generator" / "spec_schema.json").read_text(encoding="utf-8"))
    return set(walk(schema))


def _richest_fixture_spec() -> Path:
    """The fixture vendor spec using the most keys of the spec format (ties: the first by path)."""
    vocabulary = _format_keys()
    specs = sorted((ROOT / "tests" / "fixtures" / "vendors").glob("*/specs/*.yaml"))
    assert specs, "no fixture vendor spec to add"

    def used(path: Path) -> int:
        return len(set(_keys(yaml.safe_load(path.read_text(encoding="utf-8")))) & vocabulary)

    return max(specs, key=used)  # the first of equals


def _project_files() -> list[str]:
    """The project's files as git sees them: tracked (less those deleted) and new ones it does not ignore."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        timeout=STEP_TIMEOUT,
        check=True,
    ).stdout.decode()
    return sorted({name for name in listed.split("\0") if name and (ROOT / name).is_file()})


def _copy_project(destination: Path) -> Path:
    """The project under `destination/<its folder name>`, with a shared folder beside it: the project's
    own, linked entry by entry, but for a writable copy of the vendor documents (`seeds`)."""
    copy = destination / ROOT.name
    for name in _project_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target, follow_symlinks=False)
    shared = destination / SHARED_DIR.name
    (shared / SEEDS).mkdir(parents=True)
    if SHARED_DIR.is_dir():
        for entry in sorted(SHARED_DIR.iterdir()):
            if entry.name != SEEDS:
                (shared / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
        for document in sorted((SHARED_DIR / SEEDS).glob("*")):
            if document.is_file():  # copied without its mode: CI's shared folder is read-only
                shutil.copyfile(document, shared / SEEDS / document.name)
    return copy


def _add_spec(spec: Path, copy: Path, seeds: Path) -> None:
    """Add the spec to the copy's specs, as its author would: with the vendor documents it cites."""
    shutil.copyfile(spec, copy / "specs" / spec.name)
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    for source in (document.get("sources") or {}).values():
        if isinstance(source, dict) and isinstance(source.get("file"), str):
            cited = seeds / source["file"]
            if not cited.exists():
                cited.write_text(f"{source.get('title', '')}: a fixture vendor's document\n")


def _vendor_driven_modules(tests: Path) -> list[str]:
    """The test modules that import the any-vendor helpers, found by reading their imports."""
    found = []
    for path in sorted(tests.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            if HELPERS in names:
                found.append(f"tests/{path.name}")
                break
    return found


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int) -> str:
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert (
        result.returncode == 0
    ), f"{' '.join(args)}:\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
    return result.stdout


def _test_ids(report: Path) -> dict[str, str]:
    """Test id -> outcome ("passed", "failed", "error" or "skipped"), from a JUnit XML report."""
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = child.tag
        outcomes[f"{case.get('classname')}::{case.get('name')}"] = outcome
    return outcomes


def test_the_richest_fixture_vendor_lints_clean_and_is_new(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = _richest_fixture_spec()
    assert main(["lint", "--specs-dir", str(spec.parent)]) == 0, capsys.readouterr()
    vendor = yaml.safe_load(spec.read_text(encoding="utf-8"))["vendor"]["id"]
    existing = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "specs").glob("*.yaml")
    ]
    assert vendor not in {document["vendor"]["id"] for document in existing}


def test_a_fixture_vendor_added_to_a_scratch_copy_passes_the_vendor_driven_tests(
    tmp_path: Path,
) -> None:
    spec = _richest_fixture_spec()
    vendor = yaml.safe_load(spec.read_text(encoding="utf-8"))["vendor"]["id"]
    copy = _copy_project(tmp_path)
    _add_spec(spec, copy, tmp_path / SHARED_DIR.name / SEEDS)
    # The copy's generator, SDK and tests come first; the project's venv supplies everything else.
    env = {
        **{k: v for k, v in os.environ.items() if k != "ATSGEN_SEEDS"},
        "PYTHONPATH": os.pathsep.join([str(copy / "generated"), str(copy)]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    atsgen = [sys.executable, "-m", "generator"]
    # The last release's specs are the project's own: the new vendor is the whole change.
    _run([*atsgen, "release", "--base", str(ROOT / "specs")], copy, env, STEP_TIMEOUT)
    _run([*atsgen, "generate"], copy, env, STEP_TIMEOUT)
    assert (copy / "generated" / "ats_sdk" / vendor / "client.py").is_file()
    modules = _vendor_driven_modules(copy / "tests")
    assert modules, f"no test module imports {HELPERS}"
    report = tmp_path / "report.xml"
    pytest_args = ["-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider"]
    _run(
        [sys.executable, *pytest_args, f"--junitxml={report}", *modules],
        copy,
        env,
        SUITE_TIMEOUT,
    )
    outcomes = _test_ids(report)
    assert outcomes and set(outcomes.values()) <= {"passed", "skipped"}
    exercised = [test_id for test_id in outcomes if re.search(rf"\b{re.escape(vendor)}\b", test_id)]
    assert any(
        outcomes[test_id] == "passed" for test_id in exercised
    ), f"{vendor}: not in {len(outcomes)} tests"
