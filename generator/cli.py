"""The `atsgen` command line (also `python -m generator`).

Exit status: 0 success; 1 a problem found in the input (spec errors, invalid payloads, stale output);
2 usage errors, unreadable input, and output that cannot be written (a full disk); 3 an internal error (a
bug: ATSGEN_DEBUG=1 shows the traceback); 130 interrupted; 141 the reader of the output went away
(`atsgen validate ... | head -1`), quietly, as a process ended by SIGPIPE. No Python traceback reaches a user
for an input or output error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn, TextIO, cast

from generator import __version__
from generator.commands import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    UsageError,
    diff,
    generate,
    lint,
    mock,
    release,
    validate,
)

EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a command that stopped because its reader went away."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed descriptor): not a bug, and not the input's."""


class _CheckedOutput:
    """Standard output whose write errors are OutputError, so they are told apart from any other OSError.

    A broken pipe stays a BrokenPipeError: the reader went away, which is not worth a message.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        # A reader that went away is told apart below; text that cannot be encoded is a bug, not the output's.
        except (BrokenPipeError, UnicodeError):
            raise
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed
            raise OutputError(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise OutputError(exc) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="atsgen",
        description="Executable vendor specs for applicant-tracking APIs: lint specs, generate the SDK, "
        "validate payloads.",
    )
    parser.add_argument("--version", action="version", version=f"atsgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in (lint, generate, validate, mock, diff, release):
        command.register(commands)
    return parser


def command() -> NoReturn:
    """The `atsgen` console command: `main` on the command line, then exit. The cyclic collector stays
    off (`atsgen mock`, which serves until stopped, turns it back on): a short-lived process gives its
    memory back at exit, and collections cost a run time for nothing (a full one, right after
    generation, walked every object of the run). Before exiting, the run's objects are moved out of its sight (`gc.freeze`), so that the interpreter's
    last collection does not walk them either (0.4 s after an edit of a 500-operation spec). `main`
    leaves the collector alone: tests call it in process.
    """
    gc.disable()
    status = main()
    gc.freeze()
    raise SystemExit(status)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stdout = sys.stdout
    if stdout is None:  # started with standard output closed (`>&-`)
        print(f"atsgen {args.command}: standard output is closed", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout = cast(TextIO, _CheckedOutput(stdout))
    try:
        return _run(args, stdout)
    finally:
        sys.stdout = stdout


def _run(args: argparse.Namespace, stdout: TextIO) -> int:
    try:
        status: int = args.handler(args)
        # Written out here, inside the checks below, rather than at exit where an error has no good answer.
        sys.stdout.flush()
        return status
    except UsageError as exc:
        from generator.diagnostics import escape_unsafe

        # Usage errors quote the command line, which can hold anything a file name can: newlines, ESC.
        print(f"atsgen {args.command}: {escape_unsafe(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("atsgen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _discard_output(stdout)
        return EXIT_BROKEN_PIPE
    except OutputError as exc:
        _discard_output(stdout)
        print(f"atsgen {args.command}: cannot write the output: {_reason(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if os.environ.get("ATSGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"atsgen: internal error ({type(exc).__name__}: {exc}); this is a bug in atsgen, not in your "
            "input. Run again with ATSGEN_DEBUG=1 for the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _discard_output(stdout: TextIO) -> None:
    """Point standard output at the null device: what is still buffered in it cannot be written, and
    Python's flush at exit would otherwise fail again and print a traceback."""
    try:
        descriptor = stdout.fileno()
    except (OSError, ValueError):  # no descriptor (io.UnsupportedOperation): a stream in memory
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def _reason(exc: OutputError) -> str:
    cause = exc.args[0] if exc.args else exc
    return (cause.strerror if isinstance(cause, OSError) else None) or str(cause)
