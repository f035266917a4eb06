"""`atsgen validate VENDOR OPERATION [FILE|-]` as a user runs it: formats, exit codes, streaming."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import ats_sdk
from tests.conftest import ROOT

UUID = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"
VALID = {"candidate_id": UUID, "status": "hired"}
INVALID = {"candidate_id": "nope", "stauts": "hired"}


def atsgen(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "validate", *args]
    return subprocess.run(
        command, cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=300
    )


def write(tmp_path: Path, name: str, *payloads: object) -> str:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(p) for p in payloads) + "\n")
    return str(path)


def test_valid_document_exits_0_and_prints_nothing(tmp_path: Path) -> None:
    result = atsgen("hirempire", "update_candidate", write(tmp_path, "one.json", VALID))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.strip() == "1 payload: 0 invalid, 0 unreadable, 0 problems"


def test_text_format_is_line_pointer_message(tmp_path: Path) -> None:
    result = atsgen(
        "hirempire", "update_candidate", write(tmp_path, "many.jsonl", VALID, INVALID, VALID)
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "2:/stauts: 'stauts' is not a field here; did you mean 'status'?",
        "2:/candidate_id: candidate_id is required and must be a UUID",
        "2:: At least one updatable field must be provided",
    ]


def test_json_format_is_one_array_of_line_pointer_rule_message(tmp_path: Path) -> None:
    result = atsgen(
        "hirempire",
        "update_candidate",
        write(tmp_path, "many.jsonl", VALID, INVALID),
        "--format",
        "json",
    )
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert [set(p) for p in problems] == [{"line", "pointer", "rule", "message"}] * 3
    assert [(p["line"], p["pointer"], p["rule"]) for p in problems] == [
        (2, "/stauts", "unknown_field"),
        (2, "/candidate_id", "format"),
        (2, "", "at_least_one_of"),
    ]
    clean = atsgen(
        "hirempire", "update_candidate", write(tmp_path, "ok.json", VALID), "--format", "json"
    )
    assert (clean.returncode, json.loads(clean.stdout)) == (0, [])


def test_a_multi_line_document_counts_as_line_1(tmp_path: Path) -> None:
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps(INVALID, indent=2))
    result = atsgen("hirempire", "update_candidate", str(path), "--format", "json")
    assert {p["line"] for p in json.loads(result.stdout)} == {1}


def test_standard_input_detects_json_lines_and_documents() -> None:
    lines = "\n".join(json.dumps(p) for p in (VALID, VALID, INVALID)) + "\n"
    assert atsgen("hirempire", "update_candidate", "-", stdin=lines).stdout.startswith("3:")
    document = json.dumps(INVALID, indent=2)
    assert atsgen("hirempire", "update_candidate", stdin=document).stdout.startswith("1:")


def test_query_and_path_parts() -> None:
    query = atsgen("talynce", "list_candidates", "--part", "query", stdin='{"limit": 500}')
    assert (query.returncode, query.stdout) == (1, "1:/limit: must be at most 100 (got 500)\n")
    path = atsgen("talynce", "get_candidate", "--part", "path", stdin=json.dumps({"id": UUID}))
    assert path.returncode == 0


def test_an_unreadable_line_is_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(VALID) + "\n{not json\n" + json.dumps(INVALID) + "\n")
    result = atsgen("hirempire", "update_candidate", str(path))
    assert result.returncode == 2
    assert result.stdout.splitlines()[0].startswith("2:: not valid JSON:")
    assert any(line.startswith("3:/candidate_id") for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "1:: no JSON document: the input is empty"),
        ("  \n\n", "1:: no JSON document: the input is empty"),
        ('{"candidate_id": NaN}', "1:: not valid JSON: NaN is not a JSON number"),
        ('{"candidate_id": -Infinity}', "1:: not valid JSON: -Infinity is not a JSON number"),
        ('{"candidate_id": 1e400}', "1:: not valid JSON: 1e400 is too large for a number"),
        ("[" * 100_000, "1:: not readable: arrays and objects are nested too deeply"),
    ],
)
def test_input_that_is_not_json_is_unreadable_not_a_crash(stdin: str, message: str) -> None:
    result = atsgen("hirempire", "update_candidate", "-", stdin=stdin)
    assert (result.returncode, result.stdout.strip()) == (2, message)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_an_empty_json_lines_file_has_no_payloads(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text("")
    result = atsgen("hirempire", "update_candidate", str(path))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.strip() == "0 payloads: 0 invalid, 0 unreadable, 0 problems"


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_a_byte_order_mark_is_skipped(source: str, tmp_path: Path) -> None:
    text = "\ufeff" + json.dumps(INVALID)
    path = tmp_path / "bom.json"
    path.write_text(text, encoding="utf-8")
    if source == "file":
        result = atsgen("hirempire", "update_candidate", str(path))
    else:
        result = atsgen("hirempire", "update_candidate", "-", stdin=text)
    assert result.returncode == 1
    assert result.stderr.strip() == "1 payload: 1 invalid, 0 unreadable, 3 problems"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("nosuch", "x"), f"unknown vendor 'nosuch'; known: {', '.join(sorted(ats_sdk.VENDORS))}"),
        (("talynce", "nosuch"), "talynce has no operation 'nosuch'; known: list_candidates"),
        (
            ("talynce", "list_candidates", "--part", "body"),
            "talynce.list_candidates has no request body",
        ),
        (
            ("talynce", "list_candidates", "/no/such/file.json", "--part", "query"),
            "cannot read /no/such/file.json",
        ),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(arguments: tuple[str, ...], message: str) -> None:
    result = atsgen(*arguments, stdin="{}")
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def _peak_rss_kib(lines: int) -> int:
    """Peak memory of `atsgen validate` checking `lines` payloads streamed through a pipe."""
    script = (
        "import json, resource, subprocess, sys\n"
        f"child = subprocess.Popen([sys.executable, '-m', 'generator', 'validate', 'hirempire', 'update_candidate', '-', '--format', 'json'], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        f"line = (json.dumps({INVALID!r}) + '\\n').encode()\n"
        f"for _ in range({lines}):\n    child.stdin.write(line)\n"
        "child.stdin.close(); child.wait()\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return int(out.stdout.strip())


def test_json_lines_stream_in_constant_memory() -> None:
    """Ten times the payloads (and output) must not mean more memory: nothing is held per payload."""
    small, large = _peak_rss_kib(5_000), _peak_rss_kib(50_000)
    # 50,000 invalid payloads print ~150,000 problems.
    assert large < small + 8 * 1024, (
        small,
        large,
    )
