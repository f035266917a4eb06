"""The property every mapping must have, for the real vendors and the fixture vendor alike.

For a canonical candidate valid against the canonical model: every field `to_vendor` does not report lost
comes back unchanged through `from_vendor`, and the vendor validator's verdict on the request explains every
rejection (each violation is at a vendor field a canonical value was written to, or is a requirement of
the vendor's own that the candidate did not meet).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from strategies import conforming

from atsgen_runtime.unified import from_vendor, to_vendor
from generator import ir
from generator.kinds.rules import RuleKind
from generator.unified.model import OperationMapping

CANDIDATE_ID = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"
"""A UUID: an id every vendor's id field takes, whatever its format."""

REQUIREMENTS = {"required"} | {kind.value for kind in RuleKind}
"""Violations that are the vendor's requirements of the whole request, not of a value the mapping wrote."""

Verdict = Callable[[dict[str, dict[str, Any]]], list[tuple[str, str, str]]]
"""A vendor validator: the request's parts in, (part, JSON pointer, rule) per violation out."""


SPACED = ["a b", "a b c", " a", "a ", ""]
"""Free text with spaces at each end and inside, and none: what a join's split rule must be checked on."""


def _value(schema: ir.Schema) -> st.SearchStrategy[Any]:
    free_text = schema.types == ("string",) and not (schema.enum or schema.format or schema.pattern)
    return conforming(schema) | st.sampled_from(SPACED) if free_text else conforming(schema)


def candidates(model: ir.Schema) -> st.SearchStrategy[dict[str, Any]]:
    """Candidates that conform to the canonical model, with any subset of its fields."""
    return st.fixed_dictionaries(
        {}, optional={prop.wire_name: _value(prop.schema) for prop in model.properties}
    )


def check_round_trip(mapping: OperationMapping, model: ir.Schema, verdict: Verdict) -> None:
    @seed(13)
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(candidates(model))
    def check(candidate: dict[str, Any]) -> None:
        mapped = to_vendor(mapping.data, candidate, candidate_id=CANDIDATE_ID)
        lost = {loss.pointer[1:] for loss in mapped.losses}
        back = from_vendor(mapping.data, mapped.request["body"]).candidate
        for name, value in candidate.items():
            if name not in lost:
                assert back.get(name) == value, (name, value, back.get(name))
        if mapping.data.get("read_root") is not None:
            return  # a read: nothing is sent for the vendor to judge
        written = [
            entry.target
            for entry in mapping.entries
            if entry.target and (not entry.sources or set(entry.sources) & set(candidate))
        ]
        for part, pointer, rule in verdict(mapped.request):
            if rule in REQUIREMENTS:
                continue
            where = ".".join([part, *pointer.split("/")[1:]])
            assert any(where == w or where.startswith(w + ".") for w in written), (where, rule)

    check()
