"""ECMA-262 regular expressions (the dialect JSON Schema's `pattern` uses) translated to Python's `re`.

The two dialects agree on most syntax but differ in meaning in places that matter for validation, and each
difference is translated here, once:

- `$` in ECMA matches only at the very end (Python's also before a final newline);
- `\\d` and `\\w` in ECMA are ASCII-only (Python's match any Unicode digit or letter), and so are the word
  characters `\\b` and `\\B` look at;
- `\\s` in ECMA is the WhiteSpace and LineTerminator sets: it includes U+FEFF and excludes U+001C-U+001F and
  U+0085, which Python's `\\s` includes;
- `.` in ECMA excludes every line terminator (`\\n`, `\\r`, U+2028, U+2029); Python's excludes only `\\n`;
- `\\cX` is a control character in ECMA and an error in Python.

Constructs with no faithful Python equivalent (Unicode property escapes such as `\\p{Letter}`, a negated
shorthand inside a class) and escapes that mean something else in each dialect (`\\a`, `\\N`, `\\U`, Python's
`\\A` and `\\Z`) are refused with a clear message instead of being guessed at. Python `re` syntax
that ECMA-262 rejects or reads otherwise (`(?P<name>...)`, `a++`, `a{,5}`) is named by `python_only_syntax`,
with what to write instead.
"""

from __future__ import annotations

import re
import warnings

