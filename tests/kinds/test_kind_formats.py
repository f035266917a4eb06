"""The format registry (`generator/kinds/formats.py`) is the one authority on string and integer formats.

Held here: the spec schema's enum, the runtime's checks and the registry agree; no other source file names a
format; every stage that meets a format the registry lacks says so (`UnknownMember`) instead of skipping it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import atsgen_runtime.validation as runtime
from generator import ir, phrasing
from generator.diff import limits
from generator.emit import docs, examples, json_schema, pytypes, validators
from generator.kinds import UnknownMember, formats
from tests.compile import compile_schema
from tests.kinds.touches import ROOT, files_naming, strings_in

NAMES = tuple(formats.FORMATS)
STRING_FORMATS = tuple(m for m in formats.FORMATS.values() if m.json_type == "string")
INTEGER_FORMATS = tuple(m for m in formats.FORMATS.values() if m.json_type == "integer")

# The registry; the runtime that checks string formats at run time; the spec schema's enum, for editors.
ALLOWED_FILES = {
    "generator/kinds/formats.py",
    "templates/runtime/validation.py",
    "generator/spec_schema.json",
}
# Files that hold a format's name as a field name, not as a format: the example text for an `email` field,
# the mock's de-duplication key. They may name that one word and no other format.
FIELD_NAME_FILES = {
    "generator/emit/examples.py": {"email"},
    "templates/runtime/mock_ops.py": {"email"},
}
UNKNOWN = "no-such-format"


def _spec_schema() -> Any:
    return json.loads((ROOT / "generator" / "spec_schema.json").read_text(encoding="utf-8"))


def test_the_spec_schema_enum_is_the_registry() -> None:
    enum = _spec_schema()["$defs"]["shape"]["properties"]["format"]["enum"]
    assert enum == list(NAMES)


def test_only_the_registry_the_runtime_and_the_spec_schema_name_formats() -> None:
    assert files_naming(NAMES) == ALLOWED_FILES | set(FIELD_NAME_FILES)
    for path, allowed in FIELD_NAME_FILES.items():
        assert strings_in(ROOT / path) & set(NAMES) == allowed, path


def test_every_string_format_has_its_runtime_check_and_no_other_exists() -> None:
    for member in STRING_FORMATS:
        assert member.check is not None
        function = getattr(runtime, member.check, None)
        assert callable(function), member.check
        assert member.check in runtime.__all__
        assert runtime.FORMAT_CHECKS[member.name] is function
    assert set(runtime.FORMAT_CHECKS) == {member.name for member in STRING_FORMATS}


@pytest.mark.parametrize("member", STRING_FORMATS, ids=lambda m: m.name)
def test_a_string_format_is_checked_with_its_words_and_its_example_passes(
    member: formats.Format,
) -> None:
    check = compile_schema(ir.Schema(types=("string",), format=member.name))
    assert check(member.example) == []
    (violation,) = check("\x01 not it")
    assert (violation.rule, violation.message) == ("format", f"must be {member.words}")


@pytest.mark.parametrize("member", INTEGER_FORMATS, ids=lambda m: m.name)
def test_an_integer_format_is_its_range(member: formats.Format, vendors: dict[str, Any]) -> None:
    assert member.integer_range is not None
    low, high = member.integer_range
    assert ir.INTEGER_FORMAT_RANGES[member.name] == (low, high)
    assert low <= int(member.example) <= high
    assert formats.integer_range(member.name) == (low, high)


@pytest.mark.parametrize("member", list(formats.FORMATS.values()), ids=lambda m: m.name)
def test_the_json_schema_export_carries_the_registry_keywords(member: formats.Format) -> None:
    exported = json_schema.Exporter().schema(
        ir.Schema(types=(member.json_type,), format=member.name)
    )
    assert isinstance(exported, dict)
    for keyword, value in member.json_schema:
        assert exported[keyword] == value
    assert exported.get("pattern") == member.json_pattern


def _string_schema_with_unknown_format() -> ir.Schema:
    return ir.Schema(types=("string",), format=UNKNOWN)


STAGES: dict[str, Callable[[ir.Schema], object]] = {
    "validators": lambda s: validators.build_for_schema(s),
    "json_schema": lambda s: json_schema.Exporter().schema(s),
    "examples": lambda s: examples.example(s),
    "pytypes": lambda s: pytypes.Annotator().annotation(s, "Title"),
    "words": lambda s: phrasing.limits(s, quote=str),
    "diff": lambda s: limits.stated(s),
    "docs": lambda s: docs._type_words(s),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_format_the_registry_lacks_is_an_error_naming_it(stage: str) -> None:
    # Before the registry, the validator emitter skipped the check (`if s.format in _FORMAT_FUNCTIONS`),
    # the exporter left the keyword out and the examples fell back to a name hint, all silently.
    with pytest.raises(UnknownMember, match=UNKNOWN):
        STAGES[stage](_string_schema_with_unknown_format())
