"""The fast validity check (`generator.json_validity`) answers as jsonschema does, and loading takes it.

Inputs come from the project's specs (its vendors and the fixture vendors): each spec's data, seeded
mutations of it (a value of another type, a key removed, an unknown key added), and the exported schema of
every shape lowered from them with values of every JSON type.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from generator import ir, json_validity, schema_check, value_check, yamlpos
from generator.diagnostics import Diagnostics
from generator.emit.json_schema import Exporter
from generator.load import load_files

ROOT = Path(__file__).resolve().parent.parent
SPECS = sorted(ROOT.glob("specs/*.yaml")) + sorted(
    ROOT.glob("tests/fixtures/vendors/*/specs/*.yaml")
)
MUTANTS_PER_SPEC = 40
# Values of every JSON type, and the edge cases jsonschema's types and equality tell apart.
SAMPLES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    1.0,
    -7,
    2.5,
    "",
    "x",
    "2024-01-15",
    [],
    [1],
    {},
    {"a": 1},
)


def _spec_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _data(path: Path) -> Any:
    return yamlpos.load(path.name, path.read_text(encoding="utf-8"), Diagnostics()).data


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, path + (index,))


def _mutants(data: Any, rng: random.Random) -> Iterator[Any]:
    places = [place for place in _places(data) if place]
    for _ in range(MUTANTS_PER_SPEC):
        mutant = copy.deepcopy(data)
        place = rng.choice(places)
        parent = mutant
        for step in place[:-1]:
            parent = parent[step]
        how = rng.randrange(3)
        if how == 0:
            parent[place[-1]] = rng.choice(SAMPLES)
        elif how == 1 and isinstance(parent, dict):
            del parent[place[-1]]
        elif isinstance(parent, dict):
            parent[f"{place[-1]}_unknown"] = rng.choice(SAMPLES)
        yield mutant


def test_there_are_specs_to_check() -> None:
    assert len(SPECS) >= 4


@pytest.mark.parametrize("path", SPECS, ids=_spec_id)
def test_spec_schema_validity_is_jsonschemas(path: Path) -> None:
    validator = schema_check._validator()
    is_valid = json_validity.compile_validity(validator)
    assert is_valid is not None, "the spec schema uses a keyword the fast check refuses"
    data = _data(path)
    assert is_valid(data) and validator.is_valid(data)
    answers = []
    for mutant in _mutants(data, random.Random(path.name)):
        answer = is_valid(mutant)
        assert answer == validator.is_valid(mutant)
        answers.append(answer)
    assert False in answers  # the mutants reach the failing side too


def _shapes(schema: ir.Schema) -> Iterator[ir.Schema]:
    yield schema
    for inner in (
        *(prop.schema for prop in schema.properties),
        *((schema.items,) if schema.items is not None else ()),
        *schema.prefix_items,
        *((schema.additional,) if schema.additional is not None else ()),
        *schema.any_of,
    ):
        yield from _shapes(inner)


def _vendor_shapes(path: Path) -> Iterator[ir.Schema]:
    loaded = load_files([(path.name, path.read_bytes())])
    assert loaded.ok, [d.headline() for d in loaded.diagnostics]
    for vendor in loaded.vendors:
        for operation in vendor.operations:
            request = operation.request
            parts = [request.path, request.query, request.headers]
            parts += [request.body.schema] if request.body is not None else []
            parts += [r.body for r in operation.responses if r.body is not None]
            for part in parts:
                yield from _shapes(part)
        for definition in vendor.definitions:
            yield from _shapes(definition.schema)


@pytest.mark.parametrize("path", SPECS, ids=_spec_id)
def test_exported_shape_validity_is_jsonschemas(path: Path) -> None:
    checked = 0
    for shape in _vendor_shapes(path):
        exported = Exporter(use_refs=False).schema(shape)
        validator = Draft202012Validator(
            exported, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        is_valid = json_validity.compile_validity(validator)
        assert is_valid is not None, exported
        own = [shape.example] if shape.has_example else []
        own += [shape.default] if shape.has_default else []
        own += [member.value for member in shape.enum or ()]
        for value in (*SAMPLES, *own):
            assert is_valid(value) == validator.is_valid(value), (exported, value)
            checked += 1
    assert checked


@pytest.mark.parametrize(
    "schema",
    [
        {"unevaluatedProperties": False},
        {"$ref": "https://example.com/other.json"},
        {"properties": {"a": {"$id": "https://example.com/a", "type": "string"}}},
        {"$ref": "#name"},
        {"contains": {"type": "string"}},
        {"pattern": "("},
    ],
    ids=["unevaluated", "external-ref", "nested-id", "anchor-ref", "contains", "bad-pattern"],
)
def test_what_it_cannot_decide_exactly_is_left_to_jsonschema(schema: dict[str, Any]) -> None:
    assert json_validity.compile_validity(Draft202012Validator(schema)) is None


@pytest.mark.parametrize("path", SPECS, ids=_spec_id)
def test_a_valid_spec_loads_without_jsonschemas_error_search(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jsonschema runs only to word what is wrong: a spec without errors never asks it (the spec schema
    check and the checks of defaults, examples and enum members alike)."""

    def refuse(*_args: object, **_kwargs: object) -> Iterator[Any]:
        raise AssertionError("jsonschema searched a valid value for errors")

    monkeypatch.setattr(Draft202012Validator, "iter_errors", refuse)
    loaded = load_files([(path.name, path.read_bytes())])
    assert loaded.ok, [d.headline() for d in loaded.diagnostics]


@pytest.mark.parametrize("path", SPECS, ids=_spec_id)
def test_lowering_keeps_no_schema_alive_in_the_value_check_cache(path: Path) -> None:
    """The exports and validators cached while a spec's values are checked are that spec's: once it is
    lowered they are dropped, and a process that renders next does not carry them."""
    loaded = load_files([(path.name, path.read_bytes())])
    assert loaded.ok, [d.headline() for d in loaded.diagnostics]
    assert not value_check._by_schema and not value_check._compiled
