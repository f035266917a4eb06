"""Differential test: generated validators and jsonschema agree on every payload hypothesis finds.

For each operation part, payloads near the schema (tests/strategies.py) are checked by the generated
validator and by jsonschema's Draft202012Validator on the exported JSON Schema; the verdicts must match.

Two things are shared with the reference on purpose, and tested on their own elsewhere:
- formats: jsonschema only asserts formats given a FormatChecker, and its email check is "contains @";
  the reference is given the SDK's own format functions, which pass the official format cases
  (test_conformance.py).
- patterns: JSON Schema patterns are ECMA-262, jsonschema runs them as Python regular expressions (where `$`
  also matches before a final newline); the reference is given the same ECMA-262 translation the validators
  use (tested in test_ecma_regex.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from ats_sdk._runtime import validation
from generator import ir
from generator.ecma_regex import to_python
from generator.emit import validators
from generator.emit.json_schema import Exporter
from generator.load import discover, load
from tests.compile import validator_module
from tests.conftest import SPECS_DIR
from tests.strategies import payloads


def _ecma_pattern(
    validator: Any, pattern: str, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    if isinstance(instance, str) and re.search(to_python(pattern), instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Reference = extend(Draft202012Validator, {"pattern": _ecma_pattern})
FORMATS = FormatChecker(formats=())
for _name, _check in validation.FORMAT_CHECKS.items():
    # Formats apply to strings only; the SDK's functions take strings, jsonschema passes any instance.
    FORMATS.checks(_name)(lambda value, check=_check: not isinstance(value, str) or check(value))


def _parts() -> list[Any]:
    loaded = load(discover(SPECS_DIR))
    params = []
    for vendor in loaded.vendors:
        for op in vendor.operations:
            for part in ir.PARTS:
                schema = op.request.part(part)
                if schema is not None and (part == "body" or schema.properties_in_code):
                    params.append(pytest.param(schema, id=f"{vendor.id}.{op.id}.{part}"))
    return params


@pytest.mark.parametrize("schema", _parts())
def test_validator_and_jsonschema_agree(schema: ir.Schema) -> None:
    check = validator_module(validators.build_for_schema(schema)).validate_value
    reference = Reference(Exporter(use_refs=False).schema(schema), format_checker=FORMATS)

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(payload=payloads(schema))
    def agree(payload: Any) -> None:
        ours = check(payload)
        theirs = list(reference.iter_errors(payload))
        assert (not ours) == (
            not theirs
        ), f"ours: {ours}\njsonschema: {[e.message for e in theirs]}"

    agree()


def test_the_strategies_produce_both_verdicts() -> None:
    """A differential test that only ever sees valid (or only invalid) payloads proves little."""
    schema = _parts()[0].values[0]
    check = validator_module(validators.build_for_schema(schema)).validate_value
    verdicts: set[bool] = set()

    @settings(max_examples=200, deadline=None)
    @given(payload=payloads(schema))
    def collect(payload: Any) -> None:
        verdicts.add(not check(payload))

    collect()
    assert verdicts == {True, False}


def test_reference_pattern_uses_ecma_semantics() -> None:
    reference = Reference({"pattern": "^a$"})
    assert reference.is_valid("a") and not reference.is_valid("a\n")
