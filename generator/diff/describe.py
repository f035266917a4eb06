"""Plain words for the values a change shows as `before` and `after`: types, fields, values, notes.

Limits read the way the generated docs say them (`generator.phrasing`), so a reviewer sees the same words in
a diff as in the docs.
"""

from __future__ import annotations

import json

from atsgen_runtime.validation import json_key
from generator import ir, phrasing

LONG_ENUM = 8
"""Enums with more values than this are summarised by their count."""


def text(value: str | None) -> str | None:
    """Spec prose on one line (YAML folding and reflowing are not changes)."""
    return None if value is None else " ".join(value.split())


def identity(data: ir.JsonValue) -> object:
    """A JSON value's identity: equal for JSON-equal values (1 and 1.0 are one JSON number, at any depth;
    1, "1" and true are three values), as the generated validators compare them."""
    return json_key(data)


def number(value: float | None) -> str | None:
    return None if value is None else repr(value)


def value(data: ir.JsonValue) -> str:
    """A JSON value as JSON (strings quoted), compact."""
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def member(item: ir.EnumMember) -> str:
    shown = value(item.value)
    return f"{shown} ({item.name})" if item.name else shown


def types(schema_types: tuple[ir.JsonType, ...]) -> str:
    """`string`, `integer or null`, `any type`."""
    return phrasing.or_list(list(schema_types)) if schema_types else "any type"


def note(item: ir.Note) -> str:
    if item.says is not None or item.resolution is not None:
        return f"the document says: {text(item.says)} The spec: {text(item.resolution)}"
    return text(item.text) or ""


def schema(shape: ir.Schema) -> str:
    """A short summary of a shape: `string (uuid), at most 255 characters`, `one of "a", "b"`."""
    if shape.never:
        return "nothing (every value is rejected)"
    if shape.any_of:
        forms = [schema(branch) for branch in shape.any_of if branch.types != ("null",)]
        nullable = any(branch.types == ("null",) for branch in shape.any_of)
        return phrasing.or_list(forms + (["null"] if nullable else []))
    parts = [types(shape.types)]
    if shape.format is not None:
        parts[0] += f" ({shape.format})"
    if shape.ref is not None:
        parts[0] += f" [{shape.ref}]"
    if shape.const is not None:
        parts.append(f"always {value(shape.const.value)}")
    if any(m.value is not None for m in shape.enum or ()):
        parts.append(enum(shape.enum) or "")
    parts.extend(phrasing.limits(shape, quote=value))
    if shape.items is not None:
        parts.append(f"items: {schema(shape.items)}")
    if shape.properties_in_code:
        parts.append(phrasing.count(len(shape.properties_in_code), "field", "fields"))
    return ", ".join(parts)


def field(prop: ir.Field) -> str:
    """`required string, at most 255 characters`; `optional ...`; a field left out of code says so."""
    shown = f"{'required' if prop.required else 'optional'} {schema(prop.schema)}"
    return shown if prop.in_code else f"{shown} (wire name unknown: not in generated code)"


def enum(members: tuple[ir.EnumMember, ...] | None) -> str | None:
    """`one of "a", "b"` (null left out: nullability is its own change), or None for no enum."""
    if members is None:
        return None
    values = [m for m in members if m.value is not None]
    if len(values) > LONG_ENUM:
        return f"one of {len(values)} values"
    return "one of " + ", ".join(member(m) for m in values)


def labelled(label: str, value: str | None) -> str | None:
    """`label: value`, or None when there is no value."""
    return None if value is None else f"{label}: {value}"


def source(document: ir.Source) -> str:
    """A vendor document: its title, and its URL when known."""
    return f"{document.title} ({document.url})" if document.url else document.title
