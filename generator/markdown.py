"""Markdown fragments that are safe for any text from a spec.

Docs are read on a code-hosting site (GitHub-flavoured Markdown), where a stray `|` breaks a table, a
newline ends a table row, `<` starts raw HTML, `&` an entity, `~~` strikethrough, and a line starting with
`- ` or `1. ` a list. Each helper here turns arbitrary text into a fragment that renders as that text.
"""

from __future__ import annotations

import re
import urllib.parse

_SPECIALS = re.compile(r"([\\`*_\[\]|<>#&~])")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A code span as spec authors write one (`candidate_id`): a run of backticks, text, the same run again.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _escape(flat: str) -> str:
    """Escape inline specials, then what would start a block (a list, a setext heading) at the start.

    Code spans the spec text writes itself are kept as code (through `code`), not escaped into literal
    backticks: a spec says `null` to mean the code `null`, and the docs should show it so.
    """
    pieces: list[str] = []
    position = 0
    for span in _CODE_SPAN.finditer(flat):
        pieces.append(_SPECIALS.sub(r"\\\1", flat[position : span.start()]))
        pieces.append(code(span.group(2)))
        position = span.end()
    pieces.append(_SPECIALS.sub(r"\\\1", flat[position:]))
    pieces[0] = _ORDERED_MARKER.sub(r"\1\\\2", pieces[0])
    escaped = "".join(pieces)
    return "\\" + escaped if escaped[:1] in ("-", "+", "=") else escaped


def _flat(value: str) -> str:
    return " ".join(value.split())


def text(value: str) -> str:
    """Inline text on one line: safe in a table cell, a list item or a heading."""
    return _escape(_flat(value))


def paragraphs(value: str | None) -> tuple[str, ...]:
    """Prose as escaped paragraph blocks (blank lines in the source separate paragraphs)."""
    if not value:
        return ()
    return tuple(
        _escape(_flat(block)) for block in _PARAGRAPH_BREAK.split(value.strip()) if block.strip()
    )


def paragraph(value: str) -> str:
    """Prose that may span paragraphs, as one Markdown block sequence."""
    return "\n\n".join(paragraphs(value))


def cell(value: str) -> str:
    """A table cell: one line, paragraphs separated by <br>."""
    return "<br>".join(paragraphs(value))


def code(value: str) -> str:
    """Inline code showing `value`, safe in a table cell too.

    GitHub splits table cells at `|` even inside backticks, so text holding a `|` is shown in an escaped
    `<code>` element instead.
    """
    flat = value.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if "|" in flat:
        return f"<code>{text(flat)}</code>"
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def code_block(value: str, language: str = "") -> str:
    """A fenced block showing `value` exactly: a fence longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`{3,}", value)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{value.rstrip()}\n{fence}"


def href(url: str) -> str:
    """A link destination: characters that could end it (or a table cell) percent-encoded."""
    return urllib.parse.quote(url, safe="/:?#@!$&'*+,;=%-._~")


def link(label: str, url: str) -> str:
    """A link; `label` is finished Markdown."""
    return f"[{label}]({href(url)})"


def comment_text(value: str) -> str:
    """Text for an HTML comment: on one line, with no `--` that could end the comment early."""
    flat = _flat(value)
    while "--" in flat:
        flat = flat.replace("--", "- -")
    return flat


def anchor(heading: str) -> str:
    """The anchor a code-hosting site gives a heading (lower case, spaces to dashes, punctuation dropped)."""
    lowered = heading.strip().lower()
    return re.sub(r"[^\w\- ]", "", lowered).replace(" ", "-")
