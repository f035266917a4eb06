"""Locations of changes, as segments in wire names, and how they read: `body.tags[]`, `query.limit`,
`responses.200.candidate.OID`, `body.interviewer_emails (array form)[]`, `body.metadata.*` (any other key),
`body (rules)`.
"""

from __future__ import annotations

import json
import re

Path = tuple[str, ...]
"""Segments, outermost first: a part (`body`, `query`, `responses`, ...), field names, and the markers below."""

ITEMS = "[]"
"""Each item of an array."""
EXTRA = "*"
"""Any key of an object that its fields do not list (`additional_fields`)."""
RULES = " (rules)"
"""The cross-field rules of an object: `body (rules)`."""

_PLAIN = re.compile(r"[A-Za-z0-9_$@-]+")


def name(wire_name: str) -> str:
    """A field's segment: the wire name, or `["a.b"]` when it is not a plain word (so it cannot be mistaken
    for a marker or for two segments)."""
    return (
        wire_name
        if _PLAIN.fullmatch(wire_name)
        else f"[{json.dumps(wire_name, ensure_ascii=False)}]"
    )


def form(label: str) -> str:
    """The segment of one form of a union (`any_of`)."""
    return f" ({label})"


def show(path: Path) -> str:
    out = ""
    for segment in path:
        if segment == ITEMS or segment.startswith((" (", "[")):
            out += segment
        else:
            out += f".{segment}" if out else segment
    return out
