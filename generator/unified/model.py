"""The checked form of the unified declarations, as frozen values.

Unified            the canonical model and every operation mapping that loaded without errors
  model            ir.Schema of the canonical candidate (an object of optional fields)
  mappings         OperationMapping per (vendor, operation)
    entries        Entry per declared transform, with the vendor field it writes and its provenance
    data           the operation's declaration as plain data: what the runtime engine reads
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import ir

TRANSFORMS = ("rename", "join", "wrap", "values", "constant", "unsupported")
"""The closed vocabulary of transforms; the runtime engine (`templates/runtime/unified.py`) implements each."""


@dataclass(frozen=True)
class Entry:
    """One declared transform: canonical fields in, one vendor field out (or a reason why not)."""

    transform: str
    sources: tuple[str, ...]
    target: str | None
    target_field: ir.Field | None
    """The vendor field written, whose provenance (confidence, evidence) the mapping inherits."""
    loc: ir.SourcePosition

    @property
    def provenance(self) -> ir.Provenance | None:
        return self.target_field.provenance if self.target_field is not None else None


@dataclass(frozen=True)
class OperationMapping:
    vendor: str
    operation: str
    entries: tuple[Entry, ...]
    data: dict[str, Any]
    loc: ir.SourcePosition


@dataclass
class Unified:
    model: ir.Schema | None = None
    mappings: list[OperationMapping] = field(default_factory=list)
    description: str | None = None
    """The canonical model's own description (the Candidate's docstring)."""
