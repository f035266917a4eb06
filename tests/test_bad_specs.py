"""Broken specs and hostile specs, linted the way an author lints them.

`tests/bad_specs/` holds one small broken spec per case (`NN_what_is_broken.yaml`); each is a tiny valid spec
with one thing broken (a few break two, to show every error is reported at once). `atsgen lint` must exit 1,
print no traceback, name the right line and say what to do; its whole output is kept as a syrupy snapshot in
`tests/__snapshots__/`, so any change to a message shows up in review.

`tests/hostile_specs/` holds complete, valid specs full of text that breaks naive code generators (quotes,
newlines, `{{ }}`, triple quotes, backslashes, emoji, Python keywords as wire names). They must load with no
errors and keep every string exactly.

A valid spec's file stem must equal its vendor id, and a vendor id cannot start with a digit, so each case is
linted from a scratch folder as `tests/bad_specs/<name without NN_>.yaml` (its `vendor.id`): the paths in the
output read as a user would see them, and only the cases about vendor ids get a vendor-id error.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from generator import ir
from generator.cli import main
from generator.load import load

ROOT = Path(__file__).resolve().parent.parent
BAD_SPECS = ROOT / "tests" / "bad_specs"
HOSTILE_SPECS = ROOT / "tests" / "hostile_specs"
SEED_FILE = "004_fd6918bc41233a79.txt"
"""The one vendor document every test spec cites (Hirempire's), present in any seeds folder."""

CASES = sorted(path.stem for path in BAD_SPECS.glob("*.yaml"))
HOSTILE = sorted(path.stem for path in HOSTILE_SPECS.glob("*.yaml"))
FILE_NAMES = {"26_vendor_id_python_keyword": "import.yaml", "69_vendor_id_sdk_module": "mock.yaml"}
"""Cases linted under another name than their description: the vendor-id case needs the file to match."""

HEADLINE = re.compile(
    r"^(?P<file>tests/\S+\.yaml):(?P<line>\d+):(?P<column>\d+): (?P<warning>warning: )?(?P<rest>.+)$"
)
SUMMARY = re.compile(
    r"^(?P<specs>\d+) specs? checked \(\d+ operations?\): (?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?$"
)

# What each case must report: (line, column or None, a fragment of the message) per error, at least the
# facts a spec author needs. The snapshot holds the full output; these state the facts behaviourally.
EXPECTED: dict[str, list[tuple[int, int | None, str]]] = {
    "01_empty_file": [(1, 1, "the file is empty; a spec starts with `spec_version: 1`")],
    "02_comments_only": [(1, 1, "the file holds only comments")],
    "03_empty_document": [(2, 1, "empty YAML document")],
    "04_non_utf8_bytes": [(5, 12, "not UTF-8 text: byte 0xE9")],
    "05_control_character": [(5, 13, "control character U+0007 is not allowed")],
    "06_bad_indentation": [(24, 12, "indented to column 12, which lines up with no key above it")],
    "07_tab_indentation": [(17, 1, "a tab character indents this line")],
    "08_unclosed_quote": [
        (15, 14, 'the string opened with " here runs on to line 20: is its closing " missing?')
    ],
    "09_unclosed_bracket": [(24, 19, "the list opened with [ here is not closed with ]")],
    "10_unquoted_colon": [(16, 32, "quote a value that contains ': '")],
    "11_two_documents": [(9, 1, "a spec is a single YAML document")],
    "12_duplicate_keys": [
        (25, 13, "duplicate key 'max_length' (first defined at line 24)"),
        (28, 11, "duplicate key 'name' (first defined at line 22)"),
    ],
    "13_merge_key": [(26, 13, "YAML merge keys (<<) are not supported")],
    "14_yaml_tags": [
        (5, 9, "the YAML tag !!python/object/apply:os.getcwd is not supported"),
        (6, 16, "the YAML tag !vendor is not supported"),
        (23, 44, "'ten' cannot be read as a whole number"),
    ],
    "15_top_level_list": [(2, 1, "the file holds a list; a spec is a mapping")],
    "16_unknown_key_did_you_mean": [
        (24, 13, "unknown key 'min_lenght'; did you mean 'min_length'?"),
        (26, 13, "unknown key 'descripton'; did you mean 'description'?"),
    ],
    "17_unknown_top_level_key": [
        (2, 1, "missing required key 'operations'"),
        (13, 1, "unknown key 'operation'; did you mean 'operations'?"),
    ],
    "18_list_instead_of_mapping": [(22, 11, "expected a mapping, got a list")],
    "19_string_instead_of_number": [
        (24, 25, "expected a whole number, got the string '100'; remove the quotes"),
        (27, 22, "expected a number, got the string 'one hundred'"),
    ],
    "20_number_where_string_expected": [
        (23, 18, "nothing (null) is not allowed here"),
        (24, 26, "expected a string, got the number 100; quote it"),
    ],
    "21_wrong_scalar_types": [
        (2, 15, "must be 1, got the number 2"),
        (3, 9, "expected a mapping, got the string 'acme'"),
        (12, 13, "did you mean 'PATCH'?"),
        (14, 17, "only true and false are booleans"),
    ],
    "22_missing_required_keys": [
        (11, 5, "missing required key 'title'"),
        (14, 5, "missing required key 'method'"),
        (14, 5, "missing required key 'responses'"),
    ],
    "23_required_when_without_condition": [(25, 13, "missing required key 'when'")],
    "24_operation_id_not_snake_case": [
        (14, 3, "'updateCandidate' must be snake_case"),
        (14, 3, "did you mean 'update_candidate'?"),
        (22, 3, "'get-candidate' must be snake_case"),
    ],
    "25_vendor_id_not_file_name": [
        (4, 7, "must equal the file name stem 'vendor_id_not_file_name'")
    ],
    "26_vendor_id_python_keyword": [(4, 7, "the vendor id 'import' is a Python keyword")],
    "27_min_length_above_max_length": [
        (24, 13, "min_length (10) must be at most max_length (5)"),
        (29, 13, "min_items (3) must be at most max_items (2)"),
    ],
    "28_minimum_above_maximum": [(24, 13, "minimum (5) must be at most maximum (1)")],
    "29_exclusive_bounds_equal": [
        (24, 13, "exclusive_minimum (0.5) must be less than exclusive_maximum (0.5)"),
        (28, 13, "minimum (10) must be less than exclusive_maximum (10)"),
    ],
    "30_non_finite_numbers": [
        (25, 22, "infinity (.inf) is not a JSON number"),
        (28, 22, "NaN (.nan) is not a JSON number"),
    ],
    "31_max_length_on_integer": [
        (24, 13, "'max_length' applies to strings, but this value is an integer")
    ],
    "32_items_on_string": [
        (24, 13, "'items' applies to arrays, but this value is a string"),
        (25, 13, "'max_items' applies to arrays"),
        (28, 21, "format 'int32' applies to integers"),
    ],
    "33_max_bytes_without_base64": [(24, 13, "add `format: base64`")],
    "34_array_without_items": [
        (23, 13, "an array needs `items`"),
        (26, 13, "give the value a `type`"),
    ],
    "35_ref_with_constraints": [
        (28, 13, "'max_length' cannot be combined with `ref`"),
        (29, 13, "'type' cannot be combined with `ref`"),
    ],
    "36_enum_wrong_value_type": [
        (24, 30, "the enum value 1 is not a string (quote it"),
        (27, 26, "the enum value 'high' is not an integer"),
    ],
    "37_enum_duplicates": [
        (24, 37, "the enum value 'warm' is listed twice"),
        (27, 26, "the enum value 2.0 is listed twice"),
    ],
    "38_enum_yaml11_booleans": [
        (24, 20, "the enum value 'yes' is not a boolean; specs read YAML 1.2"),
        (24, 25, "the enum value 'no' is not a boolean"),
        (27, 22, "the default 'on' breaks the field's own rules"),
    ],
    "39_enum_const_outside_limits": [
        (
            25,
            26,
            "the enum value 50 can never pass the field's other rules (50 is greater than the maximum of 10)",
        ),
        (29, 37, "the enum value 'abcdef' can never pass"),
        (32, 20, "the const 1 breaks the field's own rules"),
    ],
    "40_default_outside_enum": [
        (25, 22, "the default 0 breaks the field's own rules: 0 is not one of [1, 2, 3]")
    ],
    "41_example_outside_limits": [
        (25, 22, "the example 'ABCD' breaks the field's own rules"),
        (29, 22, "0 is less than the minimum of 1"),
        (33, 22, "'1234A' does not match"),
    ],
    "42_ref_default_outside_definition": [
        (28, 22, "the default 'Applied' breaks the field's own rules"),
        (29, 22, "the example 'pending' breaks the field's own rules"),
    ],
    "43_pattern_not_ecma": [
        (24, 22, "inline flags such as (?i) are Python syntax"),
        (27, 22, "\\A is Python syntax, not ECMA-262"),
        (30, 22, "ECMA-262 writes (?<name>...)"),
        (33, 22, "possessive quantifiers"),
        (36, 22, "write {0,n}"),
        (39, 22, "a character class is not closed with ]"),
    ],
    "44_pattern_unicode_property": [
        (24, 22, "Unicode property escapes (\\p{...}) are not supported")
    ],
    "45_rule_names_missing_field": [
        (28, 30, "the rule names 'tagz', which is not a field here; did you mean 'tags'?"),
        (
            28,
            36,
            "the rule names 'pool_stage', which is not a field here; the fields here are: status, tags",
        ),
    ],
    "46_rule_condition_impossible": [
        (31, 51, "interview_type can never be 7"),
        (34, 50, "send_reminder can never be 'true'"),
    ],
    "47_condition_on_rule_field": [
        (27, 19, "give one of equals, in or present"),
        (30, 27, "the condition's field 'status' is also one of the rule's fields"),
        (33, 13, "at_least_one_of takes no condition"),
    ],
    "48_allowed_only_when_required_field": [
        (29, 22, "'segments' is required, so it cannot be allowed only when")
    ],
    "49_at_most_one_of_single_field": [
        (26, 21, "at_most_one_of chooses between fields, so it needs at least two")
    ],
    "50_undeclared_path_param": [(18, 23, "the path parameter {id} is not declared")],
    "51_unused_path_param": [
        (21, 38, "a path parameter is always required"),
        (22, 9, "the path parameter 'candidate_id' does not appear in the path '/candidates/{id}'"),
    ],
    "52_unknown_source": [
        (16, 13, "unknown source 'seed-04'"),
        (16, 13, "did you mean 'seed-004'?"),
        (26, 21, "unknown source 'DIGEST-A'"),
    ],
    "53_unknown_definition": [
        (27, 18, "unknown definition 'pipline_status'; did you mean 'pipeline_status'?")
    ],
    "54_unknown_envelope": [(30, 19, "unknown error envelope 'standrd'; did you mean 'standard'?")],
    "55_unknown_auth_scheme": [
        (23, 20, "unknown auth scheme 'oauth'; the schemes under `auth` are: bearer")
    ],
    "56_envelope_pointer_unresolved": [
        (
            22,
            14,
            "'/error/mesage' does not name a field of the envelope's body; did you mean '/error/message'?",
        ),
        (23, 11, "'/code' does not name a field of the envelope's body"),
    ],
    "57_pagination_pointers": [
        (33, 7, "the query parameter 'offset'"),
        (34, 14, "'/results' does not name a field of the success response body"),
    ],
    "58_auth_keys_for_another_type": [
        (16, 5, "'token_url' does not apply to a bearer scheme"),
        (17, 30, "not 'password'"),
        (19, 5, "an api_key scheme needs `header`"),
    ],
    "59_default_environment_missing": [
        (9, 24, "the default environment 'prod' is not in environments")
    ],
    "60_duplicate_route_no_success": [
        (29, 11, "is already the route of operation 'get_candidate'"),
        (34, 7, "no success response (2XX)"),
    ],
    "61_python_name_collision": [
        (23, 11, "'first_name' and 'first-name' both become the Python name 'first_name'"),
        (28, 15, "'zip_code' and 'zipCode' both become the Python name 'zip_code'"),
    ],
    "62_path_param_body_field_collision": [
        (
            24,
            11,
            "the body field 'candidateId' and the path parameter 'candidate_id' both become the argument",
        ),
    ],
    "63_unclosed_quote_at_end": [
        (21, 22, "the string opened with ' here is never closed; add the closing '")
    ],
    "64_recursive_alias": [(25, 22, "this alias refers to a mapping or list that contains it")],
    "65_alias_bomb": [(18, 3, "aliases expand the file by more than 100,000 values")],
    "66_deep_nesting": [(13, 113, "nested too deeply (more than 100 levels)")],
    "67_operation_id_client_member": [
        (
            14,
            3,
            "the operation id 'close' gives the client the method close, which is already the client",
        ),
        (22, 3, "the method base_url, which is already the client attribute base_url"),
        (30, 3, "which is already the per-call option 'max_retries' every client method takes"),
    ],
    "68_operation_id_iterator_method": [
        (37, 3, "which is already the page-by-page iterator of operation 'list_candidates'")
    ],
    "69_vendor_id_sdk_module": [
        (
            4,
            7,
            "the vendor id 'mock' would name the generated module ats_sdk.mock, but that is already",
        )
    ],
    "70_python_name_reserved_argument": [
        (
            22,
            46,
            "'timeout' would be the argument of a client method, but it is already the per-call",
        ),
        (
            23,
            45,
            "'cast' would be the argument of a client method, but it is already the name 'cast'",
        ),
    ],
    "71_pagination_styles": [
        (31, 7, "the page size in 'per_page', so it must be declared `type: integer`"),
        (47, 5, "pagination style 'cursor' needs `next_cursor`"),
        (49, 7, "`offset` does not apply to pagination style 'cursor'"),
        (60, 7, "the query parameter 'page'"),
    ],
    "72_operation_source_without_document": [
        (18, 13, "the source 'digest' has neither a `file` nor a `url`; an operation's source is"),
    ],
}


@dataclass(frozen=True)
class Run:
    status: int
    out: str
    err: str

    @property
    def errors(self) -> list[re.Match[str]]:
        """The located error headlines, parsed."""
        return [
            match
            for line in self.out.splitlines()
            if (match := HEADLINE.match(line)) and not match["warning"]
        ]

    @property
    def summary(self) -> re.Match[str]:
        match = SUMMARY.match(self.out.splitlines()[-1])
        assert match is not None, self.out
        return match


def shown_name(case: str) -> str:
    """The file name a case is linted under: its description without the number (= its vendor id)."""
    return FILE_NAMES.get(case, re.sub(r"^\d+_", "", case) + ".yaml")


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A seeds folder holding the cited document, so the seed check runs the same on every machine."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / SEED_FILE).write_text(
        "Update candidate (a stand-in for the vendor page)\n", encoding="utf-8"
    )
    monkeypatch.setenv("ATSGEN_SEEDS", str(folder))
    monkeypatch.delenv("ATSGEN_DEBUG", raising=False)
    return folder


