"""`atsgen validate` on hostile input and output: keys that are not text, unreadable bytes, closed streams.

Before: a key with a lone surrogate (`{"\\ud800": 1}`) ended the run with exit 3 and, with `--format json`, no
JSON at all; so did a closed standard input, a read error, a full or closed standard output. A key with a
newline, CR, ESC or U+202E went to the terminal as is, forging output lines. One line that is not UTF-8 in a
JSON Lines file aborted the run without its number, with the lines decoded in the same chunk never checked.

Every operation with a request body in every vendor's generated validators is checked.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import resource
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from ats_sdk._runtime.validation import escape_pointer_token
from generator import naming
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPECS_DIR = ROOT / "specs"
TIMEOUT = 60

BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
HOSTILE_KEYS = [
    "new\nline",
    "carriage\rreturn",
    "\x1b[31mred\x1b[0m",
    "bell\x07tab\tnul\x00",
    "del\x7f",
    "c1\x85next\x9bcsi",
    "line\u2028separator\u2029",
    "\u202eevil\u202c",
    "isolate\u2066x\u2069",
    "lone\ud800high",
    "lone\udfffLow",
]


def unsafe(char: str) -> bool:
    """What must not reach a terminal raw: controls, surrogates, line/paragraph separators, bidi controls."""
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or ord(char) in BIDI_CONTROLS


def escaped(text: str) -> str:
    return "".join(c.encode("unicode_escape").decode("ascii") if unsafe(c) else c for c in text)


def body_operations() -> list[tuple[str, str, Any]]:
    """(vendor, operation, body validator) for every operation with a request body."""
    found = []
    for spec in sorted(SPECS_DIR.glob("*.yaml")):
        module = importlib.import_module(f"ats_sdk.{spec.stem}.validators")
        for operation in module.OPERATIONS:
            check = getattr(
                module, naming.validator_name(naming.snake_case(operation), "body"), None
            )
            if check is not None:
                found.append((spec.stem, operation, check))
    return found


OPERATIONS = body_operations()
IDS = [f"{vendor}.{operation}" for vendor, operation, _ in OPERATIONS]
FIRST_VENDOR, FIRST_OPERATION, _ = OPERATIONS[0]
HOSTILE = {key: 1 for key in HOSTILE_KEYS}
HOSTILE_JSON = json.dumps(HOSTILE)  # ASCII: every key written with JSON escapes


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["validate", *args])
    out, err = capsys.readouterr()
    return status, out, err


def atsgen(*args: str, **options: Any) -> subprocess.CompletedProcess[bytes]:
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", *args],
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
        **options,
    )


@pytest.mark.parametrize(("vendor", "operation", "check"), OPERATIONS, ids=IDS)
def test_text_output_escapes_every_unsafe_character(
    vendor: str, operation: str, check: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = tmp_path / "hostile.json"
    payload.write_text(HOSTILE_JSON, encoding="ascii")
    status, out, err = run(capsys, vendor, operation, str(payload))
    violations = check(HOSTILE)
    assert status == (1 if violations else 0), err
    assert out.splitlines() == [f"1:{escaped(v.pointer)}: {escaped(v.message)}" for v in violations]
    assert not any(unsafe(char) for char in out.replace("\n", ""))


@pytest.mark.parametrize(("vendor", "operation", "check"), OPERATIONS, ids=IDS)
def test_json_output_is_one_valid_document_with_every_key_intact(
    vendor: str, operation: str, check: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = tmp_path / "hostile.json"
    payload.write_text(HOSTILE_JSON, encoding="ascii")
    status, out, err = run(capsys, vendor, operation, str(payload), "--format", "json")
    violations = check(HOSTILE)
    assert status == (1 if violations else 0), err
    assert json.loads(out) == [
        {"line": 1, "pointer": v.pointer, "rule": v.rule, "message": v.message} for v in violations
    ]
    assert not any(unsafe(char) for char in out.replace("\n", ""))


def test_the_keys_reach_the_output_at_all() -> None:
    """The two tests above are only as good as the keys they see reported: some operation must report them."""
    reported = {v.pointer for _, _, check in OPERATIONS for v in check(HOSTILE)}
    # A lone surrogate is written as its escape in a pointer, so that the pointer is valid UTF-8.
    assert {"/" + escape_pointer_token(key) for key in HOSTILE_KEYS} <= reported


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_lone_surrogate_key_from_standard_input(fmt: str) -> None:
    """The reported case, as a user runs it: exit 1 (invalid), and the JSON output parses."""
    result = atsgen(FIRST_VENDOR, FIRST_OPERATION, "-", "--format", fmt, input=b'{"\\ud800": 1}')
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
    out = result.stdout.decode("utf-8")
    if fmt == "json":
        pointer = "/" + escape_pointer_token("\ud800")
        assert pointer in {problem["pointer"] for problem in json.loads(out)}
    else:
        assert "1:/\\ud800: " in out


def test_closed_standard_input_is_a_usage_error() -> None:
    result = atsgen(FIRST_VENDOR, FIRST_OPERATION, "-", preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    assert (
        result.stderr.decode() == "atsgen validate: standard input is closed: give FILE, or send "
        "the payloads to standard input\n"
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_read_error_is_unreadable_input(fmt: str) -> None:
    """/proc/self/mem opens, and its first read fails (EIO): the failure is reported like a bad line."""
    if not os.path.exists("/proc/self/mem"):
        pytest.skip("needs Linux's /proc/self/mem, a file whose first read fails")
    result = atsgen(FIRST_VENDOR, FIRST_OPERATION, "/proc/self/mem", "--jsonl", "--format", fmt)
    assert result.returncode == 2, result.stderr
    out = result.stdout.decode()
    expected = f"cannot read the input: {os.strerror(5)}"
    if fmt == "json":
        assert json.loads(out) == [{"line": 1, "pointer": "", "rule": "json", "message": expected}]
    else:
        assert out == f"1:: {expected}\n"
    assert result.stderr.decode() == "1 payload: 0 invalid, 1 unreadable, 1 problem\n"


def test_a_folder_as_file_is_a_usage_error(tmp_path: Path) -> None:
    result = atsgen(FIRST_VENDOR, FIRST_OPERATION, str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"atsgen validate: cannot read {tmp_path}: ")


def many_invalid_payloads(tmp_path: Path) -> Path:
    """Enough output (hundreds of KB) to fill any pipe buffer: 20,000 empty arrays, never a request body."""
    path = tmp_path / "many.jsonl"
    path.write_text("[]\n" * 20_000)
    return path


def test_a_full_standard_output_is_exit_2_with_a_message(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    with open("/dev/full", "w") as full:
        result = atsgen(
            FIRST_VENDOR,
            FIRST_OPERATION,
            str(many_invalid_payloads(tmp_path)),
            stdout=full,
        )
    assert result.returncode == 2
    assert (
        result.stderr.decode() == f"atsgen validate: cannot write the output: {os.strerror(28)}\n"
    )


def test_a_closed_standard_output_is_exit_2_with_a_message(tmp_path: Path) -> None:
    result = atsgen(
        FIRST_VENDOR,
        FIRST_OPERATION,
        str(many_invalid_payloads(tmp_path)),
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 2
    assert result.stderr.decode() == "atsgen validate: standard output is closed\n"


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    """`atsgen validate ... | head -1`: exit 141 (as if by SIGPIPE) and nothing on standard error."""
    command = [sys.executable, "-m", "generator", "validate", FIRST_VENDOR, FIRST_OPERATION]
    with subprocess.Popen(
        [*command, str(many_invalid_payloads(tmp_path))],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        assert re.match(rb"^1:", child.stdout.readline())
        child.stdout.close()
        try:
            status = child.wait(timeout=TIMEOUT)
        finally:
            child.kill()
        assert (status, child.stderr.read()) == (141, b"")


def test_a_line_that_is_not_utf8_is_reported_with_its_number_and_the_rest_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """1,499 lines, then one with a byte that is not UTF-8, then 3 more: every line but that one checked."""
    for vendor, operation, check in OPERATIONS:
        lines = [b"[]"] * 1_499 + [b'{"name": "caf\xe9"}'] + [b"[]"] * 3
        path = tmp_path / f"{vendor}_{operation}.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        status, out, err = run(capsys, vendor, operation, str(path))
        per_payload = [f"{escaped(v.pointer)}: {escaped(v.message)}" for v in check([])]
        expected = [f"{n}:{problem}" for n in range(1, 1_500) for problem in per_payload]
        expected.append(
            "1500:: not UTF-8 text: byte 0xE9 at column 14 is not valid UTF-8 (invalid continuation byte)"
        )
        expected += [f"{n}:{problem}" for n in range(1_501, 1_504) for problem in per_payload]
        assert (status, out.splitlines()) == (2, expected)
        assert err == f"1503 payloads: 1502 invalid, 1 unreadable, {len(expected)} problems\n"


def _limited_memory() -> None:
    # A reader without bound on /dev/zero fails here quickly instead of taking the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


def test_validate_reads_dev_zero_only_up_to_its_bound(tmp_path: Path) -> None:
    """A stream is what `validate` reads (a pipe is fine); a line that never ends is read up to the bound."""
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    result = atsgen(
        FIRST_VENDOR, FIRST_OPERATION, "/dev/zero", "--jsonl", preexec_fn=_limited_memory
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == b"1:: the line is longer than 32 MB; the input was not read further\n"


def test_lint_output_escapes_what_a_spec_key_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same keys in a spec (YAML escapes: a YAML file cannot hold lone surrogates) and bidi controls
    written raw, which YAML allows: lint's paths, messages and shown lines carry them only escaped.
    """
    keys = [key for key in HOSTILE_KEYS if not any(0xD800 <= ord(c) <= 0xDFFF for c in key)]
    added = "".join(f"{json.dumps(key)}: 1\n" for key in keys) + "raw\u202eevil\u2066x\u2069: 1\n"
    for spec in sorted(SPECS_DIR.glob("*.yaml")):
        path = tmp_path / spec.name
        path.write_text(
            spec.read_text(encoding="utf-8").rstrip("\n") + "\n" + added, encoding="utf-8"
        )
        status = main(["lint", str(path)])
        out, err = capsys.readouterr()
        assert status == 1, err
        assert not any(unsafe(char) for char in out.replace("\n", ""))
        for key in keys:
            assert escaped(key) in out


def test_a_byte_that_is_not_utf8_in_a_document_is_located_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pretty.json"
    path.write_bytes(b'{\n  "name": "caf\xe9"\n}\n')
    status, out, _ = run(capsys, FIRST_VENDOR, FIRST_OPERATION, str(path))
    assert (status, out) == (
        2,
        "1:: not UTF-8 text: byte 0xE9 at line 2, column 15 is not valid UTF-8 "
        "(invalid continuation byte)\n",
    )
