"""The generated `ats_sdk.unified`, for every vendor with a declared mapping: its types follow the
declarations, `to_vendor` gives the engine's request with the vendor validators' verdict, and `send` /
`fetch` go through each vendor's mock under the loss policy."""

from __future__ import annotations

import importlib
import subprocess
import sys
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings

from ats_sdk import unified
from generator.unified.model import OperationMapping
from unified.declarations import declarations
from unified.roundtrip import CANDIDATE_ID, candidates
from unified.through_mock import check_vendor

DECLARED, _ = declarations()
MAPPINGS = DECLARED.mappings
VENDORS = sorted({m.vendor for m in MAPPINGS})
assert DECLARED.model is not None
MODEL = DECLARED.model


def test_importing_it_loads_neither_pydantic_nor_httpx() -> None:
    code = "import sys, ats_sdk.unified; print(sorted({'pydantic', 'httpx'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_candidate_is_the_canonical_model() -> None:
    hints = typing.get_type_hints(unified.Candidate)
    assert list(hints) == [prop.wire_name for prop in MODEL.properties]
    assert unified.Candidate.__total__ is False
    for prop in MODEL.properties:
        if prop.schema.enum is not None:
            assert typing.get_args(hints[prop.wire_name]) == tuple(
                m.value for m in prop.schema.enum
            )
        elif prop.schema.types == ("array",):
            assert typing.get_origin(hints[prop.wire_name]) is list
        else:
            assert hints[prop.wire_name] is {"string": str, "integer": int}[prop.schema.types[0]]


def test_the_mappings_are_the_declarations_as_data() -> None:
    assert {
        vendor: {m.operation: m.data for m in MAPPINGS if m.vendor == vendor} for vendor in VENDORS
    } == unified.MAPPINGS
    assert typing.get_args(unified.Vendor) == tuple(VENDORS)
    assert set(typing.get_args(unified.Operation)) == {m.operation for m in MAPPINGS}


def test_each_vendor_is_typed_with_its_own_operations() -> None:
    """One overload per vendor: a type checker refuses an operation the vendor has no mapping for."""
    overloads = typing.get_overloads(unified.to_vendor)
    typed = {}
    for function in overloads:
        hints = typing.get_type_hints(function, vars(unified))
        [vendor] = typing.get_args(hints["vendor"])
        typed[vendor] = set(typing.get_args(hints["operation"]))
    declared = {v: {m.operation for m in MAPPINGS if m.vendor == v} for v in VENDORS}
    assert typed == (declared if len(VENDORS) > 1 else {})


def _verdict(
    mapping: OperationMapping, request: dict[str, dict[str, Any]]
) -> list[tuple[str, str]]:
    """The vendor's generated validators on each part the operation has, pointers into the request."""
    validators = importlib.import_module(f"ats_sdk.{mapping.vendor}.validators")
    found = []
    for part in ("path", "query", "headers", "body"):
        if part == "body" and "read_root" in mapping.data:
            continue
        try:
            violations = validators.validate(mapping.operation, request[part], part)
        except ValueError:  # the operation has no such part
            continue
        found.extend((f"/{part}{v.pointer}", v.rule) for v in violations)
    return sorted(found)


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_to_vendor_is_the_engine_with_the_vendors_verdict(mapping: OperationMapping) -> None:
    from atsgen_runtime.unified import to_vendor

    @seed(13)
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(candidates(MODEL))
    def check(candidate: dict[str, Any]) -> None:
        mapped = unified.to_vendor(
            mapping.vendor, mapping.operation, candidate, candidate_id=CANDIDATE_ID  # type: ignore[call-overload]
        )
        engine = to_vendor(mapping.data, candidate, candidate_id=CANDIDATE_ID)
        assert mapped.request == engine.request
        # Two copies of one runtime (the SDK's and atsgen's): compared by value.
        assert [repr(loss) for loss in mapped.losses] == [repr(loss) for loss in engine.losses]
        assert sorted((v.pointer, v.rule) for v in mapped.violations) == _verdict(
            mapping, mapped.request
        )

    check()


@pytest.mark.parametrize("mapping", MAPPINGS[:1], ids=lambda m: f"{m.vendor}.{m.operation}")
def test_a_call_that_cannot_be_mapped_is_a_typed_error(mapping: OperationMapping) -> None:
    from ats_sdk.errors import ATSError, MappingError

    with pytest.raises(MappingError, match="no unified mapping for"):
        unified.to_vendor(mapping.vendor, "no_such_operation", {})  # type: ignore[call-overload]
    assert issubclass(MappingError, ATSError) and issubclass(
        unified.UnifiedRequestRefused, ATSError
    )
    if "candidate_id" in mapping.data:
        with pytest.raises(MappingError, match="needs candidate_id"):
            unified.to_vendor(mapping.vendor, mapping.operation, {})  # type: ignore[call-overload]


def test_an_unknown_loss_policy_is_refused_before_anything_is_sent() -> None:
    from atsgen_runtime.unified import VendorRequest, admit

    with pytest.raises(ValueError, match="on_loss must be"):
        admit("v.op", VendorRequest({}, []), "ignore")  # type: ignore[arg-type]


@pytest.mark.parametrize("vendor", VENDORS)
def test_send_and_fetch_through_the_mock(vendor: str) -> None:
    checked = check_vendor(vendor, MODEL)
    writes = {m.operation for m in MAPPINGS if m.vendor == vendor and "read_root" not in m.data}
    assert writes <= set(checked) and all(checked[op] for op in writes)
