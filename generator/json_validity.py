"""Whether a JSON value passes a JSON Schema, decided quickly; jsonschema stays the authority on what is wrong.

Checking a large spec with jsonschema costs most of its time in jsonschema's machinery for reporting errors
(a validator evolved, and a path kept, for every subschema applied to every value), which a valid spec (the
usual case) never needs. `compile_validity` turns the schema of a jsonschema validator into plain Python
closures that only answer "valid or not"; callers ask it first and run jsonschema for the errors only when the
answer is no, so every message still comes from jsonschema.

The answer must be jsonschema's answer. The applicators (properties, items, allOf, $ref, ...) are decided here
as jsonschema's keyword functions decide them, and every other keyword jsonschema knows (type, enum, pattern,
minimum, format, ...) is decided by calling jsonschema's own keyword function with the validator, so its
types, JSON equality and format checker apply unchanged. A schema using anything this module does not decide
exactly (a `$ref` outside the document, `$id` below the root, `$dynamicRef`, `unevaluatedProperties`, a
keyword jsonschema adds in a later version) is not compiled: `compile_validity` returns None and the caller
uses jsonschema alone. Keywords jsonschema does not know are annotations to both (description, x-message).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft202012Validator

Check = Callable[[Any], bool]
"""True when the value passes."""


class _Unsupported(Exception):
    """The schema uses something this module does not decide exactly as jsonschema does."""


def compile_validity(validator: Draft202012Validator) -> Check | None:
    """A fast validity check equal to `validator.is_valid`, or None when the schema needs jsonschema itself."""
    # The type predicates below are the 2020-12 ones: another draft's or a customised type checker differs.
    if (
        type(validator).TYPE_CHECKER is not Draft202012Validator.TYPE_CHECKER
        or type(validator).VALIDATORS is not Draft202012Validator.VALIDATORS
    ):
        return None
    try:
        return _Compiler(validator).schema(validator.schema, root=True)
    except (_Unsupported, re.error):  # a bad pattern: jsonschema raises it when it meets a string
        return None


def _always(_instance: Any) -> bool:
    return True


def _never(_instance: Any) -> bool:
    return False


def _is_number(instance: Any) -> bool:
    return isinstance(instance, (int, float)) and not isinstance(instance, bool)


# jsonschema's 2020-12 type checker (jsonschema/_types.py, draft202012_type_checker), predicate for predicate. Numbers beyond int and
# float (Decimal, Fraction) never come from YAML or JSON; for them the generic path is taken.
_TYPES: dict[str, Check] = {
    "array": lambda instance: isinstance(instance, list),
    "boolean": lambda instance: isinstance(instance, bool),
    # Since draft 6, 1.0 is an integer.
    "integer": lambda instance: (isinstance(instance, int) and not isinstance(instance, bool))
    or (isinstance(instance, float) and instance.is_integer()),
    "null": lambda instance: instance is None,
    "number": _is_number,
    "object": lambda instance: isinstance(instance, dict),
    "string": lambda instance: isinstance(instance, str),
}

_REFUSED = frozenset({"$id", "$anchor", "$dynamicAnchor", "$vocabulary"})
"""Keywords that change how `$ref`s resolve: below the root they are not handled here."""


class _Compiler:
    def __init__(self, validator: Draft202012Validator) -> None:
        self.validator = validator
        self.root = validator.schema
        self.refs: dict[str, list[Check]] = {}

    def schema(self, schema: Any, *, root: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise _Unsupported("a schema that is neither a mapping nor a boolean")
        checks: list[Check] = []
        for keyword, value in schema.items():
            if keyword in _REFUSED and not (root and keyword == "$id"):
                raise _Unsupported(keyword)
            if keyword not in Draft202012Validator.VALIDATORS:
                continue  # an annotation to jsonschema as well
            build = _APPLICATORS.get(keyword)
            checks.append(
                build(self, value, schema) if build else self.keyword(keyword, value, schema)
            )
        return _all(checks)

    def keyword(self, keyword: str, value: Any, schema: Mapping[str, Any]) -> Check:
        """A keyword that does not apply subschemas, decided by jsonschema's own function for it."""
        if keyword not in _LEAVES:
            raise _Unsupported(keyword)
        if keyword == "type":
            names = value if isinstance(value, list) else [value]
            if all(isinstance(name, str) and name in _TYPES for name in names):
                predicates = [_TYPES[name] for name in names]
                if len(predicates) == 1:
                    return predicates[0]
                return lambda instance: any(predicate(instance) for predicate in predicates)
        if keyword == "pattern" and isinstance(value, str):
            search = re.compile(value).search  # re.search(value, text), as jsonschema calls it
            return lambda instance: not isinstance(instance, str) or search(instance) is not None
        function = Draft202012Validator.VALIDATORS[keyword]
        validator = self.validator

        def check(instance: Any) -> bool:
            for _error in function(validator, value, instance, schema) or ():
                return False
            return True

        return check

    def ref(self, ref: Any, _schema: Mapping[str, Any]) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise _Unsupported("a $ref outside the schema document")
        if ref not in self.refs:
            slot: list[Check] = []
            self.refs[ref] = (
                slot  # filled after the target compiles: a recursive $ref reads it later
            )
            slot.append(self.schema(self._resolve(ref[1:])))
        target = self.refs[ref]
        return lambda instance: target[0](instance)

    def _resolve(self, fragment: str) -> Any:
        if fragment and not fragment.startswith("/"):
            raise _Unsupported("a $ref to an anchor")
        node: Any = self.root
        for token in fragment.split("/")[1:]:
            token = unquote(token).replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise _Unsupported("a $ref jsonschema cannot resolve either")
        return node

    def properties(self, properties: Any, _schema: Mapping[str, Any]) -> Check:
        compiled = {name: self.schema(sub) for name, sub in properties.items()}

        def check(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for key, item in instance.items():
                sub = compiled.get(key)
                if sub is not None and not sub(item):
                    return False
            return True

        return check

    def pattern_properties(self, patterns: Any, _schema: Mapping[str, Any]) -> Check:
        compiled = [
            (re.compile(pattern).search, self.schema(sub)) for pattern, sub in patterns.items()
        ]

        def check(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            return all(
                sub(item)
                for search, sub in compiled
                for key, item in instance.items()
                if search(key) is not None
            )

        return check

    def additional_properties(self, additional: Any, schema: Mapping[str, Any]) -> Check:
        # jsonschema's find_additional_properties: keys not in `properties` that no pattern of
        # `patternProperties` matches (the patterns joined with |, searched).
        named = schema.get("properties", {})
        joined = "|".join(schema.get("patternProperties", {}))
        matches = re.compile(joined).search if joined else None

        def extras(instance: dict[str, Any]) -> list[Any]:
            return [
                key
                for key in instance
                if key not in named and not (matches is not None and matches(key))
            ]

        if isinstance(additional, dict):
            sub = self.schema(additional)
            return lambda instance: not isinstance(instance, dict) or all(
                sub(instance[key]) for key in extras(instance)
            )
        if not additional:
            return lambda instance: not isinstance(instance, dict) or not extras(instance)
        return _always

    def property_names(self, names: Any, _schema: Mapping[str, Any]) -> Check:
        sub = self.schema(names)
        return lambda instance: not isinstance(instance, dict) or all(sub(key) for key in instance)

    def items(self, items: Any, schema: Mapping[str, Any]) -> Check:
        prefix = len(schema.get("prefixItems", []))
        sub = self.schema(items)
        return lambda instance: not isinstance(instance, list) or all(
            sub(item) for item in instance[prefix:]
        )

    def prefix_items(self, prefix_items: Any, _schema: Mapping[str, Any]) -> Check:
        subs = [self.schema(sub) for sub in prefix_items]
        return lambda instance: not isinstance(instance, list) or all(
            sub(item)
            for sub, item in zip(
                subs, instance, strict=False
            )  # the shorter decides, as in jsonschema
        )

    def all_of(self, schemas: Any, _schema: Mapping[str, Any]) -> Check:
        return _all([self.schema(sub) for sub in schemas])

    def any_of(self, schemas: Any, _schema: Mapping[str, Any]) -> Check:
        subs = [self.schema(sub) for sub in schemas]
        return lambda instance: any(sub(instance) for sub in subs)

    def one_of(self, schemas: Any, _schema: Mapping[str, Any]) -> Check:
        subs = [self.schema(sub) for sub in schemas]
        return lambda instance: sum(1 for sub in subs if sub(instance)) == 1

    def not_(self, schema: Any, _schema: Mapping[str, Any]) -> Check:
        sub = self.schema(schema)
        return lambda instance: not sub(instance)

    def if_(self, condition: Any, schema: Mapping[str, Any]) -> Check:
        test = self.schema(condition)
        then = self.schema(schema["then"]) if "then" in schema else _always
        otherwise = self.schema(schema["else"]) if "else" in schema else _always
        return lambda instance: then(instance) if test(instance) else otherwise(instance)


_APPLICATORS: dict[str, Callable[[_Compiler, Any, Mapping[str, Any]], Check]] = {
    "$ref": _Compiler.ref,
    "properties": _Compiler.properties,
    "patternProperties": _Compiler.pattern_properties,
    "additionalProperties": _Compiler.additional_properties,
    "propertyNames": _Compiler.property_names,
    "items": _Compiler.items,
    "prefixItems": _Compiler.prefix_items,
    "allOf": _Compiler.all_of,
    "anyOf": _Compiler.any_of,
    "oneOf": _Compiler.one_of,
    "not": _Compiler.not_,
    "if": _Compiler.if_,
}
_LEAVES = frozenset(
    {
        "const",
        "dependentRequired",
        "enum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "format",
        "maxItems",
        "maxLength",
        "maxProperties",
        "maximum",
        "minItems",
        "minLength",
        "minProperties",
        "minimum",
        "multipleOf",
        "pattern",
        "required",
        "type",
        "uniqueItems",
    }
)
"""Keywords whose jsonschema function looks at the value alone, never applying a subschema: decided by
calling that function. Any other keyword jsonschema knows ($dynamicRef, contains, dependentSchemas,
unevaluatedProperties, ...) is refused."""


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def check_all(instance: Any) -> bool:
        # A loop, not all(...): this runs for every value of a spec, and a generator costs more.
        for check in checks:  # noqa: SIM110
            if not check(instance):
                return False
        return True

    return check_all
