"""Path arguments the system refuses, or that never end: every command says so and exits 2.

Before: a 5,000-character path to `lint`, `diff`, `generate --specs-dir` or `validate --out` ended in exit 3
("internal error", ENAMETOOLONG), and `atsgen diff /dev/zero specs` read without bound. A spec path must be
a regular file (read up to a bound); a folder argument must be a folder; anything else is a usage error
with the reason.
"""

from __future__ import annotations

import errno
import importlib
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from generator import naming
from generator.cli import main
from generator.load import discover

ROOT = Path(__file__).resolve().parents[2]
SPECS_DIR = ROOT / "specs"
SPEC = str(discover(SPECS_DIR)[0])
LONG = "a" * 5_000
TOO_LONG = os.strerror(errno.ENAMETOOLONG)
NOT_A_FILE = "not a regular file"
TIMEOUT = 60


def _body_operation() -> tuple[str, str]:
    """A vendor and an operation with a request body, from the generated validators."""
    for spec in discover(SPECS_DIR):
        module = importlib.import_module(f"ats_sdk.{spec.stem}.validators")
        for operation in module.OPERATIONS:
            if hasattr(module, naming.validator_name(naming.snake_case(operation), "body")):
                return spec.stem, operation
    raise AssertionError("no operation with a request body in any spec")


VENDOR, OPERATION = _body_operation()

LONG_PATHS = [
    ["lint", LONG],
    ["lint", LONG + ".yaml"],
    ["lint", "--specs-dir", LONG],
    ["diff", LONG, SPEC],
    ["diff", SPEC, LONG + ".yaml"],
    ["generate", "--check", "--specs-dir", LONG],
    ["validate", VENDOR, OPERATION, LONG],
    ["validate", VENDOR, OPERATION, "-", "--out", LONG],
]


@pytest.mark.parametrize("argv", LONG_PATHS, ids=[" ".join(a)[:40] for a in LONG_PATHS])
def test_a_name_too_long_is_a_usage_error(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == 2, err[-500:]
    assert err.startswith(f"atsgen {argv[0]}: ") and err.rstrip().endswith(TOO_LONG), err[-500:]
    assert out == ""


def _limited_memory() -> None:
    # A reader without bound on /dev/zero fails here quickly instead of taking the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def atsgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=_limited_memory,
    )


@pytest.fixture()
def odd_files(tmp_path: Path) -> dict[str, str]:
    """A named pipe with no writer; folders holding a real spec and a link to /dev/zero, or a folder, as
    another spec."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    folders = {}
    for name, make in (
        ("linked", lambda path: path.symlink_to("/dev/zero")),
        ("nested", lambda path: path.mkdir()),
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / Path(SPEC).name).write_bytes(Path(SPEC).read_bytes())
        make(folder / ("odd_" + Path(SPEC).name))
        folders[name] = str(folder)
    return {"fifo": str(fifo), "zero": "/dev/zero", **folders}


FOLDER = "a folder, not a file"
GENERATE = ("generate", "--check", "--serial", "--no-cache", "--out", "out", "--specs-dir")
CASES = [
    (("diff", "{zero}", SPEC), NOT_A_FILE),
    (("diff", SPEC, "{zero}"), NOT_A_FILE),
    (("diff", "{fifo}", SPEC), NOT_A_FILE),
    (("diff", "{linked}", str(SPECS_DIR)), NOT_A_FILE),
    (("diff", str(SPECS_DIR), "{nested}"), FOLDER),
    (("lint", "{zero}"), NOT_A_FILE),
    (("lint", "{fifo}"), NOT_A_FILE),
    (("lint", "--specs-dir", "{linked}"), NOT_A_FILE),
    (("lint", "--specs-dir", "{nested}"), FOLDER),
    ((*GENERATE, "{linked}"), NOT_A_FILE),
    ((*GENERATE, "{nested}"), FOLDER),
]


@pytest.mark.parametrize(
    ("argv", "reason"), CASES, ids=[" ".join(a).replace(str(ROOT), "") for a, _ in CASES]
)
def test_a_spec_path_that_is_no_regular_file_is_refused(
    argv: tuple[str, ...], reason: str, odd_files: dict[str, str], tmp_path: Path
) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    result = atsgen(*(arg.format(**odd_files) for arg in argv), cwd=tmp_path)
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stderr.startswith(f"atsgen {argv[0]}: cannot read "), result.stderr[-500:]
    assert reason in result.stderr
    assert result.stdout == ""