# ECMA-262 WhiteSpace (tab, vertical tab, form feed, space, no-break space, ZWNBSP and the Zs category) and
# LineTerminator (LF, CR, LS, PS), written as the inside of a character class.
_ECMA_SPACE = (
    "\\t\\n\\x0b\\x0c\\r\\x20\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)
_ECMA_LINE_TERMINATORS = "\\n\\r\\u2028\\u2029"

# Shorthands written as the inside of a class, for use within [...].
_CLASS_SHORTHANDS = {"d": "0-9", "w": "A-Za-z0-9_", "s": _ECMA_SPACE, "b": "\\x08"}
# Shorthands outside a class. `\b` and `\B` keep Python's meaning under the ASCII flag, scoped to the
# assertion alone, so the word characters are ECMA's [A-Za-z0-9_].
_OUTSIDE_SHORTHANDS = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[A-Za-z0-9_]",
    "W": "[^A-Za-z0-9_]",
    "s": f"[{_ECMA_SPACE}]",
    "S": f"[^{_ECMA_SPACE}]",
    "b": "(?a:\\b)",
    "B": "(?a:\\B)",
}
_ANY_BUT_LINE_TERMINATORS = f"[^{_ECMA_LINE_TERMINATORS}]"
# Escapes whose meaning differs between the dialects, with what to write instead.
_REFUSED_ESCAPES = {
    **{
        anchor: f"\\{anchor} is Python syntax, not ECMA-262; use ^ and $"
        for anchor in ("A", "Z", "z", "G")
    },
    "a": "\\a is a bell character in Python and the letter a in ECMA-262; write a",
    "N": "\\N{...} is Python syntax, not ECMA-262; write the character or \\uXXXX",
    "U": "\\U is Python syntax, not ECMA-262; write \\uXXXX",
    "p": "Unicode property escapes (\\p{...}) are not supported; spell the characters out",
    "P": "Unicode property escapes (\\P{...}) are not supported; spell the characters out",
}
# Characters that Python reads as the start of a set operation inside a class (`&&`, `~~`, `||`), with a
# FutureWarning today and a new meaning later; ECMA reads them as themselves.
_CLASS_LITERALS_TO_ESCAPE = "&~|"
_GROUP_OPENERS = ("?:", "?=", "?!", "?<=", "?<!")
# Python-only group openers, with what ECMA-262 writes instead.
_PYTHON_GROUPS = (
    ("?P<", "(?P<name>...) is Python syntax; ECMA-262 writes (?<name>...)"),
    ("?P=", "(?P=name) is Python syntax; ECMA-262 writes \\k<name>"),
    ("?>", "atomic groups (?>...) are Python syntax, not ECMA-262"),
    ("?#", "(?#...) comments are Python syntax, not ECMA-262; remove the comment"),
)
_QUANTIFIER_BRACES = re.compile(r"\{\d+(?:,\d*)?\}")


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
            text, i = _escape(pattern, i, in_class)
            out.append(text)
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[" or char in _CLASS_LITERALS_TO_ESCAPE:
                # ECMA allows a bare [ in a class; Python warns about nested sets and set operations.
                char = "\\" + char
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
        elif char == ".":
            out.append(_ANY_BUT_LINE_TERMINATORS)
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
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
        else:
            out.append(char)
        i += 1
    if in_class:
        raise UnsupportedPattern("a character class is not closed with ]")
    return _compiled("".join(out))


def python_only_syntax(pattern: str) -> str | None:
    """Python `re` syntax that ECMA-262 rejects or reads otherwise, with what to write instead (None if none).

    Some of it Python would compile (`a++`, `a{,5}`), so the generated validators would work while the JSON
    Schemas, read by ECMA-262 engines, would not: the two would disagree.
    """
    in_class = after_quantifier = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        step, quantifier = 1, False
        if char == "\\":
            step = 2
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(" and pattern[i + 1 : i + 2] == "?":
            step = 2
            for opener, problem in _PYTHON_GROUPS:
                if pattern.startswith(opener, i + 1):
                    return problem
            if re.match(r"\?[aiLmsux-]+[:)]", pattern[i + 1 :]):
                return "inline flags such as (?i) are Python syntax, not ECMA-262; spell the cases out, as in [A-Za-z]"
        elif char in "*+?":
            if after_quantifier and char == "+":
                return "possessive quantifiers (a++, a*+, a?+, a{2}+) are Python syntax, not ECMA-262; drop the last +"
            # A `?` right after a quantifier makes it lazy, not a new quantifier.
            quantifier = not after_quantifier
        elif char == "{":
            if re.match(r"\{,\d+\}", pattern[i:]):
                return "{,n} is a quantifier in Python but plain text in ECMA-262; write {0,n}"
            braces = _QUANTIFIER_BRACES.match(pattern, i)
            if braces is not None:
                step, quantifier = len(braces.group()), True
        after_quantifier = quantifier
        i += step
    return None


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """The Python text for the escape that starts at `pattern[i]`, and the index after it."""
    if i + 1 >= len(pattern):
        raise UnsupportedPattern("the pattern ends with a lone backslash")
    escape = pattern[i + 1]
    if escape in _REFUSED_ESCAPES:
        raise UnsupportedPattern(_REFUSED_ESCAPES[escape])
    if escape == "u" and pattern[i + 2 : i + 3] == "{":
        raise UnsupportedPattern("\\u{...} needs ECMA-262's unicode flag; write \\uXXXX")
    if escape == "c":
        letter = pattern[i + 2 : i + 3]
        if not (letter.isascii() and letter.isalpha()):
            raise UnsupportedPattern("\\c must be followed by a letter (a control character)")
        return f"\\x{ord(letter) % 32:02x}", i + 3
    if escape == "k" and not in_class and pattern[i + 2 : i + 3] == "<":
        end = pattern.find(">", i)
        if end == -1:
            raise UnsupportedPattern("a named backreference \\k<name> is not closed with >")
        return f"(?P={pattern[i + 3:end]})", end + 1
    if in_class:
        if escape in _CLASS_SHORTHANDS:
            return _CLASS_SHORTHANDS[escape], i + 2
        if escape in "DWS":
            raise UnsupportedPattern(
                f"\\{escape} inside a character class is not supported; spell it out"
            )
    elif escape in _OUTSIDE_SHORTHANDS:
        return _OUTSIDE_SHORTHANDS[escape], i + 2
    return pattern[i : i + 2], i + 2


def _compiled(translated: str) -> str:
    """The translation, once Python's `re` accepts it without a warning."""
    try:
        with warnings.catch_warnings():
            # A FutureWarning means Python may read the pattern otherwise in a later version.
            warnings.simplefilter("error")
            re.compile(translated)
    except (re.error, FutureWarning) as exc:
        raise UnsupportedPattern(f"not a valid regular expression: {exc}") from None
    return translated
