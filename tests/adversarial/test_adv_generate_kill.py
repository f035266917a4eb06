"""`atsgen generate` killed at every step of writing its output, as SIGKILL would: no handler, no cleanup.

The attack: a kill during the commit left a mixture of old and new files, with temporary files beside
them, and nothing made the next run notice. Here a forked copy of a real run dies (`os._exit`) just
before its Nth change to the file system (a rename, removal or new folder), for every N the run makes, so
the kill lands deterministically at every step, and then:
- `generate --check` judges the tree truly (stale unless it is wholly the new output) and writes nothing;
- the next run, even one stopped by a spec error, leaves the tree wholly old or wholly new, nothing left over;
- a normal run makes the tree what a clean generation makes.
The same holds when the next run, finishing the killed run's commit, is killed in turn at every step.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import write
from generator.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Two different spec sets: from one to the other, files change, appear and disappear, with their folders.
OLD, NEW = "small", "hostile"
KILLED = 86  # the exit status of a run killed on purpose
MUTATIONS = ("replace", "rename", "unlink", "remove", "rmdir", "mkdir")
TIMEOUT = 60.0
# Far above the changes one run on these spec sets makes: a run whose changes never end fails the test.
MAX_STEPS = 1000


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


def owned(folder: Path) -> dict[str, str]:
    """The files generation owns (what --check compares), without atsgen's own working files."""
    return {
        path: hashlib.sha256((folder / path).read_bytes()).hexdigest()
        for path in write.existing_files(folder)
    }


def atsgen(*argv: str) -> tuple[int, str]:
    """An in-process `atsgen` run: its exit status and what it printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        status = main(list(argv))
    return status, printed.getvalue()


def die_before_step(step: int, counter: list[int]) -> None:
    """From now on in this process, count file-system changes, and exit at once before the `step`th."""
    calls = itertools.count(1)

    def counted(real: Callable[..., object]) -> Callable[..., object]:
        def change(*args: object, **kwargs: object) -> object:
            counter[0] = next(calls)
            if counter[0] == step:
                os._exit(KILLED)
            return real(*args, **kwargs)

        return change

    for name in MUTATIONS:
        setattr(os, name, counted(getattr(os, name)))


def forked(argv: list[str], *, kill_at: int) -> tuple[int, int]:
    """Run `atsgen argv` in a forked copy of this process, killed before change `kill_at` (0: never).

    Returns its exit status and how many changes it made or began.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: never returns into pytest
        status = 70
        try:
            os.close(read_end)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
            counter = [0]
            die_before_step(kill_at, counter)
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                status = main(argv)
            os.write(write_end, str(counter[0]).encode())
        finally:
            os._exit(status)
    os.close(write_end)
    deadline = time.monotonic() + TIMEOUT
    while True:
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail(f"atsgen {argv} did not end within {TIMEOUT} s")
        time.sleep(0.002)
    with os.fdopen(read_end, "rb") as pipe:
        steps = pipe.read()
    return os.waitstatus_to_exitcode(wait_status), int(steps or 0)


