"""Plain words for values, lists, counts and sizes: how validator messages, docs and docstrings say them.

One authority, so a limit reads the same in a violation message, in the docs a reviewer reads, and in a
client method's docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator import ir
from generator.kinds import formats


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


def span(low: int | None, high: int | None, one: str, many: str) -> str | None:
    """`3 to 10 characters`, `at most 10 items`, `exactly 2 characters`, or None without limits."""
    if low is not None and high is not None:
        return (
            f"exactly {count(low, one, many)}"
            if low == high
            else f"{low!r} to {count(high, one, many)}"
        )
    if high is not None:
        return f"at most {count(high, one, many)}"
    if low is not None:
        return f"at least {count(low, one, many)}"
    return None


def limits(schema: ir.Schema, *, quote: Callable[[str], str], closed: bool = True) -> list[str]:
    """The limits of one value in words; `quote` shows literal text (a pattern, a separator).

    `closed`: say when an object rejects keys it does not list.
    """
    out: list[str] = []
    file_bound = schema.max_bytes is not None and schema.max_length == ir.base64_length(
        schema.max_bytes
    )
    if schema.max_bytes is not None:
        out.append(f"decoded file at most {file_size(schema.max_bytes)}")
    length = span(
        schema.min_length or None,
        None if file_bound else schema.max_length,
        "character",
        "characters",
    )
    if length:
        out.append(length)
    if schema.pattern is not None:
        out.append(f"matches {quote(schema.pattern)}")
    if schema.max_entries is not None:
        entries = count(schema.max_entries, "entry", "entries")
        out.append(f"at most {entries} separated by {quote(schema.entry_separator)}")
    low, high = schema.minimum, schema.maximum
    # Bounds that only restate int32/int64 are not news.
    restated = formats.integer_range(schema.format)
    if restated is not None:
        floor, ceiling = restated
        low = None if low == floor else low
        high = None if high == ceiling else high
    if low is not None and high is not None:
        out.append(f"{low!r} to {high!r}")
    elif low is not None:
        out.append(f"at least {low!r}")
    elif high is not None:
        out.append(f"at most {high!r}")
    if schema.exclusive_minimum is not None:
        out.append(f"greater than {schema.exclusive_minimum!r}")
    if schema.exclusive_maximum is not None:
        out.append(f"less than {schema.exclusive_maximum!r}")
    if schema.multiple_of is not None:
        out.append(f"a multiple of {schema.multiple_of!r}")
    items = span(schema.min_items or None, schema.max_items, "item", "items")
    if items:
        out.append(items)
    if schema.unique_items:
        out.append("no repeated items")
    if closed and "object" in schema.types and schema.closed:
        out.append("no other keys")
    return out
