"""Nesting deep enough to kill the YAML reader: lint, generate and diff report it where it starts.

libyaml's composer recurses in C: 40,000 nested `[` (80 KB) overflowed the C stack and ended `atsgen lint`,
`generate` and `diff` with a segmentation fault (exit 139, no message). Each shape below is appended to a
real spec as one extra top-level key; every command must exit with its documented status for a spec that
does not load and name the line and column where the nesting goes past 100 levels.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.load import discover, load_text

SPECS_DIR = Path(__file__).resolve().parents[2] / "specs"
CRASHING = 40_000
"""Levels that crashed the C composer (20,000 were still read)."""
LIMIT = 100
"""Levels below the top-level mapping a spec may nest."""
MESSAGE = f"lists and mappings are nested too deeply (more than {LIMIT} levels)"
TIMEOUT = 120


@dataclass(frozen=True)
class Shape:
    """A top-level key `deep` whose value nests `levels` deep; (line, column) of level LIMIT + 1 in it."""

    name: str
    value: Callable[[int], str]
    line: int
    column: int
    levels: int = CRASHING


SHAPES = [
    Shape("flow_lists", lambda n: " " + "[" * n + "]" * n, 0, len("deep: ") + LIMIT + 1),
    Shape(
        "flow_mappings",
        lambda n: " " + "{a: " * n + "1" + "}" * n,
        0,
        len("deep: ") + 4 * LIMIT + 1,
    ),
    Shape("block_lists_on_one_line", lambda n: "\n" + "- " * n + "x", 1, 2 * LIMIT + 1),
    Shape("explicit_keys_on_one_line", lambda n: "\n  " + "? " * n + "x", 1, 2 * LIMIT + 3),
    # Indentation grows the file with the square of the depth: enough levels to pass the limit.
    Shape(
        "indentation",
        lambda n: "".join("\n" + " " * (level + 1) + "k:" for level in range(n)),
        LIMIT + 1,
        LIMIT + 2,
        levels=LIMIT + 20,
    ),
]


def hostile_specs(folder: Path) -> dict[str, tuple[int, int]]:
    """Write one spec per shape (each a real spec plus the deep key); where each must be reported."""
    folder.mkdir(parents=True, exist_ok=True)
    real = discover(SPECS_DIR)
    expected = {}
    for index, shape in enumerate(SHAPES):
        base = real[index % len(real)].read_text(encoding="utf-8").rstrip("\n") + "\n"
        name = f"{real[index % len(real)].stem}_{shape.name}.yaml"
        (folder / name).write_text(
            base + "deep:" + shape.value(shape.levels) + "\n", encoding="utf-8"
        )
        key_line = base.count("\n") + 1
        expected[name] = (key_line + shape.line, shape.column)
    return expected


def atsgen(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def assert_located(
    output: str, expected: dict[str, tuple[int, int]], prefix: str = "specs/"
) -> None:
    found = {
        (m["file"], int(m["line"]), int(m["column"]))
        for m in re.finditer(
            r"^(?P<file>\S+?):(?P<line>\d+):(?P<column>\d+): " + re.escape(MESSAGE), output, re.M
        )
    }
    assert found == {(prefix + name, *where) for name, where in expected.items()}, output[-2000:]
    assert "Traceback" not in output


def test_lint_reports_where_the_nesting_goes_too_deep(tmp_path: Path) -> None:
    expected = hostile_specs(tmp_path / "specs")
    result = atsgen("lint", "--no-source", "--specs-dir", "specs", cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert_located(result.stdout + result.stderr, expected)


def test_generate_reports_where_the_nesting_goes_too_deep(tmp_path: Path) -> None:
    expected = hostile_specs(tmp_path / "specs")
    result = atsgen(
        "generate", "--no-cache", "--serial", "--specs-dir", "specs", "--out", "out", cwd=tmp_path
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert_located(result.stdout + result.stderr, expected)
    assert not (tmp_path / "out").exists()


def test_diff_of_a_revision_carrying_deep_specs_reports_them(tmp_path: Path) -> None:
    """A pull request that adds such specs: both sides read from git, the head side reported (exit 2)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=TIMEOUT,
        )
        return done.stdout.strip()

    git("init", "-q", "-b", "main")
    (tmp_path / "specs").mkdir()
    for spec in discover(SPECS_DIR):
        (tmp_path / "specs" / spec.name).write_bytes(spec.read_bytes())
    git("add", "-A")
    git("commit", "-q", "-m", "real specs")
    base = git("rev-parse", "HEAD")
    expected = hostile_specs(tmp_path / "specs")
    git("add", "-A")
    git("commit", "-q", "-m", "deep specs")
    head = git("rev-parse", "HEAD")
    result = atsgen("diff", base, head, cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "HEAD (" in result.stderr and "nothing compared" in result.stderr
    assert_located(result.stderr, expected, prefix=f"{head}:specs/")


@pytest.mark.parametrize("index", range(len(SHAPES)), ids=[shape.name for shape in SHAPES])
def test_the_limit_itself_is_allowed_and_brackets_in_text_do_not_count(index: int) -> None:
    """LIMIT levels are read as data (the one error is the unknown key); the same text too deep, in a
    comment and in a quoted string, is text and no nesting."""
    shape, real = SHAPES[index], discover(SPECS_DIR)
    spec = real[index % len(real)]
    text = spec.read_text(encoding="utf-8").rstrip("\n") + "\n"
    at_limit = Diagnostics()
    assert load_text(spec.name, text + "deep:" + shape.value(LIMIT) + "\n", at_limit) is None
    assert at_limit.errors and not any(MESSAGE in d.message for d in at_limit.errors)
    flat = shape.value(shape.levels).replace("\n", " ")
    quoted = flat.replace("'", "''")
    as_text = Diagnostics()
    load_text(spec.name, f"{text}# {flat}\nx-note: '{quoted}'\n", as_text)
    assert as_text.errors and not any(MESSAGE in d.message for d in as_text.errors)
