"""Check one JSON value against an intermediate-form schema, for the loader's own checks.

Used to verify what a spec states about its own fields (a default, an example, a rule's condition value)
before anything is generated. It deliberately reuses the JSON Schema export and the reference implementation
(jsonschema) instead of a second interpreter of the intermediate form: one meaning, checked by the
reference validator.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from generator import ir
from generator.emit.json_schema import Exporter


def violations(schema: ir.Schema, value: Any) -> list[str]:
    """Plain-words problems of `value` under `schema` (empty when it passes)."""
    exporter = Exporter(use_refs=False)
    exported = exporter.schema(schema)
    validator = Draft202012Validator(exported, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(error.message for error in validator.iter_errors(value))