@pytest.fixture
def workdir(tmp_path: Path, seeds: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch working folder with tests/bad_specs/ in it, made the current folder."""
    (tmp_path / "work" / "tests" / "bad_specs").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path / "work"


def place(case: str, workdir: Path) -> str:
    """Copy a case (byte for byte) to where it is linted; returns the path to pass on the command line."""
    relative = f"tests/bad_specs/{shown_name(case)}"
    (workdir / relative).write_bytes((BAD_SPECS / f"{case}.yaml").read_bytes())
    return relative


def lint(args: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    """`atsgen lint ARGS` in this process, as the console script runs it."""
    status = main(["lint", *args])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def assert_clean_report(run: Run, expected_status: int) -> None:
    """Exit status as expected, nothing on stderr, no traceback, and a well-formed report."""
    assert run.status == expected_status, run.out + run.err
    assert run.err == ""
    assert "Traceback" not in run.out and "internal error" not in run.out
    lines = run.out.splitlines()
    for index, line in enumerate(lines[:-1]):
        match = HEADLINE.match(line)
        if match is None:
            continue
        # Each located problem shows its line, then a caret under the column.
        number, column = int(match["line"]), int(match["column"])
        following = lines[index + 1 : index + 3]
        if following and following[0].startswith(f"  {number} | "):
            gutter = " " * len(str(number))
            assert following[1].startswith(f"  {gutter} | "), following
            caret_line = following[1][len(f"  {gutter} | ") :]
            shown = following[0][len(f"  {number} | ") :]
            if shown.startswith("…"):  # a window around the column of a very long line
                assert caret_line.endswith("^") and len(caret_line) <= len(shown) <= 122, following
            else:
                assert caret_line.endswith("^") and len(caret_line) == column, (line, following)


@pytest.mark.parametrize("column", [1, 60, 61, 62, 300, 499, 500])
def test_a_very_long_line_is_shown_as_a_window_with_the_caret_on_the_column(column: int) -> None:
    from generator.diagnostics import Diagnostic, Position, render

    source = "".join(chr(0x41 + i % 26) for i in range(500))
    diagnostic = Diagnostic("error", "x.yaml", Position(7, column), (), "wrong")
    _, shown, caret = render(diagnostic, [""] * 6 + [source]).splitlines()
    shown, caret = shown.removeprefix("  7 | "), caret.removeprefix("    | ")
    assert len(shown.strip("…")) == 120
    assert caret.endswith("^") and shown[len(caret) - 1] == source[column - 1]


def test_the_corpus_covers_enough_cases() -> None:
    assert len(CASES) >= 30
    numbers = [case[:2] for case in CASES]
    assert len(set(numbers)) == len(numbers), "two cases share a number"
    for case in CASES:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", case), case
    assert sorted(EXPECTED) == CASES, "every case states its expected facts in EXPECTED"


@pytest.mark.parametrize("case", CASES)
def test_bad_spec_is_reported(
    case: str, workdir: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion
) -> None:
    path = place(case, workdir)
    run = lint([path], capsys)

    assert_clean_report(run, expected_status=1)
    errors = run.errors
    assert errors and all(match["file"] == path for match in errors)
    assert int(run.summary["errors"]) == len(errors), "every error names its file, line and column"
    for line, column, fragment in EXPECTED[case]:
        found = [
            match
            for match in errors
            if int(match["line"]) == line
            and (column is None or int(match["column"]) == column)
            and fragment in match["rest"]
        ]
        assert found, f"no error at {path}:{line}:{column} containing {fragment!r} in:\n{run.out}"
    assert run.out == snapshot


@pytest.mark.parametrize("case", CASES)
def test_every_error_of_a_case_is_expected(
    case: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No error beyond the ones the case is about: a minimal snippet breaks only what it names."""
    run = lint([place(case, workdir)], capsys)
    reported = {(int(match["line"]), int(match["column"])) for match in run.errors}
    expected = {(line, column) for line, column, _ in EXPECTED[case]}
    assert reported == expected, run.out


def test_all_cases_at_once(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One run over every broken spec reports each file's problems, as separate runs do."""
    paths = [place(case, workdir) for case in CASES]
    together = lint(paths, capsys)
    assert_clean_report(together, expected_status=1)
    assert int(together.summary["specs"]) == len(CASES)
    separately = sum(len(lint([path], capsys).errors) for path in paths)
    assert len(together.errors) == separately == int(together.summary["errors"])


@pytest.mark.parametrize(
    "case",
    [
        "04_non_utf8_bytes",
        "05_control_character",
        "07_tab_indentation",
        "14_yaml_tags",
        "43_pattern_not_ecma",
    ],
)
def test_console_script_prints_the_same(
    case: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The installed `atsgen` command, in its own process, prints what the in-process run prints."""
    script = Path(sys.executable).parent / "atsgen"
    if not script.exists():
        pytest.skip("the atsgen console script is not installed beside this Python")
    path = place(case, workdir)
    expected = lint([path], capsys)
    done = subprocess.run(
        [str(script), "lint", path], cwd=workdir, capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, expected.out, "")
    assert "Traceback" not in done.stderr


def test_a_spec_path_that_does_not_exist_is_a_usage_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = lint(["specs/nosuch.yaml"], capsys)
    assert (run.status, run.out) == (2, "")
    assert run.err.strip() == "atsgen lint: no such spec file: specs/nosuch.yaml"


# -- hostile specs ----------------------------------------------------------------------------------------


@pytest.fixture
def at_root(seeds: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def load_hostile(name: str) -> ir.Vendor:
    loaded = load([HOSTILE_SPECS / f"{name}.yaml"])
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
    (vendor,) = loaded.vendors
    return vendor


def test_there_are_hostile_specs() -> None:
    assert {"hostile_names", "hostile_strings"} <= set(HOSTILE)


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_spec_lints_clean(
    name: str, at_root: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion
) -> None:
    run = lint([f"tests/hostile_specs/{name}.yaml"], capsys)
    assert_clean_report(run, expected_status=0)
    assert run.summary["errors"] == "0"
    assert run.out == snapshot


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_spec_is_complete(name: str, at_root: Path) -> None:
    """Complete enough to generate from: a body, a rule, enums, a nested object and an array field."""
    vendor = load_hostile(name)
    bodies = [op.request.body for op in vendor.operations if op.request.body is not None]
    assert bodies
    schemas = [prop.schema for body in bodies for prop in body.schema.properties]
    assert any(body.schema.rules for body in bodies)
    assert any(schema.enum for schema in schemas)
    assert any(schema.properties for schema in schemas)
    assert any(schema.items is not None for schema in schemas)


def test_hostile_strings_are_kept_exactly(at_root: Path) -> None:
    vendor = load_hostile("hostile_strings")
    assert vendor.name == 'Ünïcødé "Quoted" {{ vendor }} \\ Recruiting 🚀'
    assert vendor.description is not None
    kept = (
        '"""triple"""',
        "'''triple'''",
        "{{ name }}",
        "{% if x %}",
        "C:\\new\\table",
        "at the end \\\n",
        "🎉👩‍💻",
    )
    for text in (*kept, "\u200b"):
        assert text in vendor.description
    (operation,) = vendor.operations
    assert operation.summary == 'Update a "candidate" — {{ id }} \\ \'quoted\' """ 🚀'
    body = operation.request.body
    assert body is not None
    label = body.schema.field("label")
    assert label is not None and label.schema.enum is not None
    values = [member.value for member in label.schema.enum]
    tricky = (
        "it's",
        'say "hi"',
        "{{ name }}",
        '"""',
        "'''",
        "back\\slash",
        "ends with backslash \\",
        "line\nbreak",
    )
    for value in (*tricky, "tab\there", "🎉", "None", "class", ""):
        assert value in values
    note = body.schema.field("note")
    assert (
        note is not None
        and note.schema.example == 'Line one\nLine two "quoted" \\ {{ x }} """ 🎉 \'\'\' \\'
    )
    status = body.schema.field("status")
    assert status is not None
    assert (
        status.schema.vendor_message("enum")
        == 'status must be one of: it\'s, "quoted", {{ status }}, ünïcode, 🚀'
    )
    assert (
        body.schema.rules[0].vendor_message
        == 'At least one "updatable" field must be provided {{ fields }} \\ """'
    )


def test_hostile_names_keep_wire_names_and_get_python_names(at_root: Path) -> None:
    vendor = load_hostile("hostile_names")
    (operation,) = vendor.operations
    assert operation.id == "import" and operation.python_name == "import_"
    body = operation.request.body
    assert body is not None
    names = {prop.wire_name: prop.python_name for prop in body.schema.properties}
    assert names["def"] == "def_"
    assert names["None"] == "none"
    assert names["import"] == "import_"
    assert names['say "hi"'] == "say_hi"
    assert names["🎉"] == "party"
    assert names["self"] == "self_" and names["timeout"] == "timeout_"
    assert {prop.python_name for prop in operation.request.path.properties} == {"from_", "class_"}
    nested = body.schema.field("import")
    assert nested is not None
    nested_names = [prop.python_name for prop in nested.schema.properties]
    assert nested_names == ["async_", "await_", "match", "type", "self_", "print"]


def test_yaml_11_words_stay_strings(at_root: Path) -> None:
    """`no`, `on`, `off`, `yes` and dates are strings under the spec's YAML 1.2 reading (the Norway problem)."""
    vendor = load_hostile("hostile_names")
    (answer,) = [
        definition.schema for definition in vendor.definitions if definition.name == "answer"
    ]
    assert answer.enum is not None
    values = [member.value for member in answer.enum]
    assert values == ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "false", "null"]
    (operation,) = vendor.operations
    body = operation.request.body
    assert body is not None
    answer_field, started_on = body.schema.field("answer"), body.schema.field("started_on")
    assert answer_field is not None and answer_field.schema.example == "no"
    assert started_on is not None and started_on.schema.example == "2024-01-15"
    assert [response.status for response in operation.responses] == ["200", "default"]
    success = operation.responses[0].body
    assert success is not None and success.field("true") is not None


def test_a_long_file_written_out_is_not_taken_for_an_alias_bomb() -> None:
    """The alias limit counts what aliases copy, not what a file writes: a vendor with a thousand
    operations holds more values than the limit and must load."""
    from generator import yamlpos
    from generator.diagnostics import Diagnostics

    values = yamlpos.MAX_ALIAS_COPIES + 1_000
    text = "spec_version: 1\nitems:\n" + "".join(f"  - {n}\n" for n in range(values))
    diagnostics = Diagnostics()
    document = yamlpos.load("long.yaml", text, diagnostics)
    assert not diagnostics.errors, [d.headline() for d in diagnostics.errors]
    assert isinstance(document.data, dict) and len(document.data["items"]) == values
