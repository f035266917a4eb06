"""Two `atsgen generate` runs on one output folder at once: one waits for the other, and the folder ends
wholly what one spec set produces, with nothing left over.

The attack: both runs staged to the same temporary names and committed over each other, leaving part of
one spec set, part of the other and stray temporary files, while the loser said the folder "was left as
it was". The runs here are real processes on two different spec sets. To make one of them hold the
folder for as long as the test needs, it is a real run paused, by the test, where it loads the specs:
after taking whatever lock the generator takes, before it writes anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SPEC_SETS = ("small", "hostile")  # two different spec sets: different vendors, files and folders
ATSGEN = [sys.executable, "-m", "generator"]
TIMEOUT = 60.0  # seconds for any one wait; a loaded 2-core machine renders the small sets in ~2 s

# A real `atsgen generate` that stops where it loads the specs until a line arrives on stdin.
PAUSED_RUN = r"""
import sys
from generator import pipeline
from generator.cli import main

real_load = pipeline.load

def paused_load(*args, **kwargs):
    print("paused", flush=True)
    sys.stdin.readline()
    return real_load(*args, **kwargs)

pipeline.load = paused_load
sys.exit(main(sys.argv[1:]))
"""


def files(folder: Path) -> dict[str, str]:
    """Every file under a folder, hidden and temporary ones included, with the hash of its bytes."""
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return found


@dataclass(frozen=True)
class Project:
    root: Path
    specs: tuple[Path, ...]
    clean: tuple[dict[str, str], ...]
    """What a clean run makes of each spec set, file by file."""
    env: dict[str, str]
    rendered: Path
    """Where the clean trees are, as `clean-<spec set>`."""
    started: list[subprocess.Popen[str]] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.root / "out"

    def generate(self, spec_set: int, *extra: str) -> list[str]:
        return [
            *ATSGEN,
            "generate",
            "--specs-dir",
            str(self.specs[spec_set]),
            "--out",
            "out",
            *extra,
        ]

    def start(self, argv: list[str]) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            argv,
            cwd=self.root,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(process)
        return process


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[dict[str, str], ...]]:
    """Each spec set rendered once, clean (in this process: no interpreter to start): the expected trees,
    and a warm cache for the runs under test."""
    base = tmp_path_factory.mktemp("rendered")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATSGEN_SEEDS", str(base / "no-seeds"))
        patch.chdir(base)
        for index, name in enumerate(SPEC_SETS):
            shutil.copytree(FIXTURES / name / "specs", base / f"specs-{index}")
            argv = ["generate", "--specs-dir", f"specs-{index}", "--out", f"clean-{index}"]
            with contextlib.redirect_stdout(io.StringIO()):
                assert main([*argv, "--serial"]) == 0
    clean = tuple(files(base / f"clean-{index}") for index in range(len(SPEC_SETS)))
    assert clean[0] != clean[1]
    return base, clean


@pytest.fixture
def project(tmp_path: Path, rendered: tuple[Path, tuple[dict[str, str], ...]]) -> Iterator[Project]:
    base, clean = rendered
    specs = []
    for index in range(len(SPEC_SETS)):
        shutil.copytree(base / f"specs-{index}", tmp_path / f"specs-{index}")
        specs.append(tmp_path / f"specs-{index}")
    # The cache only saves rendering time; a cold one would give the same trees, only slower.
    shutil.copytree(base / ".atsgen-cache", tmp_path / ".atsgen-cache")
    env = {**os.environ, "ATSGEN_SEEDS": str(tmp_path / "no-seeds")}
    project = Project(tmp_path, tuple(specs), clean, env, base)
    yield project
    for process in project.started:  # still running only when a test failed half-way
        if process.poll() is None:
            process.kill()
            process.communicate()


def read_line(stream: object, process: subprocess.Popen[str], deadline: float) -> str:
    """The next line a process writes to `stream`, waiting until `deadline`; '' if it ends first."""
    assert hasattr(stream, "readline") and hasattr(stream, "fileno")
    remaining = deadline - time.monotonic()
    ready, _, _ = select.select([stream], [], [], max(remaining, 0))
    if not ready:
        process.kill()
        pytest.fail(f"no output from {process.args!r} within {TIMEOUT} s")
    line: str = stream.readline()
    return line


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"{process.args!r} did not finish within {TIMEOUT} s: {out}{err}")
    return process.returncode, out, err


def pause(project: Project, spec_set: int) -> subprocess.Popen[str]:
    """A real run on `spec_set`, stopped before it reads the specs; let it go with `resume`."""
    holder = project.start([sys.executable, "-c", PAUSED_RUN, *project.generate(spec_set)[3:]])
    assert read_line(holder.stdout, holder, time.monotonic() + TIMEOUT) == "paused\n"
    return holder


def resume(holder: subprocess.Popen[str]) -> tuple[int, str, str]:
    assert holder.stdin is not None
    holder.stdin.write("go\n")
    holder.stdin.flush()
    return finish(holder)


def assert_waits_for(
    process: subprocess.Popen[str], holder: int, deadline: float, command: str = "atsgen generate"
) -> None:
    """The process says it waits, naming the process that really holds the folder, and waits."""
    line = read_line(process.stderr, process, deadline)
    assert line == (
        f"{command}: out/ is locked by atsgen process {holder}; waiting for it to finish\n"
    ), line
    assert process.poll() is None, "it said it waits, but it has ended"


def test_runs_on_two_spec_sets_wait_in_turn_and_the_tree_ends_wholly_one_set(
    project: Project,
) -> None:
    """Both runs wait for the one holding the folder, naming it; once it ends they write in turn."""
    holder = pause(project, 0)
    runners = [project.start(project.generate(index, "--serial")) for index in (0, 1)]
    deadline = time.monotonic() + TIMEOUT
    for runner in runners:
        assert_waits_for(runner, holder.pid, deadline)
    assert files(project.out) == {}, "a waiting run wrote to the folder"

    assert resume(holder)[0] == 0
    outcomes = [finish(runner) for runner in runners]
    assert [status for status, _, _ in outcomes] == [0, 0], outcomes
    # File for file what a clean run makes of one spec set: no mixture, no leftovers.
    assert (
        files(project.out) in project.clean
    ), "the tree mixes the two spec sets, or holds leftovers"


def test_check_waits_for_a_writing_run_and_reports_on_the_tree_it_leaves(
    project: Project,
) -> None:
    """A check must not read a tree half-way through a commit: it waits, then judges the finished tree."""
    shutil.copytree(project.rendered / "clean-1", project.out)
    holder = pause(project, 0)  # will replace spec set 1's tree with spec set 0's
    checker = project.start(project.generate(0, "--check"))
    assert_waits_for(checker, holder.pid, time.monotonic() + TIMEOUT, "atsgen generate --check")
    assert files(project.out) == project.clean[1]

    assert resume(holder)[0] == 0
    status, out, _ = finish(checker)
    assert (status, files(project.out)) == (0, project.clean[0]), out
    assert "out/ is up to date" in out


def test_two_first_runs_started_together_end_wholly_one_set(project: Project) -> None:
    """No pause: two runs on a folder that does not exist yet. Whatever the interleaving, the tree is one
    set's, nothing is left over, and a run that says it waited named the other and wrote last."""
    runners = [project.start(project.generate(index, "--serial")) for index in (0, 1)]
    outcomes = [finish(runner) for runner in runners]
    assert [status for status, _, _ in outcomes] == [0, 0], outcomes
    final = files(project.out)
    assert final in project.clean
    for index, (_, _, err) in enumerate(outcomes):
        other = runners[1 - index].pid
        if err:
            # Named by its process id, or not named when it had not yet recorded itself.
            assert err in (
                f"atsgen generate: out/ is locked by atsgen process {other}; waiting for it to finish\n",
                "atsgen generate: out/ is locked by another atsgen run; waiting for it to finish\n",
            ), err
            assert final == project.clean[index], "the run that waited did not write last"
