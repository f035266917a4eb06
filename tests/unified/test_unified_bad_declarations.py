"""Broken unified declarations, linted the way an author lints them.

`tests/unified/bad_declarations/` holds one small broken declaration per case: a mapping (it replaces the
real mapping of its vendor) or, when it declares `model:`, the canonical model. Each is linted with every real
spec and declaration beside it; `atsgen lint` must exit 1 (or 0 with only warnings), print no traceback,
and report each problem at its line in the spec loader's format.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = Path(__file__).resolve().parent / "bad_declarations"
CASES = sorted(path.stem for path in CASES_DIR.glob("*.yaml"))
HEADLINE = re.compile(
    r"^(?P<file>specs/unified/\S+\.yaml):(?P<line>\d+):\d+: (?P<warning>warning: )?(?P<rest>.+)$"
)

# What each case must report: (line, level, a fragment of the message); every error of the case is listed.
EXPECTED: dict[str, list[tuple[int, str, str]]] = {
    "01_unknown_target": [(12, "error", "body has no field 'note'; the fields are: candidate_id")],
    "02_incomplete_value_table": [
        (
            10,
            "error",
            "the value table is incomplete: map shortlisted, screening, interview, offer, "
            "withdrawn to a vendor value",
        ),
    ],
    "03_undeclared_field": [
        (6, "error", "the canonical field 'note' is not declared for hirempire")
    ],
    "04_type_mismatch": [
        (
            11,
            "error",
            "type mismatch: the canonical field is array, body.note_to_candidate takes string",
        ),
    ],
    "05_transform_not_in_vocabulary": [(11, "error", "'compute' is not allowed here")],
    "06_unknown_vendor": [(2, "error", "no vendor spec has the id 'nobody'")],
    "07_unsupported_without_reason": [(12, "error", "missing required key 'reason'")],
    "08_values_and_wrap_mismatch": [
        (10, "error", "'archived' is not a canonical value"),
        (10, "error", "body.status does not accept 'refused'"),
        (11, "error", "body.tags must be a list of objects to wrap a value into"),
        (12, "error", "path has no field 'note'"),
    ],
    "09_unknown_operation": [(4, "error", "hirempire has no operation 'update_candidates'")],
    "10_narrow_limit": [
        (
            13,
            "warning",
            "canonical location allows up to 200 characters; body.candidate_location_info takes at "
            "most 100 characters: longer values will be rejected",
        ),
    ],
    "11_model_bad_limit": [(36, "error", "fields.note.max_length: expected a whole number")],
    "12_declared_twice": [
        (13, "error", "the canonical field 'note' is already declared at map[2]")
    ],
    "14_constant_not_accepted": [(12, "error", "body.pool_stage does not accept 'lukewarm'")],
    "15_key_of_another_transform": [
        (
            11,
            "error",
            "the key 'values' is not a key of the rename transform; its keys are: transform",
        ),
        (12, "error", "the key 'from' is not a key of the constant transform"),
    ],
    "16_join_arity": [
        (6, "error", "the canonical field 'note' is not declared"),
        (
            12,
            "error",
            "a join reads two canonical fields, split back at one separator; this one names 3",
        ),
        (13, "error", "a rename reads one field; this one names 2"),
        (13, "error", "type mismatch: the canonical field is string, body.tags takes array"),
    ],
    "17_path_parameter_not_filled": [
        (4, "error", "the path parameter 'ID' of /candidates/{ID} is not filled: declare "),
    ],
    "18_read_root_on_a_write": [
        (6, "error", "read_root is for a read; update_candidate sends a request body"),
    ],
    "19_read_root_finds_nothing": [
        (6, "error", "the success response of get_candidate has no object at '/candidate'"),
    ],
    "20_read_without_read_root": [
        (4, "error", "get_candidate sends no request body: a read declares `read_root`"),
    ],
    "13_model_required_field": [
        (8, "error", "canonical fields are optional: an update sends only what changed"),
    ],
    "21_model_object_field": [
        (53, "error", "a canonical field is a value or a list of values"),
    ],
}


def _lint_case(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    text = (CASES_DIR / f"{case}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if "model" in data:
        (specs / "unified" / "candidate.yaml").write_text(text, encoding="utf-8")
    else:
        (specs / "unified" / "mappings" / f"{data['vendor']}.yaml").unlink(missing_ok=True)
        (specs / "unified" / "mappings" / f"{case}.yaml").write_text(text, encoding="utf-8")
    code = main(["lint", "--specs-dir", "specs", "--no-source"])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("case", CASES)
def test_bad_declaration_is_reported_at_its_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = _lint_case(case, tmp_path, capsys)
    assert "Traceback" not in out
    found = [m for m in map(HEADLINE.match, out.splitlines()) if m]
    declaration = "candidate.yaml" if "_model_" in case else f"{case}.yaml"
    unified = [m for m in found if m["file"].endswith(declaration)]
    reported = [
        (int(m["line"]), "warning" if m["warning"] else "error", m["rest"]) for m in unified
    ]
    for line, level, fragment in EXPECTED[case]:
        assert any(
            r[0] == line and r[1] == level and fragment in r[2] for r in reported
        ), f"{case}: expected {level} at line {line}: {fragment!r}\n{out}"
    errors = [r for r in reported if r[1] == "error"]
    assert code == (1 if errors else 0), out
    assert len(errors) == len([e for e in EXPECTED[case] if e[1] == "error"]), out
