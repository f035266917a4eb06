"""Check one JSON value against an intermediate-form schema, for the loader's own checks.

Used to verify what a spec states about its own fields (a default, an example, a rule's condition value)
before anything is generated. It deliberately reuses the JSON Schema export and the reference implementation
(jsonschema) instead of a second interpreter of the intermediate form: one meaning, checked by the
reference validator.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from generator import ir, json_validity
from generator.emit.json_schema import Exporter


def violations(schema: ir.Schema, value: Any) -> list[str]:
    """Plain-words problems of `value` under `schema` (empty when it passes)."""
    validator, is_valid = _checker(schema)
    # Most values pass: the fast check says so, and jsonschema runs only to word what is wrong.
    if is_valid is not None and is_valid(value):
        return []
    return sorted(error.message for error in validator.iter_errors(value))


_Compiled = tuple[Draft202012Validator, json_validity.Check | None]
_CACHE_SIZE = 4096
_compiled: dict[str, _Compiled] = {}
_by_schema: dict[int, tuple[ir.Schema, _Compiled]] = {}
"""By the identity of the schema object, which each entry keeps alive (so its id cannot be reused): a field's
default, example and enum members are checked against one schema object, exported once."""


def _checker(schema: ir.Schema) -> _Compiled:
    entry = _by_schema.get(id(schema))
    if entry is not None and entry[0] is schema:
        return entry[1]
    found = _validator(Exporter(use_refs=False).schema(schema))
    if len(_by_schema) >= _CACHE_SIZE:  # bounded, like _compiled
        _by_schema.clear()
    _by_schema[id(schema)] = (schema, found)
    return found


def _validator(exported: dict[str, Any] | bool) -> _Compiled:
    """The validator and fast check of an exported schema, built once per schema however many values a spec
    checks against it (fields of one shape recur). Keyed by the schema's repr, which tells apart all that
    jsonschema does (1, 1.0 and True; a list and a tuple)."""
    key = repr(exported)
    found = _compiled.get(key)
    if found is None:
        if len(_compiled) >= _CACHE_SIZE:  # bounded: a long-lived process loads spec after spec
            _compiled.clear()
        validator = Draft202012Validator(
            exported, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        found = _compiled[key] = (validator, json_validity.compile_validity(validator))
    return found


def forget() -> None:
    """Drop the cached exports and validators: the schemas they keep alive are one spec's, and a process that
    goes on to render (or to load another spec) should not carry them."""
    _compiled.clear()
    _by_schema.clear()
