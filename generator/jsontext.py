"""JSON files as atsgen writes them: `json.dumps(data, indent=2, ensure_ascii=False)` plus a final newline,
written faster.

The standard library encodes in C only without `indent`; with it, every value goes through a chain of
Python generators, and the OpenAPI documents and JSON Schemas of a large vendor took a quarter of a second
to encode. Here the containers are walked by one recursive function and every leaf is encoded by the
standard library's own functions (C for strings), so the text is the same, byte for byte
(`tests/test_jsontext.py` holds it to `json.dumps` on generated values). A value `json.dumps` would treat
specially (a non-string key, a subclass of a JSON type, a type it cannot encode) is handed to `json.dumps`.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_NEWLINE_STEP = "  "


class _NotPlain(Exception):
    """A value whose encoding is left to `json.dumps`."""


def document(data: Any) -> bytes:
    """The bytes of a JSON file holding `data`: two-space indentation, text as is, a final newline."""
    return (indented(data) + "\n").encode("utf-8")


def indented(data: Any) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)`."""
    parts: list[str] = []
    try:
        _write(data, parts, "\n")
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(parts)


def _write(value: Any, parts: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + _NEWLINE_STEP
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            parts.append(separator)
            parts.append(encode_basestring(key))
            parts.append(": ")
            _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + _NEWLINE_STEP
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _write(item, parts, inner)
            separator = "," + inner
        parts.append(newline + "]")
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif kind is int:
        parts.append(int.__repr__(value))
    elif kind is float and value == value and value not in (float("inf"), float("-inf")):
        parts.append(float.__repr__(value))
    else:
        raise _NotPlain
