"""`atsgen diff [BASE [HEAD]]`: what a spec change does to the code that depends on it.

BASE and HEAD are git revisions (BASE default: the merge base of HEAD with main, origin/main or master;
HEAD default: the working tree), or two spec paths (two files, or two folders of specs). Specs are read from
git with `git show`, never by checking anything out. Both sides are loaded into the IR and compared
semantically; every change is classified as breaking, compatible or documentation for callers of the
generated SDK (see `generator/diff/`).

Exit status: 0 done (whatever the changes, unless --fail-on says otherwise); 1 --fail-on breaking and a
breaking change, or --fail-on any and any change; 2 usage errors, unknown revisions and specs that do not
load (reported with the loader's messages, for the side they belong to).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import default_paths
from generator.commands import EXIT_FOUND, EXIT_OK, EXIT_USAGE, Subparsers

FAIL_ON = ("breaking", "any", "none")


def register(commands: Subparsers[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff",
        help="show what a spec change does to the generated SDK's callers",
        description="Compare the specs at BASE with the specs at HEAD and list every change per vendor and "
        "operation, classified as breaking, compatible or documentation for callers of the generated SDK. "
        "BASE and HEAD are git revisions (BASE default: the merge base of HEAD with main, origin/main or "
        "master; HEAD default: the working tree) or two spec paths (files or folders). Exit 0, or 1 when "
        "--fail-on matches; 2 for usage errors, unknown revisions and specs that do not load.",
    )
    parser.add_argument(
        "base",
        metavar="BASE",
        nargs="?",
        help="git revision or spec path (default: merge base with main)",
    )
    parser.add_argument(
        "head",
        metavar="HEAD",
        nargs="?",
        help="git revision or spec path (default: the working tree)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text for a terminal (default), markdown for a pull-request comment, json for tools",
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="none",
        help="exit 1 when there is a breaking change (breaking) or any change (any); default none",
    )
    parser.add_argument(
        "--specs-dir",
        type=Path,
        default=default_paths.SPECS_DIR,
        metavar="DIR",
        help="where specs live, in the working tree and at revisions (default: specs)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from generator.diagnostics import render_all
    from generator.diff import compare, report, sources, unified
    from generator.diff.changes import Classification

    before_side, after_side = sources.resolve(args.base, args.head, args.specs_dir)
    loaded = [sources.load_side(before_side), sources.load_side(after_side)]
    broken = [side for side in loaded if not side.loaded.ok]
    for which, side in zip(("BASE", "HEAD"), loaded, strict=True):
        if not side.loaded.ok:
            errors = side.loaded.diagnostics.errors
            print(
                f"atsgen diff: {which} ({side.side.label}): {len(errors)} spec error{'' if len(errors) == 1 else 's'}; nothing compared",
                file=sys.stderr,
            )
            print(render_all(errors, side.loaded.sources), file=sys.stderr)
    if broken:
        return EXIT_USAGE
    before, after = loaded[0].loaded.vendors, loaded[1].loaded.vendors
    if before_side.single_file or after_side.single_file:
        chosen = {v.id for side in loaded if side.side.single_file for v in side.loaded.vendors}
        before = [v for v in before if v.id in chosen]
        after = [v for v in after if v.id in chosen]
    changes = compare.compare(before, after)
    if not (before_side.single_file or after_side.single_file):
        # Grouped with each vendor's spec changes (a stable sort keeps each group's own order).
        changes = sorted(
            changes + unified.compare(loaded[0].unified, loaded[1].unified), key=lambda c: c.vendor
        )
    sys.stdout.write(report.render(changes, args.format, before_side.label, after_side.label))
    if args.fail_on == "breaking" and any(
        c.classification is Classification.BREAKING for c in changes
    ):
        return EXIT_FOUND
    if args.fail_on == "any" and changes:
        return EXIT_FOUND
    return EXIT_OK
