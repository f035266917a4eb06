"""Write generated/ atomically: all of a run's changes land, or none do.

Everything is rendered in memory first (`build.py`). Then `apply` writes each new or changed file to a
temporary file beside its target, and only when all of them are written does it move them into place and
delete the files that no longer correspond to a spec, with SIGINT and SIGTERM held back for those few
renames. A failure at any point before that (a full disk, a permission error, Ctrl-C) removes the temporary
files and leaves generated/ exactly as it was.

generated/ belongs to atsgen: every file in it is either produced by the current specs or removed, except
what tools leave behind (caches, build output), listed in IGNORED.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

IGNORED_DIRS = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"}
)
IGNORED_SUFFIXES = (".pyc", ".egg-info")
TEMP_SUFFIX = ".atsgen-tmp"


@dataclass
class Plan:
    """What a run changes in the output folder, relative paths in sorted order."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def written(self) -> list[str]:
        return sorted(self.created + self.changed)

    @property
    def is_noop(self) -> bool:
        return not (self.created or self.changed or self.removed)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def existing_files(out_dir: Path) -> Iterator[str]:
    """Every file atsgen owns in the output folder (relative, posix), skipping tool leftovers."""
    if not out_dir.is_dir():
        return
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = sorted(
            d for d in dirs if d not in IGNORED_DIRS and not d.endswith(IGNORED_SUFFIXES)
        )
        for name in sorted(files):
            if name.endswith(IGNORED_SUFFIXES) or name.endswith(TEMP_SUFFIX):
                continue
            yield (Path(root) / name).relative_to(out_dir).as_posix()


def plan(out_dir: Path, outputs: Mapping[str, bytes]) -> Plan:
    result = Plan()
    on_disk = set(existing_files(out_dir))
    for path in sorted(outputs):
        target = out_dir / path
        if path not in on_disk:
            result.created.append(path)
        elif target.read_bytes() != outputs[path]:
            result.changed.append(path)
        else:
            result.unchanged.append(path)
    result.removed = sorted(on_disk - set(outputs))
    return result


def _folders_to_make(out_dir: Path, relative: Path) -> list[Path]:
    """The missing folders on the way from (and including) the output folder to a file, outermost first."""
    chain = [out_dir] + [
        out_dir.joinpath(*relative.parts[: i + 1]) for i in range(len(relative.parts) - 1)
    ]
    return [folder for folder in chain if not folder.exists()]


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, so a commit is not cut in half (POSIX only)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def apply(out_dir: Path, outputs: Mapping[str, bytes], the_plan: Plan) -> None:
    """Carry out a plan; on any failure before the commit, leave the output folder as it was."""
    staged: list[tuple[Path, Path]] = []
    made_dirs: list[Path] = []
    try:
        for path in the_plan.written:
            target = out_dir / path
            for directory in _folders_to_make(out_dir, Path(path)):
                directory.mkdir()
                made_dirs.append(directory)
            temp = target.with_name(target.name + TEMP_SUFFIX)
            with open(temp, "wb") as handle:
                staged.append((temp, target))
                handle.write(outputs[path])
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        for made in reversed(made_dirs):
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    with _signals_deferred():
        for temp, target in staged:
            os.replace(temp, target)
        for path in the_plan.removed:
            (out_dir / path).unlink(missing_ok=True)
        _remove_empty_dirs(out_dir, the_plan.removed)


def _remove_empty_dirs(out_dir: Path, removed: list[str]) -> None:
    candidates = {
        parent
        for path in removed
        for parent in (out_dir / path).parents
        if out_dir in parent.parents
    }
    for directory in sorted(candidates, key=lambda p: len(p.parts), reverse=True):
        leftovers = [p for p in directory.iterdir()] if directory.is_dir() else []
        if directory.is_dir() and all(p.name in IGNORED_DIRS for p in leftovers):
            for leftover in leftovers:
                _remove_tree(leftover)
            directory.rmdir()


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)