@dataclass(frozen=True)
class Project:
    root: Path
    old: dict[str, str]
    new: dict[str, str]

    @property
    def out(self) -> Path:
        return self.root / "work" / "out"

    def run(self, spec_set: str, *extra: str) -> list[str]:
        return [
            "generate",
            "--specs-dir",
            str(self.root / spec_set),
            "--out",
            str(self.out),
            *extra,
        ]

    def reset(self) -> None:
        """A work folder holding nothing but the old spec set's clean output."""
        shutil.rmtree(self.root / "work", ignore_errors=True)
        # Links, not copies: a run replaces or removes files, never writes into one.
        shutil.copytree(self.root / "clean-old", self.out, copy_function=os.link)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Both spec sets rendered once: the clean trees, and a warm cache so that no run under test renders.

    In memory (tmpfs) where there is one: the kills need hundreds of small runs, each a few dozen file
    operations, which a busy disk makes slow.
    """
    shm = Path("/dev/shm")
    base = Path(
        tempfile.mkdtemp(prefix="atsgen-kill-", dir=shm)
        if shm.is_dir() and os.access(shm, os.W_OK)
        else tmp_path_factory.mktemp("kill")
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATSGEN_SEEDS", str(base / "no-seeds"))
        patch.chdir(base)
        shutil.copytree(FIXTURES / OLD / "specs", base / "old")
        shutil.copytree(FIXTURES / NEW / "specs", base / "new")
        # A spec set that stops a run just after its start (where it finishes an interrupted commit).
        (base / "broken").mkdir()
        (base / "broken" / "broken.yaml").write_text("spec_version: 1\nvendor: [unclosed\n")
        for name in ("old", "new"):
            argv = ["generate", "--specs-dir", name, "--out", f"clean-{name}", "--serial"]
            status, printed = atsgen(*argv)
            assert status == 0, printed
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def project(rendered: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("ATSGEN_SEEDS", str(rendered / "no-seeds"))
    monkeypatch.chdir(rendered)  # where the warm cache is
    project = Project(rendered, files(rendered / "clean-old"), files(rendered / "clean-new"))
    assert project.old != project.new
    return project


def killed_run(project: Project, step: int) -> None:
    """Reset, then run old -> new, killed before change `step`; the run must really die there."""
    project.reset()
    status, _ = forked(project.run("new", "--serial"), kill_at=step)
    assert status == KILLED, f"the run ended ({status}) before change {step}"


def steps_of_a_whole_run(project: Project) -> int:
    project.reset()
    status, steps = forked(project.run("new", "--serial"), kill_at=0)
    assert status == 0 and 0 < steps < MAX_STEPS
    assert files(project.out) == project.new
    return steps


def check_is_true_and_writes_nothing(project: Project, step: int) -> bool:
    """Whether --check said a commit was cut short; it must say so for a mixed tree."""
    before = files(project.root / "work")
    status, printed = atsgen(*project.run("new", "--check"))
    tree = owned(project.out)
    assert status == (0 if tree == project.new else 1), (step, printed)
    cut_short = "interrupted `atsgen generate` left its commit" in printed
    if tree not in (project.old, project.new):
        assert cut_short, (step, printed)
    assert files(project.root / "work") == before, f"--check wrote (kill at change {step})"
    return cut_short


def assert_next_run_makes_it_whole(project: Project, step: int) -> None:
    before = owned(project.out)
    status, printed = atsgen(*project.run("broken", "--serial"))
    after = files(project.out)
    assert status == 1, printed
    assert after in (project.old, project.new), f"kill at change {step}: mixed or leftovers"
    if "finished the commit of an interrupted run" in printed:
        assert printed.rstrip().endswith(f"nothing more was written to {project.out}/"), printed
    else:
        assert printed.rstrip().endswith(
            f"nothing was written ({project.out}/ is unchanged)"
        ), printed
        assert after == before, printed

    status, printed = atsgen(*project.run("new", "--serial"))
    assert (status, files(project.out)) == (0, project.new), (step, printed)


def test_a_kill_at_every_step_of_a_run_leaves_a_tree_the_next_run_makes_whole(
    project: Project,
) -> None:
    steps = steps_of_a_whole_run(project)
    cut_short = 0
    for step in range(1, steps + 1):
        killed_run(project, step)
        cut_short += check_is_true_and_writes_nothing(project, step)
        assert_next_run_makes_it_whole(project, step)
    # A commit takes at least one step per file it creates or removes, and a kill at each of them leaves a
    # commit to finish: this many kills at least landed inside the commit.
    assert cut_short >= len(set(project.old) ^ set(project.new))


def test_a_kill_while_finishing_a_killed_runs_commit_is_finished_by_the_run_after(
    project: Project,
) -> None:
    # The first kill that leaves a commit to finish: the check says so, and the tree is still the old one.
    steps = steps_of_a_whole_run(project)
    for first in range(1, steps + 1):
        killed_run(project, first)
        if "interrupted `atsgen generate`" in atsgen(*project.run("new", "--check"))[1]:
            break
    else:
        pytest.fail("no kill left a commit for the next run to finish")
    assert owned(project.out) == project.old
    shutil.copytree(project.root / "work", project.root / "killed")

    for second in range(1, MAX_STEPS):
        shutil.rmtree(project.root / "work")
        shutil.copytree(project.root / "killed", project.root / "work")
        status, _ = forked(project.run("broken", "--serial"), kill_at=second)
        if status != KILLED:  # the finishing run got past its last change: every step was tried
            assert files(project.out) == project.new
            break
        atsgen(*project.run("broken", "--serial"))
        assert files(project.out) == project.new, f"finishing, killed at change {second}"
    else:
        pytest.fail(f"finishing the commit took more than {MAX_STEPS} changes")


def test_temporary_files_left_in_the_tree_are_reported_and_removed(project: Project) -> None:
    """What earlier versions' killed or racing runs left beside their targets is not output: --check
    reports it, and the next run removes it."""
    project.reset()
    strays = [
        f"{path}{write.TEMP_SUFFIX}"
        for path in sorted(project.old)[:: max(len(project.old) // 3, 1)]
    ]
    for stray in strays:
        (project.out / stray).write_bytes(b"half a file")
    status, printed = atsgen(*project.run("old", "--check"))
    assert status == 1, printed
    for stray in strays:
        assert f"not produced by the specs: {project.out}/{stray}" in printed
    assert atsgen(*project.run("old"))[0] == 0
    assert files(project.out) == project.old


def test_a_damaged_journal_is_dropped_and_the_next_run_still_makes_the_tree_whole(
    project: Project,
) -> None:
    """A journal no run could have written (a damaged disk, a hand edit, one naming paths outside the
    folder) is not carried out: the run drops it and rewrites whatever differs from what the specs make.
    """
    steps = steps_of_a_whole_run(project)
    journal = write.side_dir(project.out) / write.JOURNAL
    for step in range(
        1, steps + 1
    ):  # the first kill that leaves a journal, moving files in half-way
        killed_run(project, step)
        if journal.exists() and owned(project.out) not in (project.old, project.new):
            break
    else:
        pytest.fail("no kill left a half-done commit")
    outside = project.root / "outside.txt"
    outside.write_text("not atsgen's")
    escape = json.dumps(
        {"stage": ".atsgen-stage-x", "moves": [], "removals": ["../../outside.txt"]}
    )
    for damaged in (b'{"stage": ', escape.encode()):
        killed_run(project, step)
        journal.write_bytes(damaged)
        status, printed = atsgen(*project.run("new", "--serial"))
        assert (status, files(project.out)) == (0, project.new), printed
        assert not journal.exists() and outside.read_text() == "not atsgen's"
