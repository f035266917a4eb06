"""The mapping engine against the real generated vendor validators, for every declared operation mapping."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
import yaml

from atsgen_runtime.unified import MappingError, from_vendor, to_vendor
from generator import naming
from generator.unified.model import OperationMapping
from unified.declarations import SPECS, declarations, operation
from unified.roundtrip import (
    Verdict,
    build,
    check_round_trip,
    reference_verdict,
    success_body,
)

MAPPINGS = declarations()[0].mappings


def test_the_real_declarations_load_without_errors() -> None:
    result, diagnostics = declarations()
    assert not diagnostics.errors, [d.headline() for d in diagnostics.errors]
    assert result.model is not None
    # Every vendor spec's every operation that the mappings name is mapped (none dropped by a check).
    declared = {
        (path.stem, op)
        for path in (SPECS / "unified" / "mappings").glob("*.yaml")
        for op in yaml.safe_load(path.read_text(encoding="utf-8"))["operations"]
    }
    assert {(m.vendor, m.operation) for m in result.mappings} == declared


def _verdict(mapping: OperationMapping) -> Verdict:
    """The vendor's generated validators for the operation's request parts; for a read, the body built is
    the response, judged by the reference validator of the documented success response."""
    validators = importlib.import_module(f"ats_sdk.{mapping.vendor}.validators")
    response = reference_verdict({"body": success_body(operation(mapping))})

    def verdict(built: dict[str, dict[str, Any]]) -> list[tuple[str, str, str]]:
        found: list[tuple[str, str, str]] = []
        for part in ("path", "query", "headers", "body"):
            check = getattr(
                validators, naming.validator_name(naming.snake_case(mapping.operation), part), None
            )
            if check is not None:
                found.extend((part, v.pointer, v.rule) for v in check(built[part]))
        if "read_root" in mapping.data:
            found.extend(response(built))
        return found

    return verdict


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_to_vendor_round_trips_every_field_not_lost(mapping: OperationMapping) -> None:
    model = declarations()[0].model
    assert model is not None
    check_round_trip(mapping, model, _verdict(mapping))


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_every_unsupported_field_is_reported_with_its_reason(mapping: OperationMapping) -> None:
    for entry in mapping.data["map"]:
        if entry["transform"] == "unsupported":
            mapped = build(mapping, {entry["from"]: "x"})
            assert [(loss.kind, loss.reason) for loss in mapped.losses] == [
                ("unsupported", entry["reason"])
            ]


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_provenance_carries_over_from_the_vendor_field(mapping: OperationMapping) -> None:
    for entry in mapping.entries:
        if entry.target is not None:
            assert entry.target_field is not None
            assert entry.provenance == entry.target_field.provenance


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_every_canonical_value_arrives_or_is_reported(mapping: OperationMapping) -> None:
    for entry in mapping.data["map"]:
        if entry["transform"] != "values":
            continue
        for value in [*entry["values"], *entry.get("unsupported_values", {})]:
            mapped = build(mapping, {entry["from"]: value})
            back = from_vendor(mapping.data, mapped.request["body"]).candidate
            kinds = [loss.kind for loss in mapped.losses]
            if value in entry.get("unsupported_values", {}):
                assert kinds == ["unsupported_value"] and entry["from"] not in back
            elif back.get(entry["from"]) == value:
                assert kinds == []
            else:
                assert kinds == ["merged_value"], (value, back)


JOINS = [
    pytest.param(m, e, id=f"{m.vendor}.{m.operation}.{e['to']}")
    for m in MAPPINGS
    for e in m.data["map"]
    if e["transform"] == "join"
]


@pytest.mark.parametrize("mapping, entry", JOINS)
def test_a_join_reports_what_its_split_rule_cannot_restore(
    mapping: OperationMapping, entry: dict[str, Any]
) -> None:
    separator, names = entry["separator"], entry["from"]
    plain = {name: f"part{index}" for index, name in enumerate(names)}
    mapped = build(mapping, plain)
    assert mapped.losses == []
    assert from_vendor(mapping.data, mapped.request["body"]).candidate == plain
    # A separator inside the part the rule does not split at makes the joined text ambiguous.
    inside = names[-1] if entry["split"] == "last_separator" else names[0]
    ambiguous = {**plain, inside: f"a{separator}b"}
    mapped = build(mapping, ambiguous)
    assert sorted(loss.pointer for loss in mapped.losses) == sorted(f"/{n}" for n in names)
    assert {loss.kind for loss in mapped.losses} == {"split"}
    # One part alone cannot be joined: it is reported, and nothing half-written is sent.
    alone = build(mapping, {names[0]: "x"})
    assert [loss.kind for loss in alone.losses] == ["incomplete_join"]
    assert entry["to"].split(".")[-1] not in alone.request["body"]


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_a_constant_is_sent_whatever_the_candidate(mapping: OperationMapping) -> None:
    # Each mapped target in turn becomes a constant: it is written as declared, and nothing is read back.
    root = [t for t in mapping.data.get("read_root", "").split("/")[1:]]
    for entry in [e for e in mapping.data["map"] if "to" in e]:
        data = {**mapping.data, "map": [{"transform": "constant", "to": entry["to"], "value": "k"}]}
        mapped = build(
            OperationMapping(mapping.vendor, mapping.operation, (), data, mapping.loc), {}
        )
        part, *names = entry["to"].split(".")
        sent: Any = mapped.request[part]
        for name in (root if part == "body" else []) + names:
            sent = sent[name]
        assert sent == "k" and mapped.losses == []
        assert from_vendor(data, mapped.request["body"]).candidate == {}


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: f"{m.vendor}.{m.operation}")
def test_a_call_that_cannot_be_mapped_is_a_typed_error(mapping: OperationMapping) -> None:
    if "candidate_id" in mapping.data:
        with pytest.raises(MappingError, match="needs candidate_id"):
            to_vendor(mapping.data, {})
    else:
        assert "candidate_id" not in str(to_vendor(mapping.data, {}, candidate_id="x").request)
    newer = {**mapping.data, "map": [{**mapping.data["map"][0], "transform": "python"}]}
    built = OperationMapping(mapping.vendor, mapping.operation, (), newer, mapping.loc)
    with pytest.raises(MappingError, match="unknown transform 'python'"):
        build(built, {})
    with pytest.raises(MappingError, match="unknown transform 'python'"):
        from_vendor(newer, {})
