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
    before_fields, after_fields = set(before.fields), set(after.fields)
    if before_fields != after_fields:
        return kind.tighter_fields(before_fields, after_fields)
    before_when, after_when = before.when, after.when
    if (
        before_when is None
        or after_when is None
        or before_when.field != after_when.field
        or before_when.values is None
        or after_when.values is None
    ):
        return True
    before_values = {describe.identity(m.value) for m in before_when.values}
    after_values = {describe.identity(m.value) for m in after_when.values}
    return kind.tighter_values(
        narrower=after_values < before_values, wider=after_values > before_values
    )
