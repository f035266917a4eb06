"""Python type annotations for schemas, as client method signatures show them.

One authority for how a schema reads as a Python type: a nested object is the TypedDict that
datamodel-code-generator writes into the vendor's `types` module, named by the rule `models.py` titles it
with, which `naming` holds (`field_class_name`, `item_class_name`, ...; definitions by their own name). String enums become `Literal[...]`; enums of definitions get a module-level alias named after the
definition; very long enums stay `str` (the docstring lists where to find the values). An enum whose
members the vendor names (Paradox's `APPROVED = "1"`) also gets a class of named constants, one per member,
named like its alias or, inline, like a request object (`UpdateCandidateBodyStatus.APPROVED`).

The request `TypedDict`s (written by datamodel-code-generator, `emit/models.py`) read their fields the same
way: `request_typeddict_schema` marks, in the JSON Schema handed to it, every field in a format with a Python
class as `str | <class>` (what a top-level argument takes; the runtime's `json_value` sends it as text at any
depth), and `models` leaves out the fields the vendor sets (`read_only`), which a request may not send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import ir, naming, pycode
from generator.kinds import formats

LONGEST_LITERAL = 30


@dataclass
class Annotator:
    """Computes annotations, collecting the enum aliases they use (name -> Literal expression)."""

    types_module: str = "types"
    aliases: dict[str, str] = field(default_factory=dict)
    modules: set[str] = field(default_factory=set)
    """The modules the annotations name (`datetime`, `uuid`), for the client module to import."""
    constants: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Named enum members: class name -> ((constant name, value's code), ...)."""

    def annotation(self, schema: ir.Schema, title: str) -> str:
        parts: list[str] = []
        for branch_index, branch in enumerate(schema.any_of, 1):
            branch_title = naming.option_class_name(title, branch_index, len(schema.any_of))
            parts.extend(self.annotation(branch, branch_title).split(" | "))
        for json_type in schema.types:
            parts.append(self._type(schema, json_type, title))
        if not parts:
            parts.append("Any")
        unique = list(dict.fromkeys(parts))
        if "None" in unique:  # None last, as people write it
            unique = [p for p in unique if p != "None"] + ["None"]
        return " | ".join(unique)

    def _type(self, schema: ir.Schema, json_type: str, title: str) -> str:
        if json_type == "null":
            return "None"
        if json_type in ("string", "integer") and schema.enum:
            return self._enum(schema, json_type, title)
        fmt = formats.get(schema.format) if schema.format is not None else None
        if fmt is not None and fmt.json_type == json_type:
            if fmt.python_module is not None:
                self.modules.add(fmt.python_module)
            return fmt.python_type
        if json_type == "string":
            return "str"
        if json_type == "integer":
            return "int"
        if json_type == "number":
            return "float"
        if json_type == "boolean":
            return "bool"
        if json_type == "array":
            item = (
                self.annotation(schema.items, naming.item_class_name(title))
                if schema.items
                else "Any"
            )
            return f"list[{item}]"
        if schema.properties_in_code:
            name = naming.class_name(schema.ref) if schema.ref is not None else title
            return f"{self.types_module}.{name}"
        return "dict[str, Any]"

    def _enum(self, schema: ir.Schema, json_type: str, title: str) -> str:
        assert schema.enum is not None
        values = [m.value for m in schema.enum if m.value is not None]
        plain = "str" if json_type == "string" else "int"
        named = [m for m in schema.enum if m.value is not None and m.name]
        if named:
            self._name_members(naming.class_name(schema.ref) if schema.ref else title, named)
        if not values or len(values) > LONGEST_LITERAL:
            return plain
        literal = f"Literal[{', '.join(pycode.value(v) for v in values)}]"
        if schema.ref is None:
            return literal
        alias = naming.class_name(schema.ref)
        self.aliases.setdefault(alias, literal)
        return alias

    def _name_members(self, class_name: str, members: list[ir.EnumMember]) -> None:
        """Record the constants for the named members; two names that read alike get a number."""
        constants: list[tuple[str, str]] = []
        taken: set[str] = set()
        for member in members:
            assert member.name is not None
            base = naming.constant_name(member.name)
            name, number = base, 2
            while name in taken:
                name, number = f"{base}_{number}", number + 1
            taken.add(name)
            constants.append((name, pycode.value(member.value)))
        self.constants.setdefault(class_name, tuple(constants))


# datamodel-code-generator's extension naming the class of a value; it imports the class itself,
# aliased where a field of the same name would hide it.
CUSTOM_TYPE = "customTypePath"
# What a typed field keeps besides its type: what the TypedDict's docstrings and readers use.
DOC_KEYWORDS = ("title", "description", "default", "examples", "deprecated", "readOnly")
# The keywords whose values are subschemas (one, a list of them, or a mapping of names to them).
SUBSCHEMA_KEYWORDS = ("items", "additionalProperties", "not", "if", "then", "else")
SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
SUBSCHEMA_MAPS = ("properties", "$defs")


def request_typeddict_schema(node: Any) -> Any:
    """A copy of a request's JSON Schema in which every string in a format with a Python class reads as
    `str | <class>` (a date as `str | datetime.date`), at any depth, as the client's arguments do.
    """
    if not isinstance(node, dict):
        return node
    out = dict(node)
    for keyword in SUBSCHEMA_KEYWORDS:
        if keyword in out:
            out[keyword] = request_typeddict_schema(out[keyword])
    for keyword in SUBSCHEMA_LISTS:
        if isinstance(out.get(keyword), list):
            out[keyword] = [request_typeddict_schema(child) for child in out[keyword]]
    for keyword in SUBSCHEMA_MAPS:
        if isinstance(out.get(keyword), dict):
            out[keyword] = {k: request_typeddict_schema(v) for k, v in out[keyword].items()}
    python_object = _python_object(out)
    return out if python_object is None else _text_or_object(out, python_object)


def _python_object(node: dict[str, Any]) -> str | None:
    """The class a value of this schema may be, when it is a string in such a format (not an enum)."""
    name = node.get("format")
    fmt = formats.FORMATS.get(name) if isinstance(name, str) else None
    if fmt is None or fmt.python_object is None or "enum" in node or "const" in node:
        return None
    json_types = node.get("type")
    as_list = json_types if isinstance(json_types, list) else [json_types]
    return fmt.python_object if fmt.json_type in as_list else None


def _text_or_object(node: dict[str, Any], python_object: str) -> dict[str, Any]:
    """`anyOf` the schema's own types, with the class beside its text and null last (`str | date | None`).
    Value constraints go: a TypedDict cannot say them, and the validators check the text sent."""
    json_types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    branches: list[dict[str, Any]] = []
    for json_type in json_types:
        if json_type != "null":
            branches.append({"type": json_type})
        if json_type == "string":
            branches.append({"type": "string", CUSTOM_TYPE: python_object})
    if "null" in json_types:
        branches.append({"type": "null"})
    kept = {keyword: node[keyword] for keyword in DOC_KEYWORDS if keyword in node}
    return {**kept, "anyOf": branches}
