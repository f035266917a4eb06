"""The rule-kind registry (`generator/kinds/rules.py`) is the one authority on cross-field rule kinds.

Held here: the spec schema's enums and the registry agree; no other source file names a kind; the
registry's evaluation, the generated validator and the exported JSON Schema give the same verdict on every
rule the specs declare (and on one rule of each kind over fields the specs declare); a kind the registry
lacks is an error naming it, in every stage.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator import ir
from generator.diff import rules as diff_rules
from generator.emit import docs, examples, json_schema, validators
from generator.kinds import UnknownMember, rules
from generator.lower import checks
from tests.compile import compile_schema
from tests.kinds.touches import ROOT, files_naming

NAMES = tuple(kind.value for kind in rules.RuleKind)
OTHER = "a value no condition names"


def _spec_schema() -> Any:
    return json.loads((ROOT / "generator" / "spec_schema.json").read_text(encoding="utf-8"))


def test_every_kind_is_described_once() -> None:
    assert list(rules.KINDS) == list(rules.RuleKind)
    assert all(rules.of(kind).kind is kind for kind in rules.RuleKind)


def test_the_spec_schema_enums_are_the_registry() -> None:
    rule = _spec_schema()["$defs"]["rule"]
    assert rule["properties"]["rule"]["enum"] == list(NAMES)
    conditional = rule["if"]["properties"]["rule"]["enum"]
    assert conditional == list(rules.conditional_names())


def test_only_the_registry_and_the_spec_schema_name_rule_kinds() -> None:
    assert files_naming(NAMES) == {"generator/kinds/rules.py", "generator/spec_schema.json"}


# -- one verdict everywhere --------------------------------------------------------------------------------


def _objects(schema: ir.Schema, depth: int = 6) -> Iterator[ir.Schema]:
    if depth == 0:
        return
    if schema.properties_in_code:
        yield schema
    children = (
        [p.schema for p in schema.properties] + list(schema.any_of) + list(schema.prefix_items)
    )
    children += [s for s in (schema.items, schema.additional) if s is not None]
    for child in children:
        yield from _objects(child, depth - 1)


def _spec_objects(vendors: dict[str, ir.Vendor]) -> list[ir.Schema]:
    found = []
    for vendor_id in sorted(vendors):
        vendor = vendors[vendor_id]
        roots = [d.schema for d in vendor.definitions]
        for op in vendor.operations:
            roots += [s for part in ir.PARTS if (s := op.request.part(part)) is not None]
        for root in roots:
            found.extend(_objects(root))
    return found


def _synthetic_rules(objects: list[ir.Schema]) -> list[ir.Rule]:
    """One rule of each kind (each condition form for a conditional kind) over the first spec object with
    three fields: two governed, one tested."""
    host = next(o for o in objects if len(o.properties_in_code) >= 3)
    first, second, tested = (p.wire_name for p in host.properties_in_code[:3])
    conditions = (
        ir.Condition(tested, present=True),
        ir.Condition(tested, present=False),
        ir.Condition(tested, values=(ir.EnumMember(True), ir.EnumMember("x"))),
    )
    made = []
    for kind in rules.KINDS.values():
        for when in conditions if kind.conditional else (None,):
            made.append(ir.Rule(kind=kind.kind, fields=(first, second), when=when))
    return made


def _candidates(rule: ir.Rule) -> Iterator[dict[str, Any]]:
    """Every subset of the rule's fields, with the tested field absent, at each value it is tested for,
    at a JSON-unequal twin of such a value (1 for true) and at another value."""
    tested: list[Any] = [OTHER]
    if rule.when is not None and rule.when.values is not None:
        for member in rule.when.values:
            tested.append(member.value)
            if isinstance(member.value, bool):
                tested.append(int(member.value))
    for count in range(len(rule.fields) + 1):
        for given in itertools.combinations(rule.fields, count):
            base = {name: "given" for name in given}
            yield base
            if rule.when is not None:
                for value in tested:
                    yield {**base, rule.when.field: value}


def _rules_in_specs(vendors: dict[str, ir.Vendor]) -> list[ir.Rule]:
    objects = _spec_objects(vendors)
    declared = [rule for obj in objects for rule in obj.rules]
    return declared + _synthetic_rules(objects)


def test_registry_validator_and_json_schema_agree_on_every_rule(
    vendors: dict[str, ir.Vendor],
) -> None:
    every = _rules_in_specs(vendors)
    assert {rule.kind for rule in every} == set(rules.RuleKind)
    for rule in every:
        kind = rules.of(rule.kind)
        check = compile_schema(ir.Schema(types=("object",), rules=(rule,)))
        reference = Draft202012Validator(json_schema.rule_schema(rule))
        verdicts = set()
        for payload in _candidates(rule):
            broken = kind.breaks(rule, payload)
            verdicts.add(broken)
            assert any(v.rule == kind.name for v in check(payload)) == broken, (rule, payload)
            assert reference.is_valid(payload) is not broken, (rule, payload)
        assert verdicts == {True, False}, rule  # the candidates tell the two apart


def test_an_example_object_keeps_every_rule(vendors: dict[str, ir.Vendor]) -> None:
    # Before, a response example (full mode) kept every field of an exactly_one_of rule, and a request
    # example left out the fields a required_when rule needed when its condition held.
    objects = _spec_objects(vendors)
    host = next(o for o in objects if len(o.properties_in_code) >= 3)
    shapes = objects + [dataclasses.replace(host, rules=(r,)) for r in _synthetic_rules(objects)]
    for shape in shapes:
        for mode in ("minimal", "full"):
            made = examples.object_example(shape, mode=mode)
            for rule in shape.rules:
                assert not rules.of(rule.kind).breaks(rule, made), (rule, mode, made)


# -- a kind the registry lacks -----------------------------------------------------------------------------

UNKNOWN = "no_such_rule"


def _unknown_rule() -> ir.Rule:
    # A kind outside the enum, as a stage would meet one a new kind left undescribed: before the registry,
    # the stages read anything that was not one of the first three kinds as allowed_only_when.
    return ir.Rule(kind=UNKNOWN, fields=("a",), when=ir.Condition("b"))  # type: ignore[arg-type]


STAGES: dict[str, Callable[[ir.Rule], object]] = {
    "message": lambda r: r.default_message(),
    "validators": lambda r: validators.build_for_schema(ir.Schema(types=("object",), rules=(r,))),
    "json_schema": lambda r: json_schema.rule_schema(r),
    "docs": lambda r: docs.rule_text(r, ""),
    "examples": lambda r: examples.object_example(
        ir.Schema(
            types=("object",),
            properties=(ir.Field("a", "a", ir.Schema(types=("string",)), required=True),),
            rules=(r,),
        )
    ),
    "lower": lambda r: checks.value_problems(ir.Schema(types=("object",), rules=(r,)), {"a": 1}),
    "diff": lambda r: diff_rules.tighter(r, dataclasses.replace(r, fields=("a", "c"))),
}


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_kind_the_registry_lacks_is_an_error_naming_it(stage: str) -> None:
    with pytest.raises(UnknownMember, match=UNKNOWN):
        STAGES[stage](_unknown_rule())


def test_a_spec_rule_name_the_registry_lacks_is_an_error_naming_it() -> None:
    with pytest.raises(UnknownMember, match=UNKNOWN):
        rules.named(UNKNOWN)
