"""Write generated/ atomically: all of a run's changes land or none do, also under concurrent runs and kills.

Everything is rendered in memory first (`build.py`); this module puts it on disk.

- One run at a time. A run holds the lock `.generated.atsgen/lock`, beside the output folder, for its whole
  length (`locked`): exclusive to write, shared to `--check`. A second run waits for the first, told which
  process holds the lock; a killed run's lock is released by the kernel.
- A commit survives a kill at any instant. `apply` stages every new or changed file under
  `generated/.atsgen-stage-<run>/`, fsynced, then writes the journal (`.generated.atsgen/journal`: the files
  to move in and the files to remove) with one atomic rename. That rename is the commit point. Then it moves
  the staged files into place, removes the files no spec produces and deletes the journal. A run killed before
  the commit point has left generated/ as it was; a run killed after it has left its journal, which the next
  run carries out to the end before anything else (`recover`): the tree ends wholly new. Staging that killed
  runs left behind is removed then too.
- A failure before the commit point (a full disk, a permission error, Ctrl-C) removes the staging and leaves
  generated/ exactly as it was. SIGINT and SIGTERM wait while a journal is written and carried out.

generated/ belongs to atsgen: every file in it is either produced by the current specs or removed, except
what tools leave behind (caches, build output), listed in IGNORED.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

if sys.platform != "win32":
    import fcntl

IGNORED_DIRS = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"}
)
IGNORED_SUFFIXES = (".pyc", ".egg-info")
TEMP_SUFFIX = ".atsgen-tmp"
"""Ends the name of every staged file, so that no tool reading generated/ takes one for a module."""
STAGE_PREFIX = ".atsgen-stage-"
"""Starts the name of a run's staging folder, inside the output folder: on its file system, so that moving a
staged file into place is one atomic rename."""
SIDE_SUFFIX = ".atsgen"
JOURNAL = "journal"
LOCK = "lock"


class UnfinishedCommit(Exception):
    """A commit passed its commit point but could not be carried out to the end; the next run finishes it."""

    def __init__(self, cause: OSError) -> None:
        reason = cause.strerror or str(cause)
        super().__init__(f"{reason}: {cause.filename}" if cause.filename else reason)
        self.cause = cause


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


# NamedTuples rather than dataclasses here: this module is imported on the no-change fast path, and a
# NamedTuple costs a fifth of a dataclass to define.
class Recovery(NamedTuple):
    """What finishing an interrupted run's commit did to the output folder."""

    moved: int
    removed: int


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def existing_files(out_dir: Path) -> Iterator[str]:
    """Every file atsgen owns in the output folder (relative, posix), skipping tool leftovers and staging.

    A stray `*.atsgen-tmp` file (left by atsgen versions that staged beside their targets) is listed: it
    is not produced by the specs, so --check reports it and the next run removes it.
    """
    if not out_dir.is_dir():
        return
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if not _ignored_dir(d))
        for name in sorted(files):
            if name.endswith(IGNORED_SUFFIXES):
                continue
            yield (Path(root) / name).relative_to(out_dir).as_posix()


def _ignored_dir(name: str) -> bool:
    return name in IGNORED_DIRS or name.endswith(IGNORED_SUFFIXES) or name.startswith(STAGE_PREFIX)


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


# -- the lock ------------------------------------------------------------------------------------------------


def side_dir(out_dir: Path) -> Path:
    """atsgen's own folder beside the output folder, for the lock and the journal (`.generated.atsgen/`).

    Beside, not inside: taking the lock creates nothing in the output folder, and `rm -rf generated` during
    a run does not remove the lock that other runs wait on.
    """
    absolute = Path(os.path.abspath(out_dir))
    return absolute.parent / f".{absolute.name}{SIDE_SUFFIX}"


@contextlib.contextmanager
def locked(
    out_dir: Path, *, exclusive: bool, on_wait: Callable[[int | None], None]
) -> Iterator[bool]:
    """Hold the output folder's lock for the block: exclusive to write the folder, shared to read it.

    When another run holds it, `on_wait` is told that run's process id (None when unknown) before this one
    waits. Yields whether the lock is held: a shared lock is not taken when there is no lock file, because
    a reader writes nothing, not even a lock file (see `lock_exists`).
    """
    side = side_dir(out_dir)
    descriptor = _open_lock_to_write(side) if exclusive else _open_lock_to_read(side)
    held = False
    try:
        if descriptor is not None:
            _acquire(descriptor, exclusive=exclusive, on_wait=on_wait)
            held = True
        yield held
    finally:
        if descriptor is not None:
            if exclusive and held:
                # The next waiter must not name this process once it has let go.
                with contextlib.suppress(OSError):
                    os.ftruncate(descriptor, 0)
            os.close(descriptor)  # releases the lock


