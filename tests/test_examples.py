"""Synthesised examples are valid under the schema they come from (the mock server answers with them)."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from generator import ir
from generator.emit import examples
from generator.emit.json_schema import Exporter
from tests.compile import compile_schema


def _problems(schema: ir.Schema, value: object) -> list[str]:
    validator = Draft202012Validator(
        Exporter(use_refs=False).schema(schema), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [e.message for e in validator.iter_errors(value)]


def test_minimal_request_examples_pass_the_generated_validators(
    vendors: dict[str, ir.Vendor],
) -> None:
    checked = 0
    for vendor in vendors.values():
        for op in vendor.operations:
            for part in ir.PARTS:
                schema = op.request.part(part)
                if schema is None:
                    continue
                value = examples.object_example(schema, mode="minimal")
                assert compile_schema(schema)(value) == [], (vendor.id, op.id, part, value)
                checked += 1
    assert checked >= 30


def test_full_response_examples_are_valid(vendors: dict[str, ir.Vendor]) -> None:
    for vendor in vendors.values():
        for op in vendor.operations:
            for response in op.responses:
                if response.body is not None:
                    value = examples.example(response.body, mode="full")
                    assert _problems(response.body, value) == [], (
                        vendor.id,
                        op.id,
                        response.status,
                    )
        for envelope in vendor.error_envelopes:
            assert _problems(envelope.body, examples.example(envelope.body, mode="full")) == []


def test_examples_use_the_field_name_for_plausible_text() -> None:
    schema = ir.Schema(types=("string",), max_length=3)
    assert examples.example(schema, name="first_name") == "Jan"
    assert (
        examples.example(ir.Schema(types=("string",)), name="workEmail") == "jane.doe@example.com"
    )
    assert examples.example(ir.Schema(types=("integer",), minimum=5, maximum=415)) == 5
