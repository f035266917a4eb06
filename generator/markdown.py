"""Markdown fragments that are safe for any text from a spec.

Docs are read on a code-hosting site, where a stray `|` breaks a table, a newline ends a table row and `<`
starts raw HTML. Each helper here turns arbitrary text into a fragment that renders as that text.
"""

from __future__ import annotations

import re

_SPECIALS = re.compile(r"([\\`*_\[\]|<>#])")


def text(value: str) -> str:
    """Inline text: Markdown and HTML specials escaped, line breaks kept as spaces."""
    return _SPECIALS.sub(r"\\\1", " ".join(value.split()))


def paragraph(value: str) -> str:
    """Prose that may span lines: specials escaped, paragraphs (blank lines) kept."""
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", value.strip())]
    return "\n\n".join(_SPECIALS.sub(r"\\\1", block) for block in blocks if block)


def cell(value: str) -> str:
    """A table cell: one line, `|` escaped, paragraphs separated by <br>."""
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", value.strip())]
    return "<br>".join(_SPECIALS.sub(r"\\\1", block) for block in blocks if block)


def code(value: str) -> str:
    """Inline code showing `value` exactly: a backtick fence longer than any run of backticks inside."""
    flat = " ".join(value.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def code_block(value: str, language: str = "") -> str:
    """A fenced block showing `value` exactly: a fence longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`{3,}", value)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{value.rstrip()}\n{fence}"


def anchor(heading: str) -> str:
    """The anchor a code-hosting site gives a heading (lower case, spaces to dashes, punctuation dropped)."""
    lowered = heading.strip().lower()
    return re.sub(r"[^\w\- ]", "", lowered).replace(" ", "-")