def lock_exists(out_dir: Path) -> bool:
    """Whether any writing run has ever taken the lock (it creates the lock file before it writes)."""
    return (side_dir(out_dir) / LOCK).exists()


def _open_lock_to_write(side: Path) -> int:
    _make_side_dir(side)
    return os.open(side / LOCK, os.O_RDWR | os.O_CREAT, 0o666)


def _open_lock_to_read(side: Path) -> int | None:
    try:
        return os.open(side / LOCK, os.O_RDONLY)
    except OSError:
        return None


def _make_side_dir(side: Path) -> None:
    if side.is_dir():
        return
    try:
        # parents: an output folder may be new, in a folder that is new too (`--out build/sdk`).
        side.mkdir(parents=True)
    except FileExistsError:
        return
    # Like .pytest_cache: ignored by git in any repository, without an entry in its .gitignore.
    (side / ".gitignore").write_text("*\n", encoding="utf-8")


def _acquire(descriptor: int, *, exclusive: bool, on_wait: Callable[[int | None], None]) -> None:
    # POSIX record locks (lockf), not flock: a lockf lock belongs to this process alone, so the render
    # workers it forks never hold it, and the kernel releases it the instant this process dies.
    if sys.platform == "win32":  # pragma: no cover - no lockf: runs are not serialized there
        return
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        fcntl.lockf(descriptor, mode | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EAGAIN):
            raise
        on_wait(_holder(descriptor))
        fcntl.lockf(descriptor, mode)
    if exclusive:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)


