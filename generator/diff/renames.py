"""Recognise renamed and moved fields: a removed field and an added field that are the same field.

A comparison first collects, per scope (an operation's request, across path, query, headers and body; one
response body; one error envelope body), every field that was removed and every field that was added, and
the fields nested inside those. Two of them are paired when they keep their constraints and description:

- equal shapes, compared with source positions ignored and descriptions compared without whitespace;
- the same `required` flag;
- both described, with near-equal descriptions (equal ignoring case and whitespace, or at least
  `SIMILARITY` alike), since an undescribed field has no evidence of identity;
- and unambiguous: the removed field matches exactly one added field, and that one matches only it.

Fields at the top of an added or removed field are paired first; then fields nested inside unpaired ones
(a field moved into a new object). Provenance, notes, examples and Python names may differ: they are
reported as changes of the paired field.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator import ir
from generator.diff.describe import text
from generator.diff.paths import Path

SIMILARITY = 0.9


@dataclass(frozen=True)
class Candidate:
    path: Path
    field: ir.Field
    in_code: bool
    """The fields around it reach generated code (their wire names are known); its own flag is on `field`."""
    root: Path | None = None
    """The added or removed field this one sits in; None when it is that field."""


@dataclass(frozen=True)
class Pair:
    removed: Candidate
    added: Candidate

    @property
    def renamed(self) -> bool:
        """Same object, new name (else moved: to another part or another nesting level)."""
        return self.removed.path[:-1] == self.added.path[:-1]


@dataclass
class Renames:
    pairs: list[Pair] = field(default_factory=list)
    by_added: dict[Path, Pair] = field(default_factory=dict)
    removed: set[Path] = field(default_factory=set)

    @classmethod
    def of(cls, pairs: list[Pair]) -> Renames:
        out = cls(pairs=pairs)
        for found in pairs:
            out.by_added[found.added.path] = found
            out.removed.add(found.removed.path)
        return out

    def names_at(self, parent: Path) -> dict[str, str]:
        """Old wire name -> new wire name, for fields renamed within the object at `parent`."""
        return {
            p.removed.field.wire_name: p.added.field.wire_name
            for p in self.pairs
            if p.renamed and p.added.path[:-1] == parent
        }


def pair(removed: Sequence[Candidate], added: Sequence[Candidate]) -> Renames:
    found: list[Pair] = []
    for nested in (False, True):
        taken_removed = {p.removed.path for p in found}
        taken_added = {p.added.path for p in found}
        left = [c for c in removed if _open(c, taken_removed, nested)]
        right = [c for c in added if _open(c, taken_added, nested)]
        matches = {r.path: [a for a in right if same_field(r.field, a.field)] for r in left}
        claimed: dict[Path, int] = {}
        for candidates in matches.values():
            for a in candidates:
                claimed[a.path] = claimed.get(a.path, 0) + 1
        for r in left:
            candidates = matches[r.path]
            if len(candidates) == 1 and claimed[candidates[0].path] == 1:
                found.append(Pair(r, candidates[0]))
    return Renames.of(found)


def _open(candidate: Candidate, taken: set[Path], nested: bool) -> bool:
    """Still unpaired; first round: fields at the top of an added or removed field; second round: also the
    fields inside one that was not paired (a field inside a paired container moved with it)."""
    if candidate.path in taken:
        return False
    if not nested:
        return candidate.root is None
    return candidate.root is None or candidate.root not in taken


def same_field(before: ir.Field, after: ir.Field) -> bool:
    if before.required != after.required:
        return False
    if not near_equal(before.description, after.description):
        return False
    return _bare(before.schema) == _bare(after.schema)


def near_equal(before: str | None, after: str | None) -> bool:
    a, b = (text(before) or "").casefold(), (text(after) or "").casefold()
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILARITY


def _bare(schema: ir.Schema) -> ir.Schema:
    """The shape without its own description, for comparing constraints."""
    return dataclasses.replace(strip(schema), description=None)


def strip(schema: ir.Schema) -> ir.Schema:
    """The shape with source positions dropped and descriptions on one line, at every level."""
    return dataclasses.replace(
        schema,
        loc=None,
        description=text(schema.description),
        notes=_unlocated(schema.notes),
        items=None if schema.items is None else strip(schema.items),
        prefix_items=tuple(strip(s) for s in schema.prefix_items),
        properties=tuple(strip_field(f) for f in schema.properties),
        additional=None if schema.additional is None else strip(schema.additional),
        rules=tuple(
            dataclasses.replace(r, loc=None, notes=_unlocated(r.notes)) for r in schema.rules
        ),
        any_of=tuple(strip(s) for s in schema.any_of),
    )


def strip_field(prop: ir.Field) -> ir.Field:
    return dataclasses.replace(
        prop,
        loc=None,
        schema=strip(prop.schema),
        notes=_unlocated(prop.notes),
    )


def _unlocated(notes: tuple[ir.Note, ...]) -> tuple[ir.Note, ...]:
    return tuple(dataclasses.replace(note, loc=None) for note in notes)
