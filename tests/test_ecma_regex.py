"""ECMA-262 patterns (JSON Schema's dialect) run with ECMA-262 meaning under Python's `re`."""

from __future__ import annotations

import re

import pytest

from generator.ecma_regex import UnsupportedPattern, to_python


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^abc$", "abc", True),
        (
            "^abc$",
            "abc\n",
            False,
        ),  # ECMA $ is the very end; Python's also matches before a final newline
        (r"^\d+$", "123", True),
        (r"^\d+$", "١٢٣", False),  # Arabic-Indic digits: \d is ASCII-only in ECMA-262
        (r"^\w+$", "héllo", False),
        (r"^[\d,]+$", "1,2", True),
        (r"^[\w-]+$", "a-b_c", True),
        (r"^(?<year>\d{4})-\k<year>$", "2024-2024", True),
        (r"^(?<year>\d{4})-\k<year>$", "2024-2025", False),
        (r"^[^,]*(?:,[^,]*){0,2}$", "a,b,c", True),
        (r"^[^,]*(?:,[^,]*){0,2}$", "a,b,c,d", False),
        (r"a[[]b", "a[b", True),  # a bare [ inside a class is literal in ECMA-262
        (r"\$\d", "$5", True),
        # \s is ECMA's WhiteSpace and LineTerminator: U+FEFF is in, U+001C and U+0085 are out.
        (r"^\s$", "\ufeff", True),
        (r"^\s$", "\u001c", False),
        (r"^\s$", "\u0085", False),
        (r"^\S+$", "\ufeff", False),  # a blank check must not accept a value of only U+FEFF
        (r"^\S+$", "\u001c\u0085", True),
        (r"^[\s,]+$", "\ufeff,\u3000", True),
        (r"^[^\s]$", "\u0085", True),
        # . excludes every ECMA line terminator, not only \n.
        (r"^a.b$", "a\rb", False),
        (r"^a.b$", "a\u2028b", False),
        (r"^a.b$", "a\u0085b", True),
        # \b and \B look at ASCII word characters only.
        (r"\bx", "éx", True),
        (r"\Bx", "éx", False),
        (r"^[\b]$", "\b", True),  # in a class, \b is backspace in both dialects
        (r"^\cJ$", "\n", True),  # a control escape
        (r"^[a&&b]$", "&", True),  # no set operations inside ECMA classes
        (r"^[~~]$", "~", True),
    ],
)
def test_translation_keeps_ecma_meaning(pattern: str, text: str, matches: bool) -> None:
    assert (re.search(to_python(pattern), text) is not None) is matches


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"^\p{Letter}+$", "Unicode property escapes"),
        (r"\Aabc\Z", "Python syntax"),
        (r"(?i)abc", "inline flags"),
        (r"(?P<name>a)", "inline flags"),
        (r"[a-", "not closed"),
        ("a\\", "lone backslash"),
        (r"[\D]", "inside a character class"),
        (r"(", "not a valid regular expression"),
        (r"\a", "bell character"),
        (r"\N{BULLET}", "Python syntax"),
        (r"\U0001F600", "Python syntax"),
        (r"\u{1F600}", "unicode flag"),
        (r"[\S]", "inside a character class"),
        (r"\c1", "followed by a letter"),
        (r"\k<name", "not closed"),
    ],
)
def test_patterns_without_an_exact_python_equivalent_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(UnsupportedPattern, match=reason):
        to_python(pattern)


def test_whitespace_and_dot_agree_with_ecma_for_every_character_up_to_u3000_and_ufeff() -> None:
    # The sets ECMA-262 defines (WhiteSpace plus LineTerminator; LineTerminator alone for `.`), written out
    # from the standard rather than from the translation under test.
    ecma_space = {
        0x09,
        0x0A,
        0x0B,
        0x0C,
        0x0D,
        0x20,
        0xA0,
        0x1680,
        0x2028,
        0x2029,
        0x202F,
        0x205F,
        0x3000,
    }
    ecma_space |= set(range(0x2000, 0x200B)) | {0xFEFF}
    line_terminators = {0x0A, 0x0D, 0x2028, 0x2029}
    space, not_space, dot = (re.compile(to_python(p)) for p in (r"\s", r"\S", "."))
    wrong = [
        (hex(code), name)
        for code in [*range(0x3001), 0xFEFF, 0xFFFF]
        for name, compiled, expected in (
            ("\\s", space, code in ecma_space),
            ("\\S", not_space, code not in ecma_space),
            (".", dot, code not in line_terminators),
        )
        if (compiled.fullmatch(chr(code)) is not None) is not expected
    ]
    assert wrong == []
