"""`jsontext.indented` is `json.dumps(data, indent=2, ensure_ascii=False)`, byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import jsontext

_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and the infinities included: json.dumps writes them its own way
    | st.text(st.characters(), max_size=12)
    | st.sampled_from(["", '"', "\\", "\n", "\u2028", "é中🎉", "\x00\x1f\x7f"])
)
_VALUES = st.recursive(
    _LEAVES,
    lambda children: st.lists(children, max_size=4)
    | st.tuples(children, children)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=30,
)


def _expected(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(data: Any) -> None:
    assert jsontext.indented(data) == _expected(data)
    assert jsontext.document(data) == (_expected(data) + "\n").encode("utf-8")


def test_values_json_dumps_treats_specially_are_left_to_it() -> None:
    class Text(str):
        pass

    for data in [{1: "a"}, {None: 1, True: 2}, {"a": Text("b")}, [1.5, {2.5: [float("nan")]}]]:
        assert jsontext.indented(data) == _expected(data)


def test_a_generated_openapi_document_is_written_as_json_dumps_writes_it() -> None:
    from generator.emit import openapi
    from generator.load import discover, load
    from tests.conftest import ROOT

    loaded = load(discover(ROOT / "specs"))
    assert loaded.vendors
    for vendor in loaded.vendors:
        document = openapi.document(vendor, "1.2.3")
        assert jsontext.indented(document) == _expected(document)
