"""Export intermediate-form schemas as JSON Schema (draft 2020-12).

The export is equivalent to the generated validators, keyword for keyword, including the spec conveniences
that JSON Schema has no keyword for: a base64 file's size limit is its encoded length (`maxLength`) plus a
base64 `pattern`, a delimited list's entry limit is a `pattern`, and cross-field rules become `anyOf`, `oneOf`,
`not` and `if`/`then` over `required`. Fields whose wire name is unknown are left out, as everywhere else in
generated code.
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir
from generator.kinds import formats, rules

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def max_entries_pattern(separator: str, max_entries: int) -> str:
    """An ECMA-262 pattern that holds when a delimited string has at most `max_entries` entries."""
    sep = re.escape(separator)
    other = f"(?:(?!{sep})[\\s\\S])*" if len(separator) > 1 else f"[^{sep}]*"
    return f"^{other}(?:{sep}{other}){{0,{max_entries - 1}}}$"


class Exporter:
    """Exports schemas, collecting referenced definitions into `defs` (for a document's `$defs`)."""

    def __init__(self, *, use_refs: bool = True) -> None:
        self.use_refs = use_refs
        self.defs: dict[str, Any] = {}

    def document(
        self, schema: ir.Schema, *, title: str | None = None, schema_id: str | None = None
    ) -> dict[str, Any]:
        """A standalone JSON Schema document: `$schema`, optional `$id` and title, the schema, its `$defs`."""
        body = self.schema(schema)
        doc: dict[str, Any] = {"$schema": DIALECT}
        if schema_id is not None:
            doc["$id"] = schema_id
        if title is not None:
            doc["title"] = title
        if body is False:
            doc["not"] = {}
        elif isinstance(body, dict):
            doc.update(body)
        if self.defs:
            doc["$defs"] = dict(sorted(self.defs.items()))
        return doc

    def schema(self, schema: ir.Schema) -> dict[str, Any] | bool:
        if schema.never:
            return False
        if schema.ref is not None and self.use_refs:
            return self._reference(schema)
        return self._inline(schema)

    def _reference(self, schema: ir.Schema) -> dict[str, Any]:
        assert schema.ref is not None
        exported = self._inline(_without_docs(schema))
        existing = self.defs.get(schema.ref)
        if existing is None:
            self.defs[schema.ref] = exported
        # The same definition lowered differently (request vs response): inline it.
        elif existing != exported:
            return self._inline(schema)
        out: dict[str, Any] = {"$ref": f"#/$defs/{schema.ref}"}
        out.update(_annotations(schema))
        return out

    def _inline(self, s: ir.Schema) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if len(s.types) == 1:
            out["type"] = s.types[0]
        elif s.types:
            out["type"] = list(s.types)
        if s.enum is not None:
            out["enum"] = [member.value for member in s.enum]
        if s.const is not None:
            out["const"] = s.const.value
        patterns: list[str] = []
        if s.format is not None:
            fmt = formats.get(s.format)
            out.update(fmt.json_schema)
            if fmt.json_pattern is not None:
                patterns.append(fmt.json_pattern)
        _copy(out, s, ("min_length", "minLength"), ("max_length", "maxLength"))
        if s.pattern is not None:
            patterns.insert(0, s.pattern)
        if s.max_entries is not None:
            patterns.append(max_entries_pattern(s.entry_separator, s.max_entries))
        _copy(
            out,
            s,
            ("minimum", "minimum"),
            ("maximum", "maximum"),
            ("exclusive_minimum", "exclusiveMinimum"),
            ("exclusive_maximum", "exclusiveMaximum"),
            ("multiple_of", "multipleOf"),
        )
        if s.prefix_items:
            out["prefixItems"] = [self.schema(item) for item in s.prefix_items]
        if s.items is not None:
            out["items"] = self.schema(s.items)
        _copy(out, s, ("min_items", "minItems"), ("max_items", "maxItems"))
        if s.unique_items:
            out["uniqueItems"] = True
        generated = s.properties_in_code
        if generated:
            out["properties"] = {prop.wire_name: self._property(prop) for prop in generated}
            required = [prop.wire_name for prop in generated if prop.required]
            if required:
                out["required"] = required
        if s.additional is not None:
            out["additionalProperties"] = self.schema(s.additional)
        if s.any_of:
            out["anyOf"] = [self.schema(branch) for branch in s.any_of]
        all_of: list[dict[str, Any]] = [{"pattern": p} for p in patterns[1:]]
        if patterns:
            out["pattern"] = patterns[0]
        all_of.extend(rule_schema(rule) for rule in s.rules)
        if all_of:
            out["allOf"] = all_of
        out.update(_annotations(s))
        return out

    def _property(self, prop: ir.Field) -> dict[str, Any] | bool:
        exported = self.schema(prop.schema)
        if prop.deprecated and isinstance(exported, dict):
            exported = {**exported, "deprecated": True}
        if prop.read_only and isinstance(exported, dict):
            exported = {**exported, "readOnly": True}
        return exported


def _copy(out: dict[str, Any], s: ir.Schema, *pairs: tuple[str, str]) -> None:
    for attr, keyword in pairs:
        value = getattr(s, attr)
        if value is not None:
            out[keyword] = value


def _annotations(s: ir.Schema) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if s.description:
        out["description"] = s.description
    if s.has_default:
        out["default"] = s.default
    if s.has_example:
        out["examples"] = [s.example]
    return out


def _without_docs(s: ir.Schema) -> ir.Schema:
    from dataclasses import replace

    return replace(
        s,
        ref=None,
        description=None,
        has_default=False,
        default=None,
        has_example=False,
        example=None,
        loc=None,
    )


def rule_schema(rule: ir.Rule) -> dict[str, Any]:
    """A cross-field rule as a JSON Schema subschema (with the rule's message as its description)."""
    return {"description": rule.message, **rules.of(rule.kind).json_schema(rule)}
