"""Read the two sides of a comparison: specs at a git revision, in the working tree, or at given paths.

A side is a set of spec files (display name and bytes). A git revision is read with `git ls-tree` and
`git show REV:specs/x.yaml`, never by checking anything out; the working tree is read from the specs folder;
a path is one spec file or a folder of specs. Then each side is loaded into the IR with its diagnostics, so
a spec that does not load is reported as that side's error, with the loader's messages.

Every problem with the arguments (an unknown revision, no git, a missing folder) is a `UsageError`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.commands import UsageError
from generator.load import (
    MAX_SPEC_BYTES,
    NO_SUCH_FILE,
    NO_SUCH_FOLDER,
    Loaded,
    SpecReadError,
    discover,
    display_name,
    file_problem,
    folder_problem,
    load_files,
    read_spec,
)
from generator.unified.load import declaration_files
from generator.unified.model import Unified

MAIN_BRANCHES = ("main", "origin/main", "master")
"""Where the default BASE comes from: the merge base of HEAD with the first of these that exists."""


@dataclass(frozen=True)
class SpecFile:
    name: str
    """As reports show it: `specs/paradox.yaml`, or `main:specs/paradox.yaml` at a revision."""
    data: bytes


@dataclass(frozen=True)
class Side:
    label: str
    """What a reader is told this side is: `main (merge base 1a2b3c4d5e)`, `working tree`, `old/specs`."""
    files: tuple[SpecFile, ...]
    single_file: bool = False
    """Given as one spec file: the comparison is limited to the vendors of such sides."""
    unified: tuple[SpecFile, ...] = ()
    """The unified declarations beside the specs (`unified/candidate.yaml`, `unified/mappings/*.yaml`)."""


@dataclass(frozen=True)
class LoadedSide:
    side: Side
    loaded: Loaded
    unified: Unified | None = None


def resolve(base: str | None, head: str | None, specs_dir: Path) -> tuple[Side, Side]:
    """The two sides named on the command line (see `atsgen diff --help`)."""
    if base is None:
        git = Git.here()
        branch, commit = git.merge_base_with_main()
        return git.side(
            commit, f"merge base of HEAD and {branch} ({commit[:10]})", specs_dir
        ), working_tree(specs_dir)
    before = _side(base, specs_dir)
    after = working_tree(specs_dir) if head is None else _side(head, specs_dir)
    return before, after


def _side(argument: str, specs_dir: Path) -> Side:
    """A path when one exists by that name, else a git revision."""
    path = Path(argument)
    problem = file_problem(path)
    if problem is None or folder_problem(path) is None:
        return from_path(path)
    # Something is there, or the name cannot even be looked up (too long): not a revision's name either.
    if problem != NO_SUCH_FILE:
        raise UsageError(f"cannot read {argument}: {problem}")
    if argument.startswith("-"):
        raise UsageError(f"{argument!r} is neither a spec path nor a git revision")
    git = Git.here(argument)
    return git.side(git.commit(argument), argument, specs_dir, shown=argument)


def working_tree(specs_dir: Path) -> Side:
    problem = folder_problem(specs_dir)
    if problem == NO_SUCH_FOLDER:
        raise UsageError(f"no specs folder {specs_dir}/")
    if problem is not None:
        raise UsageError(f"cannot read the specs folder {specs_dir}/: {problem}")
    return Side(
        "working tree",
        tuple(_read(path) for path in discover(specs_dir)),
        unified=_unified_files(specs_dir),
    )


def from_path(path: Path) -> Side:
    if path.is_dir():
        specs = discover(path)
        if not specs:
            raise UsageError(f"no specs (*.yaml) in {path}/")
        return Side(
            display_name(path), tuple(_read(spec) for spec in specs), unified=_unified_files(path)
        )
    return Side(display_name(path), (_read(path),), single_file=True)


def _unified_files(specs_dir: Path) -> tuple[SpecFile, ...]:
    if folder_problem(specs_dir / "unified") is not None:
        return ()
    return tuple(_read(path) for path in declaration_files(specs_dir / "unified"))


def _read(path: Path) -> SpecFile:
    try:
        return SpecFile(display_name(path), read_spec(path))
    except SpecReadError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None


class Git:
    """Read-only git queries in the repository around the working folder."""

    def __init__(self, top: Path) -> None:
        self.top = top

    @classmethod
    def here(cls, revision: str | None = None) -> Git:
        asked = f"{revision!r} is not a spec path, and " if revision is not None else ""
        try:
            top = _run(["git", "rev-parse", "--show-toplevel"], Path.cwd()).decode("utf-8").strip()
        except _GitFailed:
            raise UsageError(
                f"{asked}this is not a git repository: give two spec paths (files or folders)"
            ) from None
        return cls(Path(top))

    def run(self, *args: str) -> bytes:
        return _run(["git", *args], self.top)

    def commit(self, revision: str) -> str:
        try:
            return (
                self.run(
                    "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
                )
                .decode()
                .strip()
            )
        except _GitFailed:
            raise UsageError(f"unknown revision {revision!r} (and no such spec path)") from None

    def merge_base_with_main(self) -> tuple[str, str]:
        head = self.commit("HEAD")
        for branch in MAIN_BRANCHES:
            try:
                self.run(
                    "rev-parse", "--verify", "--quiet", "--end-of-options", f"{branch}^{{commit}}"
                )
            except _GitFailed:
                continue
            try:
                return branch, self.run("merge-base", head, branch).decode().strip()
            except _GitFailed:
                raise UsageError(f"HEAD and {branch} have no common history: give BASE") from None
        raise UsageError(
            f"no main branch to compare with (tried {', '.join(MAIN_BRANCHES)}): give BASE"
        )

    def side(self, commit: str, label: str, specs_dir: Path, *, shown: str | None = None) -> Side:
        """The specs in `specs_dir` at a commit (`shown`: how file names cite the revision)."""
        prefix = self._prefix(specs_dir)
        try:
            return self._side(commit, label, prefix, shown)
        except _GitFailed as exc:
            raise UsageError(f"cannot read the specs at {shown or commit[:10]}: {exc}") from None

    def tree_files(
        self, commit: str, specs_dir: Path, wanted: Callable[[str], bool]
    ) -> list[tuple[str, bytes]]:
        """Every file under `specs_dir` at a commit, at any depth, whose path inside it is `wanted`, as
        (that path, bytes): what `atsgen release` digests, which includes specs/unified/."""
        prefix = self._prefix(specs_dir)
        try:
            listing = self.run(
                "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", prefix or "."
            )
            files = []
            for entry in listing.split(b"\0"):
                meta, _, name_bytes = entry.partition(b"\t")
                name = name_bytes.decode("utf-8", errors="replace").removeprefix(prefix)
                if not entry or not wanted(name):
                    continue
                if int(meta.split()[3]) > MAX_SPEC_BYTES:
                    raise UsageError(f"{commit[:10]}:{prefix}{name} is larger than any spec")
                files.append((name, self.run("show", f"{commit}:{prefix}{name}")))
        except _GitFailed as exc:
            raise UsageError(f"cannot read the specs at {commit[:10]}: {exc}") from None
        return files

    def _prefix(self, specs_dir: Path) -> str:
        try:
            folder = specs_dir.resolve().relative_to(self.top.resolve()).as_posix()
        except ValueError:
            raise UsageError(
                f"the specs folder {specs_dir}/ is outside the git repository {self.top}"
            ) from None
        return "" if folder == "." else folder + "/"

    def _side(self, commit: str, label: str, prefix: str, shown: str | None) -> Side:
        files = self._files(commit, prefix or ".", shown)
        unified = self._files(commit, f"{prefix}unified/", shown, recursive=True)
        return Side(
            label if shown is None else f"{label} ({commit[:10]})",
            tuple(sorted(files, key=lambda f: f.name)),
            unified=tuple(sorted(unified, key=lambda f: f.name)),
        )

    def _files(
        self, commit: str, folder: str, shown: str | None, *, recursive: bool = False
    ) -> list[SpecFile]:
        """The `.yaml` blobs in `folder` at `commit` (and in its subfolders, with `recursive`)."""
        # -l: each blob's size, so a huge one is refused before `git show` reads it into memory.
        flags = ("-r",) if recursive else ()
        listing = self.run("ls-tree", "-z", "-l", *flags, "--full-tree", commit, "--", folder)
        files = []
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, name_bytes = entry.partition(b"\t")
            name = name_bytes.decode("utf-8", errors="replace")
            _mode, kind, _object, size = meta.split()
            if kind != b"blob" or not name.endswith(".yaml"):
                continue
            if int(size) > MAX_SPEC_BYTES:
                raise UsageError(
                    f"{shown or commit[:10]}:{name} is larger than {MAX_SPEC_BYTES // 2**20} MB, far more "
                    "than any spec"
                )
            data = self.run("show", f"{commit}:{name}")
            files.append(SpecFile(f"{shown or commit[:10]}:{name}", data))
        return files


class _GitFailed(Exception):
    pass


def _run(command: list[str], cwd: Path) -> bytes:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed: give two spec paths (files or folders)") from None
    if result.returncode != 0:
        raise _GitFailed(result.stderr.decode("utf-8", errors="replace").strip())
    return result.stdout


def load_side(side: Side) -> LoadedSide:
    """Load every spec of a side, and its unified declarations; problems become the side's diagnostics
    (no vendor for a broken spec)."""
    from generator.diff import unified

    loaded = load_files((spec.name, spec.data) for spec in side.files)
    declared = unified.load_side(side.unified, loaded) if loaded.ok else None
    return LoadedSide(side, loaded, declared)
