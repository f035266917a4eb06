"""Cross-field rule kinds: each one described once, as one class, for every stage that handles `rules:`.

A rule names fields of the object it sits on; a conditional kind also has a `when` condition on another field.
Each kind is a subclass of `Kind` (one instance each, in `KINDS`), like jsonschema's one function per keyword:
what the loader accepts (`conditional`, `single_field_means`, `forbids_required`), the default message, the
evaluation on a JSON object (`breaks`), the JSON Schema form, the validator code, the docs' words, what an
example needs, and whether a change to it is breaking (`tighter`). Stages never switch on a kind's name.

`RuleKind` is the enum of the names (the spec's `rule:` values), defined here so that a new kind is one
module's change; `ir` re-exports it. The spec schema (`generator/spec_schema.json`) lists the same names, for
editors; a test holds the two equal. Adding a kind: its name in `RuleKind`, its class, its name in the spec
schema's `rule` enum (and in the conditional list there, when it takes a condition).

This module reads the IR through attributes only, so `ir` can import it (for `RuleKind`) without a cycle.
"""

from __future__ import annotations

import enum
import itertools
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from atsgen_runtime.validation import json_key
from generator.kinds import UnknownMember

if TYPE_CHECKING:
    from generator import ir


class RuleKind(enum.Enum):
    AT_LEAST_ONE_OF = "at_least_one_of"
    AT_MOST_ONE_OF = "at_most_one_of"
    EXACTLY_ONE_OF = "exactly_one_of"
    REQUIRED_WHEN = "required_when"
    ALLOWED_ONLY_WHEN = "allowed_only_when"


class RuleCode(Protocol):
    """What the validator emitter gives a kind to write its check with: Python source over `value`, the
    object being checked (a dict)."""

    def present(self, name: str) -> str:
        """An expression: the field is in the object."""
        ...

    def absent(self, name: str) -> str:
        """An expression: the field is not in the object."""
        ...

    def holds(self, condition: ir.Condition) -> str:
        """An expression: the condition holds for the object."""
        ...

    def fail_if(self, test: str, field: str | None = None) -> list[str]:
        """Statements reporting the rule broken when `test` holds, at the field (or the object)."""
        ...

    def indent(self, lines: Sequence[str]) -> list[str]:
        """`lines`, one block deeper."""
        ...


def present_schema(names: Sequence[str]) -> dict[str, Any]:
    return {"required": list(names)}


def _any_present_schema(names: Sequence[str]) -> dict[str, Any]:
    return (
        {"anyOf": [present_schema((f,)) for f in names]}
        if len(names) > 1
        else present_schema(names)
    )


def condition_schema(c: ir.Condition) -> dict[str, Any]:
    """A condition as JSON Schema, to sit under `if` or `then`."""
    if c.values is None:
        return present_schema((c.field,)) if c.present else {"not": present_schema((c.field,))}
    values = [member.value for member in c.values]
    match = {"const": values[0]} if len(values) == 1 else {"enum": values}
    return {"properties": {c.field: match}, "required": [c.field]}


def condition_holds(c: ir.Condition, value: Mapping[str, Any]) -> bool:
    """Whether the condition holds for an object, its values compared with JSON equality (the runtime's,
    which the generated validators use: true is not 1)."""
    if c.values is None:
        return (c.field in value) == c.present
    return c.field in value and json_key(value[c.field]) in {json_key(m.value) for m in c.values}


def _verb(fields: Sequence[str]) -> str:
    return "is" if len(fields) == 1 else "are"


def _and_list(items: Sequence[str]) -> str:
    from generator.phrasing import and_list  # local: phrasing imports the IR, which imports this

    return and_list(items)


