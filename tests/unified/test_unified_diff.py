"""`atsgen diff` on the unified declarations: which mapping changes break callers of `ats_sdk.unified`.

The classification is checked on small declarations (one vendor, one operation) built here; the command
end to end on a copy of the real declarations, edited where the first mapping allows.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import ir
from generator.cli import main
from generator.diff.changes import Classification
from generator.diff.unified import compare
from generator.unified.model import OperationMapping, Unified
from unified.declarations import SPECS

LOC = ir.SourcePosition("fixture.yaml", 1, 1, "operations")
BASE: dict[str, Any] = {
    "candidate_id": "path.id",
    "map": [
        {"from": "note", "transform": "rename", "to": "body.remarks"},
        {"from": "tags", "transform": "unsupported", "reason": "no tags"},
        {
            "from": "status",
            "transform": "values",
            "to": "body.stage",
            "values": {"applied": 1, "hired": 2},
            "unsupported_values": {"rejected": "deleted instead"},
        },
    ],
}


def _unified(*operations: tuple[str, dict[str, Any]]) -> Unified:
    return Unified(mappings=[OperationMapping("v", op, (), data, LOC) for op, data in operations])


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str]]:
    found = compare(_unified(("op", before)), _unified(("op", after)))
    return [(c.location, c.kind, c.classification.value) for c in found]


def _edited(index: int, **entry: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["map"][index] = entry
    return data


def test_an_unchanged_declaration_has_no_changes() -> None:
    assert _changes(BASE, copy.deepcopy(BASE)) == []


def test_a_removed_mapping_is_breaking_and_an_added_one_compatible() -> None:
    unsupported = _edited(0, **{"from": "note", "transform": "unsupported", "reason": "gone"})
    assert _changes(BASE, unsupported) == [("unified.note", "unified_mapping_removed", "breaking")]
    assert _changes(unsupported, BASE) == [("unified.note", "unified_mapping_added", "compatible")]


def test_a_transform_or_target_change_is_breaking() -> None:
    wrapped = _edited(0, **{"from": "note", "transform": "wrap", "to": "body.x", "item": "t"})
    assert _changes(BASE, wrapped) == [("unified.note", "unified_transform", "breaking")]
    moved = _edited(0, **{"from": "note", "transform": "rename", "to": "body.other"})
    assert _changes(BASE, moved) == [("unified.note", "unified_to", "breaking")]


def test_a_value_moved_to_unsupported_is_breaking_and_an_added_value_compatible() -> None:
    after = copy.deepcopy(BASE)
    status = after["map"][2]
    del status["values"]["hired"]
    status["unsupported_values"]["hired"] = "no code"
    assert _changes(BASE, after) == [("unified.status", "unified_value_unsupported", "breaking")]
    assert _changes(after, BASE) == [("unified.status", "unified_value_added", "compatible")]
    recoded = copy.deepcopy(BASE)
    recoded["map"][2]["values"]["hired"] = 3
    assert _changes(BASE, recoded) == [("unified.status", "unified_value_changed", "breaking")]


def test_a_reason_change_is_documentation() -> None:
    reworded = _edited(1, **{"from": "tags", "transform": "unsupported", "reason": "none at all"})
    assert _changes(BASE, reworded) == [("unified.tags", "unified_reason", "documentation")]


def test_operations_removed_and_added() -> None:
    one, two = _unified(("op", BASE)), _unified(("op", BASE), ("read", BASE))
    assert [(c.kind, c.classification) for c in compare(two, one)] == [
        ("unified_operation_removed", Classification.BREAKING)
    ]
    assert [(c.kind, c.classification) for c in compare(one, two)] == [
        ("unified_operation_added", Classification.COMPATIBLE)
    ]
    assert [c.kind for c in compare(None, one)] == ["unified_operation_added"]


@pytest.fixture()
def sides(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """Two copies of the real specs; in the second, the first mapping's first renamed field is
    unsupported. Returns the folders and the entry changed."""
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(SPECS, before)
    shutil.copytree(SPECS, after)
    for path in sorted((after / "unified" / "mappings").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for data in document["operations"].values():
            for index, entry in enumerate(data["map"]):
                if entry["transform"] == "rename":
                    data["map"][index] = {
                        "from": entry["from"],
                        "transform": "unsupported",
                        "reason": "dropped",
                    }
                    path.write_text(yaml.safe_dump(document), encoding="utf-8")
                    return before, after, {"vendor": document["vendor"], **entry}
    pytest.skip("no mapping renames a field")


def test_the_command_reports_mapping_changes(
    sides: tuple[Path, Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    before, after, entry = sides
    code = main(["diff", str(before), str(after), "--format", "json", "--fail-on", "breaking"])
    changes = json.loads(capsys.readouterr().out)
    removed = [c for c in changes if c["kind"] == "unified_mapping_removed"]
    assert code == 1 and removed
    assert {(c["vendor"], c["location"], c["classification"]) for c in removed} == {
        (entry["vendor"], f"unified.{entry['from']}", "breaking")
    }
    assert main(["diff", str(after), str(before), "--fail-on", "breaking"]) == 0
    assert "unified mapping added" in capsys.readouterr().out


def test_a_removed_canonical_field_is_breaking_and_an_added_one_compatible() -> None:
    from dataclasses import replace

    from unified.declarations import declarations

    model = declarations()[0].model
    assert model is not None and model.properties
    fewer = Unified(model=replace(model, properties=model.properties[1:]))
    full = Unified(model=model)
    name = model.properties[0].wire_name
    assert [(c.location, c.kind, c.classification) for c in compare(full, fewer)] == [
        (f"unified.{name}", "canonical_field_removed", Classification.BREAKING)
    ]
    assert [(c.location, c.kind, c.classification) for c in compare(fewer, full)] == [
        (f"unified.{name}", "canonical_field_added", Classification.COMPATIBLE)
    ]
