"""Templates and formatting: Jinja2 with StrictUndefined, black in process.

Templates receive finished values from the emitters (identifiers, literals, docstrings, source lines) and only
lay out text. Python output is formatted with black, pinned in pyproject.toml, so output bytes depend on the
spec and templates alone.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import importlib.util
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

    from generator import formatting, ir

_HERE = Path(__file__).resolve().parent
# An installed atsgen carries its templates inside the package; a checkout has them beside it.
TEMPLATES_DIR = (
    _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
)


# The SDK runtime, read where it is written and imported from (templates/runtime/ in a checkout, the
# atsgen_runtime package of an installed atsgen): the generated SDK ships a copy of each of its modules.
def _runtime_dir() -> Path:
    # Found, not imported: mypy cannot follow an editable install's import hook to type the package.
    spec = importlib.util.find_spec("atsgen_runtime")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the SDK runtime (atsgen_runtime) is not installed with atsgen")
    return Path(spec.submodule_search_locations[0]).resolve()


RUNTIME_DIR = _runtime_dir()
RUNTIME_ORIGIN = "templates/runtime"
"""Where the runtime is edited, as its copies' headers name it."""
LINE_LENGTH = 100


class RenderError(Exception):
    """A template or the formatter failed; names the output file."""


@functools.cache
def environment() -> jinja2.Environment:
    import jinja2  # here, not at the top: a no-change run imports this module but renders nothing

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    import jinja2

    try:
        return environment().get_template(template).render(**context)
    except jinja2.TemplateError as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        raise RenderError(f"template {template}{where}: {exc}") from exc


def runtime_modules() -> tuple[str, ...]:
    """The runtime's module files (`http.py`, ...), read from its folder so none can be left out."""
    return tuple(sorted(path.name for path in RUNTIME_DIR.glob("*.py")))


def runtime_source(module: str) -> str:
    """A runtime module's text, copied as is (real Python, linted, type-checked and tested as such)."""
    return (RUNTIME_DIR / module).read_text(encoding="utf-8")


def format_python(source: str, name: str, emitted_stable: bool = False) -> str:
    """`source` as the pinned black formats it, fragment by fragment (see `formatting`); as it is when
    `emitted_stable` (the emitter laid it out as black does).

    A module without top-level definitions (the spec module: one statement per operation) has no place
    `formatting` cuts it at, so it is cut here between its statements (`statement_pieces`), and each piece
    is formatted, and cached by content, on its own.
    """
    from generator import formatting

    formatter = formatting.current()
    try:
        if emitted_stable:
            return formatter.format_module(source, emitted_stable=True)
        if _TOP_LEVEL_DEFINITION.search(source):
            return _format_module(formatter, source)
        # No definition to cut at: `format_module` would run black on the whole module, uncached. As
        # fragments (one, or one per statement), they are formatted once and then found by content, so an
        # unchanged module (an example in the docs, a re-export module) is not formatted again.
        pieces = statement_pieces(source) or [source]
        return "\n".join(formatter.format_fragment(formatting.Piece(piece)) for piece in pieces)
    except formatting.FormatError as exc:
        raise RenderError(f"black could not format {name}: {exc}") from exc


def _format_module(formatter: formatting.Formatter, source: str) -> str:
    """`formatter.format_module`, kept whole in its store by content: cutting a module into fragments
    parses it, which for a large module (a vendor's validators, seconds at 500 operations) costs more than
    looking its fragments up; an edit leaves most modules of its vendor as they were."""
    store = formatter.store
    if store is None:
        return formatter.format_module(source)
    key = hashlib.sha256(_module_salt() + source.encode("utf-8", "surrogatepass")).hexdigest()
    formatted = store.get(key)
    if formatted is None:
        formatted = formatter.format_module(source)
        store.put(key, formatted)
    return formatted


@functools.cache
def _module_salt() -> bytes:
    """What a whole module's formatting depends on besides its text; "module" keeps these keys apart from
    the fragments' (a fragment's text could be a whole module's)."""
    from importlib.metadata import version

    from generator import formatting

    return f"module\0{version('black')}\0{formatting.mode()!r}\0".encode()


# A top-level `def`, `class` or decorator starts a line; this may also match inside a string, which only
# sends the module the way `formatting` cuts it.
_TOP_LEVEL_DEFINITION = re.compile(r"^(?:def|class|async|@)", re.MULTILINE)


def statement_pieces(source: str) -> list[str] | None:
    """`source` cut before each top-level assignment that one blank line separates from the assignment
    above it (the line above the blank one is that statement's code); each piece without its
    trailing blank line. None when there is no such cut, or it cannot be cut safely (it does not parse,
    uses a formatter pragma, or has line separators the AST does not count).

    Formatted one by one and joined with one blank line, the pieces give black's bytes for the whole module:
    black lays out each logical line on its own and keeps the one blank line between two top-level
    assignments; the cuts avoid what black treats by context (definitions, imports, docstrings, comments).
    """
    from generator import formatting

    parsed = formatting.parsed_for_cutting(source)
    if parsed is None:
        return None
    tree, lines = parsed
    import ast  # here: a no-change run imports this module but formats nothing

    # Assignments only: black gives a string statement (a docstring) blank lines by context.
    simple = (ast.Assign, ast.AnnAssign, ast.AugAssign)
    cuts = [
        node.lineno
        for above, node in zip(tree.body, tree.body[1:], strict=False)
        if isinstance(above, simple)
        and isinstance(node, simple)
        and above.end_lineno == node.lineno - 2
        and lines[node.lineno - 2] == "\n"
    ]
    if not cuts:
        return None
    pieces, previous = [], 0
    for cut in cuts:
        pieces.append("".join(lines[previous : cut - 2]))
        previous = cut - 1
    pieces.append("".join(lines[previous:]))
    return pieces


