"""Validators report hostile Python values as violations: they never raise, and the client sends nothing.

A payload is Python data, so it can hold what JSON cannot: keys that are not strings, sets, bytes, tuples,
NaN, integers too long to write, lone surrogates, containers that hold themselves. Each used to crash a
validator (`escape_pointer_token` on a non-string key, `repr` of a 5000-digit int in a message) or pass it
and crash the client's JSON encoder. Every operation, request part and field comes from the generated spec
modules; each hostile value is tried bare, inside an object, inside an array, deeper, and as a key.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ats_sdk
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk._runtime.validation import MAX_DEPTH, ValidationFailed, Violation
from generator import ir, naming
from generator.emit import validators
from generator.load import load
from tests.compile import validator_module

ROOT = Path(__file__).resolve().parents[2]
PARTS = {"path": "path", "query": "query", "header": "headers", "body": "body"}
"""A parameter's location in the spec module -> the request part its validator checks."""


class _ReprRaises:
    """A value whose own repr raises: a message about it must still be written."""

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")


def _cycle_list() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    return items


def _cycle_dict() -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    mapping["self"] = mapping
    return mapping


def _deep(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


HOSTILE_VALUES: dict[str, Any] = {
    "int key": {1: "a"},
    "None key": {None: "a"},
    "tuple key": {(1, 2): "a"},
    "bytes key": {b"k": "a"},
    "surrogate key": {"\ud800": "a"},
    "huge int key": {10**5000: "a"},
    "unrepresentable key": {_ReprRaises(): "a"},
    "huge int": 10**5000,
    "huge negative int": -(10**5000),
    "NaN": math.nan,
    "infinity": math.inf,
    "negative infinity": -math.inf,
    "lone surrogate": "\ud800",
    "surrogate in text": "caf\u00e9 \udfff",
    "set": {1, 2},
    "frozenset": frozenset({"a"}),
    "bytes": b"abc",
    "bytearray": bytearray(b"abc"),
    "tuple": ("a", "b"),
    "complex": 1j,
    "object": object(),
    "unrepresentable object": _ReprRaises(),
    "list holding itself": _cycle_list(),
    "dict holding itself": _cycle_dict(),
    "too deep": _deep(MAX_DEPTH + 50),
}
"""Values no JSON document holds: wherever one is placed in a payload, the payload is invalid."""

PLACEMENTS: dict[str, Callable[[Any], Any]] = {
    "bare": lambda value: value,
    "in an object": lambda value: {"key": value},
    "in an array": lambda value: [value],
    "deep inside": lambda value: {"a": [{"b": value}]},
}


@dataclass(frozen=True)
class Target:
    """One field of one operation: where a hostile value goes."""

    vendor: str
    operation: OperationSpec
    part: str
    wire_name: str
    python_name: str

    @property
    def pointer(self) -> str:
        return "/" + self.wire_name.replace("~", "~0").replace("/", "~1")

    def __str__(self) -> str:
        return f"{self.vendor}.{self.operation.id}.{self.part}.{self.wire_name}"


def _spec(vendor_id: str) -> VendorSpec:
    spec: VendorSpec = importlib.import_module(f"ats_sdk.{vendor_id}._spec").VENDOR
    return spec


def _validators(vendor_id: str) -> ModuleType:
    return importlib.import_module(f"ats_sdk.{vendor_id}.validators")


def _targets() -> list[Target]:
    return [
        Target(vendor_id, op, PARTS[param.location], param.wire_name, param.python_name)
        for vendor_id in ats_sdk.VENDORS
        for op in _spec(vendor_id).operations.values()
        for param in op.params
    ]


def _parts(op: OperationSpec) -> tuple[str, ...]:
    """The request parts an operation's validators check: every operation has path, query and headers."""
    return ("path", "query", "headers", "body") if op.has_body else ("path", "query", "headers")


def _hostile_payloads() -> Iterator[tuple[str, Any]]:
    for name, value in HOSTILE_VALUES.items():
        for placement, place in PLACEMENTS.items():
            yield f"{name} {placement}", place(value)


def _assert_printable(violation: Violation) -> None:
    """Pointer and message are text a terminal or a JSON report can carry (no lone surrogate)."""
    violation.pointer.encode("utf-8")
    violation.message.encode("utf-8")


def _assert_reported(violations: object, where: str) -> None:
    assert isinstance(violations, list) and violations, f"{where}: passed as valid"
    for violation in violations:
        assert isinstance(violation, Violation), where
        assert violation.pointer == "" or violation.pointer.startswith("/"), (where, violation)
        assert violation.rule and violation.message, (where, violation)
        _assert_printable(violation)
    # The exception a client raises writes every violation into its message: that must work too.
    assert str(ValidationFailed(where, violations))


TARGETS = _targets()


def test_the_specs_have_fields_in_every_part() -> None:
    assert {target.part for target in TARGETS} >= {"path", "query", "body"}


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_a_hostile_value_in_any_field_is_a_violation(target: Target) -> None:
    validate = _validators(target.vendor).validate
    for name, value in _hostile_payloads():
        where = f"{target} <- {name}"
        violations = validate(target.operation.id, {target.wire_name: value}, target.part)
        _assert_reported(violations, where)
        assert any(v.pointer.startswith(target.pointer) for v in violations), (where, violations)


def test_hostile_keys_and_payloads_of_every_part_are_violations() -> None:
    checked = 0
    for vendor_id in ats_sdk.VENDORS:
        validate = _validators(vendor_id).validate
        for op in _spec(vendor_id).operations.values():
            for part in _parts(op):
                # The value as the whole payload: a non-object, or an object with a hostile key.
                for name, value in HOSTILE_VALUES.items():
                    _assert_reported(
                        validate(op.id, value, part), f"{vendor_id}.{op.id}.{part} <- {name}"
                    )
                    checked += 1
    assert checked >= len(HOSTILE_VALUES)


# -- the client: ValidationFailed, and nothing sent --------------------------------------------------------


class _Recorder:
    """An httpx transport that records every request and never touches the network."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(500, json={})


def _client(vendor_id: str, recorder: _Recorder) -> Any:
    spec = _spec(vendor_id)
    client_module = importlib.import_module(f"ats_sdk.{vendor_id}.client")
    credentials = {name: "secret" for scheme in spec.auth for name in scheme.credentials}
    cls = getattr(client_module, naming.class_name(vendor_id, "client"))
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    return cls(base_url="http://127.0.0.1:9", http_client=http, max_retries=0, **credentials)


@pytest.mark.parametrize("vendor_id", ats_sdk.VENDORS)
def test_the_client_raises_validation_failed_and_sends_nothing(vendor_id: str) -> None:
    recorder = _Recorder()
    client = _client(vendor_id, recorder)
    try:
        targets = [target for target in TARGETS if target.vendor == vendor_id]
        assert targets
        for target in targets:
            method = getattr(client, naming.snake_case(target.operation.id))
            # Required arguments get a placeholder; the one under test gets the hostile value.
            required = {p.python_name: "x" for p in target.operation.params if p.required}
            for name, value in _hostile_payloads():
                where = f"{target} <- {name}"
                with pytest.raises(ValidationFailed) as raised:
                    method(**{**required, target.python_name: value})
                _assert_reported(list(raised.value.violations), where)
                assert any(
                    v.pointer.startswith(target.pointer) for v in raised.value.violations
                ), where
        assert recorder.sent == []
    finally:
        client.close()


# -- any value: never raises, and what passes can be sent --------------------------------------------------

_ATOMS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    # Powers of ten around the longest int Python writes (built here: hypothesis shows its strategies).
    st.sampled_from([4299, 4300, 5000]).map(lambda digits: 10**digits),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(codec=None), max_size=8),
    st.sampled_from(["\ud800", "a\udc00", "ok", "UTF-8 é"]),
    st.binary(max_size=4),
    st.sampled_from([object(), 1j, (), (1,), frozenset(), {1}]),
)
_KEYS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["\ud800", "a/b~c"]),
    st.integers(),
    st.none(),
    st.tuples(st.integers()),
    st.binary(max_size=2),
)
_VALUES = st.recursive(
    _ATOMS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)
    ),
    max_leaves=12,
)


def _sendable(part: str, payload: dict[str, Any]) -> None:
    """Encode the payload as the client does: httpx builds the body and query, the client the path."""
    url = "http://127.0.0.1/"
    if part == "body":
        httpx.Request("POST", url, json=payload)
    elif part == "query":
        httpx.Request("GET", url, params=payload)
    elif part == "path":
        for value in payload.values():
            quote(str(value), safe="")
    else:
        httpx.Request("GET", url, headers={name: str(value) for name, value in payload.items()})


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(target=st.sampled_from(TARGETS), value=_VALUES)
def test_any_value_is_reported_or_sendable(target: Target, value: Any) -> None:
    payload = {target.wire_name: value}
    violations = _validators(target.vendor).validate(target.operation.id, payload, target.part)
    assert isinstance(violations, list)
    for violation in violations:
        _assert_printable(violation)
    if not violations:
        _sendable(target.part, payload)


# -- header values: what HTTP carries ---------------------------------------------------------------------

SPEC_FILES = sorted((ROOT / "specs").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "hostile_specs").glob("*.yaml")
)
BAD_HEADER_TEXT = ["caf\u00e9", "\u65e5\u672c", "two\nlines", "cr\rlf", "nul\x00", "tab\there"]
"""Header values httpx cannot encode (non-ASCII) or that would end or split the header."""


def _header_fields() -> list[tuple[ir.Vendor, ir.Operation, ir.Field]]:
    loaded = load(SPEC_FILES)
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
    return [
        (vendor, op, prop)
        for vendor in loaded.vendors
        for op in vendor.operations
        for prop in op.request.headers.properties_in_code
        if "string" in prop.schema.types
    ]


def test_header_values_an_http_header_cannot_carry_are_violations() -> None:
    fields = _header_fields()
    assert fields, "some spec has a string header field"
    modules = {}
    for vendor, op, prop in fields:
        if vendor.id not in modules:
            modules[vendor.id] = validator_module(validators.build(vendor))
        validate = modules[vendor.id].validate
        pointer = "/" + prop.wire_name.replace("~", "~0").replace("/", "~1")
        for text in BAD_HEADER_TEXT:
            violations = validate(op.id, {prop.wire_name: text}, "headers")
            assert (pointer, "header") in {(v.pointer, v.rule) for v in violations}, (op.id, text)
        with pytest.raises(UnicodeEncodeError):  # what the client would have met
            httpx.Request("GET", "http://127.0.0.1/", headers={"X": BAD_HEADER_TEXT[0]})
        fine = validate(op.id, {prop.wire_name: "Printable ASCII, ok"}, "headers")
        assert not [v for v in fine if v.rule == "header"], fine
