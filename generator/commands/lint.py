"""`atsgen lint [SPEC ...]`: check specs and report every problem."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from generator import default_paths
from generator.commands import EXIT_FOUND, EXIT_OK, Subparsers, UsageError

if TYPE_CHECKING:
    from generator.load import Loaded


def register(commands: Subparsers[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "lint",
        help="check specs and report every problem",
        description="Check specs against the spec format and its meaning rules. Prints every error as "
        "FILE:LINE:COL: PATH: MESSAGE with the offending line, then warnings (inferred wire names, "
        "documented contradictions). With every spec, it also checks the unified declarations in "
        "SPECS_DIR/unified/ (the canonical candidate and each vendor's mapping). Exit 1 when any spec has errors (or warnings, with --strict).",
    )
    parser.add_argument(
        "specs",
        nargs="*",
        metavar="SPEC",
        help="spec files or vendor ids (default: every spec in specs/)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--no-source", action="store_true", help="do not show the offending lines")
    parser.add_argument(
        "--quiet", "-q", action="store_true", help="print only errors and the summary, no warnings"
    )
    parser.add_argument(
        "--specs-dir",
        type=Path,
        default=default_paths.SPECS_DIR,
        help="where specs live (default: specs)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from generator.diagnostics import render_all
    from generator.load import folder_problem, load, seeds_dir, select, unreadable_specs

    if not args.specs:
        problem = folder_problem(args.specs_dir)
        if problem is not None:
            raise UsageError(f"cannot read the specs folder {args.specs_dir}/: {problem}")
    paths = select(args.specs, args.specs_dir)
    if not paths:
        raise UsageError(f"no specs found in {args.specs_dir}/")
    # A path given by hand that cannot be read is a mistake in the command, not in a spec.
    unreadable = unreadable_specs(paths)
    if unreadable:
        raise UsageError("; ".join(unreadable))
    loaded = load(paths, seeds=seeds_dir(paths[0].parent))
    declarations = 0 if args.specs else _check_unified(args.specs_dir, paths, loaded)
    shown = loaded.diagnostics.errors if args.quiet else list(loaded.diagnostics)
    report = render_all(shown, loaded.sources, show_source=not args.no_source)
    if report:
        print(report)
    errors, warnings = len(loaded.diagnostics.errors), len(loaded.diagnostics.warnings)
    operations = sum(len(v.operations) for v in loaded.vendors)
    unified = f", {_count(declarations, 'unified declaration')}" if declarations else ""
    print(
        f"{_count(len(paths), 'spec')} checked ({_count(operations, 'operation')}){unified}: "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    )
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_FOUND if failed else EXIT_OK


def _check_unified(specs_dir: Path, paths: list[Path], loaded: Loaded) -> int:
    """Check the unified declarations beside the specs, when there are any; how many files were read.

    They map onto every vendor, so they are checked when every spec is (not for specs named by hand).
    """
    from generator.load import folder_problem
    from generator.unified.load import declaration_files
    from generator.unified.load import load as load_unified

    unified_dir = specs_dir / "unified"
    if folder_problem(unified_dir) is not None:
        return 0
    spec_ids = [path.stem for path in paths]
    load_unified(unified_dir, loaded.vendors, loaded.diagnostics, loaded.sources, spec_ids=spec_ids)
    return len(declaration_files(unified_dir))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
