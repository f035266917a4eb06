"""Hypothesis strategies for payloads near a schema: mostly conforming, often just past an edge.

A differential test is only as good as the payloads it tries. Each value is drawn either conforming to its
schema (lengths, ranges, enum values, formats, patterns honoured) or as a near miss (one past a limit, a
mangled enum value, a broken format, null, a value of another type), so whole payloads come out valid and
invalid in useful proportions, and every check is exercised on both sides of its edge.
"""

from __future__ import annotations

import base64
import datetime
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.ecma_regex import to_python

Strategy = st.SearchStrategy[Any]
NEAR_MISS_IN_TEN = 2

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(-5, 5, allow_nan=False)
    | st.text(max_size=5)
)
any_json = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
_UTC = datetime.UTC
_VALID_FORMATS: dict[str, Strategy] = {
    "date": st.dates().map(lambda d: d.isoformat()),
    "date-time": st.datetimes(timezones=st.just(_UTC)).map(lambda d: d.isoformat()),
    "email": st.emails(),
    "uuid": st.uuids().map(str),
    "uri": st.sampled_from(["https://example.com/x", "mailto:a@b.c", "urn:isbn:0451450523"]),
    "base64": st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode()),
}
_BROKEN_FORMATS: dict[str, Strategy] = {
    "date": st.sampled_from(["2024-02-30", "2024-1-01", "20240101", ""]),
    "date-time": st.sampled_from(
        ["1998-12-31T23:59:60Z", "2024-01-15 14:30", "2024-01-15T25:00:00Z", "x"]
    ),
    "email": st.sampled_from(["a@b", "a..b@example.com", "@example.com", "a b@example.com"]),
    "uuid": st.sampled_from(["8fc4ea3c-ecc4-4a92-96fd-a14436a79a1", "not-a-uuid", ""]),
    "uri": st.sampled_from(["no scheme", "http://a b", ""]),
    "base64": st.sampled_from(["abc", "a=bc", "!!!!"]),
}


def payloads(s: ir.Schema) -> Strategy:
    """Values near `s`: conforming eight times in ten, a near miss otherwise."""
    return st.integers(0, 9).flatmap(
        lambda n: near_miss(s) if n < NEAR_MISS_IN_TEN else conforming(s)
    )


def conforming(s: ir.Schema) -> Strategy:
    """Values that pass `s` in themselves (cross-field rules of nested objects aside)."""
    if s.never:
        return st.nothing()
    if s.const is not None:
        return st.just(s.const.value)
    if s.enum is not None:
        return st.sampled_from([m.value for m in s.enum]) if s.enum else st.nothing()
    if s.any_of:
        return st.one_of([conforming(branch) for branch in s.any_of])
    options = [_conforming_type(s, t) for t in s.types or ("string", "integer", "boolean", "null")]
    return st.one_of(options)


def _conforming_type(s: ir.Schema, json_type: str) -> Strategy:
    if json_type == "string":
        return _conforming_string(s)
    if json_type in ("integer", "number"):
        low = (
            s.minimum
            if s.minimum is not None
            else (s.exclusive_minimum + 1 if s.exclusive_minimum is not None else -1000)
        )
        high = (
            s.maximum
            if s.maximum is not None
            else (s.exclusive_maximum - 1 if s.exclusive_maximum is not None else 1000)
        )
        return st.integers(int(low), int(high)) if low <= high else st.nothing()
    if json_type == "boolean":
        return st.booleans()
    if json_type == "null":
        return st.none()
    if json_type == "array":
        item = conforming(s.items) if s.items is not None else any_json
        return st.lists(
            item,
            min_size=s.min_items or 0,
            max_size=min(s.max_items if s.max_items is not None else 4, 30),
        )
    if json_type == "object":
        return _object(s, conforming)
    return any_json


def _conforming_string(s: ir.Schema) -> Strategy:
    if s.format in _VALID_FORMATS:
        base = _VALID_FORMATS[s.format]
    elif s.pattern is not None:
        base = st.from_regex(to_python(s.pattern))
    elif s.max_entries is not None:
        base = st.integers(1, s.max_entries).map(
            lambda n: s.entry_separator.join(f"u{i}" for i in range(n))
        )
    else:
        base = st.text(
            min_size=s.min_length or 0,
            max_size=min(s.max_length if s.max_length is not None else 8, 300),
        )
    low, high = s.min_length or 0, s.max_length
    return base.filter(lambda v: len(v) >= low and (high is None or len(v) <= high))


def near_miss(s: ir.Schema) -> Strategy:
    """Values just past one of `s`'s edges (or of another type): usually invalid, sometimes not."""
    options: list[Strategy] = [json_scalars]
    if s.enum is not None:
        strings = [m.value for m in s.enum if isinstance(m.value, str)]
        if strings:
            options.append(st.sampled_from(strings).map(lambda v: v.upper() + "x"))
    if s.format in _BROKEN_FORMATS:
        options.append(_BROKEN_FORMATS[s.format])
    for bound in (s.min_length, s.max_length):
        if bound is not None:
            options.append(st.sampled_from([max(bound - 1, 0), bound + 1]).map(lambda n: "é" * n))
    if s.max_entries is not None:
        options.append(st.just(s.entry_separator.join(f"u{i}" for i in range(s.max_entries + 1))))
    for bound in (s.minimum, s.maximum, s.exclusive_minimum, s.exclusive_maximum):
        if bound is not None:
            options.append(st.sampled_from([bound - 1, bound, bound + 1, float(bound) + 0.5]))
    if "array" in s.types:
        item = payloads(s.items) if s.items is not None else any_json
        size = (s.max_items or 3) + 1
        options.append(
            st.lists(item, min_size=max((s.min_items or 0) - 1, 0), max_size=min(size, 30))
        )
    if "object" in s.types:
        options.append(_object(s, payloads, extra=True))
    for branch in s.any_of:
        options.append(payloads(branch))
    return st.one_of(options)


def _object(s: ir.Schema, value: Any, *, extra: bool = False) -> Strategy:
    fields = s.properties_in_code

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for prop in fields:
            if prop.required or draw(st.booleans()):
                result[prop.wire_name] = draw(
                    value(prop.schema) if not extra else payloads(prop.schema)
                )
        if extra and draw(st.booleans()):
            result[draw(st.text(max_size=6))] = draw(json_scalars)
        return result

    return build()
