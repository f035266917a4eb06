"""Cross-field rules of two versions of an object: which rule is which, and whether a change tightens it.

Rules pair when they are the same rule (kind, fields, condition); then by kind and fields (the condition
changed); then by kind and condition (the fields changed). The rest were added or removed. Fields a rename
changed are renamed in the old rules first, so a rename does not read as a rule change too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from generator import ir
from generator.diff import describe
from generator.kinds import rules


def pair(
    before: Sequence[ir.Rule], after: Sequence[ir.Rule]
) -> tuple[list[tuple[ir.Rule, ir.Rule]], list[ir.Rule], list[ir.Rule]]:
    """(pairs, added, removed)."""
    old, new = list(before), list(after)
    pairs: list[tuple[ir.Rule, ir.Rule]] = []
    keys: list[Callable[[ir.Rule], object]] = [
        key,
        lambda r: (r.kind, frozenset(r.fields)),
        lambda r: (r.kind, condition_key(r.when)),
    ]
    for same in keys:
        for rule in list(old):
            match = next((candidate for candidate in new if same(candidate) == same(rule)), None)
            if match is not None:
                pairs.append((rule, match))
                old.remove(rule)
                new.remove(match)
    return pairs, new, old


def renamed(rule: ir.Rule, names: dict[str, str]) -> ir.Rule:
    """The rule with the fields it names renamed (old wire name -> new)."""
    if not names:
        return rule
    when = rule.when
    if when is not None:
        when = dataclasses.replace(when, field=names.get(when.field, when.field))
    return dataclasses.replace(rule, fields=tuple(names.get(f, f) for f in rule.fields), when=when)


def condition_key(condition: ir.Condition | None) -> object:
    if condition is None:
        return None
    values = (
        None
        if condition.values is None
        else frozenset(describe.identity(m.value) for m in condition.values)
    )
    return (condition.field, values, condition.present)


def key(rule: ir.Rule) -> object:
    return (rule.kind, frozenset(rule.fields), condition_key(rule.when))


def tighter(before: ir.Rule, after: ir.Rule) -> bool:
    """Whether the changed rule rejects payloads the old one accepted (when unsure: it does)."""
    kind = rules.of(after.kind)
    b_fields, a_fields = set(before.fields), set(after.fields)
    if b_fields != a_fields:
        return kind.tighter_fields(b_fields, a_fields)
    b_when, a_when = before.when, after.when
    if (
        b_when is None
        or a_when is None
        or b_when.field != a_when.field
        or b_when.values is None
        or a_when.values is None
    ):
        return True
    b_values = {describe.identity(m.value) for m in b_when.values}
    a_values = {describe.identity(m.value) for m in a_when.values}
    return kind.tighter_values(narrower=a_values < b_values, wider=a_values > b_values)
