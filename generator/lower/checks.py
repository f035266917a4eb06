"""Checks of meaning that lowering runs on a shape, beyond what the spec schema can say.

This module owns: which keywords apply to which JSON type (and the check that none is used on another type),
limits that contradict each other, non-finite numbers, patterns outside the ECMA-262 dialect, a shape's own
values (default, example, const, enum members) and examples checked against the shape they illustrate, the
cross-field rules a value breaks, and JSON-type matching (JSON equality is the runtime's `json_equal`). It also answers whether a JSON pointer
names a field of a lowered shape. Checks report through the `Reporter` they are given and build nothing.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.diagnostics import SpecPath
from generator.ecma_regex import UnsupportedPattern, python_only_syntax
from generator.ecma_regex import to_python as ecma_to_python
from generator.kinds import formats, rules
from generator.lower.report import Reporter, article
from generator.schema_check import YAML11_BOOLEAN_WORDS, YAML12_BOOLEAN_HINT

STRING_KEYS = (
    "min_length",
    "max_length",
    "pattern",
    "max_bytes",
    "max_entries",
    "entry_separator",
)
NUMBER_KEYS = ("minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of")
ARRAY_KEYS = ("items", "min_items", "max_items", "unique_items")
OBJECT_KEYS = ("fields", "additional_fields", "rules")
# Each group of type-specific keywords: the types it applies to, and how messages name those values.
_TYPE_KEYS = (
    (STRING_KEYS, ("string",), "strings"),
    (NUMBER_KEYS, ("integer", "number"), "numbers"),
    (ARRAY_KEYS, ("array",), "arrays"),
    (OBJECT_KEYS, ("object",), "objects"),
)
# Pairs of limits that contradict each other when the first is above the second (or, strict, equal to it).
_BOUNDS = (
    ("min_length", "max_length", False),
    ("min_items", "max_items", False),
    ("minimum", "maximum", False),
    ("exclusive_minimum", "exclusive_maximum", True),
    ("minimum", "exclusive_maximum", True),
    ("exclusive_minimum", "maximum", True),
)


# -- the spec's own numbers and keywords ---------------------------------------------------------------


def check_numbers(report: Reporter, value: Any, path: SpecPath) -> None:
    """JSON has no infinities or NaN; YAML's .inf and .nan would leak into generated code."""
    if isinstance(value, float) and not math.isfinite(value):
        what = "NaN (.nan)" if math.isnan(value) else "infinity (.inf)"
        bound = (
            f"; for no {path[-1]}, leave the key out" if path and path[-1] in NUMBER_KEYS else ""
        )
        report.error(path, f"{what} is not a JSON number; use a finite number{bound}")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_numbers(report, item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_numbers(report, item, path + (index,))


def check_applicable(
    report: Reporter, data: Mapping[str, Any], path: SpecPath, declared: str | None
) -> None:
    """Keywords for one JSON type on a field of another type are mistakes, not no-ops."""
    if declared in (None, "any"):
        return
    for keys, types, noun in _TYPE_KEYS:
        if declared in types:
            continue
        for key in keys:
            if key in data:
                report.error(
                    path + (key,),
                    f"{key!r} applies to {noun}, but this value is {article(declared)}; remove it, or change the type",
                    at_key=True,
                )
    fmt = formats.get(data["format"]) if "format" in data else None
    if fmt is not None and declared != fmt.json_type:
        report.error(
            path + ("format",),
            f"format {fmt.name!r} applies to {fmt.json_type}s, but this value is {article(declared)}; remove it, or change the type",
        )
    if "max_bytes" in data and (fmt is None or not fmt.carries_file):
        names = formats.file_formats()
        fixes = " or ".join(f"`format: {name}`" for name in names)
        report.error(
            path + ("max_bytes",),
            f"max_bytes limits a file sent as {' or '.join(names)}: add {fixes}",
            at_key=True,
        )
    if "entry_separator" in data and "max_entries" not in data:
        report.error(
            path + ("entry_separator",),
            "entry_separator only matters with max_entries",
            at_key=True,
        )


def check_bounds(report: Reporter, data: Mapping[str, Any], path: SpecPath) -> None:
    """Limits no value could satisfy together (min_length above max_length, ...)."""
    for low_key, high_key, strict in _BOUNDS:
        low, high = data.get(low_key), data.get(high_key)
        if low is None or high is None:
            continue
        if low > high or (strict and low == high):
            relation = "less than" if strict else "at most"
            report.error(
                path + (low_key,),
                f"{low_key} ({low}) must be {relation} {high_key} ({high}): no value could pass; fix one of them",
                at_key=True,
            )


def check_pattern(report: Reporter, pattern: str, path: SpecPath) -> None:
    """The pattern must be ECMA-262 that the generated validators can honour exactly."""
    try:
        python_only = python_only_syntax(pattern)
        if python_only is not None:
            raise UnsupportedPattern(python_only)
        ecma_to_python(pattern)
    except UnsupportedPattern as exc:
        report.error(path, f"the pattern cannot be checked: {exc}")


# -- values checked against the shape they belong to ---------------------------------------------------


def check_own_values(
    report: Reporter, schema: ir.Schema, data: Mapping[str, Any], path: SpecPath
) -> None:
    """The field's default, example, const and enum values must pass the field's own rules."""
    boolean = "boolean" if "boolean" in schema.types else None
    for key in ("default", "example", "const"):
        if key in data:
            for problem in value_problems(schema, data[key]):
                hint = yaml11_hint(data[key], boolean)
                report.error(
                    path + (key,),
                    f"the {key} {data[key]!r} breaks the field's own rules: {problem}{hint}",
                )
    declared = data.get("type")
    for index, member in enumerate(schema.enum if "enum" in data and schema.enum else ()):
        if member.value is None or not json_type_matches(member.value, declared):
            continue  # null is the nullable marker; a wrong type is reported where the enum is lowered
        for problem in value_problems(schema, member.value)[:1]:
            report.error(
                path + ("enum", member.name if member.name is not None else index),
                f"the enum value {member.value!r} can never pass the field's other rules ({problem}); "
                "remove it, or fix the rule",
            )


def check_example(report: Reporter, schema: ir.Schema, example: Any, path: SpecPath) -> None:
    for problem in value_problems(schema, example)[:5]:
        report.error(path, f"the example breaks the rules it illustrates: {problem}")


def value_problems(schema: ir.Schema, value: Any) -> list[str]:
    """Plain-words problems of `value` under `schema` (empty when it passes).

    The reference validator words a broken cross-field rule in JSON Schema terms ("... should not be valid under
    {'anyOf': ...}"), so rules are checked here and reported by their own message, and the validator checks the
    rest.
    """
    from generator.value_check import (
        violations,  # local: value_check imports the JSON Schema exporter
    )

    return violations(_without_rules(schema), value) + _rule_problems(schema, value, "")


def _has_rules(schema: ir.Schema) -> bool:
    """Whether `schema` or a shape inside it has a cross-field rule."""
    return bool(schema.rules) or any(
        _has_rules(inner)
        for inner in (
            *(prop.schema for prop in schema.properties),
            *((schema.items,) if schema.items is not None else ()),
            *schema.prefix_items,
            *((schema.additional,) if schema.additional is not None else ()),
            *schema.any_of,
        )
    )


def _without_rules(schema: ir.Schema) -> ir.Schema:
    # Most shapes have no rule anywhere inside: they are used as they are, not copied (a spec checks
    # thousands of values).
    if not _has_rules(schema):
        return schema
    return dataclasses.replace(
        schema,
        rules=(),
        properties=tuple(
            dataclasses.replace(prop, schema=_without_rules(prop.schema))
            for prop in schema.properties
        ),
        items=_without_rules(schema.items) if schema.items is not None else None,
        prefix_items=tuple(_without_rules(item) for item in schema.prefix_items),
        additional=_without_rules(schema.additional) if schema.additional is not None else None,
        any_of=tuple(_without_rules(branch) for branch in schema.any_of),
    )


def _rule_problems(schema: ir.Schema, value: Any, pointer: str) -> list[str]:
    """The cross-field rules `value` breaks, anywhere inside it, each with where and the rule's message."""
    problems: list[str] = []
    if isinstance(value, dict):
        for rule in schema.rules:
            if rules.of(rule.kind).breaks(rule, value):
                where = f"at {pointer}, " if pointer else ""
                if rule.vendor_message:
                    fields = ", ".join(rule.fields)
                    problems.append(
                        f"{where}the {rule.kind.value} rule on {fields}: {rule.vendor_message}"
                    )
                else:
                    problems.append(f"{where}{rule.default_message()}")
        for prop in schema.properties:
            if prop.wire_name in value:
                token = prop.wire_name.replace("~", "~0").replace("/", "~1")
                problems += _rule_problems(prop.schema, value[prop.wire_name], f"{pointer}/{token}")
    elif isinstance(value, list) and schema.items is not None:
        for index, item in enumerate(value):
            problems += _rule_problems(schema.items, item, f"{pointer}/{index}")
    for branch in schema.any_of:
        problems += _rule_problems(branch, value, pointer)
    return problems


# -- JSON types --------------------------------------------------------------------------------------------


def yaml11_hint(value: Any, declared: Any) -> str:
    """For `yes`/`no`/`on`/`off` where a boolean is expected: why they are strings here."""
    if declared == "boolean" and isinstance(value, str) and value in YAML11_BOOLEAN_WORDS:
        return f"; {YAML12_BOOLEAN_HINT}"
    return ""


def json_type_matches(value: Any, declared: str | None) -> bool:
    if declared in (None, "any"):
        return True
    if declared == "string":
        return isinstance(value, str)
    if declared == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if declared == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if declared == "boolean":
        return isinstance(value, bool)
    return True


# -- JSON pointers into a lowered shape -----------------------------------------------------------------


def pointers(schema: ir.Schema, prefix: str = "", depth: int = 4) -> list[str]:
    """The JSON pointers to the fields of `schema`, outermost first, for suggestions."""
    out: list[str] = []
    if depth == 0:
        return out
    if schema.items is not None:
        return pointers(schema.items, prefix + "/0", depth - 1)
    for prop in schema.properties:
        pointer = prefix + "/" + prop.wire_name.replace("~", "~0").replace("/", "~1")
        out.append(pointer)
        out.extend(pointers(prop.schema, pointer, depth - 1))
    return out


def pointer_resolves(schema: ir.Schema, pointer: str) -> bool:
    """Whether a JSON pointer names a value reachable through the schema's fields and array items."""
    if pointer == "":
        return True
    current = schema
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if current.items is not None and token.isdigit():
            current = current.items
            continue
        prop = current.field(token)
        if prop is None:
            return False
        current = prop.schema
    return True
