"""A module another tool wrote (datamodel-code-generator's models) laid out as the pinned black lays it out,
without running black over all of it.

black spends most of its time parsing with its own pure-Python parser: on the types module of an
80-operation vendor, 0.34 s against datamodel-code-generator's 0.25 s. The modules datamodel-code-generator
writes are made of few shapes (imports, classes of annotated fields with docstrings, assignments), whose
black layout is simple when a statement fits on its line: black's spacing and quotes, and its blank lines.
So the module is parsed with Python's own parser (`ast`, in C), and each statement is written back:

- a statement that fits on one line is written on one line, in black's spacing, with strings in black's
  quotes (`pycode.string`), as black writes every statement that fits and holds no magic trailing comma;
- a statement that does not fit, or holds a shape this module does not write (a trailing comma inside
  brackets, a string literal not written as `repr` writes it, an operator other than `|`), is handed to
  black alone, at its depth (`formatting.format_statement`);
- blank lines follow black's rules for these statements: two around top-level classes, one after the import
  block, one after a class docstring, otherwise those written, at most two at the top level and one inside
  a class;
- a docstring is kept as written when black would keep it (`_plain_docstring`); otherwise the whole class
  is handed to black;
- a module with anything else (a comment after the header, a decorator, a function, a module docstring) is
  not laid out here at all: `module` returns None and the caller runs black on it.

Tests compare the result with black's on every model module the specs, the fixture vendors and the hostile
specs produce, and on generated texts (`tests/adversarial/test_adv_relayout.py`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from generator import pycode
from generator.pylayout import INDENT, fits

_TRAILING_COMMA = re.compile(r",\s*[)\]}]")
_HEADER_LINE = re.compile(r"# [^\n]*[^\s]\Z|#\Z")


class _Unsupported(Exception):
    """A shape this module does not write: black lays out the statement (or the module) instead."""


def module(source: str) -> str | None:
    """`source` as black lays it out, or None when it holds a shape left to black as a whole."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if (
        "\r" in source or "\x0c" in source
    ):  # line ends and form feeds black has rules of its own for
        return None
    lines = pycode.source_lines(source)
    if not tree.body or "#" in "".join(_code_lines(lines, tree)):
        return None
    _note_literal_text(tree, lines)
    header = lines[: tree.body[0].lineno - 1]
    while header and not header[-1]:  # the first statement's own empty lines, counted below
        header.pop()
    if not _plain_header(header):
        return None
    out: list[str] = [*header]
    previous: ast.stmt | None = None
    try:
        for statement in tree.body:
            written = _blank_lines_before(lines, statement)
            blank = _module_blank_lines(previous, statement, written)
            out += [""] * blank
            out += _top_level(statement, lines)
            previous = statement
    except _Unsupported:
        return None
    return "\n".join(out) + "\n"


