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
    """A string literal, double-quoted where that needs no more escapes than repr's choice (black's style)."""
    code = repr(text)
    if code.startswith("'") and '"' not in text:
        return '"' + code[1:-1].replace("\\'", "'") + '"'
    return code


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
    return repr(data)


def _escape_char(char: str) -> str:
    if char == "\n" or char == "\t":
        return char
    code = ord(char)
    if code < 0x20 or code == 0x7F or char in _LINE_BREAKS:
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring whose value is `text` (stripped), whatever it contains."""
    body = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = "".join(_escape_char(char) for char in body)
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
