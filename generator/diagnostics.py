"""Diagnostics: problems found in a spec, as values with a location.

Every stage reports problems by appending a `Diagnostic` to a `Diagnostics` collector instead of raising, so a
spec author sees every problem of a file in one run. A diagnostic names the file, line and column, the path
inside the spec (`operations.update_candidate.request.body.fields.phone.max_length`) and a message that says
what is wrong and what to do. `render` shows the offending line under it, the way Jinja's
`TemplateSyntaxError` does.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

SpecPath = tuple[str | int, ...]
"""A path inside a spec document: mapping keys and list indices, outermost first."""


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a spec file."""

    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    level: Level
    file: str
    position: Position | None
    path: SpecPath
    message: str

    def sort_key(self) -> tuple[str, int, int, str]:
        pos = self.position or Position(0, 0)
        return (self.file, pos.line, pos.column, self.message)

    def headline(self) -> str:
        where = self.file
        if self.position is not None:
            where += f":{self.position.line}:{self.position.column}"
        prefix = "" if self.level is Level.ERROR else "warning: "
        location = format_path(self.path)
        # One line per diagnostic, even when a message quotes text with line breaks (a vendor's rule message),
        # and nothing in it the terminal would act on.
        message = escape_unsafe(self.message)
        return f"{where}: {prefix}{location + ': ' if location else ''}{message}"


def format_path(path: SpecPath) -> str:
    """Render a spec path as `a.b[0].c`; keys that are not plain words are quoted: `fields["a.b"]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            first, later = _key_text(part)
            out += later if out else first
    return out


@functools.lru_cache(maxsize=16384)
def _key_text(key: str) -> tuple[str, str]:
    """How a key shows in a path: first, and after another part. Cached: lowering gives every node of the
    intermediate form its path as text, and paths repeat the same few keys (fields, operations, keywords).
    """
    if key.replace("_", "").replace("-", "").isalnum() and key.isascii():
        return key, f".{key}"
    quoted = "[" + _quote(key) + "]"
    return quoted, quoted


def _quote(text: str) -> str:
    escaped = escape_unsafe(text.replace("\\", "\\\\").replace('"', '\\"'))
    return f'"{escaped}"'


# What must not reach a terminal as it is, from a spec or a payload: C0 and C1 controls and DEL (a newline or
# CR forges an output line, ESC drives the terminal), line and paragraph separators, bidi controls (U+202E
# shows the text after it backwards) and lone surrogates (which UTF-8 cannot even carry).
_UNSAFE_RANGES = (
    (0x00, 0x1F),
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2066, 0x2069),
    (0xD800, 0xDFFF),
)
UNSAFE_CHARACTERS = re.compile(
    "[" + "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in _UNSAFE_RANGES) + "]"
)


def escape_unsafe(text: str) -> str:
    r"""`text` with each unsafe character written as a Python escape: \n, \x1b, \u202e, \ud800."""
    return UNSAFE_CHARACTERS.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


@dataclass
class Diagnostics:
    """Collects the diagnostics of one run, in the order found; `sorted()` gives the report order."""

    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic once (a shape checked in two contexts reports its problems once)."""
        if diagnostic not in self._seen:
            self._seen.add(diagnostic)
            self.items.append(diagnostic)

    def error(self, file: str, position: Position | None, path: SpecPath, message: str) -> None:
        self.add(Diagnostic(Level.ERROR, file, position, path, message))

    def warning(self, file: str, position: Position | None, path: SpecPath, message: str) -> None:
        self.add(Diagnostic(Level.WARNING, file, position, path, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        for diagnostic in other:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level is Level.WARNING]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# Control characters in a shown line are drawn as their Unicode pictures (U+0007 as ␇), and the other unsafe
# ones (C1 controls, line separators, bidi controls) as U+FFFD: one column each, so the caret stays aligned,
# and nothing is sent to the terminal that it would act on.
_VISIBLE_CONTROLS = {
    code: 0x2400 + code if code < 0x20 else 0x2421 if code == 0x7F else 0xFFFD
    for first, last in _UNSAFE_RANGES
    for code in range(first, last + 1)
    if code != 0x09  # a tab stays: the caret line copies it, below
}


_SHOWN_WIDTH = 120
"""The most characters of an offending line that are shown."""


def render(diagnostic: Diagnostic, source_lines: Sequence[str] | None) -> str:
    """The headline, then the offending line with a caret under the column (when the source is at hand)."""
    text = diagnostic.headline()
    pos = diagnostic.position
    if pos is None or source_lines is None or not 1 <= pos.line <= len(source_lines):
        return text
    line = source_lines[pos.line - 1].rstrip("\r\n").translate(_VISIBLE_CONTROLS)
    gutter = str(pos.line)
    column = max(pos.column, 1)
    if (
        len(line) > _SHOWN_WIDTH
    ):  # a window around the column, so a very long line does not flood the terminal
        start = min(max(column - 1 - _SHOWN_WIDTH // 2, 0), len(line) - _SHOWN_WIDTH)
        end = start + _SHOWN_WIDTH
        shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
        column, line = column - start + (1 if start else 0), shown
    # Tabs before the column are copied into the caret line, so the caret stays under the column however wide
    # the terminal draws a tab.
    before = line[: column - 1]
    caret = (
        "".join("\t" if char == "\t" else " " for char in before)
        + " " * (column - 1 - len(before))
        + "^"
    )
    return f"{text}\n  {gutter} | {line}\n  {' ' * len(gutter)} | {caret}"


def render_all(
    diagnostics: Iterable[Diagnostic],
    sources: Mapping[str, Sequence[str]],
    *,
    show_source: bool = True,
) -> str:
    """Errors first, then warnings under their own heading; each group in file and line order."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    errors = [d for d in ordered if d.level is Level.ERROR]
    warnings = [d for d in ordered if d.level is Level.WARNING]
    blocks = [render(d, sources.get(d.file) if show_source else None) for d in errors]
    if warnings:
        blocks.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}:")
        blocks.extend(render(d, sources.get(d.file) if show_source else None) for d in warnings)
    return "\n".join(blocks)
