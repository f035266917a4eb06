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
    ],
)
def test_patterns_without_an_exact_python_equivalent_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(UnsupportedPattern, match=reason):
        to_python(pattern)
