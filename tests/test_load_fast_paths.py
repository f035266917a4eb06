"""The spec loader's fast paths give what the slow, general ones give, and are the ones taken.

Loading a large spec has to be quick (an edit to one operation of a 500-operation vendor reloads the whole
file), so the common case skips work the general case needs: values are constructed without PyYAML's
`construct_object`, and a file without aliases is not walked for alias cycles and copies. Each test takes its
inputs from every spec the project has (its vendors and the fixture vendors) and checks the fast path against
the reference reading.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import yamlpos
from generator.diagnostics import Diagnostics, Position

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(ROOT.glob("specs/*.yaml")) + sorted(
    ROOT.glob("tests/fixtures/vendors/*/specs/*.yaml")
)


class _Reference(yamlpos._SpecLoader):
    resolve = yaml.resolver.BaseResolver.resolve


def _spec_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_there_are_specs_to_check() -> None:
    assert len(SPECS) >= 4


@pytest.mark.parametrize("path", SPECS, ids=_spec_id)
def test_values_are_read_as_pyyaml_reads_them_without_construct_object(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    # The reference: PyYAML's own reading with the spec loader's resolvers (each tag resolved afresh, not
    # remembered), through construct_object.
    expected = yaml.load(text, Loader=_Reference)

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("the slow path was taken")

    monkeypatch.setattr(yaml.constructor.BaseConstructor, "construct_object", refuse)
    if (
        "*" not in text
    ):  # no alias can be written without a `*`: nothing to walk for cycles and copies
        monkeypatch.setattr(yamlpos, "_written", refuse)
    diagnostics = Diagnostics()
    document = yamlpos.load(path.name, text, diagnostics)
    assert not diagnostics.errors, [d.headline() for d in diagnostics]
    assert document.data == expected
    # Types too: `==` holds between 1, 1.0 and True.
    assert _types(document.data) == _types(expected)


def _types(value: object) -> object:
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    return type(value).__name__


@pytest.mark.parametrize("path", SPECS, ids=_spec_id)
def test_every_value_and_key_has_its_position(path: Path) -> None:
    """Positions are kept as the reader's marks and become line:column only when asked for: every value
    and key still has one, where the composed node starts."""
    text = path.read_text(encoding="utf-8")
    document = yamlpos.load(path.name, text, Diagnostics())
    loader = yamlpos._SpecLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, spec_path = stack.pop()
        mark = node.start_mark
        assert document.value_position(spec_path) == Position(mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key_mark = key_node.start_mark
                child = spec_path + (key_node.value,)
                assert document.key_position(child) == Position(
                    key_mark.line + 1, key_mark.column + 1
                )
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, spec_path + (index,)) for index, item in enumerate(node.value))


def test_a_plain_scalars_tag_is_resolved_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The composer asks for the tag of every value; a plain scalar's depends on its text alone, so each text
    is matched against the resolvers' patterns once per file however often it is written."""
    texts: list[str] = []
    resolve = yaml.resolver.BaseResolver.resolve

    def counting(self: Any, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:  # plain: quoted text is always a string
            texts.append(value)
        return resolve(self, kind, value, implicit)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(yaml.resolver.BaseResolver, "resolve", counting)
    for path in SPECS:
        texts.clear()
        yamlpos.load(path.name, path.read_text(encoding="utf-8"), Diagnostics())
        assert texts and len(texts) == len(set(texts)), path
