"""Plausible example values from schemas: deterministic, and valid under the schema they come from.

Used for the mock server's responses, docs' example requests and tests. A value the spec gives as an
`example` is used as is; otherwise one is made from the type, format, enum and limits, with the field's
name as a hint for plausible text (an `email` field gets an address, `first_name` a first name).
"""

from __future__ import annotations

from typing import Literal

from generator import ir
from generator.kinds import formats, rules

Mode = Literal["minimal", "full"]
"""minimal: required fields only (a request a caller would start from); full: every field (a response)."""

# (substring of a lower-cased wire name, example text): first match wins.
_NAME_HINTS: tuple[tuple[str, str], ...] = (
    ("email", "jane.doe@example.com"),
    ("first", "Jane"),
    ("last", "Doe"),
    ("full_name", "Jane Doe"),
    ("fullname", "Jane Doe"),
    ("name", "Jane Doe"),
    ("phone", "+1 555 0100"),
    ("whatsapp", "+1 555 0100"),
    ("city", "Berlin"),
    ("country", "DE"),
    ("currency", "USD"),
    ("url", "https://example.com/profile"),
    ("link", "https://example.com/profile"),
    ("title", "Senior Engineer"),
    ("designation", "Senior Engineer"),
    ("company", "Acme Inc"),
    ("location", "Berlin"),
    ("note", "Imported from the ATS"),
    ("message", "Done"),
    ("error", "Something went wrong"),
)


def example(schema: ir.Schema, *, mode: Mode = "minimal", name: str = "") -> ir.JsonValue:
    if schema.has_example:
        return schema.example
    if schema.const is not None:
        return schema.const.value
    if schema.enum:
        values = [m.value for m in schema.enum if m.value is not None]
        return values[0] if values else None
    if schema.any_of:
        for branch in schema.any_of:
            if branch.types != ("null",):
                return example(branch, mode=mode, name=name)
        return None
    types = [t for t in schema.types if t != "null"]
    kind = types[0] if types else ("object" if schema.properties else "string")
    if kind == "string":
        return _string(schema, name)
    if kind == "integer":
        return int(_number(schema, 1))
    if kind == "number":
        return _number(schema, 1.5)
    if kind == "boolean":
        return True
    if kind == "array":
        item = example(schema.items, mode=mode, name=name) if schema.items is not None else "item"
        return [item] * max(schema.min_items or 1, 1) if schema.max_items != 0 else []
    return object_example(schema, mode=mode)


def object_example(schema: ir.Schema, *, mode: Mode = "minimal") -> dict[str, ir.JsonValue]:
    """An object with its required fields (every field, in full mode), plus the fields its rules need, less
    the fields they forbid together."""
    wanted = {p.wire_name for p in schema.properties_in_code if p.required or mode == "full"}
    made = _fields_example(schema, wanted, mode)
    for rule in schema.rules:
        added = set(rules.of(rule.kind).fields_to_add(rule, made)) - wanted
        if added:  # again, so that the next rule sees the fields this one added
            wanted |= added
            made = _fields_example(schema, wanted, mode)
    for rule in schema.rules:
        for name in rules.of(rule.kind).fields_to_drop(rule, made):
            made.pop(name, None)
    return made


def _fields_example(schema: ir.Schema, names: set[str], mode: Mode) -> dict[str, ir.JsonValue]:
    """Examples of the fields `names`, in the spec's order."""
    return {
        p.wire_name: example(p.schema, mode=mode, name=p.wire_name)
        for p in schema.properties_in_code
        if p.wire_name in names
    }


def _string(schema: ir.Schema, name: str) -> str:
    fmt = formats.get(schema.format) if schema.format is not None else None
    if fmt is not None and isinstance(fmt.example, str):
        text = fmt.example
    elif schema.pattern is not None or schema.max_entries is not None:
        text = "a"
    else:
        lowered = name.lower()
        text = next((hint for key, hint in _NAME_HINTS if key in lowered), "example")
    low, high = schema.min_length or 0, schema.max_length
    if high is not None and len(text) > high:
        text = text[:high]
    if len(text) < low:
        text = text + "x" * (low - len(text))
    return text


def _number(schema: ir.Schema, preferred: float) -> float:
    value = preferred
    if schema.minimum is not None and value < schema.minimum:
        value = schema.minimum
    if schema.exclusive_minimum is not None and value <= schema.exclusive_minimum:
        value = schema.exclusive_minimum + 1
    if schema.maximum is not None and value > schema.maximum:
        value = schema.maximum
    if schema.exclusive_maximum is not None and value >= schema.exclusive_maximum:
        value = schema.exclusive_maximum - 1
    if schema.multiple_of:
        value = round(value / schema.multiple_of) * schema.multiple_of
    return value
