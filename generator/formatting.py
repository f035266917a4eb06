"""black, run on less text: a module is formatted one top-level definition at a time, each fragment once.

black lays out every logical line on its own, and the blank lines before a top-level `def` or `class` that
follows two blank lines are always two. So a module split before each such definition formats, fragment by
fragment, into the same bytes as the whole module does (a test checks every generated file against black
run on the whole file). What that buys:

- black formats a changed module twice (its second pass settles optional trailing commas); split, only the
  fragments the first pass changed get the second pass, and the generated code is mostly black-shaped;
- an unchanged fragment is not formatted again: in one run (identical fragments), and across runs through a
  content-keyed store beside the output cache (`.atsgen-cache/format/`), so editing one operation formats
  that operation's functions only. `--no-cache` runs use no store and format every fragment.

The store only ever saves work: a fragment's key is a hash of black's version, its mode and the fragment's
text, and an entry carries a hash of its own content, so a damaged entry is formatted again rather than
copied into the output. Entries are written to a temporary file and renamed into place, so concurrent runs
at worst write the same bytes twice.

Black only where it is needed. A module an emitter writes *emitted black-stable* (its layout is black's,
by construction: `pylayout` lays out statements as black does and hands black only the ones it cannot) is
passed through untouched: `format_module(source, emitted_stable=True)`. Tests hold every such module to
black's output, and `ATSGEN_CONFIRM_BLACK_STABLE=1` makes a run check each one against black and fail
on a difference (for a new emitter, or a new black). `format_statement` is black for one statement at
a given depth, with the same per-fragment memory and store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import pycode
from generator.render import LINE_LENGTH

if TYPE_CHECKING:
    import ast

    import black

# black's pragmas switch formatting off for a region that may span fragments: such a module is formatted
# whole. ("yapf: disable" is one of them for black.)
_PRAGMAS = ("fmt:", "yapf:")


class FormatError(Exception):
    """black could not format a module (it does not parse)."""


def mode() -> black.Mode:
    import black

    return black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)


@dataclass(frozen=True)
class Piece:
    """A fragment of a module: a top-level statement run, or (`method`) a definition in a top-level class."""

    text: str
    method: bool = False


# What black puts before a definition cut from its neighbour: two blank lines at the top level, one in a
# class body. A piece ends before the blank lines, and the join puts back the ones black keeps.
_BLANK_LINES = {False: "\n\n", True: "\n"}
# A class body is formatted inside this stand-in header (black lays a method out by its depth).
_CLASS_HEADER = "class _:\n"


def parsed_for_cutting(source: str) -> tuple[ast.Module, list[str]] | None:
    """The module's syntax tree and its lines (with their ends), when it can be cut into pieces that black
    formats one by one; None when it cannot be cut safely (it does not parse, uses a pragma, or has line
    separators the syntax tree does not count)."""
    if any(pragma in source for pragma in _PRAGMAS):
        return None
    import ast  # here: a no-change run imports this module but formats nothing

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    lines = source.splitlines(keepends=True)
    # The AST's line numbers count only "\n", "\r\n" and "\r"; splitlines also breaks at form feeds and
    # other separators, so the two numberings agree only when those are absent.
    if len(lines) != source.count("\n") + (0 if source.endswith("\n") else 1):
        return None
    return tree, lines


def split(source: str) -> list[Piece] | None:
    """The module cut before each top-level definition, and each later definition in a top-level class, that
    blank lines separate from a statement above (not a comment, which black may move with the definition);
    None when it cannot be cut safely (see `parsed_for_cutting`)."""
    parsed = parsed_for_cutting(source)
    if parsed is None:
        return None
    tree, lines = parsed
    import ast

    cuts: dict[int, bool] = {}
    for node in tree.body:
        if _is_definition(node):
            cuts[_first_line(node)] = False
        if isinstance(node, ast.ClassDef):
            cuts.update(
                (_first_line(child), True) for child in node.body[1:] if _is_definition(child)
            )
    pieces, previous, method = [], 0, False
    for cut, in_class in sorted(cuts.items()):
        blank = _BLANK_LINES[in_class]
        if not _separated(lines, cut, blank.count("\n")):
            continue
        pieces.append(Piece("".join(lines[previous : cut - 1]).removesuffix(blank), method))
        previous, method = cut - 1, in_class
    pieces.append(Piece("".join(lines[previous:]), method))
    return pieces


def _is_definition(node: ast.stmt) -> bool:
    import ast

    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)


def _first_line(node: ast.stmt) -> int:
    """Where a definition starts: its first decorator, if any (1-based)."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(decorator.lineno for decorator in decorators)])


def _separated(lines: list[str], start: int, blank: int) -> bool:
    """Whether the `blank` lines above line `start` (1-based) are empty and the line above them is code."""
    if start <= blank + 1 or any(lines[start - 1 - n] != "\n" for n in range(1, blank + 1)):
        return False
    above = lines[start - 2 - blank].strip()
    return bool(above) and not above.startswith("#")