def _holder(descriptor: int) -> int | None:
    """The process that holds the lock to write, as it recorded itself; None when that is not known.

    Runs that hold it to read (--check) record nothing, and a killed writer's record outlives it: a
    recorded process that no longer exists is not named.
    """
    try:
        pid = int(os.pread(descriptor, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return None
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except PermissionError:
        return pid  # alive, another user's
    except OSError:
        return None
    return pid


# -- the commit ----------------------------------------------------------------------------------------------


class Journal(NamedTuple):
    """A commit past its commit point: where its files are staged, what to move in, what to remove."""

    stage: str
    moves: tuple[str, ...]
    removals: tuple[str, ...]

    def dump(self) -> bytes:
        import json

        data = {"stage": self.stage, "moves": self.moves, "removals": self.removals}
        return json.dumps(data, indent=1).encode("utf-8")

    @classmethod
    def parse(cls, raw: bytes) -> Journal | None:
        """The journal in `raw`; None when it is not one this module wrote (or names a path outside)."""
        import json

        try:
            data = json.loads(raw)
            stage, moves, removals = data["stage"], _paths(data["moves"]), _paths(data["removals"])
        except (ValueError, TypeError, KeyError):
            return None
        if not (isinstance(stage, str) and stage.startswith(STAGE_PREFIX) and "/" not in stage):
            return None
        if moves is None or removals is None:
            return None
        return cls(stage, moves, removals)


def _paths(value: object) -> tuple[str, ...] | None:
    """`value` as a journal's list of paths, each relative and inside the output folder; else None."""
    if not isinstance(value, list) or not all(_is_inside(path) for path in value):
        return None
    return tuple(value)


def _is_inside(path: object) -> bool:
    if not isinstance(path, str) or not path:
        return False
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts


def apply(out_dir: Path, outputs: Mapping[str, bytes], the_plan: Plan) -> None:
    """Carry out a plan, holding the exclusive lock; on any failure before the commit point, leave the
    output folder as it was. A failure after it raises UnfinishedCommit."""
    run = f"{os.getpid()}-{os.urandom(4).hex()}"
    stage = out_dir / f"{STAGE_PREFIX}{run}"
    journal = Journal(stage.name, tuple(the_plan.written), tuple(the_plan.removed))
    side = side_dir(out_dir)
    temp = side / f"{JOURNAL}.{run}.tmp"
    made_out_dir = not out_dir.exists()

    def discard() -> None:
        temp.unlink(missing_ok=True)
        _remove_tree(stage)
        if made_out_dir:
            with contextlib.suppress(OSError):
                out_dir.rmdir()

    try:
        _make_side_dir(side)
        _stage(stage, outputs, journal.moves)
        _write_synced(temp, journal.dump())
    except BaseException:
        discard()
        raise
    with _signals_deferred():
        try:
            os.replace(temp, side / JOURNAL)  # the commit point
        except BaseException:
            discard()
            raise
        # Past the commit point the staging belongs to the journal: nothing here may discard it.
        _finish(out_dir, journal)


def recover(out_dir: Path) -> Recovery | None:
    """Before a run writes (holding the exclusive lock): finish the commit a killed run left, if any, and
    remove the staging of runs killed before their commit point."""
    side = side_dir(out_dir)
    journal = _read_journal(side / JOURNAL)
    recovery = None
    if journal is not None:
        with _signals_deferred():
            recovery = _finish(out_dir, journal)
    _remove_leftovers(out_dir, side)
    return recovery


def unfinished_commit(out_dir: Path) -> bool:
    """Whether a killed run left a commit that the next run must finish."""
    return (side_dir(out_dir) / JOURNAL).exists()


def _read_journal(path: Path) -> Journal | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    journal = Journal.parse(raw)
    if journal is None:
        # Only a damaged disk or a hand edit makes a journal unreadable. Dropping it is safe: the run goes
        # on to rewrite every file that differs from what the specs produce.
        path.unlink()
    return journal


def _stage(stage: Path, outputs: Mapping[str, bytes], paths: Sequence[str]) -> None:
    """Write and fsync every file to move in, flat under `stage` (one folder: one mkdir, one fsync)."""
    stage.mkdir(parents=True)
    for index, path in enumerate(paths):
        with open(_staged(stage, index), "wb") as handle:
            handle.write(outputs[path])
            handle.flush()
            os.fsync(handle.fileno())
    _fsync_dir(stage)
    _fsync_dir(stage.parent)
    _fsync_dir(stage.parent.parent)  # the output folder may have been created just now


def _staged(stage: Path, index: int) -> Path:
    """Where the journal's `index`th file to move in is staged."""
    return stage / f"{index}{TEMP_SUFFIX}"


def _write_synced(path: Path, content: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _finish(out_dir: Path, journal: Journal) -> Recovery:
    """Carry a journal out to the end. Every step can be done again, so after a kill the next run simply
    starts over: a staged file that is gone was moved, a removed file that is gone was removed."""
    try:
        stage = out_dir / journal.stage
        moved = 0
        for index, path in enumerate(journal.moves):
            source = _staged(stage, index)
            if not os.path.lexists(source):
                continue
            target = out_dir / path
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
            os.replace(source, target)
            moved += 1
        removed = 0
        for path in journal.removals:
            with contextlib.suppress(FileNotFoundError):
                (out_dir / path).unlink()
                removed += 1
        _remove_empty_dirs(out_dir, list(journal.removals))
        for folder in _folders_of(out_dir, journal.moves + journal.removals):
            _fsync_dir(folder)
        _remove_tree(stage)
        side = side_dir(out_dir)
        (side / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(side)
    except OSError as exc:
        raise UnfinishedCommit(exc) from exc
    return Recovery(moved, removed)


def _remove_leftovers(out_dir: Path, side: Path) -> None:
    """Remove the staging of killed runs; only called with the exclusive lock, when no other run stages."""
    if out_dir.is_dir():
        for entry in os.scandir(out_dir):
            if entry.name.startswith(STAGE_PREFIX) and entry.is_dir(follow_symlinks=False):
                _remove_tree(Path(entry.path))
    for entry in os.scandir(side):
        if entry.name.startswith(f"{JOURNAL}.") and entry.name.endswith(".tmp"):
            os.unlink(entry.path)


def _folders_between(top: Path, path: Path) -> list[Path]:
    """The folders from `top` (excluded) down to the one that holds `path`."""
    return [folder for folder in path.parents if top in folder.parents]


def _folders_of(out_dir: Path, paths: Iterable[str]) -> list[Path]:
    """Every existing folder on the way to `paths`, the output folder included, deepest first."""
    folders = {out_dir}
    for path in paths:
        folders.update(_folders_between(out_dir, out_dir / path))
    existing = [folder for folder in folders if folder.is_dir()]
    return sorted(existing, key=lambda f: (-len(f.parts), f))


def _fsync_dir(folder: Path) -> None:
    """Make a folder's entries (files created, renamed or removed in it) durable."""
    if (
        sys.platform == "win32"
    ):  # pragma: no cover - a folder cannot be opened there; NTFS logs entries
        return
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    except OSError as exc:
        # Some file systems cannot sync a folder; what survives a crash there is up to them.
        if exc.errno != errno.EINVAL:
            raise
    finally:
        os.close(descriptor)


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
    import shutil  # here: a run with nothing to write should not pay for this import

    shutil.rmtree(path, ignore_errors=True)
