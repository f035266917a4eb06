r"""`atsgen validate VENDOR OPERATION [FILE|-]`: check payloads against an operation's rules, offline.

FILE holds one JSON document, or JSON Lines (one payload a line; `.jsonl` files, or detected on standard
input). Payloads are read, checked and reported one at a time, so a file of a million payloads streams in
constant memory. The checks are the generated validators of `ats_sdk.<vendor>`: the same code the clients
run before sending.

Exit status: 0 every payload valid; 1 any payload invalid; 2 usage errors and unreadable input (a missing
file, a line that is not JSON or not UTF-8, a read error; other lines are still checked).

What a payload holds is printed escaped: in text output, control characters, line separators, bidi controls
and lone surrogates in pointers and messages are written as `\n`, `\x1b`, `\u202e`, `\ud800`, so a key cannot
forge an output line or drive the terminal; in JSON output, the same characters are written as `\uXXXX`, so
the output is always one valid JSON document and reads back to the exact keys.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import io
import itertools
import json
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from generator import default_paths, naming
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
        default=default_paths.OUT_DIR,
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
    check = getattr(module, naming.validator_name(naming.snake_case(operation), part), None)
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


MAX_PAYLOAD_BYTES = 32 * 1024 * 1024
"""The longest line, or document, read: memory stays bounded whatever the input (a line from /dev/zero)."""


class _Unreadable:
    """A line that cannot be read as JSON (not read at all, not UTF-8, not JSON): reported as a violation of
    rule `json`, and exit status 2."""

    def __init__(self, message: str) -> None:
        self.message = message


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | _Unreadable]]:
    """Numbered lines as bytes. Each is decoded on its own later, so a byte that is not UTF-8 costs its line
    only, not the chunk of lines a text reader decodes with it. A read error, or a line longer than
    MAX_PAYLOAD_BYTES (whose end cannot be found in bounded memory), is the last line."""
    for number in itertools.count(1):
        try:
            line = stream.readline(MAX_PAYLOAD_BYTES + 1)
        except OSError as exc:
            yield number, _Unreadable(f"cannot read the input: {exc.strerror or exc}")
            return
        if not line:
            return
        if len(line) > MAX_PAYLOAD_BYTES and not line.endswith(b"\n"):
            yield number, _Unreadable(
                f"the line is longer than {MAX_PAYLOAD_BYTES // 2**20} MB; the input was not read further"
            )
            return
        # A byte-order mark, which some editors write, is skipped rather than read as text.
        yield number, line.removeprefix(codecs.BOM_UTF8) if number == 1 else line


def _decode(data: bytes) -> str | _Unreadable:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Where the byte is, in characters: its column, and its line too inside a multi-line document.
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        where = f"line {line}, column {column}" if line > 1 else f"column {column}"
        return _Unreadable(
            f"not UTF-8 text: byte 0x{data[exc.start]:02X} at {where} is not valid UTF-8 "
            f"({exc.reason})"
        )


def _payloads(stream: IO[bytes], mode: str) -> Iterator[tuple[int, object]]:
    """(line number, payload or _Unreadable) pairs. mode: "jsonl", "json", or "auto" (decide from line 1)."""
    if mode == "json":
        yield 1, _document(b"", stream)
        return
    lines = (item for item in _lines(stream) if isinstance(item[1], _Unreadable) or item[1].strip())
    first = next(lines, None)
    if first is None:
        # Nothing where a document was expected (an empty .jsonl has no payloads).
        if mode == "auto":
            yield 1, _Unreadable("no JSON document: the input is empty")
        return
    number, line = first
    payload = _parse(line)
    if mode == "auto" and isinstance(payload, _Unreadable) and isinstance(line, bytes):
        # Not a whole document on its own line: the input is one (multi-line) document.
        yield number, _document(line, stream)
        return
    yield number, payload
    for number, line in lines:
        yield number, _parse(line)


def _document(start: bytes, stream: IO[bytes]) -> object:
    """The whole input as one JSON document, `start` being what was already read of it (its first lines,
    byte-order mark removed)."""
    try:
        rest = stream.read(MAX_PAYLOAD_BYTES + 1 - len(start))
    except OSError as exc:
        return _Unreadable(f"cannot read the input: {exc.strerror or exc}")
    data = start + rest if start else rest.removeprefix(codecs.BOM_UTF8)
    if len(data) > MAX_PAYLOAD_BYTES:
        return _Unreadable(f"the document is longer than {MAX_PAYLOAD_BYTES // 2**20} MB")
    return _parse(data)


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


def _parse(data: bytes | _Unreadable) -> object:
    text = data if isinstance(data, _Unreadable) else _decode(data)
    if isinstance(text, _Unreadable):
        return text
    try:
        return _loads(text)
    except ValueError as exc:
        return _Unreadable(f"not valid JSON: {exc}")
    except RecursionError:
        return _Unreadable("not readable: arrays and objects are nested too deeply")


class _Report:
    """Writes violations as they are found (text lines, or one streamed JSON array), with what a payload
    holds escaped (see the module's docstring)."""

    def __init__(self, out: IO[str], fmt: str) -> None:
        # Imported here: `atsgen --help` and the other commands do not pay for diagnostics' dataclasses.
        from generator.diagnostics import UNSAFE_CHARACTERS, escape_unsafe

        self.out, self.fmt, self.count = out, fmt, 0
        self._unsafe, self._escape = UNSAFE_CHARACTERS, escape_unsafe

    def add(self, line: int, pointer: str, rule: str, message: str) -> None:
        if self.fmt == "text":
            self.out.write(f"{line}:{self._escape(pointer)}: {self._escape(message)}\n")
        else:
            item = json.dumps(
                {"line": line, "pointer": pointer, "rule": rule, "message": message},
                ensure_ascii=False,
            )
            # json escapes C0 controls itself; the others (C1, bidi, lone surrogates) as \uXXXX too: the
            # same string to a JSON reader.
            item = self._unsafe.sub(lambda m: f"\\u{ord(m[0]):04x}", item)
            self.out.write(("[\n  " if self.count == 0 else ",\n  ") + item)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self.count == 0 else "\n]\n")


def _open(path: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """The input, read as bytes: a file (closed after the `with`), or standard input for "-" (left open)."""
    if path != "-":
        try:
            return open(path, "rb")
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if sys.stdin is None:  # started with standard input closed (`<&-`)
        raise UsageError(
            "standard input is closed: give FILE, or send the payloads to standard input"
        )
    binary: IO[bytes] | None = getattr(sys.stdin, "buffer", None)
    if binary is None:  # replaced by a text stream (in process, by a caller): read as its own bytes
        binary = io.BytesIO(sys.stdin.read().encode("utf-8", errors="surrogatepass"))
    return contextlib.nullcontext(binary)


def run(args: argparse.Namespace) -> int:
    check = _validator(args.vendor, args.operation, args.part, args.out)
    mode = "jsonl" if args.jsonl else "json" if args.json else "auto"
    if mode == "auto" and args.file != "-":
        mode = "jsonl" if args.file.endswith(".jsonl") else "json"
    report = _Report(sys.stdout, args.format)
    payloads = invalid = unreadable = 0
    with _open(args.file) as stream:
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
