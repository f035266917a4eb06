"""Where the comparers put what they find: the changes of one vendor or operation, in the order found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from generator import ir
from generator.diff import describe, paths
from generator.diff.changes import Change, Classification, SourceRef
from generator.diff.renames import Candidate


class _Exemplified(Protocol):
    """A spec node that may carry a documented example (`ir.Body`, `ir.Response`, `ir.Schema`)."""

    @property
    def example(self) -> ir.JsonValue | None: ...

    @property
    def has_example(self) -> bool: ...


UNSET = SourceRef("", "")
"""The recorder's own source (the operation's document), when a change names no other."""


@dataclass
class Recorder:
    vendor: str
    operation: str | None
    source: SourceRef | None
    changes: list[Change] = field(default_factory=list)
    collecting: bool = False
    """A first pass that only gathers removed and added fields (to find renames); changes are dropped."""
    removed: list[Candidate] = field(default_factory=list)
    added: list[Candidate] = field(default_factory=list)

    def add(
        self,
        where: paths.Path,
        kind: str,
        before: str | None,
        after: str | None,
        classification: Classification,
        reason: str,
        *,
        source: SourceRef | None = UNSET,
    ) -> None:
        if self.collecting:
            return
        self.changes.append(
            Change(
                vendor=self.vendor,
                operation=self.operation,
                location=paths.show(where),
                kind=kind,
                before=before,
                after=after,
                classification=classification,
                reason=reason,
                source=self.source if source is UNSET else source,
            )
        )

    def appeared(
        self,
        where: paths.Path,
        kind: str,
        after: str,
        classification: Classification,
        reason: str,
        *,
        source: SourceRef | None = UNSET,
    ) -> None:
        """Something that was not in the spec and now is (`kind` ends in `_added`)."""
        self.add(where, kind, None, after, classification, reason, source=source)

    def disappeared(
        self,
        where: paths.Path,
        kind: str,
        before: str,
        classification: Classification,
        reason: str,
        *,
        source: SourceRef | None = UNSET,
    ) -> None:
        """Something that was in the spec and no longer is (`kind` ends in `_removed`)."""
        self.add(where, kind, before, None, classification, reason, source=source)

    def scratch(self) -> Recorder:
        """A collecting recorder for the same vendor and operation."""
        return Recorder(self.vendor, self.operation, self.source, collecting=True)

    def flag(
        self,
        where: paths.Path,
        kind: str,
        before: bool,
        after: bool,
        classification: Classification,
        reason: str,
    ) -> None:
        """A true/false property that changed (`retry_safe false -> true`)."""
        if before != after:
            self.add(where, kind, str(before).lower(), str(after).lower(), classification, reason)

    def prose(
        self,
        where: paths.Path,
        kind: str,
        before: str | None,
        after: str | None,
        reason: str = "documentation only",
        *,
        source: SourceRef | None = UNSET,
    ) -> None:
        """A change of prose: documentation (compared on one line: reflowing is not a change)."""
        before_text, after_text = describe.text(before), describe.text(after)
        if before_text != after_text:
            self.add(
                where,
                kind,
                before_text,
                after_text,
                Classification.DOCUMENTATION,
                reason,
                source=source,
            )

    def example(self, where: paths.Path, before: _Exemplified, after: _Exemplified) -> None:
        """A documented example added, changed or removed (of a body, a response or a field)."""
        before_example = describe.value(before.example) if before.has_example else None
        after_example = describe.value(after.example) if after.has_example else None
        if before_example != after_example:
            self.add(
                where,
                "example",
                before_example,
                after_example,
                Classification.DOCUMENTATION,
                "examples are documentation (and mock data)",
            )

    def notes(
        self,
        where: paths.Path,
        before: Sequence[ir.Note],
        after: Sequence[ir.Note],
        *,
        source: SourceRef | None = UNSET,
    ) -> None:
        before_notes, after_notes = [describe.note(n) for n in before], [
            describe.note(n) for n in after
        ]
        for kind, shown, others in [("note_added", n, before_notes) for n in after_notes] + [
            ("note_removed", n, after_notes) for n in before_notes
        ]:
            if shown not in others:
                before_text, after_text = (None, shown) if kind == "note_added" else (shown, None)
                self.add(
                    where,
                    kind,
                    before_text,
                    after_text,
                    Classification.DOCUMENTATION,
                    "a remark for reviewers",
                    source=source,
                )

    def provenance(
        self,
        where: paths.Path,
        before: ir.Provenance,
        after: ir.Provenance,
        *,
        source: SourceRef | None = UNSET,
        confidence: bool = True,
    ) -> None:
        """Confidence, evidence and the document a fact comes from: documentation (`confidence`: False when
        the confidence change is reported as a field entering or leaving generated code)."""
        if confidence and before.confidence != after.confidence:
            self.add(
                where,
                "confidence",
                before.confidence.value,
                after.confidence.value,
                Classification.DOCUMENTATION,
                "how sure the spec is of this fact (provenance)",
                source=source,
            )
        self.prose(
            where,
            "evidence",
            before.evidence,
            after.evidence,
            "provenance: where the fact comes from",
            source=source,
        )
        if before.source != after.source:
            self.add(
                where,
                "provenance_source",
                before.source,
                after.source,
                Classification.DOCUMENTATION,
                "provenance: which document states the fact",
                source=source,
            )
