"""`atsgen generate [--check]`: regenerate generated/ from specs/, or check it is up to date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator import default_paths
from generator.commands import EXIT_FOUND, EXIT_OK, Subparsers, UsageError

if TYPE_CHECKING:
    from generator.pipeline import Result
    from generator.write import Recovery


def register(commands: Subparsers[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "generate",
        help="regenerate generated/ from the specs (or --check it)",
        description="Render every spec in specs/ into generated/: validators, models, JSON Schemas, docs. "
        "Writes atomically (all or nothing) and only what changed; prints one summary line. One run at a "
        "time: a second run waits for the first, saying which process it waits for. With --check, "
        "writes nothing and exits 1 when generated/ is stale or was edited by hand.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and list the files that differ"
    )
    parser.add_argument(
        "--diff", action="store_true", help="with --check, show the start of each file's diff"
    )
    parser.add_argument(
        "--specs-dir",
        type=Path,
        default=default_paths.SPECS_DIR,
        help="where specs live (default: specs)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=default_paths.OUT_DIR,
        help="the output folder (default: generated)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="render everything; neither read nor write the cache",
    )
    parser.add_argument(
        "--serial", action="store_true", help="render in this process only (no worker processes)"
    )
    parser.set_defaults(handler=run)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _os_error(exc: OSError) -> str:
    return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else f"{exc.strerror or exc}"


def run(args: argparse.Namespace) -> int:
    from generator import cache, pipeline, write
    from generator.diagnostics import render_all
    from generator.load import NO_SUCH_FOLDER, discover, folder_problem, unreadable_specs
    from generator.render import RenderError

    problem = folder_problem(args.specs_dir)
    if problem == NO_SUCH_FOLDER:
        raise UsageError(f"no specs folder {args.specs_dir}/")
    if problem is not None:
        raise UsageError(f"cannot read the specs folder {args.specs_dir}/: {problem}")
    unreadable = unreadable_specs(discover(args.specs_dir))
    if unreadable:
        raise UsageError("; ".join(unreadable))

    command = "atsgen generate --check" if args.check else "atsgen generate"
    recovered: list[write.Recovery] = []

    def waiting(pid: int | None) -> None:
        holder = f"atsgen process {pid}" if pid is not None else "another atsgen run"
        print(
            f"{command}: {args.out}/ is locked by {holder}; waiting for it to finish",
            file=sys.stderr,
        )

    def finished_commit(recovery: write.Recovery) -> None:
        recovered.append(recovery)
        print(
            f"atsgen generate: finished the commit of an interrupted run in {args.out}/ "
            f"({_count(recovery.moved, 'file')} moved into place, {recovery.removed} removed)"
        )

    try:
        result = pipeline.run(
            args.specs_dir,
            args.out,
            check=args.check,
            cache=None if args.no_cache else cache.Cache(),
            parallel=not args.serial,
            on_wait=waiting,
            on_recovered=finished_commit,
        )
    except RenderError as exc:
        print(f"atsgen generate: {exc}; {_untouched(args.out, recovered)}")
        return EXIT_FOUND
    except write.UnfinishedCommit as exc:
        print(
            f"atsgen generate: cannot finish writing {args.out}/ ({exc}); "
            "the next `atsgen generate` finishes it"
        )
        return EXIT_FOUND
    except OSError as exc:
        print(
            f"atsgen generate: cannot write {args.out}/ ({_os_error(exc)}); "
            f"{_untouched(args.out, recovered)}"
        )
        return EXIT_FOUND
    if result.failed:
        print(render_all(result.diagnostics.errors, result.sources))
        errors = len(result.diagnostics.errors)
        print(f"atsgen generate: {_count(errors, 'spec error')}; {_untouched(args.out, recovered)}")
        return EXIT_FOUND
    status = _report(args, result)
    if result.unreleased_since is not None:
        since = result.unreleased_since
        print(_unreleased(args, f"{args.specs_dir}/ changed since release {since}"))
        status = EXIT_FOUND
    if result.unreleased_output_since is not None:
        # The specs are as released: the generator, its templates or runtime changed what it makes.
        since = result.unreleased_output_since
        what = f"the SDK generated into {args.out}/ is not the one release {since} recorded"
        print(_unreleased(args, what))
        status = EXIT_FOUND
    if result.unfinished_commit:
        print(
            f"note: an interrupted `atsgen generate` left its commit to {args.out}/ half-way; "
            "the next `atsgen generate` finishes it"
        )
    return status


def _unreleased(args: argparse.Namespace, what: str) -> str:
    """Why a check fails when the specs or the generated SDK changed without a release (`what`), and
    the commands that fix it."""
    from generator.diff.releases import RECORD_NAME

    specs = "" if args.specs_dir == default_paths.SPECS_DIR else f" --specs-dir {args.specs_dir}"
    out = "" if args.out == default_paths.OUT_DIR else f" --out {args.out}"
    return (
        f"atsgen generate --check: {what} (the last in "
        f"{args.specs_dir}/{RECORD_NAME}), so the SDK's version would not say what changed: run "
        f"`atsgen release{specs}{out}`, then `atsgen generate{specs}{out}`, and commit both."
    )


def _untouched(out: Path, recovered: list[Recovery]) -> str:
    """How a failed run left the output folder. After finishing an interrupted run's commit, "unchanged"
    would be untrue: this run did write."""
    if recovered:
        return f"nothing more was written to {out}/"
    return f"nothing was written ({out}/ is unchanged)"


def _report(args: argparse.Namespace, result: Result) -> int:
    """The summary of a run that did not fail, and its exit status."""
    summary = f"{_count(result.vendors, 'vendor')}, {_count(result.operations, 'operation')}"
    if result.up_to_date:
        if args.check:
            print(
                f"atsgen generate --check: {summary}: {args.out}/ is up to date ({result.seconds:.2f} s)"
            )
        else:
            files = result.files
            print(
                f"atsgen generate: {summary}: {_count(files, 'file')} (0 written, {files} unchanged, "
                f"0 removed) in {result.seconds:.2f} s; {args.out}/ is up to date"
            )
        return EXIT_OK
    plan = result.plan
    assert plan is not None
    if args.check:
        from generator.pipeline import describe_differences

        if plan.is_noop:
            print(
                f"atsgen generate --check: {summary}: {args.out}/ is up to date ({result.seconds:.2f} s)"
            )
            return EXIT_OK
        stale = len(plan.changed) + len(plan.created) + len(plan.removed)
        verb = "differs" if stale == 1 else "differ"
        print(
            f"atsgen generate --check: {args.out}/ is stale: {_count(stale, 'file')} {verb} from what the specs produce"
        )
        for line in describe_differences(result, args.out, show_diff=args.diff):
            print(line)
        print(
            "Run `make generate` and commit the result (hand edits to generated files are overwritten)."
        )
        return EXIT_FOUND
    print(
        f"atsgen generate: {summary}: {_count(len(result.outputs), 'file')} "
        f"({len(plan.written)} written, {len(plan.unchanged)} unchanged, {len(plan.removed)} removed) "
        f"in {result.seconds:.2f} s"
    )
    return EXIT_OK
