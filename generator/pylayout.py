"""Python statements laid out as the pinned black lays them out, so a module made of them skips black.

An emitter that wants its module left alone by black at generation (`formatting` calls such a module
*emitted black-stable*) describes function bodies with the few statement nodes below instead of source
lines, and `lines` writes them. The layout follows black's own rules for the shapes the emitters use:

- a statement that fits in the line length is one line (black never splits what fits, and joins what
  would fit, so this is the only layout it accepts for it), unless it holds a tuple written with a magic
  trailing comma (`Tuple.exploded`), which black always splits one item a line;
- a call statement `f(g(a, b, c))` that does not fit is split at its last bracket, as black's right-hand
  split does: `f(`, the argument one level in, `)`; an argument list that still does not fit is split one
  argument a line with a trailing comma (black's delimiter split), the innermost call first tried whole;
- `NAME = (a, b)` and `NAME = f((a, b))` split at the tuple's or the call's bracket, a tuple's items one a
  line (black splits a split tuple at every comma);
- an `if` whose `and`/`or` condition does not fit is split inside the condition's parentheses, before
  each operator (when black would keep those parentheses: negated, or two operators or more).
- a statement of keyword arguments and dict displays (`return self._call(...)`, the client's calls) is
  split at its last bracket, recursively: the body on one line if it fits (a dict's entries always one a
  line once split), else one item a line with a trailing comma; a magic trailing comma (`exploded`)
  always splits it one item a line;
- tuple, list and dict displays (the spec module's values, read by `parse` from the code `pycode`
  writes) split the same way, an atom's items always one a line once split, a one-item tuple's comma
  kept on its item's line;
- a `def` whose parameters end with a magic trailing comma has one parameter a line, an annotation with
  a `|` that does not fit alone on a line in parentheses (`exploded_definition`).

Anything else that does not fit (an `if` condition of another shape, such as a rule kind's, an argument
that is itself too long and could be split, a head that is too long) is handed to black, alone and at its
depth (`formatting.format_statement`): black lays out what the emitter cannot, and only that. Widths are
black's: a character counts as the columns it takes in a terminal (`black.strings.str_width`), looked up
only for non-ASCII text.

A Python function, not Jinja macros: the split decisions need widths and recursion, which belong in code
rather than templates, and a module has a statement for every few of its lines (300,000 lines at 1,000
operations), each of which would otherwise cost a macro call. The template lays out the module and calls
`lines` for each body.

Every generated line is checked against black by the tests (`tests/adversarial/test_adv_black_stable.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.render import LINE_LENGTH

if TYPE_CHECKING:
    import ast

INDENT = "    "


@dataclass(frozen=True)
class Call:
    """A call expression `function(arguments...)`; `exploded`: one argument a line, kept so by a magic
    trailing comma whatever the line length."""

    function: str
    arguments: tuple[Expression, ...]
    exploded: bool = False

    @property
    def code(self) -> str:
        comma = "," if self.exploded and self.arguments else ""
        return f"{self.function}({', '.join(code(argument) for argument in self.arguments)}{comma})"


@dataclass(frozen=True)
class Keyword:
    """A keyword argument `name=value`, or (`separator` ": ") a dict entry `key: value`."""

    name: str
    value: Expression
    separator: str = "="

    @property
    def code(self) -> str:
        return f"{self.name}{self.separator}{code(self.value)}"


@dataclass(frozen=True)
class Collection:
    """A tuple, list or dict display of expressions (a dict's items are `Keyword`s with ": "):
    `brackets` is "()", "[]" or "{}". An atom to black: once split, one item a line."""

    brackets: str
    items: tuple[Expression, ...]

    @property
    def one_tuple(self) -> bool:
        return self.brackets == "()" and len(self.items) == 1

    @property
    def code(self) -> str:
        comma = "," if self.one_tuple else ""
        inside = ", ".join(code(item) for item in self.items)
        return f"{self.brackets[0]}{inside}{comma}{self.brackets[1]}"


@dataclass(frozen=True)
class Dict:
    """A dict display `{key: value, ...}`, each entry finished code; `exploded` as for `Tuple`."""

    entries: tuple[str, ...]
    exploded: bool = False

    @property
    def code(self) -> str:
        comma = "," if self.exploded and self.entries else ""
        return f"{{{', '.join(self.entries)}{comma}}}"


@dataclass(frozen=True)
class Tuple:
    """A tuple display `(a, b)` (`(a,)` for one item); `exploded`: one item a line, kept so by a magic
    trailing comma whatever the line length."""

    items: tuple[str, ...]
    exploded: bool = False

    @property
    def code(self) -> str:
        comma = "," if len(self.items) == 1 or self.exploded else ""
        return f"({', '.join(self.items)}{comma})"


@dataclass(frozen=True)
class Logic:
    """Operands joined by `and` / `or`, in parentheses, or negated: `not (a or b)`. black splits such a
    condition before each operator, so it is kept as its parts."""

    operands: tuple[str, ...]
    operators: tuple[str, ...]  # one fewer than the operands: "and" or "or"
    negated: bool = False

    @property
    def joined(self) -> str:
        pairs = (
            f" {operator} {operand}"
            for operator, operand in zip(self.operators, self.operands[1:], strict=True)
        )
        return self.operands[0] + "".join(pairs)

    @property
    def code(self) -> str:
        return f"{'not ' if self.negated else ''}({self.joined})"


Expression = str | Call | Tuple | Logic | Keyword | Dict | Collection


def code(expression: Expression) -> str:
    """The expression on one line."""
    return expression if isinstance(expression, str) else expression.code


@dataclass(frozen=True)
class Do:
    """A simple statement: an expression (a call, `return errors`, `pass`), or `target = expression` when
    `target` is set (`NAME: Final`, `v`); `keyword` before the expression (`return`, `return await`).
    """

    expression: Expression
    target: str = ""
    keyword: str = ""

    @property
    def code(self) -> str:
        value = code(self.expression)
        if self.keyword:
            value = f"{self.keyword} {value}"
        return f"{self.target} = {value}" if self.target else value


@dataclass(frozen=True)
class Block:
    """A compound statement: `keyword test:` (`if x`, `elif y`, `else`, `for k in v`), and its body."""

    keyword: str
    test: Expression
    body: tuple[Statement, ...]

    @property
    def header(self) -> str:
        test = code(self.test)
        return f"{self.keyword} {test}" if test else self.keyword


Statement = Do | Block


def width(line: str) -> int:
    """The columns a line takes, as black counts them."""
    if line.isascii():
        return len(line)
    from black.strings import str_width  # only for non-ASCII text: importing black costs ~80 ms

    return int(str_width(line))


def fits(line: str) -> bool:
    """Whether black leaves the line as it is (a line break inside is for black to lay out)."""
    return "\n" not in line and width(line) <= LINE_LENGTH


def definition(name: str, parameters: Sequence[str], returns: str) -> tuple[str, ...]:
    """A top-level `def` line, or black's left-hand split of it: the parameters one level in, on one
    line when they fit, else one a line; each with a trailing comma when there is one parameter (black
    adds it, and keeps it as a magic comma) or one a line."""
    one_line = f"def {name}({', '.join(parameters)}) -> {returns}:"
    if fits(one_line):
        return (one_line,)
    head, tail = f"def {name}(", f") -> {returns}:"
    together = INDENT + ", ".join(parameters)
    if len(parameters) > 1 and fits(together):
        return (head, together, tail)
    return (head, *(f"{INDENT}{parameter}," for parameter in parameters), tail)


def exploded_definition(
    head: str, parameters: Sequence[str], returns: str, depth: int
) -> list[str]:
    """A `def` (`head`: `def name`, `async def name`) whose parameters end with a magic trailing comma:
    black's one parameter a line, a long annotation in parentheses (`_parameter`); a line that still
    does not fit is laid out by black, with the whole header."""
    indent = INDENT * depth
    split = [f"{indent}{head}("]
    for parameter in parameters:
        lines = _parameter(parameter, depth + 1)
        if lines is None:
            return list(_black_header(f"{head}({', '.join(parameters)},) -> {returns}", depth))
        split += lines
    split.append(f"{indent}) -> {returns}:")
    if fits(split[0]) and fits(split[-1]):
        return split
    return list(_black_header(f"{head}({', '.join(parameters)},) -> {returns}", depth))


def _parameter(parameter: str, depth: int) -> list[str] | None:
    """One parameter of a split `def`, with its comma: one line if it fits, else its annotation in the
    parentheses black makes visible around an annotation with a `|` (more than one delimiter, or one
    and an end that is not a bracket: `can_omit_invisible_parens` is false), on one line if it fits
    there, else split before each `|` (black's delimiter split); None for any other shape."""
    indent, inner = INDENT * depth, INDENT * (depth + 1)
    line = f"{indent}{parameter},"
    if fits(line):
        return [line]
    parts = _annotated(parameter)
    if parts is None:
        return None
    name, operands, default = parts
    annotation = [f"{inner}{' | '.join(operands)}"]
    if not fits(annotation[0]):
        annotation = [f"{inner}{operands[0]}", *(f"{inner}| {operand}" for operand in operands[1:])]
    split = [f"{indent}{name}: (", *annotation, f"{indent}){default},"]
    return split if all(map(fits, split)) else None


def _annotated(parameter: str) -> tuple[str, tuple[str, ...], str] | None:
    """`name: annotation = default` as (name, the annotation's operands of `|`, ` = default` or ""),
    when the annotation has a `|` at its top level, no other operator there but `.`, and neither starts
    nor ends with a bracket; None otherwise. Tokenized, so that brackets and operators inside string
    literals do not count."""
    import io
    import tokenize

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(parameter).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    depth = 0
    bars: list[int] = []
    colon: int | None = None
    equals: int | None = None
    for token in tokens:
        if token.type != tokenize.OP:
            continue
        if token.string in ("(", "[", "{"):
            depth += 1
        elif token.string in (")", "]", "}"):
            depth -= 1
        elif depth > 0 or token.string == ".":
            continue
        elif token.string == ":" and colon is None:
            colon = token.start[1]
        elif token.string == "=" and colon is not None and equals is None:
            equals = token.start[1]
        elif token.string == "|" and colon is not None and equals is None:
            bars.append(token.start[1])
        else:
            return None
    if colon is None or not bars:
        return None
    annotation = parameter[colon + 1 : equals].strip()
    cuts = [colon + 1, *bars, len(parameter) if equals is None else equals]
    operands = tuple(
        parameter[start + (1 if index else 0) : end].strip()
        for index, (start, end) in enumerate(itertools.pairwise(cuts))
    )
    # The operands must write the annotation back exactly (black's spacing), and neither end be a bracket.
    if (
        " | ".join(operands) != annotation
        or annotation[:1] in ("(", "[")
        or annotation[-1:] in (")", "]")
    ):
        return None
    default = f" {parameter[equals:]}" if equals is not None else ""
    return parameter[:colon], operands, default


def plain_docstring(doc: str) -> bool:
    """Whether black leaves a `pycode.docstring` as it is: no escapes, tabs or trailing spaces for it to
    change, and no quote at either end for it to pad."""
    # The text between the quotes, without the indentation of closing quotes on a line of their own.
    inside = doc[3:-3].rstrip(" ")
    return not (
        "\\" in inside
        or "\t" in inside
        or inside[:1] in ('"', " ")
        or inside.endswith('"')
        or any(line != line.rstrip() for line in inside.split("\n"))
    )


def lines(statements: Sequence[Statement], depth: int) -> Iterator[str]:
    """The statements' source lines (without line ends) at `depth` indentation levels."""
    for statement in statements:
        yield from _statement(statement, depth)


def _statement(statement: Statement, depth: int) -> Iterator[str]:
    indent = INDENT * depth
    if isinstance(statement, Block):
        header = f"{indent}{statement.header}:"
        if fits(header):
            yield header
        else:
            split = _split_logic(statement, depth) if isinstance(statement.test, Logic) else None
            yield from split if split is not None else _black_header(statement.header, depth)
        yield from lines(statement.body, depth + 1)
        return
    one_line = indent + statement.code
    if fits(one_line) and not _exploded(statement.expression):
        yield one_line
        return
    split = _split_statement(statement, depth)
    yield from split if split is not None else _black(statement.code, depth)


def _split_statement(statement: Do, depth: int) -> list[str] | None:
    expression, target = statement.expression, statement.target
    if statement.keyword or (isinstance(expression, Call) and expression.exploded):
        head = f"{statement.keyword} " if statement.keyword else ""
        return None if target else _bracketed(expression, depth, head, "")
    if not target:
        return _split_call(expression, depth, "") if isinstance(expression, Call) else None
    if isinstance(
        expression, Tuple
    ):  # a tuple display keeps its brackets: black splits inside them
        return _split_tuple(expression, depth, f"{target} = ")
    if (
        isinstance(expression, Call)
        and len(expression.arguments) == 1
        and isinstance(expression.arguments[0], Tuple)
    ):
        # black's optional parentheses around the value are omitted: it splits at the call's bracket.
        return _split_call(expression, depth, f"{target} = ")
    if isinstance(expression, Call) and expression.arguments:
        # Likewise (the value has no delimiter of its own): split at the call's bracket.
        return _bracketed(expression, depth, f"{target} = ", "")
    return None


def parse(source: str) -> Expression:
    """A one-line Python expression as nodes, for `lines` to split: calls, keyword arguments, and tuple,
    list and dict displays, down to their leaves (names, literals: their text as written). The source as
    one leaf when its nodes would not write it back exactly (other spacing, other shapes)."""
    import ast

    if "\n" in source:
        return source
    try:
        tree = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError):
        return source
    expression = _node(tree, source.encode("utf-8", "surrogatepass"))
    return expression if code(expression) == source else source


def _node(node: ast.expr, encoded: bytes) -> Expression:
    import ast

    def text(part: ast.AST) -> str:
        # The offsets count UTF-8 bytes of the (one) line.
        start, end = getattr(part, "col_offset", 0), getattr(part, "end_col_offset", None)
        return encoded[start:end].decode("utf-8", "surrogatepass")

    if isinstance(node, ast.Call) and all(keyword.arg for keyword in node.keywords):
        arguments = [_node(argument, encoded) for argument in node.args]
        arguments += [
            Keyword(str(keyword.arg), _node(keyword.value, encoded)) for keyword in node.keywords
        ]
        return Call(text(node.func), tuple(arguments))
    brackets = {ast.Tuple: "()", ast.List: "[]"}.get(type(node))
    if brackets and isinstance(node, ast.Tuple | ast.List):
        return Collection(brackets, tuple(_node(item, encoded) for item in node.elts))
    if isinstance(node, ast.Dict) and all(key is not None for key in node.keys):
        entries = (
            Keyword(text(key), _node(value, encoded), ": ")
            for key, value in zip(node.keys, node.values, strict=True)
            if key is not None
        )
        return Collection("{}", tuple(entries))
    return text(node)


def _exploded(expression: Expression) -> bool:
    """Whether the expression holds a magic trailing comma: black splits it even when it would fit."""
    if isinstance(expression, Tuple | Dict):
        return expression.exploded
    if isinstance(expression, Keyword):
        return _exploded(expression.value)
    return isinstance(expression, Call) and (
        expression.exploded or any(map(_exploded, expression.arguments))
    )


def _bracketed(expression: Expression, depth: int, head: str, tail: str) -> list[str] | None:
    """black's layout of the line `head + expression + tail` (a statement, or one item of a split bracket's
    body, `tail` its comma): whole when it fits and holds no magic comma, else split at the expression's
    last bracket (black's right-hand split), the body one level in (`_body`), a dict's entries always one
    a line. None for a shape black
    would lay out otherwise (a head or an item too long with nothing of ours to split it at)."""
    indent = INDENT * depth
    line = f"{indent}{head}{code(expression)}{tail}"
    if fits(line) and not _exploded(expression):
        return [line]
    if isinstance(expression, Keyword):
        keyword_head = f"{head}{expression.name}{expression.separator}"
        return _bracketed(expression.value, depth, keyword_head, tail)
    magic = False
    if isinstance(expression, Call):
        opening, items, closing = f"{expression.function}(", expression.arguments, ")"
        magic = expression.exploded
    elif isinstance(expression, Dict):
        opening, items, closing = "{", expression.entries, "}"
        # A display's brackets (an atom to black: `should_split_line`), once split, hold one item a line.
        magic = expression.exploded or len(items) > 1
    elif isinstance(expression, Collection):
        opening, items, closing = expression.brackets[0], expression.items, expression.brackets[1]
        # A one-item tuple keeps its comma, on the item's line.
        magic = len(items) > 1 or expression.one_tuple
    else:
        return None
    if not items or not fits(f"{indent}{head}{opening}"):
        return None
    body = _body(items, depth + 1, magic)
    if body is None:
        return None
    return [f"{indent}{head}{opening}", *body, f"{indent}{closing}{tail}"]


def _body(items: Sequence[Expression], depth: int, magic: bool) -> list[str] | None:
    """The inside of a split bracket: one line when it fits (no comma added: black's right-hand split
    leaves the body as it is), else one item a line with a trailing comma (its delimiter split), each item
    laid out in turn; a single item has no comma to split at, so it is split at its own last bracket.
    """
    one_line = INDENT * depth + ", ".join(code(item) for item in items)
    if not magic and fits(one_line) and not any(map(_exploded, items)):
        return [one_line]
    if len(items) == 1 and not magic:
        return _bracketed(items[0], depth, "", "")
    lines: list[str] = []
    for item in items:
        split = _bracketed(item, depth, "", ",")
        if split is None:
            return None
        lines += split
    return lines


def _split_tuple(items: Tuple, depth: int, head: str, tail: str = "") -> list[str] | None:
    """A tuple display that does not fit: one item a line with a trailing comma (a tuple's body is always
    split at its commas once split at all: black's `should_split_line`)."""
    indent, inner = INDENT * depth, INDENT * (depth + 1)
    body = [f"{inner}{item}," for item in items.items]
    if not fits(f"{indent}{head}(") or not all(
        fits(line) or _atomic(item) for line, item in zip(body, items.items, strict=True)
    ):
        return None
    return [f"{indent}{head}(", *body, f"{indent}){tail}"]


def _split_logic(block: Block, depth: int) -> list[str] | None:
    """A header whose condition is too long: black's split inside the condition's parentheses, the
    operands on one line if they fit, else one a line, each after its operator."""
    logic = block.test
    assert isinstance(logic, Logic)
    # Unnegated, the parentheses are optional to black; with a single operator it may split elsewhere.
    if not (logic.negated or len(logic.operators) > 1):
        return None
    indent, inner = INDENT * depth, INDENT * (depth + 1)
    head = f"{indent}{block.keyword} {'not ' if logic.negated else ''}("
    if not fits(head):
        return None
    if fits(inner + logic.joined):
        return [head, inner + logic.joined, f"{indent}):"]
    body = [inner + logic.operands[0]]
    body += [
        f"{inner}{operator} {operand}"
        for operator, operand in zip(logic.operators, logic.operands[1:], strict=True)
    ]
    return [head, *body, f"{indent}):"] if all(map(fits, body)) else None


def _split_call(call: Call, depth: int, head: str) -> list[str] | None:
    """black's right-hand split of a statement `head + call` too long for one line: at the call's
    brackets, the arguments one level in; None for a shape it would lay out otherwise (an argument that
    is too long and has brackets or operators black could split at)."""
    indent, inner = INDENT * depth, INDENT * (depth + 1)
    opening, closing = f"{indent}{head}{call.function}(", f"{indent})"
    if not fits(opening):  # black splits the head too, its own way
        return None
    arguments = ", ".join(code(argument) for argument in call.arguments)
    if fits(inner + arguments) and not any(map(_exploded, call.arguments)):
        return [opening, inner + arguments, closing]
    if len(call.arguments) == 1:
        (only,) = call.arguments
        # No delimiter in the body: black splits the inner call or tuple in turn.
        if isinstance(only, Call):
            inside = _split_call(only, depth + 1, "")
        elif isinstance(only, Tuple):
            inside = _split_tuple(only, depth + 1, "")
        else:
            return None
        return None if inside is None else [opening, *inside, closing]
    body: list[str] = []
    for argument in call.arguments:
        line = f"{inner}{code(argument)},"
        if isinstance(argument, Tuple) and argument.exploded:
            exploded = _split_tuple(argument, depth + 1, "", ",")
            if exploded is None:
                return None
            body += exploded
        elif fits(line) or _atomic(argument):
            body.append(line)
        else:
            return None
    return [opening, *body, closing]


def _atomic(argument: Expression) -> bool:
    """Whether black can only leave the argument whole: one string literal or name (no brackets, no
    operators, nothing to split at)."""
    if not isinstance(argument, str):
        return False
    if argument[:1] in ("'", '"'):
        quote = argument[0]
        inside = argument[1:-1]
        # One literal: the only unescaped quotes are the two that delimit it.
        return argument.endswith(quote) and quote not in inside.replace("\\\\", "").replace(
            "\\" + quote, ""
        )
    return argument.isidentifier()


def _black(statement: str, depth: int) -> Iterator[str]:
    from generator import formatting

    yield from formatting.format_statement(statement, depth)


def _black_header(header: str, depth: int) -> Iterator[str]:
    """A compound statement's header as black splits it (formatted with a stand-in body, then dropped)."""
    from generator import formatting

    stand_in_body = f":\n{INDENT}pass"
    # An `elif` cannot stand alone: it is formatted after a stand-in `if`, whose two lines are dropped.
    before = f"if _{stand_in_body}\n" if header.startswith("elif ") else ""
    formatted = formatting.format_statement(before + header + stand_in_body, depth)
    yield from formatted[2 if before else 0 : -1]
