"""The `atsgen` command line (also `python -m generator`).

Exit status: 0 success; 1 a problem found in the input (spec errors, invalid payloads, stale output);
2 usage errors and unreadable input; 3 an internal error (a bug: ATSGEN_DEBUG=1 shows the traceback);
130 interrupted. No Python traceback reaches a user for an input error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from generator import __version__
from generator.commands import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    diff,
    generate,
    lint,
    mock,
    validate,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="atsgen",
        description="Executable vendor specs for applicant-tracking APIs: lint specs, generate the SDK, "
        "validate payloads.",
    )
    parser.add_argument("--version", action="version", version=f"atsgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in (lint, generate, validate, mock, diff):
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.handler(args)
        return status
    except UsageError as exc:
        print(f"atsgen {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("atsgen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`atsgen validate ... | head`): nothing worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("ATSGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"atsgen: internal error ({type(exc).__name__}: {exc}); this is a bug in atsgen, not in your "
            "input. Run again with ATSGEN_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
