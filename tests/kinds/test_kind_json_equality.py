"""One JSON equality (`json_equal` in the runtime) for enum membership and rule conditions, everywhere.

JSON Schema's equality: numbers by value (1 == 1.0), booleans apart from numbers (true != 1), arrays and
objects member-wise by the same rule. The generated validators, the loader, the examples and the diff all
use the runtime's definition (`atsgen_runtime.validation`, shipped as `ats_sdk._runtime.validation`).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from atsgen_runtime.validation import json_equal
from generator import ir
from generator.diff import describe
from generator.emit import examples
from generator.kinds import rules
from tests.conftest import SHARED_DIR
from tests.kinds.touches import ROOT

JSTS = SHARED_DIR / "jsts"
RUNTIME = ROOT / "templates" / "runtime" / "validation.py"


def _jsts_cases() -> list[Any]:
    """The enum and const groups whose schema is that keyword alone (others test other keywords too)."""
    if not JSTS.is_dir():
        return [pytest.param(None, id="jsts-missing", marks=pytest.mark.skip(f"{JSTS} is absent"))]
    cases = []
    for keyword in ("enum", "const"):
        for group in json.loads((JSTS / f"{keyword}.json").read_text(encoding="utf-8")):
            schema = group["schema"]
            if set(schema) - {"$schema", "$comment"} != {keyword}:
                continue
            for number, test in enumerate(group["tests"]):
                ident = f"{keyword}: {group['description']} #{number}"
                cases.append(pytest.param(keyword, schema[keyword], test, id=ident))
    return cases


@pytest.mark.parametrize(("keyword", "allowed", "test"), _jsts_cases())
def test_json_equal_passes_the_suites_enum_and_const_cases(
    keyword: str, allowed: Any, test: dict[str, Any]
) -> None:
    members = allowed if keyword == "enum" else [allowed]
    assert any(json_equal(test["data"], member) for member in members) is test["valid"]


def test_json_equal_is_json_schemas_equality() -> None:
    assert json_equal(1, 1.0) and json_equal([1, {"a": 2.0}], [1.0, {"a": 2}])
    assert (
        not json_equal(True, 1)
        and not json_equal([False], [0])
        and not json_equal({"a": 1}, {"a": True})
    )
    assert not json_equal("1", 1) and not json_equal(None, False)


def _boolean_condition_schema() -> tuple[ir.Schema, ir.Rule]:
    # `flag` is an integer, so the example made for it is 1; `extra` may be sent only when flag is true.
    rule = ir.Rule(
        kind=rules.RuleKind.ALLOWED_ONLY_WHEN,
        fields=("extra",),
        when=ir.Condition("flag", values=(ir.EnumMember(True),)),
    )
    fields = (
        ir.Field("flag", "flag", ir.Schema(types=("integer",)), required=True),
        ir.Field("extra", "extra", ir.Schema(types=("string",)), required=True),
    )
    return ir.Schema(types=("object",), properties=fields, rules=(rule,)), rule


def test_an_example_does_not_take_1_for_a_condition_on_true() -> None:
    # The examples compared with Python's ==, where True == 1, so they kept a field the rule forbids.
    schema, rule = _boolean_condition_schema()
    made = examples.object_example(schema)
    assert made["flag"] == 1
    assert "extra" not in made
    assert not rules.of(rule.kind).breaks(rule, made)


def test_the_diff_compares_values_as_json_at_every_depth() -> None:
    # The diff keyed values by their JSON text, normalising only a top-level float: [1.0] and [1] differed.
    assert describe.identity([1.0]) == describe.identity([1])
    assert describe.identity({"a": [2.0]}) == describe.identity({"a": [2]})
    assert describe.identity(True) != describe.identity(1)
    assert describe.identity([True]) != describe.identity([1])


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_runtimes_equality_needs_no_generated_sdk() -> None:
    assert not {name for name in _imported_modules(RUNTIME) if name.split(".")[0] == "ats_sdk"}
    probe = (
        "import sys, atsgen_runtime.validation\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'ats_sdk'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_no_other_json_equality_is_defined_in_the_generator() -> None:
    defined = {
        node.name
        for path in (ROOT / "generator").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
    }
    assert not defined & {"json_key", "json_equal", "_holds", "_breaks"}
