"""A vendor added by YAML alone: the fixture vendor's spec and mapping, beside the real canonical model.

`tests/unified/fixture_vendor/specs/` holds a small vendor spec and its mapping, built around what the real
mappings do not use (integer status codes, a split at the first space, a list inside an object, a constant,
limits tighter than the canonical model's). Nothing else is added for it: lint checks it and the engine maps
it, judged by the reference validator of the vendor's own schema.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from atsgen_runtime.unified import from_vendor, to_vendor
from generator import ir
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.load import discover, load
from generator.unified.load import load as load_unified
from generator.unified.model import OperationMapping
from unified.declarations import SPECS
from unified.roundtrip import CANDIDATE_ID, check_round_trip, reference_verdict
from unified.test_unified_docs import check_detail

FIXTURE = Path(__file__).resolve().parent / "fixture_vendor" / "specs"


@pytest.fixture()
def specs(tmp_path: Path) -> Path:
    """The fixture vendor's specs folder, with the real canonical model copied in."""
    folder = tmp_path / "specs"
    shutil.copytree(FIXTURE, folder)
    shutil.copy(SPECS / "unified" / "candidate.yaml", folder / "unified" / "candidate.yaml")
    return folder


def test_lint_checks_the_new_mapping_and_warns_of_its_tighter_limits(
    specs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(specs.parent)
    assert main(["lint", "--specs-dir", "specs", "--no-source"]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 3 warnings" in out
    assert (
        "canonical note allows up to 5,000 characters; body.remarks takes at most 1,000 characters: "
        "longer values will be rejected"
    ) in out
    assert "canonical tags allows up to 50 items; body.labels takes at most 10 items" in out
    assert "canonical first_name + ' ' + last_name allows up to 201 characters" in out


def _load(specs: Path) -> tuple[list[tuple[OperationMapping, ir.Operation]], ir.Schema]:
    loaded = load(discover(specs))
    unified = load_unified(specs / "unified", loaded.vendors, Diagnostics(), {})
    assert unified.model is not None and unified.mappings
    operations = {(v.id, op.id): op for v in loaded.vendors for op in v.operations}
    return [(m, operations[(m.vendor, m.operation)]) for m in unified.mappings], unified.model


def test_the_engine_maps_the_new_vendor_by_its_declaration(specs: Path) -> None:
    mappings, model = _load(specs)
    for mapping, operation in mappings:
        body = operation.request.body
        parts = {
            "path": operation.request.path,
            "query": operation.request.query,
            "headers": operation.request.headers,
            "body": body.schema if body is not None else ir.Schema(),
        }
        check_round_trip(mapping, model, reference_verdict(parts))


def test_the_new_transforms_behave_as_declared(specs: Path) -> None:
    mappings, _ = _load(specs)
    for mapping, _operation in mappings:
        constant = next(e for e in mapping.data["map"] if e["transform"] == "constant")
        values = next(e for e in mapping.data["map"] if e["transform"] == "values")
        wrap = next(e for e in mapping.data["map"] if e["transform"] == "wrap")
        codes = list(values["values"].values())
        shared = [key for key, code in values["values"].items() if codes.count(code) > 1]
        candidate = {wrap["from"]: "a@example.com", values["from"]: shared[-1]}
        mapped = to_vendor(mapping.data, candidate, candidate_id=CANDIDATE_ID)
        body: Any = mapped.request["body"]
        assert body[constant["to"].split(".")[-1]] == constant["value"]
        # The wrap goes inside its object, and comes back from the entry with the declared values.
        *outer, last = wrap["to"].split(".")[1:]
        for name in outer:
            body = body[name]
        assert body[last] == [{**wrap["with"], wrap["item"]: "a@example.com"}]
        body[last].insert(0, {wrap["item"]: "other@example.com"})
        read = from_vendor(mapping.data, mapped.request["body"])
        back = read.candidate
        assert back[wrap["from"]] == "a@example.com"
        assert [(loss.pointer, loss.kind) for loss in read.losses] == [
            (f"/{wrap['from']}", "dropped_entries")
        ]
        # A vendor code two canonical values share reads back as the first: the later one is reported.
        assert [loss.kind for loss in mapped.losses] == ["merged_value"]
        assert back[values["from"]] == shared[0]


def test_the_generated_sdk_maps_and_sends_for_the_new_vendor(specs: Path, tmp_path: Path) -> None:
    """The SDK generated from the YAML alone: its `ats_sdk.unified` sends through the new vendor's mock."""
    out = tmp_path / "out"
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    loaded = load(discover(specs))
    declared = load_unified(specs / "unified", loaded.vendors, Diagnostics(), {})
    check_detail((out / "docs" / "unified.md").read_text(encoding="utf-8"), declared)
    mappings, _ = _load(specs)
    probe = Path(__file__).resolve().parent / "unified_probe.py"
    result = subprocess.run(
        [sys.executable, str(probe), str(specs)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(out)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # One vendor, one write: the module's signatures take the form without overloads, checked here.
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "ats_sdk/unified.py"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=out,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout
    checked = json.loads(result.stdout)
    assert set(checked) == {m.vendor for m, _ in mappings}
    for mapping, _operation in mappings:
        if "read_root" not in mapping.data:
            assert checked[mapping.vendor][mapping.operation], mapping.operation


def _first_unsupported_reason(specs: Path) -> tuple[Path, str]:
    [path] = (specs / "unified" / "mappings").glob("*.yaml")
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for data in document["operations"].values():
        for entry in data["map"]:
            if entry["transform"] == "unsupported":
                return path, entry["reason"]
    raise AssertionError("the fixture mapping declares no unsupported field")


def test_generate_follows_the_declarations(
    specs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed mapping alone regenerates the unified layer; a broken one stops the run, with its line."""
    out = tmp_path / "out"
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    path, reason = _first_unsupported_reason(specs)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(reason, "reworded for the test"), encoding="utf-8")
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    assert "reworded for the test" in (out / "docs" / "unified.md").read_text(encoding="utf-8")
    assert "reworded for the test" in (out / "ats_sdk" / "unified.py").read_text(encoding="utf-8")
    path.write_text(text.replace("transform: rename", "transform: renamed", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 1
    line = 1 + text[: text.index("transform: rename")].count("\n")
    assert f"{path.name}:{line}:" in capsys.readouterr().out


HOSTILE = 'quote """ backslash \\ brace {{x}} line\u2028break \x85 end"'
"""Text a spec author could write that breaks naive code or docstring generation."""


def test_hostile_declarations_generate_safe_code(specs: Path, tmp_path: Path) -> None:
    """A canonical field named like a keyword, and hostile text in its description and reason: the
    module still imports, keeps the text exactly, and type-checks."""
    model_path = specs / "unified" / "candidate.yaml"
    model = yaml.safe_load(model_path.read_text(encoding="utf-8"))
    model["fields"]["from"] = {"type": "string", "description": HOSTILE}
    model_path.write_text(yaml.safe_dump(model, sort_keys=False), encoding="utf-8")
    [mapping_path] = (specs / "unified" / "mappings").glob("*.yaml")
    mapping = yaml.safe_load(mapping_path.read_text(encoding="utf-8"))
    for data in mapping["operations"].values():
        data["map"].append({"from": "from", "transform": "unsupported", "reason": HOSTILE})
    mapping_path.write_text(yaml.safe_dump(mapping, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    code = (
        "import json, typing, ats_sdk.unified as u; "
        "print(json.dumps([list(typing.get_type_hints(u.Candidate)), u.MAPPINGS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(out)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fields, mappings = json.loads(result.stdout)
    assert fields[-1] == "from"
    reasons = [e.get("reason") for ops in mappings.values() for m in ops.values() for e in m["map"]]
    assert HOSTILE in reasons
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "ats_sdk/unified.py"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=out,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout
