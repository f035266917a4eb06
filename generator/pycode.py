"""Python source fragments that are safe for any text from a spec.

Spec strings reach generated code as literals (`repr`), docstrings and comments. Each helper here makes one of
those from arbitrary text (quotes, backslashes, triple quotes, newlines, `{{`, control characters, non-ASCII)
without changing what the code does. Templates never build such fragments themselves.
"""

from __future__ import annotations

# Characters that end a line for Python's tokenizer or str.splitlines, or cannot appear in source at all.
_LINE_BREAKS = {"\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}


def literal(value: object) -> str:
    """A Python literal for a JSON-like value: `repr` is exact for str, int, float, bool, None and containers."""
    return repr(value)


def string(text: str) -> str:
    """A string literal as black writes it: double-quoted unless that needs more escapes than single quotes
    (black's `normalize_string_quotes`, applied to repr's choice)."""
    code = repr(text)
    if code.startswith('"'):  # repr chose double quotes: the text has ' and no "
        return code
    # repr escapes every ' only when the text has both quotes; double quotes escape every " instead.
    if '"' in text and ("'" not in text or text.count('"') > text.count("'")):
        return code
    return '"' + code[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def number(data: int | float) -> str:
    """A numeric literal as black writes it: repr, without the `+` of a positive exponent (`1e+16` ->
    `1e16`); repr's other forms (lower-case `e`, digits on both sides of a point) are black's already.
    """
    return repr(data).replace("e+", "e")


def value(data: object) -> str:
    """A literal for a JSON-like value, with strings in black's quote style."""
    if isinstance(data, str):
        return string(data)
    if isinstance(data, tuple):
        inner = ", ".join(value(item) for item in data)
        return f"({inner},)" if len(data) == 1 else f"({inner})"
    if isinstance(data, list):
        return "[" + ", ".join(value(item) for item in data) + "]"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{value(k)}: {value(v)}" for k, v in data.items()) + "}"
    if isinstance(data, int | float) and not isinstance(data, bool):
        return number(data)
    return repr(data)


def _escape_char(char: str) -> str:
    if char == "\n" or char == "\t":
        return char
    code = ord(char)
    if code < 0x20 or code == 0x7F or char in _LINE_BREAKS:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


_ESCAPES = {
    code: _escape_char(chr(code))
    for code in [*range(0x20), 0x7F, *map(ord, _LINE_BREAKS)]
    if _escape_char(chr(code)) != chr(code)
}
"""`_escape_char` as a `str.translate` table: one pass in C instead of a Python call per character (the
docstrings of a 500-operation client took 0.3 s the other way)."""


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring whose value is `text` (stripped), whatever it contains."""
    body = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = body.translate(_ESCAPES)
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    rest = "\n".join(f"{indent}{line}" if line.strip() else "" for line in lines[1:])
    return f'"""{lines[0]}\n{rest}\n{indent}"""'


def comment(text: str) -> str:
    """A single-line comment showing `text`; line breaks become spaces, unprintable characters `?`."""
    flat = " ".join(text.split())
    return "# " + "".join(char if char.isprintable() else "?" for char in flat)


def source_lines(source: str) -> list[str]:
    """The lines of Python source as the parser numbers them (`ast` line numbers index this list from 1),
    without their ends. `str.splitlines` would also break inside a string literal holding U+2028, a form
    feed or another character it counts as a line end."""
    lines = source.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines
