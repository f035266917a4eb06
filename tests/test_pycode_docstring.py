"""`pycode.docstring` escapes characters with a `str.translate` table: the same escapes as the rule per
character it replaced (`_escape_char`), for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pycode

_TEXT = st.text(
    st.sampled_from(list("\"\\\n\r\t\x00\x0b\x0c\x1c\x1d\x1e\x1f\x7f\x85\u2028\u2029é中 a'"))
    | st.characters()
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_TEXT)
def test_the_escape_table_escapes_as_the_character_rule_does(text: str) -> None:
    assert text.translate(pycode._ESCAPES) == "".join(pycode._escape_char(c) for c in text)
