"""`atsgen validate VENDOR OPERATION [FILE|-]`: check payloads against an operation's rules, offline.

FILE holds one JSON document, or JSON Lines (one payload a line; `.jsonl` files, or detected on standard
input). Payloads are read, checked and reported one at a time, so a file of a million payloads streams in
constant memory. The checks are the generated validators of `ats_sdk.<vendor>`: the same code the clients
run before sending.

Exit status: 0 every payload valid; 1 any payload invalid; 2 usage errors and unreadable input (a missing
file, a line that is not JSON; other lines are still checked).
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from generator import defaults
from generator.commands import EXIT_FOUND, EXIT_OK, EXIT_USAGE, Subparsers, UsageError

PARTS = ("body", "query", "path", "headers")


def register(commands: Subparsers[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate",
        help="check payloads against an operation's rules, without any network",
        description="Check JSON payloads against an operation's rules. Text output prints LINE:POINTER: message "
        "per violation; --format json prints one JSON array of {line, pointer, rule, message}. Exit 0 when "
        "all are valid, 1 when any is invalid, 2 for usage errors or unreadable input.",
    )
    parser.add_argument("vendor", metavar="VENDOR", help="vendor id, e.g. paradox")
    parser.add_argument(
        "operation", metavar="OPERATION", help="operation id, e.g. update_candidate"
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        default="-",
        help="a JSON or JSON Lines file; - for stdin (default)",
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        default="body",
        help="which part of the request the payloads are (default body)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    lines = parser.add_mutually_exclusive_group()
    lines.add_argument(
        "--jsonl", action="store_true", help="read JSON Lines whatever the file name"
    )
    lines.add_argument(
        "--json", action="store_true", help="read one JSON document whatever the file name"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=defaults.OUT_DIR,
        help="the generated package's folder (default: generated)",
    )
    parser.set_defaults(handler=run)


def _validator(vendor: str, operation: str, part: str, out: Path) -> Callable[[object], list[Any]]:
    """The generated validator for one operation part, from generated/ when present, else the installed SDK."""
    from generator.load import NO_SUCH_FOLDER, folder_problem

    problem = folder_problem(out / "ats_sdk")
    if problem not in (None, NO_SUCH_FOLDER):
        raise UsageError(f"cannot read the generated package in {out}/: {problem}")
    if problem is None and str(out.resolve()) not in sys.path:
        sys.path.insert(0, str(out.resolve()))
    try:
        module = importlib.import_module(f"ats_sdk.{vendor}.validators")
    except ModuleNotFoundError:
        known = _known_vendors(out)
        raise UsageError(
            f"unknown vendor {vendor!r}" + (f"; known: {', '.join(known)}" if known else "")
        ) from None
    operations: tuple[str, ...] = module.OPERATIONS
    if operation not in operations:
        raise UsageError(f"{vendor} has no operation {operation!r}; known: {', '.join(operations)}")
    check = getattr(module, f"validate_{operation}_{part}", None)
    if check is None:
        raise UsageError(f"{vendor}.{operation} has no request {part}")
    validator: Callable[[object], list[Any]] = check
    return validator


def _known_vendors(out: Path) -> list[str]:
    package = out / "ats_sdk"
    return (
        sorted(p.name for p in package.iterdir() if (p / "validators.py").is_file())
        if package.is_dir()
        else []
    )


class _Unreadable:
    """A line that is not JSON: reported as a violation of rule `json`, and exit status 2."""

    def __init__(self, message: str) -> None:
        self.message = message


def _payloads(stream: IO[str], mode: str) -> Iterator[tuple[int, object]]:
    """(line number, payload or _Unreadable) pairs. mode: "jsonl", "json", or "auto" (decide from line 1)."""
    if mode == "json":
        yield 1, _parse(stream.read())
        return
    first = ""
    first_number = 0
    for number, line in enumerate(stream, 1):
        if line.strip():
            first, first_number = line, number
            break
    else:
        if (
            mode == "auto"
        ):  # nothing at all where a document was expected (an empty .jsonl has no payloads)
            yield 1, _Unreadable("no JSON document: the input is empty")
        return
    if mode == "auto":
        try:
            _loads(first)
        # Not a whole document on its own line: the file is one (multi-line) document.
        except (ValueError, RecursionError):
            yield first_number, _parse(first + stream.read())
            return
    yield first_number, _parse(first)
    for number, line in enumerate(stream, first_number + 1):
        if line.strip():
            yield number, _parse(line)


def _loads(text: str) -> object:
    """JSON as RFC 8259 has it: NaN, Infinity and numbers too large for a float are refused, not read."""
    return json.loads(text, parse_constant=_not_a_json_number, parse_float=_finite_float)


def _not_a_json_number(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is too large for a number")
    return value


def _parse(text: str) -> object:
    try:
        return _loads(text)
    except ValueError as exc:
        return _Unreadable(f"not valid JSON: {exc}")
    except RecursionError:
        return _Unreadable("not readable: arrays and objects are nested too deeply")


class _Report:
    """Writes violations as they are found (text lines, or one streamed JSON array)."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out, self.fmt, self.count = out, fmt, 0

    def add(self, line: int, pointer: str, rule: str, message: str) -> None:
        if self.fmt == "text":
            self.out.write(f"{line}:{pointer}: {message}\n")
        else:
            item = json.dumps(
                {"line": line, "pointer": pointer, "rule": rule, "message": message},
                ensure_ascii=False,
            )
            self.out.write(("[\n  " if self.count == 0 else ",\n  ") + item)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self.count == 0 else "\n]\n")


def _open(path: str) -> IO[str]:
    """The input: a file, or standard input for "-". The caller closes it (`with stream:`)."""
    # utf-8-sig: a byte-order mark, which some editors write, is skipped rather than read as text.
    if path == "-":
        binary = getattr(sys.stdin, "buffer", None)
        return io.TextIOWrapper(binary, encoding="utf-8-sig") if binary is not None else sys.stdin
    return open(path, encoding="utf-8-sig")


def run(args: argparse.Namespace) -> int:
    check = _validator(args.vendor, args.operation, args.part, args.out)
    mode = "jsonl" if args.jsonl else "json" if args.json else "auto"
    if mode == "auto" and args.file != "-":
        mode = "jsonl" if args.file.endswith(".jsonl") else "json"
    try:
        stream = _open(args.file)
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    report = _Report(sys.stdout, args.format)
    payloads = invalid = unreadable = 0
    try:
        with stream:
            for line, payload in _payloads(stream, mode):
                payloads += 1
                if isinstance(payload, _Unreadable):
                    unreadable += 1
                    report.add(line, "", "json", payload.message)
                    continue
                violations = check(payload)
                if violations:
                    invalid += 1
                for violation in violations:
                    report.add(line, violation.pointer, violation.rule, violation.message)
    except UnicodeDecodeError as exc:
        report.close()
        raise UsageError(f"{args.file} is not UTF-8 text ({exc.reason})") from None
    report.close()
    noun = "payload" if payloads == 1 else "payloads"
    print(
        f"{payloads} {noun}: {invalid} invalid, {unreadable} unreadable, {report.count} "
        + ("problem" if report.count == 1 else "problems"),
        file=sys.stderr,
    )
    if unreadable:
        return EXIT_USAGE
    return EXIT_FOUND if invalid else EXIT_OK
