"""Reporting for lowering: diagnostics and the IR's source positions, and the wording helpers of messages.

Every other lowering module reports through one `Reporter`, so a problem always lands on the spec line it
concerns (the value, its key, or a piece of text within the value's line). The did-you-mean suggestions and the
small wording helpers (`article`, `clip`) live here so that every message phrases them the same way.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from generator import ir
from generator.diagnostics import Diagnostics, Position, SpecPath, format_path
from generator.yamlpos import Document


class Reporter:
    """Diagnostics about one spec document, placed at the positions the YAML reader recorded."""

    def __init__(self, document: Document, diagnostics: Diagnostics) -> None:
        self.doc = document
        self.diag = diagnostics

    def error(
        self, path: SpecPath, message: str, *, at_key: bool = False, at_text: str | None = None
    ) -> None:
        """Report at the value (or its key); `at_text`: at that text within the value's line, when it is there."""
        position = self.doc.key_position(path) if at_key else self.doc.value_position(path)
        if (
            at_text is not None
            and position is not None
            and 0 < position.line <= len(self.doc.lines)
        ):
            column = self.doc.lines[position.line - 1].find(at_text, position.column - 1)
            if column >= 0:
                position = Position(position.line, column + 1)
        self.diag.error(self.doc.file, position, path, message)

    def warning(self, path: SpecPath, message: str, *, at_key: bool = False) -> None:
        position = self.doc.key_position(path) if at_key else self.doc.value_position(path)
        self.diag.warning(self.doc.file, position, path, message)

    def loc(self, path: SpecPath) -> ir.SourcePosition:
        """Where the value at `path` was written, for the IR node lowered from it."""
        position = self.doc.value_position(path)
        line, column = (position.line, position.column) if position else (0, 0)
        return ir.SourcePosition(self.doc.file, line, column, format_path(path))


def suggest(word: str, options: Iterable[str]) -> str:
    """`; did you mean 'x'?` when a close match exists, else nothing."""
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def suggest_or_list(word: str, options: Iterable[str], noun: str) -> str:
    """A "did you mean" when a close match exists; otherwise the names there are to choose from."""
    choices = list(options)
    if not choices:
        return f"; there are no {noun}"
    return suggest(word, choices) or f"; the {noun} are: {', '.join(choices)}"


def article(type_name: str | None) -> str:
    """`an integer`, `a string`: a type name with its article, for messages."""
    return f"an {type_name}" if type_name and type_name[0] in "aeiou" else f"a {type_name}"


def clip(text: str, limit: int = 120) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis, to quote it in a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
