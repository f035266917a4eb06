"""Cross-field rules of an object shape, and the conditions of the conditional ones.

A rule names fields of the object it sits on; lowering checks that each exists and reaches generated code, that
the rule's kind fits the number of fields, and that a condition tests one thing on another field with values
that field can hold (naming the vendor's enum symbol for a value when there is one).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from atsgen_runtime.validation import json_equal
from generator import ir
from generator.diagnostics import SpecPath
from generator.kinds import rules
from generator.lower import checks
from generator.lower.report import Reporter, suggest_or_list
from generator.lower.vendor import Citations


def lower_rule(
    cite: Citations, r: Mapping[str, Any], path: SpecPath, properties: tuple[ir.Field, ...]
) -> ir.Rule:
    """One rule over `properties`, the fields of the object it sits on."""
    report = cite.report
    kind = rules.named(r["rule"])
    by_name = {prop.wire_name: prop for prop in properties}
    _check_fields(report, kind, r["fields"], by_name, path)
    if "when" in r and not kind.conditional:
        report.error(
            path + ("when",), f"{kind.name} takes no condition; remove `when`", at_key=True
        )
    when = None
    if "when" in r and kind.conditional:
        when = _condition(report, r["when"], path + ("when",), by_name, r["fields"])
    cite.source_ref(r.get("source"), path + ("source",))
    return ir.Rule(
        kind=kind.kind,
        fields=tuple(r["fields"]),
        when=when,
        vendor_message=r.get("message"),
        notes=cite.notes(r.get("notes", []), path + ("notes",)),
        loc=report.loc(path),
    )


def _check_fields(
    report: Reporter,
    kind: rules.Kind,
    fields: list[str],
    by_name: Mapping[str, ir.Field],
    path: SpecPath,
) -> None:
    """The fields a rule names: each once, each a generated field here, as many as the kind needs."""
    for index, name in enumerate(fields):
        prop = by_name.get(name)
        if prop is None:
            hint = suggest_or_list(name, by_name, "fields here")
            report.error(
                path + ("fields", index),
                f"the rule names {name!r}, which is not a field here{hint}",
            )
        elif not prop.in_code:
            report.error(
                path + ("fields", index),
                f"the rule names {name!r}, whose wire name is unknown; it cannot be checked",
            )
        elif kind.forbids_required and prop.required:
            report.error(
                path + ("fields", index),
                f"{name!r} is required, so it cannot be allowed only when a condition holds; "
                "drop `required: true` or the rule",
            )
    if len(set(fields)) != len(fields):
        report.error(path + ("fields",), "a field is listed twice; list each once")
    if kind.single_field_means is not None and len(fields) < 2:
        report.error(
            path + ("fields",),
            f"{kind.name} chooses between fields, so it needs at least two; list the others "
            f"(for a single field, it means {kind.single_field_means})",
        )


def _condition(
    report: Reporter,
    c: Mapping[str, Any],
    path: SpecPath,
    by_name: Mapping[str, ir.Field],
    rule_fields: list[str],
) -> ir.Condition:
    name = c["field"]
    given = [key for key in ("equals", "in", "present") if key in c]
    if len(given) > 1:
        both = " and ".join(given)
        report.error(
            path,
            f"a condition tests one thing: give one of equals, in or present, not both {both}",
        )
    prop = by_name.get(name)
    if prop is None:
        hint = suggest_or_list(name, by_name, "fields here")
        report.error(
            path + ("field",), f"the condition names {name!r}, which is not a field here{hint}"
        )
    elif name in rule_fields:
        report.error(
            path + ("field",),
            f"the condition's field {name!r} is also one of the rule's fields; a rule cannot depend on a field "
            "it governs: condition on another field, or remove it from `fields`",
        )
    if "present" in c:
        return ir.Condition(field=name, present=c["present"])
    values = [c["equals"]] if "equals" in c else list(c.get("in", []))
    members = tuple(
        _condition_value(
            report, value, path + (("equals",) if "equals" in c else ("in", index)), prop, name
        )
        for index, value in enumerate(values)
    )
    return ir.Condition(field=name, values=members)


def _condition_value(
    report: Reporter, value: Any, path: SpecPath, prop: ir.Field | None, name: str
) -> ir.EnumMember:
    """A value the condition tests for: one the field can hold, with the vendor's symbol for it, if any."""
    name_for_value = None
    if prop is not None:
        problems = checks.value_problems(prop.schema, value)
        if problems:
            boolean_text = value in ("true", "false") and "boolean" in prop.schema.types
            unquote = "; write it unquoted" if boolean_text else ""
            report.error(path, f"{name} can never be {value!r}: {problems[0]}{unquote}")
        for member in prop.schema.enum or ():
            if json_equal(member.value, value):
                name_for_value = member.name
    return ir.EnumMember(value=value, name=name_for_value)
