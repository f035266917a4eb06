"""Limits on values (lengths, ranges, sizes, counts), as the spec states them, and what a change to one
does to the values callers send."""

from __future__ import annotations

from generator import ir, phrasing
from generator.kinds import formats

# Limits, by keyword: (upper bound?, how a value over it reads, how the allowance reads).
UNITS: dict[str, tuple[str, str]] = {
    "min_length": ("character", "characters"),
    "max_length": ("character", "characters"),
    "min_items": ("item", "items"),
    "max_items": ("item", "items"),
    "max_entries": ("entry", "entries"),
}
UPPER = ("max_length", "max_bytes", "max_entries", "max_items", "maximum", "exclusive_maximum")
LOWER = ("min_length", "min_items", "minimum", "exclusive_minimum")


def stated(schema: ir.Schema) -> dict[str, float | None]:
    """The limits a spec states; bounds that only restate a format (int32, base64 size) are left out."""
    file_bound = schema.max_bytes is not None and schema.max_length == ir.base64_length(
        schema.max_bytes
    )
    low, high = schema.minimum, schema.maximum
    restated = formats.integer_range(schema.format)
    if restated is not None:
        floor, ceiling = restated
        low = None if low == floor else low
        high = None if high == ceiling else high
    return {
        "min_length": schema.min_length or None,
        "max_length": None if file_bound else schema.max_length,
        "max_bytes": schema.max_bytes,
        "max_entries": schema.max_entries,
        "min_items": schema.min_items or None,
        "max_items": schema.max_items,
        "minimum": low,
        "maximum": high,
        "exclusive_minimum": schema.exclusive_minimum,
        "exclusive_maximum": schema.exclusive_maximum,
    }


def amount(keyword: str, value: float) -> str:
    if keyword == "max_bytes":
        return phrasing.file_size(int(value))
    if keyword in UNITS:
        return phrasing.count(value, *UNITS[keyword])
    return repr(value)


PHRASES: dict[str, tuple[str, str]] = {
    # keyword: (what a tighter limit rejects, what a looser one accepts), with {n} the new limit in words
    "max_length": (
        "values longer than {n} are now rejected",
        "values of up to {n} are now accepted",
    ),
    "max_bytes": ("files larger than {n} are now rejected", "files of up to {n} are now accepted"),
    "max_entries": (
        "lists of more than {n} are now rejected",
        "lists of up to {n} are now accepted",
    ),
    "max_items": (
        "arrays of more than {n} are now rejected",
        "arrays of up to {n} are now accepted",
    ),
    "maximum": ("values above {n} are now rejected", "values up to {n} are now accepted"),
    "exclusive_maximum": (
        "values of {n} or more are now rejected",
        "values below {n} are now accepted",
    ),
    "min_length": (
        "values shorter than {n} are now rejected",
        "values as short as {n} are now accepted",
    ),
    "min_items": (
        "arrays of fewer than {n} are now rejected",
        "arrays of as few as {n} are now accepted",
    ),
    "minimum": ("values below {n} are now rejected", "values down to {n} are now accepted"),
    "exclusive_minimum": (
        "values of {n} or less are now rejected",
        "values above {n} are now accepted",
    ),
}


def reason(keyword: str, tighter: bool, value: float | None) -> str:
    """What a changed limit does to the values callers send."""
    if value is None:
        return (
            f"no {keyword} any more: "
            + ("larger" if keyword in UPPER else "smaller")
            + " values are now accepted"
        )
    return PHRASES[keyword][0 if tighter else 1].format(n=amount(keyword, value))