# -- rendered pieces, kept by what they read ---------------------------------------------------------------
#
# A job renders a vendor's module (or page) from one piece per operation. With a store in use (the one
# `formatting.using` set: `.atsgen-cache/format/`), each piece is kept under a digest of exactly what it
# reads, so after an edit to one operation only that operation's pieces are rendered again, and the others
# are read back. The digest covers the generator's own code and templates (a piece is their output), the
# operation's intermediate form and the vendor-level facts the piece uses. `--no-cache` runs have no store
# and render every piece, as before: the digest is not even computed.

PIECES_RENDERED: collections.Counter[str] = collections.Counter()
"""Pieces rendered (not read back from the store) in this process, by scope: what tests count."""


def pieces_stored() -> bool:
    """Whether rendered pieces are kept in (and read back from) a store in this run."""
    from generator import formatting

    return formatting.current().store is not None


def cached_piece(
    scope: str,
    reads: Callable[[], bytes],
    make: Callable[[], Any],
    usable: Callable[[Any], bool] = lambda piece: True,
) -> Any:
    """`make()` (a JSON value: the piece), or what an earlier run's `make()` gave for the same `reads()`
    (the digest of everything the piece reads) and `scope` (which kind of piece), when `usable` says it
    still fits (a piece that also depends on what was built before it checks that here).

    Without a store, `make()` always: `reads` is not called, so a cold run pays nothing for the cache.
    """
    from generator import formatting

    store = formatting.current().store
    if store is None:
        PIECES_RENDERED[scope] += 1
        return make()
    key = hashlib.sha256(_piece_salt() + scope.encode() + b"\0" + reads()).hexdigest()
    stored = store.get(key)
    if stored is not None:
        piece = json.loads(stored)
        if usable(piece):
            return piece
    PIECES_RENDERED[scope] += 1
    piece = make()
    store.put(key, json.dumps(piece, ensure_ascii=False))
    return piece


@functools.cache
def _piece_salt() -> bytes:
    """A piece is the output of the generator's code and templates: a change to either (or to a pinned
    dependency) makes every piece new. "piece" keeps these keys apart from the formatter's."""
    from generator import cache

    return f"piece\0{cache.generator_fingerprint()}\0".encode()


def digest(*values: object) -> bytes:
    """A digest of values (intermediate-form nodes, strings, tuples of them): equal for equal content.

    Source positions count by their path in the spec only: a line added above an operation moves it
    without changing what any output says of it (no emitter prints a line number)."""
    hasher = hashlib.sha256()
    for value in values:
        hasher.update(hashlib.sha256(_pickled(value)).digest())
    return hasher.digest()


def operation_digest(op: ir.Operation) -> bytes:
    """`digest(op)`, remembered for the very same operation object (an identity check: the IR is frozen),
    as several jobs of one vendor may run in one process."""
    return _remembered(op, lambda: digest(op))


def vendor_digest(vendor: ir.Vendor) -> bytes:
    """A digest of everything a vendor says besides its operations (auth, environments, envelopes,
    definitions, sources, notes): the vendor-level facts a piece of one operation may read."""
    from dataclasses import replace

    return _remembered(vendor, lambda: digest(replace(vendor, operations=())))


_remembered_digests: dict[int, tuple[object, bytes]] = {}


def forget_digests() -> None:
    """Drop the remembered digests (and the IR they keep alive): at the end of a run, so that a process
    running many (tests, a tool embedding atsgen) does not keep every run's vendors."""
    _remembered_digests.clear()


def _remembered(node: object, compute: Callable[[], bytes]) -> bytes:
    known = _remembered_digests.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    value = compute()
    # The node is kept with its digest, so its id cannot be reused by another object meanwhile.
    _remembered_digests[id(node)] = (node, value)
    return value


def _pickled(value: object) -> bytes:
    import io
    import pickle

    from generator import ir

    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    # Without the memo, the bytes depend on content alone, not on which equal values are one object: a
    # vendor unpickled in a worker shares strings differently from the one loaded in the parent, and its
    # digests (so its pieces' keys) differed. The IR holds no cycles, which this mode could not write.
    pickler.fast = True
    pickler.dispatch_table = {ir.SourcePosition: _position_by_path}
    pickler.dump(value)
    return out.getvalue()


def _position_by_path(position: ir.SourcePosition) -> tuple[type[str], tuple[str]]:
    return str, (f"{position.file}\0{position.path}",)