class FragmentStore:
    """Formatted fragments on disk, keyed by content (see the module docstring)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def is_empty(self) -> bool:
        """Whether nothing was ever kept here (a first run, or a deleted cache)."""
        try:
            return not any(self.directory.iterdir())
        except OSError:
            return True

    def get(self, key: str) -> str | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        check, _, text = data.partition(b"\n")
        if check.decode("ascii", "replace") != hashlib.sha256(text).hexdigest():
            return None
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, key: str, formatted: str) -> None:
        """Best effort: a store that cannot be written only costs time."""
        path = self._path(key)
        # The process id keeps concurrent runs' temporary files apart; the rename publishes a whole entry.
        temp = path.with_name(f"{key}.{os.getpid()}.tmp")
        try:
            text = formatted.encode("utf-8")
            path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(hashlib.sha256(text).hexdigest().encode("ascii") + b"\n" + text)
            os.replace(temp, path)
        except (OSError, UnicodeEncodeError):
            with contextlib.suppress(OSError):
                temp.unlink()


# Set to 1 to have black confirm each module emitted black-stable (a run then costs what black costs).
CONFIRM_VARIABLE = "ATSGEN_CONFIRM_BLACK_STABLE"
# A statement is formatted inside this many stand-in definitions (`def _():`) to give it its depth: a
# definition, so that a string statement first in it is a docstring to black, as it is in the output.
_STAND_IN = "def _():\n"


class Formatter:
    """black with the fragments of this run remembered, and an optional store shared between runs."""

    def __init__(self, store: FragmentStore | None = None) -> None:
        self.store = store
        self.confirm_stable = os.environ.get(CONFIRM_VARIABLE) == "1"
        self._seen: dict[str, str] = {}
        self._salt: bytes | None = None

    def format_module(self, source: str, *, emitted_stable: bool = False) -> str:
        """`source` as black formats it; `emitted_stable`: the emitter wrote it as black would, so it is
        returned as it is (and confirmed by black when `confirm_stable`)."""
        if emitted_stable:
            if self.confirm_stable:
                self._confirm(source)
            return source
        from generator import relayout

        # A module of the shapes `relayout` writes (the models) is laid out without black's parser.
        laid_out = relayout.module(source)
        if laid_out is not None:
            if self.confirm_stable:
                self._confirm(laid_out)
            return laid_out
        pieces = split(source)
        if pieces is None or len(pieces) == 1:
            return self._black(source)
        formatted: list[str] = []
        for piece in pieces:
            text = self.format_fragment(piece)
            # An empty first piece (a module that starts with a definition) formats to "": no blank lines.
            if formatted or text:
                formatted.append(_BLANK_LINES[piece.method] + text if formatted else text)
        return "".join(formatted)

    def _confirm(self, source: str) -> None:
        expected = self._black(source)
        if expected != source:
            change = _first_change(source, expected)
            raise FormatError(f"emitted black-stable, but black changes it: {change}")

    def format_statement(self, statement: str, depth: int) -> list[str]:
        """The lines black makes of one statement (a compound one with its body) at `depth` indentation
        levels, without line ends."""
        stand_in = "".join("    " * level + _STAND_IN for level in range(depth))
        nested = "\n".join(
            "    " * depth + line if line.strip() else line for line in statement.split("\n")
        )
        formatted = self.format_fragment(Piece(stand_in + nested + "\n"))
        return pycode.source_lines(formatted)[depth:]

    def format_fragment(self, piece: Piece) -> str:
        source = _CLASS_HEADER + piece.text if piece.method else piece.text
        known = self._seen.get(source)
        if known is None:
            known = self._stored_or_black(source)
            self._seen[source] = known
        return known.removeprefix(_CLASS_HEADER) if piece.method else known

    def _stored_or_black(self, source: str) -> str:
        if self.store is None:
            return self._black(source)
        key = self._key(source)
        stored = self.store.get(key)
        if stored is None:
            stored = self._black(source)
            self.store.put(key, stored)
        return stored

    def _key(self, source: str) -> str:
        if self._salt is None:
            from importlib.metadata import version

            self._salt = f"{version('black')}\0{mode()!r}\0".encode()
        return hashlib.sha256(self._salt + source.encode("utf-8", "surrogatepass")).hexdigest()

    @staticmethod
    def _black(source: str) -> str:
        import black

        try:
            return black.format_str(source, mode=mode())
        # black raises several types (InvalidInput, ...) for source it cannot parse.
        except Exception as exc:
            raise FormatError(str(exc)) from exc


def _first_change(source: str, formatted: str) -> str:
    """The first line where black's output differs, numbered, with black's version of it."""
    ours, black_lines = source.splitlines(), formatted.splitlines()
    for number, (line, expected) in enumerate(zip(ours, black_lines, strict=False), 1):
        if line != expected:
            return f"line {number}: {line!r}\nblack:   {expected!r}"
    return f"line {min(len(ours), len(black_lines)) + 1}: the line count differs"


_current = Formatter()


def current() -> Formatter:
    return _current


def format_statement(statement: str, depth: int) -> list[str]:
    """One statement as black lays it out at `depth` (see `Formatter.format_statement`)."""
    return _current.format_statement(statement, depth)


@contextlib.contextmanager
def using(store: FragmentStore | None) -> Iterator[Formatter]:
    """Format with `store` until the block ends (worker processes forked inside it inherit the choice)."""
    global _current
    previous, _current = _current, Formatter(store)
    try:
        yield _current
    finally:
        _current = previous
