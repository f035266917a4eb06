"""Check a spec's data against the spec format's JSON Schema (`spec_schema.json`), in plain words.

jsonschema finds the errors; this module turns each into a diagnostic at the offending key or value, in the
vocabulary of a YAML author (mapping, list, key) with a "did you mean" for misspelt keys and values.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from generator import json_validity, naming
from generator.diagnostics import Diagnostics
from generator.yamlpos import Document

_YAML_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


@functools.cache
def spec_schema() -> dict[str, Any]:
    text = resources.files("generator").joinpath("spec_schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(spec_schema())


@functools.cache
def _is_valid() -> json_validity.Check | None:
    return json_validity.compile_validity(_validator())


def check(document: Document, diagnostics: Diagnostics) -> bool:
    """Report every schema violation of `document`; True when there was none."""
    return check_with(_validator(), document, diagnostics, is_valid=_is_valid())


def check_with(
    validator: Draft202012Validator,
    document: Document,
    diagnostics: Diagnostics,
    *,
    is_valid: json_validity.Check | None = None,
) -> bool:
    """Report every violation of `validator`'s schema (another declaration format, such as the unified
    declarations that refer to the spec schema's definitions) in the same words; True when there was none.

    `is_valid`: the schema's fast validity check (`json_validity`); jsonschema then runs only for a document
    that fails it, to find what is wrong.
    """
    if is_valid is not None and is_valid(document.data):
        return True
    found = False
    for error in _leaf_errors(validator.iter_errors(document.data)):
        found = True
        _report(error, document, diagnostics)
    return not found


def _leaf_errors(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    """Skip the summary errors of `if`/`then` and keep the specific ones beneath them."""
    for error in errors:
        if error.validator in ("if", "then") and error.context:
            yield from _leaf_errors(error.context)
        else:
            yield error


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    return f"the number {value!r}"


def _one_of(options: Iterable[Any]) -> str:
    names = [str(option) for option in options]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    choices = list(options)
    same_but_case = [option for option in choices if option.lower() == word.lower()]
    matches = same_but_case or difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {matches[0]!r}?" if matches else ""


# Words YAML 1.1 read as booleans; specs read YAML 1.2, where they are strings.
YAML11_BOOLEAN_WORDS = frozenset(
    word
    for base in ("yes", "no", "on", "off", "y", "n")
    for word in (base, base.capitalize(), base.upper())
)
YAML12_BOOLEAN_HINT = (
    "specs read YAML 1.2, where only true and false are booleans (yes, no, on, off are text)"
)


def _type_hint(expected: list[str], instance: Any) -> str:
    """What to do about a value of the wrong type, for the usual slips."""
    if instance is None:
        return "; give it a value or remove the key"
    if "object" in expected and isinstance(instance, list):
        return "; write `key: value` lines here, not `- ` items"
    if "array" in expected and isinstance(instance, dict):
        return "; write `- ` items (or [a, b]) here, not `key: value` lines"
    if {"integer", "number"} & set(expected) and isinstance(instance, str) and _is_number(instance):
        return "; remove the quotes"
    if (
        "string" in expected
        and isinstance(instance, (int, float))
        and not isinstance(instance, bool)
    ):
        return "; quote it if it is meant as text"
    if "boolean" in expected and isinstance(instance, str) and instance in YAML11_BOOLEAN_WORDS:
        return f"; {YAML12_BOOLEAN_HINT}"
    return ""


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _report(error: ValidationError, document: Document, diagnostics: Diagnostics) -> None:
    path = tuple(error.absolute_path)
    keyword = error.validator
    validator_value: Any = error.validator_value  # the keyword's value in the spec schema
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("x-message")
    instance: Any = error.instance
    position = document.value_position(path)
    message: str

    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            hint = _did_you_mean(key, allowed) or f"; allowed keys here: {', '.join(allowed)}"
            diagnostics.error(
                document.file,
                document.key_position(path + (key,)),
                path + (key,),
                f"unknown key {key!r}{hint}",
            )
        return
    if "propertyNames" in error.schema_path:
        # A mapping key breaks the naming rule; jsonschema reports it at the mapping, so point at the key.
        key = str(instance)
        rule = custom or (
            f"must match {validator_value}" if keyword == "pattern" else error.message
        )
        if keyword == "pattern" and rule.startswith("must be snake_case"):
            snake = naming.snake_case(key)
            if snake != key and re.fullmatch(str(validator_value), snake):
                rule += f"; did you mean {snake!r}?"
        diagnostics.error(
            document.file,
            document.key_position(path + (key,)),
            path + (key,),
            f"the key {key!r} {rule}",
        )
        return
    if keyword == "required":
        missing = [key for key in validator_value if key not in instance]
        for key in missing:
            why = f": {custom}" if custom else ""
            diagnostics.error(document.file, position, path, f"missing required key {key!r}{why}")
        return
    if keyword == "type":
        expected = validator_value
        expected_list = expected if isinstance(expected, list) else [expected]
        wanted = _one_of(_YAML_TYPE_NAMES.get(t, t) for t in expected_list)
        message = (
            f"expected {wanted}, got {_describe(instance)}{_type_hint(expected_list, instance)}"
        )
    elif keyword == "enum":
        options = [o for o in validator_value]
        hint = (
            _did_you_mean(instance, [str(o) for o in options]) if isinstance(instance, str) else ""
        )
        message = f"{_describe(instance)} is not allowed here; use one of {_one_of(options)}{hint}"
    elif keyword == "const":
        message = f"must be {validator_value!r}, got {_describe(instance)}"
    elif keyword == "pattern":
        rule = custom or f"must match the pattern {validator_value}"
        message = f"{_describe(instance)} {rule}"
    elif keyword in ("minLength",):
        message = "must not be empty"
    elif keyword in ("minItems", "minProperties"):
        limit = validator_value
        message = custom or (
            "must not be empty" if limit == 1 else f"needs at least {limit} entries"
        )
    elif keyword in ("minimum", "exclusiveMinimum"):
        bound = "at least" if keyword == "minimum" else "greater than"
        message = f"must be {bound} {validator_value}, got {instance!r}"
    else:  # pragma: no cover - every keyword the spec schema uses is handled above
        message = error.message
    diagnostics.error(document.file, position, path, message)
