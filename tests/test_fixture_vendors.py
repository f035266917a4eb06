"""Fixture vendors: small specs built around what the four real vendors do not use, run end to end.

Each folder under `tests/fixtures/vendors/` holds a `specs/` folder. Its specs are generated into a
temporary SDK, and `tests/fixture_vendor_probe.py` runs in a subprocess with that SDK first on the path:
for every operation, the generated client calls the generated mock with arguments the vendor's own
validators accept (path and header values of their declared types) and gets a documented success; an
invalid argument is refused before anything is sent; the result of every call (sync, async, raw) keeps
the HTTP response the mock sent, whatever the shape of its body; each documented error status, made by a fault,
raises its typed error; and every error the mock sends (no credentials, an unknown item, a path value of
the wrong type, invalid input) has a documented status and validates against that status's JSON Schema.
The vendor's OpenAPI document is valid, and its docs have no empty code cell.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate as validate_openapi

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = sorted(path.parent for path in (ROOT / "tests" / "fixtures" / "vendors").glob("*/specs"))


def test_there_are_fixture_vendors() -> None:
    assert FOLDERS


@pytest.mark.parametrize("folder", FOLDERS, ids=[folder.name for folder in FOLDERS])
def test_every_operation_works_through_the_generated_client_and_mock(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Lint clean first: the promise covers every spec that lints clean, and no other.
    assert main(["lint", "--specs-dir", str(folder / "specs")]) == 0, capsys.readouterr()
    # A new folder inside a new folder: generate makes both.
    out = tmp_path / "new" / "sdk"
    assert main(["generate", "--specs-dir", str(folder / "specs"), "--out", str(out)]) == 0
    capsys.readouterr()
    for document in sorted((out / "openapi").glob("*.json")):
        validate_openapi(json.loads(document.read_text(encoding="utf-8")))
    for page in sorted((out / "docs").glob("*.md")):
        # A table cell that is an empty code span: something the docs meant to show was empty.
        assert not re.search(r"\|\s*`\s*`\s*\|", page.read_text(encoding="utf-8")), page.name
    environment = {**os.environ, "PYTHONPATH": str(out)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fixture_vendor_probe.py")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probes: list[dict[str, Any]] = [json.loads(line) for line in result.stdout.splitlines()]
    expected_vendors = {path.stem for path in (folder / "specs").glob("*.yaml")}
    assert {probe["vendor"] for probe in probes} == expected_vendors
    for probe in probes:
        assert str(probe["status"]) in probe["documented"], probe
        assert str(probe["status"]).startswith("2"), probe
        # Whatever the body's shape, every way of calling keeps the response the mock sent.
        for kept, sent in probe["kept"].values():
            assert kept == sent, probe
        assert probe["problems"] == [], probe
        assert set(probe["errors"].values()) <= {"typed"}, probe
        assert probe["invalid"] in ("refused", None), probe
        # A paginated operation's listing, longer than a page, is walked item by item exactly once.
        assert not probe["listing"], probe
    # Every vendor had an operation whose invalid argument was refused, and a documented error raised.
    for vendor in expected_vendors:
        assert any(p["invalid"] == "refused" for p in probes if p["vendor"] == vendor), probes
        assert any(p["errors"] for p in probes if p["vendor"] == vendor), probes
