"""ECMA-262 regular expressions (the dialect JSON Schema's `pattern` uses) translated to Python's `re`.

The two dialects agree on most syntax but differ in meaning in a few places that matter for validation:
`$` in ECMA matches only at the very end (Python's also before a final newline), and `\\d`/`\\w` in ECMA are
ASCII-only (Python's match any Unicode digit or letter). Constructs with no faithful Python equivalent
(Unicode property escapes such as `\\p{Letter}`) and Python-only syntax are rejected with a clear message
instead of being guessed at.
"""

from __future__ import annotations

import re

_CLASS_SHORTHANDS = {"d": "0-9", "w": "A-Za-z0-9_"}
_OUTSIDE_SHORTHANDS = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}
_GROUP_OPENERS = ("?:", "?=", "?!", "?<=", "?<!")


class UnsupportedPattern(ValueError):
    """The pattern is not ECMA-262, or uses a feature the generated validators cannot honour exactly."""


def to_python(pattern: str) -> str:
    """Translate an ECMA-262 pattern to an equivalent Python `re` pattern, or raise UnsupportedPattern."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern):
                raise UnsupportedPattern("the pattern ends with a lone backslash")
            escape = pattern[i + 1]
            if escape in "pP":
                raise UnsupportedPattern(
                    f"Unicode property escapes (\\{escape}{{...}}) are not supported; spell the characters out"
                )
            if escape in "AZzG":
                raise UnsupportedPattern(f"\\{escape} is Python syntax, not ECMA-262; use ^ and $")
            if escape == "k" and pattern[i + 2 : i + 3] == "<":
                end = pattern.index(">", i)
                out.append(f"(?P={pattern[i + 3:end]})")
                i = end + 1
                continue
            if in_class and escape in _CLASS_SHORTHANDS:
                out.append(_CLASS_SHORTHANDS[escape])
            elif in_class and escape in "DW":
                raise UnsupportedPattern(
                    f"\\{escape} inside a character class is not supported; spell it out"
                )
            elif not in_class and escape in _OUTSIDE_SHORTHANDS:
                out.append(_OUTSIDE_SHORTHANDS[escape])
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[":
                out.append("\\[")  # ECMA allows a bare [ in a class; Python warns about nested sets
                i += 1
                continue
            out.append(char)
            i += 1
            continue
        if char == "[":
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                raise UnsupportedPattern("an empty character class ([] or [^]) is not supported")
            i += 1
            continue
        if char == "$":
            out.append(r"\Z")
            i += 1
            continue
        if char == "(" and pattern[i + 1 : i + 2] == "?":
            rest = pattern[i + 1 :]
            if rest.startswith("?<") and not rest.startswith(("?<=", "?<!")):
                out.append("(?P<")
                i += 3
                continue
            if not rest.startswith(_GROUP_OPENERS):
                raise UnsupportedPattern(
                    "only (?:...), lookarounds and (?<name>...) groups are ECMA-262; inline flags and (?P...) are not"
                )
        out.append(char)
        i += 1
    if in_class:
        raise UnsupportedPattern("a character class is not closed with ]")
    translated = "".join(out)
    try:
        re.compile(translated)
    except re.error as exc:
        raise UnsupportedPattern(f"not a valid regular expression: {exc}") from None
    return translated
