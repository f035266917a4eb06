"""The value a spec comparison produces: one `Change`, with its classification.

A change names where it happened (vendor, operation, location), what changed (`kind`, the spec keyword or
event), what it was and what it is now in plain words (`before`, `after`; None when there was or is nothing),
how it affects callers of the generated SDK (`classification`), why (`reason`, one line), and the vendor
document the operation comes from (`source`). Renderers only lay these out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from generator import ir


class Classification(enum.Enum):
    """The effect of a change on callers of the generated SDK, most serious first."""

    BREAKING = "breaking"
    """A request that passed before is now rejected or sent differently, or a response value callers could
    read may now be missing, null or of another type; or callers' code must change (a renamed argument)."""
    COMPATIBLE = "compatible"
    """Generated code changes, but what passed still passes and what callers read is still there."""
    DOCUMENTATION = "documentation"
    """Descriptions, notes, examples, defaults (never applied), provenance: only docs and docstrings change."""

    @property
    def rank(self) -> int:
        return list(Classification).index(self)


CLASSIFICATIONS: tuple[Classification, ...] = tuple(Classification)

Side = Literal["request", "response"]
"""Which way values flow: callers send requests and read responses, so a tighter rule breaks one and not
the other."""


@dataclass(frozen=True)
class SourceRef:
    """A vendor document, as a change cites it."""

    id: str
    title: str
    url: str | None = None

    @classmethod
    def of(cls, source: ir.Source | None) -> SourceRef | None:
        return None if source is None else cls(source.id, source.title, source.url)

    def as_json(self) -> dict[str, str | None]:
        return {"id": self.id, "title": self.title, "url": self.url}


# Kinds whose label is a spec keyword, shown as written (`max_length 255 -> 100`); other kinds read as words
# (`field_removed` -> `field removed`).
_KEYWORD_KINDS = frozenset(
    {
        "min_length",
        "max_length",
        "max_bytes",
        "max_entries",
        "entry_separator",
        "min_items",
        "max_items",
        "unique_items",
        "exclusive_minimum",
        "exclusive_maximum",
        "multiple_of",
        "python_name",
        "retry_safe",
        "content_type",
        "default_environment",
        "token_url",
        "token_content_type",
        "token_fields",
        "default_expires_in",
        "additional_fields",
        "rate_limits",
        "url_confidence",
    }
)


_PROSE_KINDS = frozenset(
    {
        "summary",
        "evidence",
        "title",
        "rate_limits",
        "message",
        "rule_message",
        "error_description",
        "name",
    }
)


@dataclass(frozen=True)
class Change:
    vendor: str
    operation: str | None
    """None for a vendor-wide change (environments, auth schemes, error envelopes, sources, the vendor)."""
    location: str
    """Where, in wire names: `body.tags[]`, `query.limit`, `responses.200.candidate.OID`, `auth.bearer`."""
    kind: str
    before: str | None
    after: str | None
    classification: Classification
    reason: str
    source: SourceRef | None = None

    @property
    def prose(self) -> bool:
        """Before and after are spec prose (shown quoted in text)."""
        return self.kind in _PROSE_KINDS or self.kind.startswith(("description", "note_"))

    @property
    def label(self) -> str:
        return self.kind if self.kind in _KEYWORD_KINDS else self.kind.replace("_", " ")

    def what(self, clip: int | None = None) -> str:
        """The change in plain words: `max_length 255 -> 100`, `field added: optional string`."""

        before, after = (
            (self.before, self.after) if clip is None else clipped(self.before, self.after, clip)
        )

        def shown(value: str | None) -> str:
            if value is None:
                return "none"
            return f'"{value}"' if self.prose else value

        if before is None and after is not None and self.kind.endswith("_added"):
            return f"{self.label}: {shown(after)}"
        if after is None and before is not None and self.kind.endswith("_removed"):
            return f"{self.label}: {shown(before)}"
        return f"{self.label} {shown(before)} -> {shown(after)}"

    def as_json(self) -> dict[str, object]:
        return {
            "vendor": self.vendor,
            "operation": self.operation,
            "location": self.location,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
            "classification": self.classification.value,
            "reason": self.reason,
            "source": None if self.source is None else self.source.as_json(),
        }


def clipped(before: str | None, after: str | None, width: int) -> tuple[str | None, str | None]:
    """Before and after cut to about `width` characters each, around where they first differ (so two long
    descriptions that differ at the end do not read as equal)."""
    start = 0
    if before is not None and after is not None:
        same = 0
        while same < min(len(before), len(after)) and before[same] == after[same]:
            same += 1
        start = max(0, same - width // 3) if max(len(before), len(after)) > width else 0

    def cut(value: str | None) -> str | None:
        if value is None or (len(value) <= width and start == 0):
            return value
        piece = value[start : start + width]
        return ("…" if start else "") + piece + ("…" if start + width < len(value) else "")

    return cut(before), cut(after)


def counts(changes: list[Change]) -> dict[Classification, int]:
    """How many changes of each classification (every classification present, in rank order)."""
    out = {classification: 0 for classification in CLASSIFICATIONS}
    for change in changes:
        out[change.classification] += 1
    return out