class Kind(ABC):
    """One rule kind. Subclasses set `kind` and write each stage's part."""

    kind: ClassVar[RuleKind]
    conditional: ClassVar[bool] = False
    """The rule takes a `when` condition (and needs one)."""
    single_field_means: ClassVar[str | None] = None
    """For a kind that chooses between fields: what a rule over one field would mean instead."""
    forbids_required: ClassVar[bool] = False
    """The rule's fields cannot be required ones (they may be absent)."""

    @property
    def name(self) -> str:
        return self.kind.value

    @abstractmethod
    def default_message(self, rule: ir.Rule) -> str:
        """The message a broken rule gets when the vendor gives none."""

    @abstractmethod
    def breaks(self, rule: ir.Rule, value: Mapping[str, Any]) -> bool:
        """Whether the object `value` breaks the rule."""

    @abstractmethod
    def json_schema(self, rule: ir.Rule) -> dict[str, Any]:
        """The rule as a JSON Schema subschema (without its description)."""

    @abstractmethod
    def validator(self, rule: ir.Rule, code: RuleCode) -> list[str]:
        """The generated check, as statements."""

    @abstractmethod
    def docs(self, names: Sequence[str], condition: str | None) -> str:
        """The rule in the docs' words: `names` are the fields as shown, `condition` the condition as shown."""

    def fields_to_add(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        """For an example object: fields to add to it so the rule can hold."""
        return ()

    def fields_to_drop(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        """For an example: fields to remove from it so the rule holds."""
        return ()

    def tighter_fields(self, before: set[str], after: set[str]) -> bool:
        """Whether changing the rule's fields (only) rejects payloads the old rule accepted."""
        return not after < before

    def tighter_values(self, narrower: bool, wider: bool) -> bool:
        """Whether changing the condition's values (only) rejects payloads the old rule accepted; unsure:
        it does."""
        return True


class _Counting(Kind):
    """A kind that counts how many of its fields are present."""

    def _given(self, rule: ir.Rule, value: Mapping[str, Any]) -> int:
        return sum(name in value for name in rule.fields)

    def _count(self, rule: ir.Rule, code: RuleCode) -> str:
        return " + ".join(f"({code.present(name)})" for name in rule.fields)


class AtLeastOneOf(_Counting):
    kind = RuleKind.AT_LEAST_ONE_OF

    def default_message(self, rule: ir.Rule) -> str:
        names = ", ".join(rule.fields)
        return (
            f"at least one of {names} must be given"
            if len(rule.fields) > 1
            else f"{names} must be given"
        )

    def breaks(self, rule: ir.Rule, value: Mapping[str, Any]) -> bool:
        return self._given(rule, value) == 0

    def json_schema(self, rule: ir.Rule) -> dict[str, Any]:
        return _any_present_schema(rule.fields)

    def validator(self, rule: ir.Rule, code: RuleCode) -> list[str]:
        return code.fail_if(f"not ({' or '.join(code.present(name) for name in rule.fields)})")

    def docs(self, names: Sequence[str], condition: str | None) -> str:
        if len(names) > 1:
            return f"At least one of {_and_list(names)} must be sent."
        return f"{names[0]} must be sent."

    def fields_to_add(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        return () if self._given(rule, example) else rule.fields[:1]

    def tighter_fields(self, before: set[str], after: set[str]) -> bool:
        return not after > before


class AtMostOneOf(_Counting):
    kind = RuleKind.AT_MOST_ONE_OF
    single_field_means = "no rule at all"

    def default_message(self, rule: ir.Rule) -> str:
        return f"at most one of {', '.join(rule.fields)} may be given"

    def breaks(self, rule: ir.Rule, value: Mapping[str, Any]) -> bool:
        return self._given(rule, value) > 1

    def json_schema(self, rule: ir.Rule) -> dict[str, Any]:
        pairs = itertools.combinations(rule.fields, 2)
        return {"not": {"anyOf": [present_schema(pair) for pair in pairs]}}

    def validator(self, rule: ir.Rule, code: RuleCode) -> list[str]:
        return code.fail_if(f"{self._count(rule, code)} > 1")

    def docs(self, names: Sequence[str], condition: str | None) -> str:
        return f"At most one of {_and_list(names)} may be sent."

    def fields_to_drop(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(name for name in rule.fields if name in example)[1:]


class ExactlyOneOf(_Counting):
    kind = RuleKind.EXACTLY_ONE_OF
    single_field_means = "required: true on the field"

    def default_message(self, rule: ir.Rule) -> str:
        return f"exactly one of {', '.join(rule.fields)} must be given"

    def breaks(self, rule: ir.Rule, value: Mapping[str, Any]) -> bool:
        return self._given(rule, value) != 1

    def json_schema(self, rule: ir.Rule) -> dict[str, Any]:
        return {"oneOf": [present_schema((name,)) for name in rule.fields]}

    def validator(self, rule: ir.Rule, code: RuleCode) -> list[str]:
        return code.fail_if(f"{self._count(rule, code)} != 1")

    def docs(self, names: Sequence[str], condition: str | None) -> str:
        return f"Exactly one of {_and_list(names)} must be sent."

    def fields_to_drop(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(name for name in rule.fields if name in example)[1:]

    def fields_to_add(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        return () if self._given(rule, example) else rule.fields[:1]

    def tighter_fields(self, before: set[str], after: set[str]) -> bool:
        return True


class _Conditional(Kind):
    conditional = True

    @staticmethod
    def when(rule: ir.Rule) -> ir.Condition:
        # The loader gives every rule of a conditional kind its condition (the spec schema requires `when`).
        assert rule.when is not None, f"a {rule.kind.value} rule without a condition"
        return rule.when


class RequiredWhen(_Conditional):
    kind = RuleKind.REQUIRED_WHEN

    def default_message(self, rule: ir.Rule) -> str:
        names = ", ".join(rule.fields)
        return f"{names} {_verb(rule.fields)} required when {self.when(rule).describe()}"

    def breaks(self, rule: ir.Rule, value: Mapping[str, Any]) -> bool:
        missing = any(name not in value for name in rule.fields)
        return missing and condition_holds(self.when(rule), value)

    def json_schema(self, rule: ir.Rule) -> dict[str, Any]:
        return {"if": condition_schema(self.when(rule)), "then": present_schema(rule.fields)}

    def validator(self, rule: ir.Rule, code: RuleCode) -> list[str]:
        checks = [line for name in rule.fields for line in code.fail_if(code.absent(name), name)]
        return [f"if {code.holds(self.when(rule))}:", *code.indent(checks)]

    def docs(self, names: Sequence[str], condition: str | None) -> str:
        return f"{_and_list(names)} {_verb(names)} required when {condition}."

    def fields_to_add(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        if not condition_holds(self.when(rule), example):
            return ()
        return tuple(name for name in rule.fields if name not in example)

    def tighter_values(self, narrower: bool, wider: bool) -> bool:
        return not narrower


class AllowedOnlyWhen(_Conditional):
    kind = RuleKind.ALLOWED_ONLY_WHEN
    forbids_required = True

    def default_message(self, rule: ir.Rule) -> str:
        names = ", ".join(rule.fields)
        return f"{names} {_verb(rule.fields)} allowed only when {self.when(rule).describe()}"

    def breaks(self, rule: ir.Rule, value: Mapping[str, Any]) -> bool:
        given = any(name in value for name in rule.fields)
        return given and not condition_holds(self.when(rule), value)

    def json_schema(self, rule: ir.Rule) -> dict[str, Any]:
        return {"if": _any_present_schema(rule.fields), "then": condition_schema(self.when(rule))}

    def validator(self, rule: ir.Rule, code: RuleCode) -> list[str]:
        checks = [line for name in rule.fields for line in code.fail_if(code.present(name), name)]
        return [f"if not ({code.holds(self.when(rule))}):", *code.indent(checks)]

    def docs(self, names: Sequence[str], condition: str | None) -> str:
        return f"{_and_list(names)} may be sent only when {condition}."

    def fields_to_drop(self, rule: ir.Rule, example: Mapping[str, Any]) -> tuple[str, ...]:
        if condition_holds(self.when(rule), example):
            return ()
        return rule.fields

    def tighter_values(self, narrower: bool, wider: bool) -> bool:
        return not wider


KINDS: Mapping[RuleKind, Kind] = {
    kind.kind: kind
    for kind in (AtLeastOneOf(), AtMostOneOf(), ExactlyOneOf(), RequiredWhen(), AllowedOnlyWhen())
}
"""Every rule kind, in the order of `RuleKind`."""


def of(kind: RuleKind) -> Kind:
    """The description of a kind; one the registry lacks is a bug upstream, never skipped."""
    described = KINDS.get(kind)
    if described is None:
        raise UnknownMember("rule kind", kind)
    return described


def named(name: str) -> Kind:
    """The kind a spec's `rule:` value names."""
    try:
        return of(RuleKind(name))
    except ValueError:
        raise UnknownMember("rule kind", name) from None


def conditional_names() -> tuple[str, ...]:
    return tuple(kind.name for kind in KINDS.values() if kind.conditional)
