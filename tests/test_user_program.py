"""A user's two-vendor program (`tests/programs/two_vendors.py`: public imports, escape hatches, typed
errors, sync and async) passes mypy --strict and pyright in strict mode, and runs against the mocks.

It names real vendors because it is a user's program, like the README's snippets; the behaviour it relies
on is tested generically elsewhere.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROGRAM = ROOT / "tests" / "programs" / "two_vendors.py"


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_the_program_passes_strict_type_checking(checker: str, tmp_path: Path) -> None:
    assert PROGRAM.read_text(encoding="utf-8").startswith("# pyright: strict\n")
    if checker == "mypy":
        command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(PROGRAM)]
    else:
        pyright = Path(sys.executable).with_name("pyright")
        command = [str(pyright), "--pythonpath", sys.executable, str(PROGRAM)]
    done = _run(command, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_program_runs_against_the_mocks(tmp_path: Path) -> None:
    done = _run([sys.executable, str(PROGRAM)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "created 201",
        "listed 1",
        "raw 200 ListCandidatesResponse",
        "refused 1 violations",
        "updated applied",
        "vendor said 400",
        "async ListCandidatesResponse True",
    ]
