"""Plain words for values, lists, counts and sizes: how validator messages, docs and docstrings say them.

One authority, so a limit reads the same in a violation message, in the docs a reviewer reads, and in a
client method's docstring.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator import ir


def show_value(value: ir.JsonValue, name: str | None = None) -> str:
    """A value in JSON spelling (strings quoted, null, true), with the vendor's name for a code."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = repr(value)
    return f"{text} ({name})" if name else text


def or_list(items: Sequence[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    return _join(items, "or")


def and_list(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return _join(items, "and")


def _join(items: Sequence[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def count(number: int | float, one: str, many: str) -> str:
    """`1 item`, `3 items`."""
    return f"{number!r} {one if number == 1 else many}"


def file_size(size: int) -> str:
    """A byte count for people: `10 MiB (10,485,759 bytes)`, `512 bytes`."""
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size:,} bytes)".replace(".0 ", " ")
    return f"{size:,} bytes" if size != 1 else "1 byte"
