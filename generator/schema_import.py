"""Read a JSON Schema (draft 2020-12) into the intermediate form, for the keywords the validators support.

The inverse of `emit/json_schema.py` for plain schemas: it lets the official JSON-Schema-Test-Suite cases run
through the generated validators, and lets tests round-trip an exported schema. A keyword outside the
supported set raises `Unsupported` naming it, so a caller can skip that case with the reason.
"""

from __future__ import annotations

from typing import Any

from generator import ir, naming
from generator.kinds import formats

SUPPORTED = frozenset(
    {
        "type", "enum", "const", "format",
        "minLength", "maxLength", "pattern",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "properties", "required", "additionalProperties",
        "anyOf",
    }
)  # fmt: skip
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "contentEncoding",
    }
)
# The formats JSON Schema names with `format` and the validators assert: a string format the registry checks.
# Others (int32 and int64, whose range the IR holds as minimum and maximum) are annotations here.
ASSERTED_FORMATS = frozenset(
    member.name
    for member in formats.FORMATS.values()
    if member.annotated and member.json_type == "string"
)


class Unsupported(ValueError):
    """The schema uses a keyword (or keyword form) the generated validators do not implement."""


def from_json_schema(schema: Any) -> ir.Schema:
    if schema is True:
        return ir.Schema()
    if schema is False:
        return ir.Schema(never=True)
    if not isinstance(schema, dict):
        raise Unsupported(f"a schema must be an object or a boolean, not {type(schema).__name__}")
    unknown = set(schema) - SUPPORTED - ANNOTATIONS
    if unknown:
        raise Unsupported(
            f"keywords not supported by the generated validators: {', '.join(sorted(unknown))}"
        )
    types = schema.get("type", ())
    types = (types,) if isinstance(types, str) else tuple(types)
    fmt = schema.get("format")
    if fmt is not None and fmt not in ASSERTED_FORMATS:
        fmt = None  # unknown formats are annotations only
    required = set(schema.get("required", ()))
    properties = tuple(
        ir.Field(
            wire_name=name,
            python_name=naming.snake_case(name),
            schema=from_json_schema(sub),
            required=name in required,
        )
        for name, sub in schema.get("properties", {}).items()
    )
    listed = {p.wire_name for p in properties}
    extra_required = tuple(
        ir.Field(
            wire_name=name, python_name=naming.snake_case(name), schema=ir.Schema(), required=True
        )
        for name in schema.get("required", ())
        if name not in listed
    )
    additional = schema.get("additionalProperties")
    prefix = tuple(from_json_schema(s) for s in schema.get("prefixItems", ()))
    items = schema.get("items")
    return ir.Schema(
        types=types,
        enum=tuple(ir.EnumMember(v) for v in schema["enum"]) if "enum" in schema else None,
        const=ir.Const(schema["const"]) if "const" in schema else None,
        format=fmt,
        min_length=schema.get("minLength"),
        max_length=schema.get("maxLength"),
        pattern=schema.get("pattern"),
        minimum=schema.get("minimum"),
        maximum=schema.get("maximum"),
        exclusive_minimum=schema.get("exclusiveMinimum"),
        exclusive_maximum=schema.get("exclusiveMaximum"),
        multiple_of=schema.get("multipleOf"),
        items=from_json_schema(items) if items is not None else None,
        prefix_items=prefix,
        min_items=schema.get("minItems"),
        max_items=schema.get("maxItems"),
        unique_items=bool(schema.get("uniqueItems", False)),
        properties=properties + extra_required,
        additional=from_json_schema(additional) if additional is not None else None,
        any_of=tuple(from_json_schema(s) for s in schema.get("anyOf", ())),
    )
