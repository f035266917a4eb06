"""Python type annotations for schemas, as client method signatures show them.

One authority for how a schema reads as a Python type: a nested object is the TypedDict that
datamodel-code-generator writes into the vendor's `types` module, named by the rule `models.py` titles it
with, which `naming` holds (`field_class_name`, `item_class_name`, ...; definitions by their own name). String enums become `Literal[...]`; enums of definitions get a module-level alias named after the
definition; very long enums stay `str` (the docstring lists where to find the values). An enum whose
members the vendor names (Paradox's `APPROVED = "1"`) also gets a class of named constants, one per member,
named like its alias or, inline, like a request object (`UpdateCandidateBodyStatus.APPROVED`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
