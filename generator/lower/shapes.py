"""Shapes: a spec's value descriptions lowered to `ir.Schema`, and the fields of object shapes to `ir.Field`.

`Shapes` owns the forms a shape takes (a typed value with its keywords, a `ref` to a definition, an `any_of`
union), the keys each form allows, objects with their fields and extra-key policy, enums, vendor messages and
the definitions (each lowered once per context, with cycles reported). The spec conveniences become plain JSON
Schema keywords here: `nullable` adds "null", an integer `format` narrows the range, `max_bytes` of a base64
string bounds its length. Keyword checks are in `checks`, cross-field rules in `rules`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal

from atsgen_runtime.validation import json_key
from generator import ir, naming
from generator.diagnostics import SpecPath
from generator.kinds import formats
from generator.lower import checks
from generator.lower.report import article, suggest_or_list
from generator.lower.rules import lower_rule
from generator.lower.vendor import Citations

Context = Literal["request", "response"]
"""Where a shape is read: objects in requests are closed by default, those in responses open."""

_FIELD_ONLY_KEYS = (
    "required",
    "python_name",
    "confidence",
    "evidence",
    "source",
    "deprecated",
    "read_only",
)
_REF_COMPANION_KEYS = frozenset(
    {
        "ref",
        "description",
        "required",
        "nullable",
        "default",
        "example",
        "deprecated",
        "read_only",
        "python_name",
    }
    | {"confidence", "evidence", "source", "notes", "messages"}
)
_MESSAGE_RULES = {  # messages key -> spec key whose presence makes the message meaningful
    "enum": "enum",
    "const": "const",
    "format": "format",
    "min_length": "min_length",
    "max_length": "max_length",
    "pattern": "pattern",
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusive_minimum": "exclusive_minimum",
    "exclusive_maximum": "exclusive_maximum",
    "multiple_of": "multiple_of",
    "min_items": "min_items",
    "max_items": "max_items",
    "unique_items": "unique_items",
    "max_bytes": "max_bytes",
    "max_entries": "max_entries",
}


class Shapes:
    """Lowers the shapes of one spec; definitions are lowered once per context and shared."""

    def __init__(self, cite: Citations, definitions: Mapping[str, Any]) -> None:
        self.cite = cite
        self.report = cite.report
        self._definitions = definitions
        self._lowered_definitions: dict[tuple[str, Context], ir.Schema] = {}
        self._resolving: list[str] = []

    # -- definitions ----------------------------------------------------------------------------------

    def definitions(self) -> tuple[ir.Definition, ...]:
        """Every definition, as a request reads it (its docs and models are written from that form)."""
        return tuple(
            ir.Definition(name, self._definition(name, ("definitions", name), "request"))
            for name in self._definitions
        )

    def _definition(self, name: str, use_path: SpecPath, context: Context) -> ir.Schema:
        key = (name, context)
        if key in self._lowered_definitions:
            return self._lowered_definitions[key]
        if name in self._resolving:
            cycle = " -> ".join(self._resolving[self._resolving.index(name) :] + [name])
            self.report.error(
                use_path,
                f"definitions refer to each other in a cycle ({cycle}); recursive shapes are not supported",
            )
            return ir.Schema()
        self._resolving.append(name)
        try:
            schema = self.shape(self._definitions[name], ("definitions", name), context)
        finally:
            self._resolving.pop()
        schema = dataclasses.replace(schema, ref=name)
        self._lowered_definitions[key] = schema
        return schema

    # -- objects and their fields ---------------------------------------------------------------------

    def fields_object(
        self,
        fields: Mapping[str, Any],
        path: SpecPath,
        context: Context,
        *,
        closed: bool = True,
        force_required: bool = False,
    ) -> ir.Schema:
        """An object of the given fields alone (a request's path, query or headers)."""
        properties = self._fields(fields, path, context, force_required=force_required)
        return ir.Schema(
            types=("object",),
            properties=properties,
            additional=ir.Schema(never=True) if closed else None,
            loc=self.report.loc(path),
        )

    def object(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        """A request body or object-typed shape: its fields, extra-key policy and rules."""
        properties = self._fields(data.get("fields", {}), path + ("fields",), context)
        additional = self._additional(data, path, context)
        rules = self._rules(data, path, properties)
        return ir.Schema(
            types=("object",),
            properties=properties,
            additional=additional,
            rules=rules,
            description=data.get("description"),
            notes=self.cite.notes(data.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )

    def _fields(
        self,
        fields: Mapping[str, Any],
        path: SpecPath,
        context: Context,
        *,
        force_required: bool = False,
    ) -> tuple[ir.Field, ...]:
        out: list[ir.Field] = []
        python_names: dict[str, str] = {}  # Python name -> the wire name that took it first
        for wire_name, data in fields.items():
            fpath = path + (wire_name,)
            schema = self.shape(data, fpath, context, is_field=True)
            provenance = self.cite.provenance(data, fpath)
            python_name = self._python_name(data, wire_name, fpath)
            field = ir.Field(
                wire_name=wire_name,
                python_name=python_name,
                schema=schema,
                required=force_required or data.get("required", False),
                deprecated=data.get("deprecated", False),
                read_only=data.get("read_only", False),
                provenance=provenance,
                notes=self.cite.notes(data.get("notes", []), fpath + ("notes",)),
                loc=self.report.loc(fpath),
            )
            self._check_wire_name(field, fpath)
            if field.read_only and field.required and context == "request":
                self.report.error(
                    fpath + ("read_only",),
                    "a read-only field cannot be required in a request: no request may send it",
                )
            if field.in_code:
                if python_name in python_names:
                    self.report.error(
                        fpath,
                        f"{wire_name!r} and {python_names[python_name]!r} both become the Python name "
                        f"{python_name!r}; set `python_name` on one of them",
                        at_key=True,
                    )
                python_names.setdefault(python_name, wire_name)
            out.append(field)
        return tuple(out)

    def _python_name(self, data: Mapping[str, Any], wire_name: str, path: SpecPath) -> str:
        """The field's `python_name` when given (it must be usable), else one made from the wire name."""
        explicit: str | None = data.get("python_name")
        if explicit is not None and not naming.is_python_identifier(explicit):
            self.report.error(
                path + ("python_name",), f"{explicit!r} is a Python keyword; choose another"
            )
        elif explicit is not None and (taken := naming.argument_collision(explicit)) is not None:
            self.report.error(
                path + ("python_name",),
                f"{explicit!r} would be the argument of a client method, but it is already "
                f"{taken}; choose another",
            )
        return explicit or naming.argument_name(wire_name)

    def _check_wire_name(self, field: ir.Field, path: SpecPath) -> None:
        """A wire name no source states is flagged; an unknown one is kept out of generated code."""
        confidence = field.provenance.confidence
        if confidence is ir.Confidence.UNKNOWN:
            self.report.warning(
                path,
                "the wire name is unknown: documented, but left out of generated code",
                at_key=True,
            )
            if field.required:
                self.report.error(
                    path + ("required",),
                    "a field whose wire name is unknown cannot be required: no payload could send it",
                )
        elif confidence is ir.Confidence.INFERRED:
            self.report.warning(
                path,
                f"the wire name {field.wire_name!r} is inferred, not stated by any source: confirm it with the vendor",
                at_key=True,
            )

    def _additional(
        self, data: Mapping[str, Any], path: SpecPath, context: Context
    ) -> ir.Schema | None:
        value = data.get("additional_fields", context == "response")
        if value is True:
            return None
        if value is False:
            return ir.Schema(never=True)
        return self.shape(value, path + ("additional_fields",), context)

    def _rules(
        self, data: Mapping[str, Any], path: SpecPath, properties: tuple[ir.Field, ...]
    ) -> tuple[ir.Rule, ...]:
        return tuple(
            lower_rule(self.cite, rule, path + ("rules", i), properties)
            for i, rule in enumerate(data.get("rules", []))
        )

    # -- one value's shape ----------------------------------------------------------------------------

    def shape(
        self,
        data: Mapping[str, Any],
        path: SpecPath,
        context: Context,
        *,
        is_field: bool = False,
    ) -> ir.Schema:
        """A value's shape: a reference to a definition, a union, or a typed value with its keywords."""
        if not is_field:
            for key in _FIELD_ONLY_KEYS:
                if key in data:
                    self.report.error(
                        path + (key,),
                        f"{key!r} only applies to a field listed under `fields`",
                        at_key=True,
                    )
        if "ref" in data:
            return self._ref_shape(data, path, context)
        if "any_of" in data:
            return self._union_shape(data, path, context)
        return self._typed_shape(data, path, context, is_field)

    def _typed_shape(
        self, data: Mapping[str, Any], path: SpecPath, context: Context, is_field: bool
    ) -> ir.Schema:
        declared = data.get("type")
        self._check_keywords(data, path, declared)
        json_type: tuple[ir.JsonType, ...] = () if declared in (None, "any") else (declared,)
        nullable = data.get("nullable", False)
        types = json_type + (("null",) if nullable and json_type else ())
        enum = self._enum(data, path, declared, nullable)
        items = self.shape(data["items"], path + ("items",), context) if "items" in data else None
        properties: tuple[ir.Field, ...] = ()
        additional: ir.Schema | None = None
        rules: tuple[ir.Rule, ...] = ()
        if declared == "object":
            properties = self._fields(data.get("fields", {}), path + ("fields",), context)
            # A free-form object (no fields listed) accepts any keys unless told otherwise.
            default_closed = context == "request" and "fields" in data
            additional = self._additional(
                {"additional_fields": not default_closed} | dict(data), path, context
            )
            rules = self._rules(data, path, properties)
        elif declared == "array" and items is None:
            self.report.error(
                path,
                "an array needs `items`: the shape of each item (`type: any` when anything goes)",
            )
        minimum, maximum = _number_range(data)
        schema = ir.Schema(
            types=types,
            enum=enum,
            const=ir.Const(data["const"]) if "const" in data else None,
            format=data.get("format"),
            min_length=data.get("min_length"),
            max_length=_length_limit(data),
            pattern=data.get("pattern"),
            max_entries=data.get("max_entries"),
            entry_separator=data.get("entry_separator", ","),
            max_bytes=data.get("max_bytes"),
            minimum=minimum,
            maximum=maximum,
            exclusive_minimum=data.get("exclusive_minimum"),
            exclusive_maximum=data.get("exclusive_maximum"),
            multiple_of=data.get("multiple_of"),
            items=items,
            min_items=data.get("min_items"),
            max_items=data.get("max_items"),
            unique_items=data.get("unique_items", False),
            properties=properties,
            additional=additional,
            rules=rules,
            description=data.get("description"),
            default=data.get("default"),
            has_default="default" in data,
            example=data.get("example"),
            has_example="example" in data,
            vendor_messages=self._messages(data, path, is_field),
            notes=() if is_field else self.cite.notes(data.get("notes", []), path + ("notes",)),
            loc=self.report.loc(path),
        )
        checks.check_own_values(self.report, schema, data, path)
        return schema

    def _check_keywords(
        self, data: Mapping[str, Any], path: SpecPath, declared: str | None
    ) -> None:
        """A typed value needs a type (or values that imply one), and keywords that fit it and each other."""
        if declared is None and "enum" not in data and "const" not in data:
            self.report.error(
                path,
                "give the value a `type` (string, integer, number, boolean, object, array), or `type: any`",
            )
        checks.check_applicable(self.report, data, path, declared)
        checks.check_bounds(self.report, data, path)
        pattern = data.get("pattern")
        if pattern is not None:
            checks.check_pattern(self.report, pattern, path + ("pattern",))

    def _enum(
        self, data: Mapping[str, Any], path: SpecPath, declared: str | None, nullable: bool
    ) -> tuple[ir.EnumMember, ...] | None:
        if "enum" not in data:
            return None
        raw = data["enum"]
        members = (
            [ir.EnumMember(value=value, name=name) for name, value in raw.items()]
            if isinstance(raw, dict)
            else [ir.EnumMember(value=value) for value in raw]
        )
        seen: dict[Any, int] = {}
        for index, member in enumerate(members):
            mpath = path + ("enum", member.name if member.name is not None else index)
            if not checks.json_type_matches(member.value, declared):
                hint = (
                    " (quote it: YAML reads unquoted numbers as numbers)"
                    if declared == "string"
                    else ""
                )
                hint += checks.yaml11_hint(member.value, declared)
                self.report.error(
                    mpath, f"the enum value {member.value!r} is not {article(declared)}{hint}"
                )
            key = json_key(member.value)
            if key in seen:
                self.report.error(
                    mpath, f"the enum value {member.value!r} is listed twice; remove one"
                )
            seen.setdefault(key, index)
        if nullable:
            members.append(ir.EnumMember(value=None))
        return tuple(members)

    def _messages(
        self,
        data: Mapping[str, Any],
        path: SpecPath,
        is_field: bool,
        *,
        shape: Mapping[str, Any] | None = None,
    ) -> tuple[tuple[str, str], ...]:
        """The field's vendor messages; each must belong to a rule the field has (`shape`: its full shape)."""
        messages = data.get("messages", {})
        shape = data if shape is None else shape
        for rule in messages:
            needed = _MESSAGE_RULES.get(rule)
            if rule == "required" and not (is_field and data.get("required")):
                self.report.error(
                    path + ("messages", rule),
                    "a message for `required` needs `required: true`",
                    at_key=True,
                )
            elif needed is not None and needed not in shape:
                self.report.error(
                    path + ("messages", rule),
                    f"a message for {rule!r}, but the field has no {needed!r}",
                    at_key=True,
                )
        return tuple(messages.items())

    # -- references and unions ------------------------------------------------------------------------

    def _ref_shape(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        name = data["ref"]
        for key in sorted(set(data) - _REF_COMPANION_KEYS):
            self.report.error(
                path + (key,),
                f"{key!r} cannot be combined with `ref`: the shape comes from the definition",
                at_key=True,
            )
        if name not in self._definitions:
            hint = suggest_or_list(name, self._definitions, "definitions")
            self.report.error(path + ("ref",), f"unknown definition {name!r}{hint}")
            return ir.Schema()
        target = self._definition(name, path + ("ref",), context)
        schema = dataclasses.replace(
            target,
            description=data.get("description", target.description),
            vendor_messages=self._messages(
                data, path, True, shape={**self._definitions[name], **data}
            )
            or target.vendor_messages,
            default=data.get("default", target.default),
            has_default="default" in data or target.has_default,
            example=data.get("example", target.example),
            has_example="example" in data or target.has_example,
            loc=self.report.loc(path),
        )
        if data.get("nullable"):
            null = ir.Schema(types=("null",))
            schema = ir.Schema(
                any_of=(schema, null), description=schema.description, loc=schema.loc
            )
        checks.check_own_values(
            self.report,
            schema,
            {key: data[key] for key in ("default", "example") if key in data},
            path,
        )
        return schema

    def _union_shape(self, data: Mapping[str, Any], path: SpecPath, context: Context) -> ir.Schema:
        allowed = _REF_COMPANION_KEYS - {"ref"} | {"any_of"}
        for key in sorted(set(data) - allowed):
            self.report.error(
                path + (key,),
                f"{key!r} belongs on one of the any_of forms, not beside any_of",
                at_key=True,
            )
        branches = tuple(
            self.shape(branch, path + ("any_of", i), context)
            for i, branch in enumerate(data["any_of"])
        )
        if data.get("nullable"):
            branches += (ir.Schema(types=("null",)),)
        schema = ir.Schema(
            any_of=branches,
            description=data.get("description"),
            default=data.get("default"),
            has_default="default" in data,
            example=data.get("example"),
            has_example="example" in data,
            vendor_messages=self._messages(data, path, True),
            loc=self.report.loc(path),
        )
        checks.check_own_values(self.report, schema, data, path)
        return schema


# -- what the spec conveniences imply ------------------------------------------------------------------


def _number_range(data: Mapping[str, Any]) -> tuple[Any, Any]:
    """minimum and maximum, narrowed to the range an integer `format` (int32, int64) stands for."""
    minimum, maximum = data.get("minimum"), data.get("maximum")
    bounds = formats.integer_range(data.get("format"))
    if bounds is not None:
        low, high = bounds
        minimum = low if minimum is None else max(minimum, low)
        maximum = high if maximum is None else min(maximum, high)
    return minimum, maximum


def _length_limit(data: Mapping[str, Any]) -> Any:
    """max_length, narrowed by max_bytes: the base64 text of that many bytes is the exact length bound."""
    max_length = data.get("max_length")
    if "max_bytes" in data:
        encoded = ir.base64_length(data["max_bytes"])
        max_length = encoded if max_length is None else min(max_length, encoded)
    return max_length
