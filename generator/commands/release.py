"""`atsgen release [--base REV|PATH] [--bump PART]`: give the specs, and the SDK generated from them, an SDK
version.

Compares the specs with those of the last release in the record (`specs/releases.json`, see
`generator/diff/releases.py`), classifies the changes with the `atsgen diff` machinery, bumps the version by
the most serious one (breaking: major, or minor while below 1.0; compatible: minor; documentation or none:
patch) and appends the release, with its changes, to the record. When the specs mean what they meant but the
generated SDK changed (a generator, template or runtime change), the release is a patch, or what `--bump`
says, and lists the generated files that changed. `atsgen generate` then renders the version and
CHANGELOG.md from the record. Without a record, the first release (0.1.0) records the specs as they are.

The last release's specs are found in git history: the newest commit whose specs have the release's digest
(HEAD first). `--base` names them instead: a git revision, or a folder holding a copy of them.

Exit status: 0 released (or nothing to release); 1 the specs have errors; 2 usage errors, a record that cannot
be read, the last release's specs not found, and a base that does not load.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator import default_paths
from generator.commands import EXIT_FOUND, EXIT_OK, EXIT_USAGE, Subparsers, UsageError

if TYPE_CHECKING:
    from generator.diff.changes import Change
    from generator.diff.releases import History, Release
    from generator.diff.sources import LoadedSide, Side

HISTORY_DEPTH = 500
"""How many commits that touched the specs are searched for the last release's specs."""
CHOSEN_BUMPS = ("patch", "minor", "major")
"""What --bump may ask for, least serious first (`releases.next_release`'s `at_least`)."""


