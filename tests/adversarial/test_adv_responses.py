"""Every way a response body can break decoding ends in a typed, documented error.

The attacks: a deeply nested JSON body raised a bare RecursionError; a 204 on an operation that documents a
body raised "a body that is not JSON"; NaN, Infinity and 1e400 (not JSON, or not a float) were accepted as
floats. For every operation of every vendor in the SDK's spec modules that documents a success body, each
hostile body raises ResponseDecodeError saying what is wrong, with the raw response; an error status with
such a body is still the typed APIError, its body kept as text.
"""

from __future__ import annotations

import asyncio

import pytest

from ats_sdk._runtime.errors import APIError, ResponseDecodeError
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from tests.adversarial.client_http_support import (
    Exchange,
    Loopback,
    http_response,
    make_client,
    method_name,
    operations,
    token_paths,
    valid_arguments,
)

NESTING = 20_000
# (status, body, words the error must contain)
HOSTILE_BODIES = {
    "deep-array": (200, b"[" * NESTING + b"]" * NESTING, "nested too deeply"),
    "deep-object": (200, b'{"a":' * NESTING + b"1" + b"}" * NESTING, "nested too deeply"),
    "deep-in-a-field": (200, b'{"data": ' + b"[" * NESTING + b"]" * NESTING + b"}", "too deeply"),
    "invalid-utf8": (200, b'{"data": "\xff\xfe\xfa"}', "not valid UTF-8"),
    "nan": (200, b'{"data": NaN}', "NaN is not a JSON value"),
    "infinity": (200, b'{"data": -Infinity}', "-Infinity is not a JSON value"),
    "float-overflow": (200, b'{"data": 1e400}', "too large for a float"),
    "huge-integer": (200, b'{"data": ' + b"9" * 5000 + b"}", "too many digits"),
    "truncated": (200, b'{"data": [1, 2', "not JSON"),
    "empty-204": (204, b"", "empty body"),
    "empty-200": (200, b"", "empty body"),
    "blank-200": (200, b" \r\n ", "empty body"),
}


def _documented_body(op: OperationSpec) -> bool:
    return op.success is not None and op.success.model is not None


DECODING_OPERATIONS = [
    pytest.param(spec, op, id=f"{spec.id}.{op.id}")
    for spec, op in operations()
    if _documented_body(op)
]


class _Scripted:
    """A reply that answers with whatever status and body the test set last."""

    def __init__(self) -> None:
        self.status, self.body = 200, b""

    def __call__(self, exchange: Exchange) -> None:
        headers = {"Content-Type": "application/json"} if self.body else {}
        exchange.send(http_response(self.status, self.body, headers))


def _outcomes(
    spec: VendorSpec, op: OperationSpec, cases: dict[str, tuple[int, bytes]], asynchronous: bool
) -> dict[str, BaseException | None]:
    """What a call raises (None: nothing) when the server answers each case, on one client."""
    reply = _Scripted()
    kwargs = valid_arguments(spec, op)
    outcomes: dict[str, BaseException | None] = {}
    with Loopback(reply, token_paths(spec, "/api")) as server:
        if not asynchronous:
            with make_client(spec, op, server, False, max_retries=0) as client:
                for case, (reply.status, reply.body) in cases.items():
                    try:
                        getattr(client, method_name(op))(**kwargs)
                        outcomes[case] = None
                    except Exception as exc:
                        outcomes[case] = exc
            return outcomes

        async def run() -> None:
            async with make_client(spec, op, server, True, max_retries=0) as client:
                for case, (reply.status, reply.body) in cases.items():
                    try:
                        await getattr(client, method_name(op))(**kwargs)
                        outcomes[case] = None
                    except Exception as exc:
                        outcomes[case] = exc

        asyncio.run(run())
    return outcomes


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("spec", "op"), DECODING_OPERATIONS)
def test_a_body_that_cannot_be_decoded_is_a_response_decode_error(
    spec: VendorSpec, op: OperationSpec, asynchronous: bool
) -> None:
    cases = {case: (status, body) for case, (status, body, _) in HOSTILE_BODIES.items()}
    outcomes = _outcomes(spec, op, cases, asynchronous)
    for case, (status, body, words) in HOSTILE_BODIES.items():
        error = outcomes[case]
        assert isinstance(error, ResponseDecodeError), (case, error)
        assert words in str(error) and f"HTTP {status}" in str(error), (case, str(error))
        assert error.operation == op.id and error.response.status_code == status, case
        assert error.response.content == body, case


@pytest.mark.parametrize(("spec", "op"), DECODING_OPERATIONS)
def test_an_error_status_with_such_a_body_is_still_the_typed_api_error(
    spec: VendorSpec, op: OperationSpec
) -> None:
    cases = {
        case: (400, body)
        for case, (_, body, _) in HOSTILE_BODIES.items()
        if case in ("deep-array", "deep-object", "invalid-utf8", "nan", "huge-integer")
    }
    for case, error in _outcomes(spec, op, cases, asynchronous=False).items():
        assert isinstance(error, APIError) and error.status == 400, (case, error)
        assert error.body == error.response.text, case