def _code_lines(lines: list[str], tree: ast.Module) -> Iterator[str]:
    """The lines after the header, with string literals' text taken out (a `#` in them is no comment)."""
    first = tree.body[0].lineno - 1
    spans: dict[int, list[tuple[int, int]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.end_lineno is None or node.end_col_offset is None:
                raise ValueError("ast without end positions")
            if node.lineno != node.end_lineno:
                # A multi-line string: its inner lines are text, its first and last are cut below.
                for number in range(node.lineno + 1, node.end_lineno):
                    spans.setdefault(number, []).append((0, 1 << 30))
                spans.setdefault(node.lineno, []).append((node.col_offset, 1 << 30))
                spans.setdefault(node.end_lineno, []).append((0, node.end_col_offset))
            else:
                spans.setdefault(node.lineno, []).append((node.col_offset, node.end_col_offset))
    for index in range(first, len(lines)):
        line = lines[index].encode("utf-8", "surrogatepass")
        for start, end in sorted(spans.get(index + 1, []), reverse=True):
            line = line[:start] + line[end:]
        yield line.decode("utf-8", "surrogatepass")


def _plain_header(header: list[str]) -> bool:
    """Comment lines and blank lines before the first statement, that black leaves as they are."""
    if header and not header[0]:
        return False
    blank_run = 0
    for line in header:
        if not line:
            blank_run += 1
            if blank_run > 2:
                return False
            continue
        blank_run = 0
        if not _HEADER_LINE.match(line):
            return False
    return True


def _blank_lines_before(lines: list[str], statement: ast.stmt) -> int:
    """How many empty lines the source has right before the statement."""
    count, index = 0, statement.lineno - 2
    while index >= 0 and not lines[index].strip():
        count, index = count + 1, index - 1
    return count


def _module_blank_lines(previous: ast.stmt | None, statement: ast.stmt, written: int) -> int:
    if previous is None:
        return min(written, 2)
    if isinstance(statement, ast.ClassDef) or isinstance(previous, ast.ClassDef):
        return 2
    imports = (ast.Import, ast.ImportFrom)
    if isinstance(previous, imports) and not isinstance(statement, imports):
        return 1  # black: one empty line after the import block, whatever was written
    return min(written, 2)


def _top_level(statement: ast.stmt, lines: list[str]) -> list[str]:
    if isinstance(statement, ast.ClassDef):
        if statement.decorator_list:  # its lines start above the class's own
            raise _Unsupported("decorated class")
        try:
            return _class(statement, lines)
        except _Unsupported:
            return _black(statement, lines, 0)
    if isinstance(statement, ast.Import | ast.ImportFrom | ast.Assign | ast.AnnAssign):
        return _simple(statement, lines, 0)
    raise _Unsupported(type(statement).__name__)


def _class(node: ast.ClassDef, lines: list[str]) -> list[str]:
    if node.decorator_list or getattr(node, "type_params", None):
        raise _Unsupported("decorated or generic class")
    bases = [_expression(base) for base in node.bases]
    bases += [f"{keyword.arg}={_expression(keyword.value)}" for keyword in node.keywords]
    if any(keyword.arg is None for keyword in node.keywords):
        raise _Unsupported("**kwargs in a class header")
    header = f"class {node.name}({', '.join(bases)}):" if bases else f"class {node.name}:"
    written_header = "\n".join(lines[node.lineno - 1 : node.body[0].lineno - 1])
    if not fits(header) or _segment_has_trailing_comma(lines, node.lineno, node.body[0].lineno - 1):
        raise _Unsupported("class header to split")
    if bases and not _same_parentheses(written_header, header):
        raise _Unsupported("parentheses the syntax tree does not keep")
    out = [header]
    for index, statement in enumerate(node.body):
        written = _blank_lines_before(lines, statement)
        if index == 0:
            if written:
                raise _Unsupported("empty lines opening a class body")
            blank = 0
        elif index == 1 and _is_string(node.body[0]):
            blank = 1  # black: one empty line after a class docstring
        else:
            blank = min(written, 1)
        out += [""] * blank
        if _is_string(statement):
            out += _docstring(statement, lines)
        elif isinstance(statement, ast.AnnAssign | ast.Assign):
            out += _simple(statement, lines, 1)
        elif isinstance(statement, ast.Pass):
            out.append(INDENT + "pass")
        else:
            raise _Unsupported(type(statement).__name__)
    return out


def _is_string(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _docstring(statement: ast.stmt, lines: list[str]) -> list[str]:
    """A class or attribute docstring, kept as written when black would keep it."""
    written = lines[statement.lineno - 1 : statement.end_lineno]
    if not _plain_docstring(written):
        raise _Unsupported("a docstring black would change")
    return written


def _plain_docstring(written: list[str]) -> bool:
    """`\"\"\"text\"\"\"` on one line, or `\"\"\"` / lines / `\"\"\"` at the class body's indentation, with
    nothing black rewrites: no backslash, no tab, no quote or space against the quotes, no trailing
    space, text lines indented exactly one level and empty lines empty."""
    first, last = written[0], written[-1]
    if not first.startswith(INDENT + '"""') or first[len(INDENT)] == " ":
        return False
    if len(written) == 1:
        inside = first[len(INDENT) + 3 : -3]
        return (
            first.endswith('"""')
            and len(first) >= len(INDENT) + 6
            and _plain_text(inside)
            and inside == inside.strip()
            and bool(inside)
            and fits(first)
        )
    if first != INDENT + '"""' or last != INDENT + '"""':
        return False
    body = written[1:-1]
    if not body or not body[0].strip() or not body[-1].strip():
        return False
    for line in body:
        if not line:
            continue
        if not line.startswith(INDENT) or line[len(INDENT)] == " " or not _plain_text(line):
            return False
    return True


def _plain_text(text: str) -> bool:
    return (
        "\\" not in text
        and "\t" not in text
        and '"' not in text
        and text == text.rstrip()
        and all(char.isprintable() for char in text)
    )


def _simple(statement: ast.stmt, lines: list[str], depth: int) -> list[str]:
    """A simple statement: on one line in black's style when it fits, else black's layout of it alone."""
    if statement.end_lineno is None:
        raise _Unsupported("no end position")
    if not _segment_has_trailing_comma(lines, statement.lineno, statement.end_lineno):
        try:
            line = INDENT * depth + _statement_code(statement)
        except _Unsupported:
            line = ""
        written = "\n".join(lines[statement.lineno - 1 : statement.end_lineno])
        if not _same_parentheses(written, line):
            line = ""
        if line and fits(line):
            return [line]
        split = _split_annotation(statement, depth) if line else None
        if split is not None:
            return split
    return _black(statement, lines, depth)


def _split_annotation(statement: ast.stmt, depth: int) -> list[str] | None:
    """`name: annotation` or `name: annotation = value` (a value without brackets) too long for its line,
    split as black splits it when the parts fit; None for any other shape (black lays it out):

    - with a value, when `name: annotation = (` fits: at the value's invisible parentheses, `= (`, the
      value one level in, `)` (black keeps the left side of an assignment whole when it can);
    - else, when the annotation is `Outer[inside]` and the value (if any) has no operators: at the
      annotation's brackets, `inside` one level in (black's right-hand split, the value's parentheses
      omitted), unless operators outside brackets keep black from omitting them.
    """
    if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
        return None
    value = statement.value
    if value is not None and not isinstance(value, ast.Constant | ast.Name):
        return None
    indent, inner = INDENT * depth, INDENT * (depth + 1)
    annotation = f"{statement.target.id}: {_expression(statement.annotation)}"
    if value is not None:
        head = f"{indent}{annotation} = ("
        if fits(head):
            body = inner + _expression(value)
            return [head, body, indent + ")"] if fits(body) else None
        if _top_level_unions(statement.annotation) >= 1:
            return None  # the head is split too, at operators: black's own layout
    if not isinstance(statement.annotation, ast.Subscript):
        return None
    subscript = statement.annotation
    head = f"{indent}{statement.target.id}: {_expression(subscript.value)}["
    inside = _expression(ast.Subscript(value=ast.Name(id=""), slice=subscript.slice))[1:-1]
    body = inner + inside
    tail = indent + "]" + ("" if value is None else f" = {_expression(value)}")
    if not (fits(head) and fits(body) and fits(tail)):
        return None
    return [head, body, tail]


def _top_level_unions(annotation: ast.expr) -> int:
    """How many `|` join the annotation outside any brackets."""
    count = 0
    while isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        count, annotation = count + 1, annotation.left
    return count


def _statement_code(statement: ast.stmt) -> str:
    if isinstance(statement, ast.ImportFrom):
        names = ", ".join(_alias(alias) for alias in statement.names)
        return f"from {'.' * statement.level}{statement.module or ''} import {names}"
    if isinstance(statement, ast.Import):
        return f"import {', '.join(_alias(alias) for alias in statement.names)}"
    if isinstance(statement, ast.AnnAssign):
        if not statement.simple or not isinstance(statement.target, ast.Name):
            raise _Unsupported("annotated target other than a name")
        code = f"{statement.target.id}: {_expression(statement.annotation)}"
        return code if statement.value is None else f"{code} = {_expression(statement.value)}"
    if isinstance(statement, ast.Assign):
        targets = " = ".join(_expression(target) for target in statement.targets)
        return f"{targets} = {_expression(statement.value)}"
    raise _Unsupported(type(statement).__name__)


def _alias(alias: ast.alias) -> str:
    return alias.name if alias.asname is None else f"{alias.name} as {alias.asname}"


def _expression(node: ast.expr) -> str:
    """One expression on one line, as black writes it; `_Unsupported` for a shape not written here."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_expression(node.value)}.{node.attr}"
    if isinstance(node, ast.Subscript):
        inside = node.slice
        if isinstance(inside, ast.Tuple):
            if len(inside.elts) < 2:
                raise _Unsupported("one-item tuple subscript")
            index = ", ".join(_expression(item) for item in inside.elts)
        else:
            index = _expression(inside)
        return f"{_expression(node.value)}[{index}]"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        if isinstance(node.right, ast.BinOp):
            raise _Unsupported("a right-nested operator needs parentheses")
        return f"{_expression(node.left)} | {_expression(node.right)}"
    if isinstance(node, ast.Constant):
        return _constant(node)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        if not isinstance(node.operand, ast.Constant) or isinstance(node.operand.value, bool):
            raise _Unsupported("negation of something other than a number")
        return "-" + _constant(node.operand)
    if isinstance(node, ast.Call):
        if any(isinstance(argument, ast.Starred) for argument in node.args):
            raise _Unsupported("*args")
        arguments = [_expression(argument) for argument in node.args]
        for keyword in node.keywords:
            if keyword.arg is None:
                raise _Unsupported("**kwargs")
            arguments.append(f"{keyword.arg}={_expression(keyword.value)}")
        return f"{_expression(node.func)}({', '.join(arguments)})"
    if isinstance(node, ast.List):
        return "[" + ", ".join(_expression(item) for item in node.elts) + "]"
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise _Unsupported("**mapping in a dict display")
        entries = (
            f"{_expression(key)}: {_expression(value)}"
            for key, value in zip(node.keys, node.values, strict=True)
            if key is not None
        )
        return "{" + ", ".join(entries) + "}"
    raise _Unsupported(type(node).__name__)


_SOURCE = "_atsgen_source"


def _note_literal_text(tree: ast.Module, lines: list[str]) -> None:
    """Give each one-line literal its text as written, which black's normalisation starts from."""
    encoded: dict[int, bytes] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or node.lineno != node.end_lineno:
            continue
        if node.lineno not in encoded:
            encoded[node.lineno] = lines[node.lineno - 1].encode("utf-8", "surrogatepass")
        text = encoded[node.lineno][node.col_offset : node.end_col_offset]
        setattr(node, _SOURCE, text.decode("utf-8", "surrogatepass"))


def _constant(node: ast.Constant) -> str:
    """A literal in black's form, when the source wrote it as `repr` does (black normalises quotes and
    numbers from the text as written: any other spelling, such as an escape `repr` would not use, is left
    to black)."""
    value, written = node.value, _source_of(node)
    if isinstance(value, str):
        if written != repr(value) and written != pycode.string(value):
            raise _Unsupported("a string literal not written as repr writes it")
        return pycode.string(value)
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return "..." if value is Ellipsis else repr(value)
    if isinstance(value, int | float):
        if written != repr(value):
            raise _Unsupported("a number not written as repr writes it")
        return pycode.number(value)
    raise _Unsupported(type(value).__name__)


def _source_of(node: ast.Constant) -> str | None:
    text = getattr(node, _SOURCE, None)
    return text if isinstance(text, str) else None


def _same_parentheses(written: str, code: str) -> bool:
    """Whether the code written back has as many `(` as the source: the syntax tree keeps no grouping
    parentheses, which black keeps (`(a | b)(1)`, `f((1))`), so a statement that had any is left to black.
    (A `(` inside a string literal counts on both sides alike.)"""
    return written.count("(") == code.count("(")


def _segment_has_trailing_comma(lines: list[str], first: int, last: int) -> bool:
    """Whether the statement's text holds a comma right before a closing bracket (black's magic trailing
    comma: it splits the brackets even when they would fit). Strings count too: a false alarm only sends
    the statement to black."""
    return bool(_TRAILING_COMMA.search("\n".join(lines[first - 1 : last])))


def _black(statement: ast.stmt, lines: list[str], depth: int) -> list[str]:
    """black's lines for one statement as written, at `depth`."""
    from generator import formatting

    if statement.end_lineno is None:
        raise _Unsupported("no end position")
    written = lines[statement.lineno - 1 : statement.end_lineno]
    if depth and any(
        isinstance(node, ast.Constant) and node.lineno != node.end_lineno
        for node in ast.walk(statement)
    ):
        # Moving it to the left and back would change a multi-line string's text.
        raise _Unsupported("a multi-line string inside a block")
    text = "\n".join(line[len(INDENT) * depth :] for line in written)
    if any(line[: len(INDENT) * depth].strip() for line in written):
        raise _Unsupported("a statement indented unlike its block")
    return formatting.format_statement(text, depth)
