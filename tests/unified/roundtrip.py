"""The property every mapping must have, for the real vendors and the fixture vendor alike.

For a canonical candidate valid against the canonical model: every field the mapping does not report lost
comes back unchanged through `from_vendor` (from a write's request body, or from the response a read
returns), and the vendor's verdict on what was built explains every rejection: each violation is at a
vendor field a canonical value was written to, or is a requirement of the vendor's own (a required field,
a cross-field rule) that the candidate did not meet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from strategies import conforming

from atsgen_runtime.unified import VendorRequest, from_vendor, response_body, to_vendor
from generator import ir
from generator.emit.json_schema import Exporter
from generator.kinds.rules import RuleKind
from generator.unified.model import OperationMapping

CANDIDATE_ID = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"
"""A UUID: an id every vendor's id field takes, whatever its format."""

REQUIREMENTS = {"required"} | {kind.value for kind in RuleKind}
"""Violations that are the vendor's requirements of the whole request, not of a value the mapping wrote."""

SPACED = ["a b", "a b c", " a", "a ", ""]
"""Free text with spaces at each end and inside, and none: what a join's split rule must be checked on."""

Verdict = Callable[[dict[str, dict[str, Any]]], list[tuple[str, str, str]]]
"""A vendor validator: the parts built (path, query, headers, body) in, (part, JSON pointer, rule) per
violation out."""


def _value(schema: ir.Schema) -> st.SearchStrategy[Any]:
    free_text = schema.types == ("string",) and not (schema.enum or schema.format or schema.pattern)
    return conforming(schema) | st.sampled_from(SPACED) if free_text else conforming(schema)


def candidates(model: ir.Schema) -> st.SearchStrategy[dict[str, Any]]:
    """Candidates that conform to the canonical model, with any subset of its fields."""
    return st.fixed_dictionaries(
        {}, optional={prop.wire_name: _value(prop.schema) for prop in model.properties}
    )


def reference_verdict(parts: Mapping[str, ir.Schema]) -> Verdict:
    """The reference validator (jsonschema) of each part's exported schema."""
    exporter = Exporter(use_refs=False)
    validators = {
        part: Draft202012Validator(
            exporter.schema(schema), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for part, schema in parts.items()
    }

    def verdict(built: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
        return [
            (part, "".join(f"/{token}" for token in error.absolute_path), str(error.validator))
            for part, validator in validators.items()
            for error in validator.iter_errors(built[part])
        ]

    return verdict


def success_body(operation: ir.Operation) -> ir.Schema:
    """The schema of the operation's first 2xx response with a body: what a read's response is judged by."""
    return next(
        r.body
        for r in sorted(operation.responses, key=lambda r: r.status)
        if r.status.startswith("2") and r.body is not None
    )


def check_round_trip(mapping: OperationMapping, model: ir.Schema, verdict: Verdict) -> None:
    root = mapping.data.get("read_root")

    @seed(13)
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(candidates(model))
    def check(candidate: dict[str, Any]) -> None:
        if root is None:
            built = to_vendor(mapping.data, candidate, candidate_id=CANDIDATE_ID)
        else:
            # A read sends the id alone; the candidate comes back in the response it returns.
            sent = to_vendor(mapping.data, candidate, candidate_id=CANDIDATE_ID)
            assert sent.request["body"] == {}
            assert sorted(loss.pointer[1:] for loss in sent.losses) == sorted(candidate)
            built = response_body(mapping.data, candidate)
        lost = {loss.pointer[1:] for loss in built.losses}
        back = from_vendor(mapping.data, built.request["body"]).candidate
        for name, value in candidate.items():
            if name not in lost:
                assert back.get(name) == value, (name, value, back.get(name))
        written = [
            entry.target
            for entry in mapping.entries
            if entry.target and (not entry.sources or set(entry.sources) & set(candidate))
        ]
        skip = len(root.split("/")) - 1 if root else 0
        for part, pointer, rule in verdict(built.request):
            if rule in REQUIREMENTS:
                continue
            tokens = pointer.split("/")[1:]
            where = ".".join([part, *(tokens[skip:] if part == "body" else tokens)])
            assert any(where == w or where.startswith(w + ".") for w in written), (where, rule)

    check()


def build(mapping: OperationMapping, candidate: Mapping[str, Any]) -> VendorRequest:
    """What the mapping builds from `candidate`: a write's request, or the response a read returns."""
    if "read_root" in mapping.data:
        return response_body(mapping.data, candidate)
    return to_vendor(mapping.data, candidate, candidate_id=CANDIDATE_ID)