def register(commands: Subparsers[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "release",
        help="record a new SDK version for the specs and the SDK generated from them, from the spec diff",
        description="Compare the specs with those of the last release in SPECS/releases.json (found in git "
        "history by their digest, or given with --base), bump the version by the most serious change "
        "(breaking: major, or minor below 1.0; compatible: minor; documentation: patch) and append the "
        "release with its changes to the record. When only the generated SDK changed (the generator, "
        "its templates or runtime), the release is a patch, or what --bump says, and lists the generated "
        "files that changed. Then run `atsgen generate` and commit both. Without a record, the first "
        "release (0.1.0) records the specs as they are.",
    )
    parser.add_argument(
        "--base",
        metavar="REV|PATH",
        help="the last release's specs: a git revision or a folder (default: found in git history)",
    )
    parser.add_argument(
        "--specs-dir",
        type=Path,
        default=default_paths.SPECS_DIR,
        metavar="DIR",
        help="where specs and their release record live (default: specs)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=default_paths.OUT_DIR,
        metavar="DIR",
        help="where `atsgen generate` writes the SDK (default: generated); the release records a digest "
        "of what it generates",
    )
    parser.add_argument(
        "--bump",
        choices=CHOSEN_BUMPS,
        help="bump at least this part: for a change the spec diff cannot judge, such as a generator "
        "change (patch by default) that callers notice",
    )
    parser.add_argument(
        "--version",
        # Not `version`: that name is the top-level `atsgen --version` action's.
        dest="release_version",
        metavar="X.Y.Z",
        help="release as this version instead (1.0.0 to promise stability); at least the version the "
        "changes call for, so a breaking change cannot be released as a patch",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the release; write nothing")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from generator.diff import releases, sources

    path = releases.record_path(args.specs_dir)
    try:
        history = releases.read(path)
    except releases.ReleaseRecordError as exc:
        raise UsageError(str(exc)) from None
    head = sources.working_tree(args.specs_dir)
    inputs = _inputs(args.specs_dir)
    if history is None:
        return _first_release(args, path, head, inputs)
    if not history.last.covers_specs(inputs):
        return _next_release(args, path, history, head, inputs)
    files = _output_files(args, history.version)
    if files is None:
        return EXIT_FOUND
    if releases.output_digest(files) == history.last.output_digest:
        print(
            f"atsgen release: {args.specs_dir}/ and the SDK generated from it are as released in "
            f"{history.version}: nothing to release"
        )
        return EXIT_OK
    return _generator_release(args, path, history, inputs, files)


def _inputs(specs_dir: Path) -> list[tuple[str, bytes]]:
    from generator.diff import releases
    from generator.load import SpecReadError

    try:
        return releases.release_inputs(specs_dir)
    except SpecReadError as exc:
        raise UsageError(f"cannot read {specs_dir}/: {exc}") from None


def _output_files(args: argparse.Namespace, version: str) -> dict[str, str] | None:
    """Each generated file's digest, for the specs as they are and the generator as it is (rendered in
    memory, with the cache `atsgen generate` keeps; nothing is written). None: the specs have errors.
    """
    from generator import cache, pipeline
    from generator.diagnostics import render_all
    from generator.diff import releases
    from generator.render import RenderError

    try:
        result = pipeline.run(args.specs_dir, args.out, check=True, cache=cache.Cache())
    except RenderError as exc:
        print(f"atsgen release: {exc}; nothing released", file=sys.stderr)
        return None
    if result.failed:
        print(render_all(result.diagnostics.errors, result.sources), file=sys.stderr)
        print("atsgen release: the specs have errors; nothing released", file=sys.stderr)
        return None
    return releases.output_files(pipeline.expected_outputs(result, args.out), version)


def _first_release(
    args: argparse.Namespace, path: Path, head: Side, inputs: list[tuple[str, bytes]]
) -> int:
    """No record yet: the specs as they are become the first release (there is nothing to compare)."""
    from generator.diff import releases, sources

    if not _loads(sources.load_side(head), "the specs"):
        return EXIT_FOUND
    files = _output_files(args, releases.UNRELEASED_VERSION)
    if files is None:
        return EXIT_FOUND
    version = releases.FIRST_VERSION
    if args.release_version is not None:
        version = _valid(args.release_version)
    release = releases.Release(
        version,
        "first",
        releases.specs_digest(inputs),
        output_digest=releases.output_digest(files),
        output_files=files,
    )
    return _write(args, path, releases.History((release,)), [])


def _next_release(
    args: argparse.Namespace,
    path: Path,
    history: History,
    head: Side,
    inputs: list[tuple[str, bytes]],
) -> int:
    """The specs changed since the last release: diff them against its specs and bump by the changes."""
    from generator.diff import compare, sources

    base = _base(args.base, history, args.specs_dir)
    loaded_base, loaded_head = sources.load_side(base), sources.load_side(head)
    if not _loads(loaded_base, f"the specs of {history.version}"):
        return EXIT_USAGE
    if not _loads(loaded_head, "the specs"):
        return EXIT_FOUND
    files = _output_files(args, history.version)
    if files is None:
        return EXIT_FOUND
    changes = compare.compare(loaded_base.loaded.vendors, loaded_head.loaded.vendors)
    release = _release(args, history, inputs, files, changes)
    return _write(args, path, history.with_release(release), changes)


def _generator_release(
    args: argparse.Namespace,
    path: Path,
    history: History,
    inputs: list[tuple[str, bytes]],
    files: dict[str, str],
) -> int:
    """The specs mean what they meant, but the SDK generated from them changed: the generator, its
    templates or the runtime did. No spec diff judges that: a patch, unless --bump says more."""
    if args.base is not None:
        # Checked as for a spec release, so that a wrong --base is never silently ignored.
        _base(args.base, history, args.specs_dir)
    return _write(args, path, history.with_release(_release(args, history, inputs, files, [])), [])


def _release(
    args: argparse.Namespace,
    history: History,
    inputs: list[tuple[str, bytes]],
    files: dict[str, str],
    changes: list[Change],
) -> Release:
    """The next release: its version from the changes (and --bump, --version), its digests, and the
    generated files it changes (when the last release recorded its own)."""
    from generator.diff import releases

    version, bump = releases.next_release(history.version, changes, args.bump or "patch")
    if args.release_version is not None:
        version, bump = _chosen(args.release_version, version, history.version)
    last = history.last.output_files
    return releases.Release(
        version,
        bump,
        releases.specs_digest(inputs),
        tuple(changes),
        output_digest=releases.output_digest(files),
        output_files=files,
        generated={} if last is None else releases.file_changes(last, files),
    )


def _valid(version: str) -> str:
    from generator.diff import releases

    try:
        releases.parse_version(version)
    except ValueError as exc:
        raise UsageError(f"--version: {exc}") from None
    return version


def _chosen(version: str, needed: str, last: str) -> tuple[str, str]:
    """A version asked for with --version, and the part of `last` it bumps."""
    from generator.diff import releases

    asked = releases.parse_version(_valid(version))
    if asked < releases.parse_version(needed):
        raise UsageError(
            f"--version {version} is below {needed}, the version these changes call for after {last}"
        )
    before = releases.parse_version(last)
    return version, (
        "major" if asked[0] != before[0] else "minor" if asked[1] != before[1] else "patch"
    )


def _base(argument: str | None, history: History, specs_dir: Path) -> Side:
    """The last release's specs: as given, or the newest commit in git history with their digest."""
    from generator.diff import releases, sources

    if argument is not None:
        side = sources.resolve(argument, None, specs_dir)[0]
        if not history.last.covers_specs(_given_inputs(argument, side, specs_dir)):
            raise UsageError(
                f"{argument} does not hold the specs of release {history.version} (their digest differs)"
            )
        return side
    try:
        git = sources.Git.here(None)
    except UsageError:
        raise UsageError(
            f"no git repository here to find the specs of release {history.version} in: give them "
            "with --base (a folder holding a copy)"
        ) from None
    head = git.commit("HEAD")
    touched = git.run("rev-list", f"--max-count={HISTORY_DEPTH}", "HEAD", "--", str(specs_dir))
    for commit in dict.fromkeys([head, *touched.decode().split()]):
        if history.last.covers_specs(git.tree_files(commit, specs_dir, releases.is_release_input)):
            return git.side(commit, f"release {history.version}", specs_dir, shown=commit[:10])
    raise UsageError(
        f"the specs of release {history.version} are not in HEAD or the last {HISTORY_DEPTH} commits "
        f"that touched {specs_dir}/: give them with --base (a git revision, or a folder holding a copy)"
    )


def _given_inputs(argument: str, side: Side, specs_dir: Path) -> list[tuple[str, bytes]]:
    """What --base holds, named as `releases.release_inputs` names them: a folder's specs and unified
    declarations, one spec file, or those of a git revision."""
    from generator.diff import releases, sources
    from generator.load import folder_problem

    given = Path(argument)
    if folder_problem(given) is None:
        return _inputs(given)
    if side.single_file:
        return [(given.name, side.files[0].data)]
    git = sources.Git.here(argument)
    return git.tree_files(git.commit(argument), specs_dir, releases.is_release_input)


def _loads(side: LoadedSide, what: str) -> bool:
    from generator.diagnostics import render_all

    if side.loaded.ok:
        return True
    errors = side.loaded.diagnostics.errors
    plural = "" if len(errors) == 1 else "s"
    print(
        f"atsgen release: {what} ({side.side.label}): {len(errors)} spec error{plural}; nothing released",
        file=sys.stderr,
    )
    print(render_all(errors, side.loaded.sources), file=sys.stderr)
    return False


def _write(args: argparse.Namespace, path: Path, history: History, changes: list[Change]) -> int:
    from generator.diff import report

    release = history.last
    if len(history.releases) == 1:
        what = f"{release.version} (first release)"
    else:
        previous = history.releases[-2].version
        spec_changes = report.summary(changes) if changes else "no spec change for callers"
        what = f"{previous} -> {release.version} ({release.bump}: {spec_changes}{_files(release)})"
    if args.dry_run:
        print(f"atsgen release: would release {what}; nothing written (--dry-run)")
        return EXIT_OK
    _replace(path, history.to_bytes())
    print(
        f"atsgen release: {what}; recorded in {path}. Now run `atsgen generate` (the version and "
        "CHANGELOG.md) and commit both."
    )
    return EXIT_OK


def _files(release: Release) -> str:
    """What the release says of the generated files, for the summary line."""
    if not release.generated:
        return ""
    counts = ", ".join(f"{len(paths)} {kind}" for kind, paths in release.generated.items())
    return f"; generated files: {counts}"


def _replace(path: Path, data: bytes) -> None:
    """Write the record whole or not at all: a half-written record would fail every later check."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
