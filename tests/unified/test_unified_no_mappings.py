"""A canonical model declared before any vendor mapping: the unified layer still generates and imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.cli import main
from tests.conftest import ROOT, SPECS_DIR


def test_a_model_without_mappings_generates_an_importable_unified_module(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "tests" / "fixtures" / "small" / "specs", specs)
    (specs / "unified").mkdir()
    shutil.copy(SPECS_DIR / "unified" / "candidate.yaml", specs / "unified")
    out = tmp_path / "out"
    assert main(["generate", "--specs-dir", str(specs), "--out", str(out)]) == 0
    probe = "import ats_sdk.unified as u; print(sorted(u.MAPPINGS), 'first_name' in u.Candidate.__annotations__)"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(out)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "True"]
