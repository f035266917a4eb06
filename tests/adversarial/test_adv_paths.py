"""A path parameter stays inside its own path segment.

The attack: `update_candidate("..")` quoted ".." as is, and httpx then removed the dot segment, so an
authenticated PUT with its body went to the parent path; "." and "" misrouted the same way. Every
operation with a path parameter, of every vendor in the SDK's spec modules, sync and async: the values
that are not a segment of their own are refused with ValidationFailed naming the parameter, and nothing
reaches the server; a valid value, and hostile values that quote into one segment, do reach it, at the
endpoint the spec names.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote

import pytest

from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk._runtime.validation import ValidationFailed, escape_pointer_token
from tests.adversarial.client_http_support import (
    Loopback,
    make_client,
    method_name,
    operations,
    path_of,
    success_reply,
    token_paths,
    valid_arguments,
)

PATH_PARAMETERS = [
    pytest.param(spec, op, param.wire_name, id=f"{spec.id}.{op.id}.{param.wire_name}")
    for spec, op in operations()
    for param in op.params
    if param.location == "path"
]
NOT_A_SEGMENT = ["", ".", ".."]
# Values that must travel percent-encoded inside their one segment, never as structure of the URL.
HOSTILE_BUT_ONE_SEGMENT = ["a/../b", "../x", "%2e%2e", "..%2f", "?q=1", "#top", "a b", "./"]


def _outcomes(
    spec: VendorSpec,
    op: OperationSpec,
    server: Loopback,
    asynchronous: bool,
    calls: list[dict[str, Any]],
) -> list[BaseException | None]:
    """What each call (keyword arguments) raises, None for nothing, made one after another on one client."""
    name = method_name(op)
    outcomes: list[BaseException | None] = []
    if not asynchronous:
        with make_client(spec, op, server, False, max_retries=0, timeout=5.0) as client:
            for kwargs in calls:
                try:
                    getattr(client, name)(**kwargs)
                    outcomes.append(None)
                except Exception as exc:
                    outcomes.append(exc)
        return outcomes

    async def run() -> None:
        async with make_client(spec, op, server, True, max_retries=0, timeout=5.0) as client:
            for kwargs in calls:
                try:
                    await getattr(client, name)(**kwargs)
                    outcomes.append(None)
                except Exception as exc:
                    outcomes.append(exc)

    asyncio.run(run())
    return outcomes


def _with_value(
    op: OperationSpec, kwargs: dict[str, Any], wire_name: str, value: Any
) -> dict[str, Any]:
    python_name = next(p.python_name for p in op.params if p.wire_name == wire_name)
    return {**kwargs, python_name: value}


def _expected_path(op: OperationSpec, server: Loopback, kwargs: dict[str, Any]) -> list[str]:
    """The segments of the URL path the request must reach, decoded."""
    segments = (server.base_path.rstrip("/") + op.path).split("/")
    for param in op.params:
        if param.location == "path":
            placeholder = "{" + param.wire_name + "}"
            segments = [s.replace(placeholder, str(kwargs[param.python_name])) for s in segments]
    return segments


def _segments(target: str) -> list[str]:
    return [unquote(segment) for segment in path_of(target).split("/")]


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("spec", "op", "wire_name"), PATH_PARAMETERS)
def test_a_value_that_is_not_a_segment_is_refused_and_nothing_is_sent(
    spec: VendorSpec, op: OperationSpec, wire_name: str, asynchronous: bool
) -> None:
    valid = valid_arguments(spec, op)
    calls = [_with_value(op, valid, wire_name, value) for value in NOT_A_SEGMENT]
    with Loopback(success_reply(op), token_paths(spec, "/api")) as server:
        outcomes = _outcomes(spec, op, server, asynchronous, calls)
        assert server.requests == []
    pointer = "/" + escape_pointer_token(wire_name)
    for value, outcome in zip(NOT_A_SEGMENT, outcomes, strict=True):
        assert isinstance(outcome, ValidationFailed), (value, outcome)
        assert [v for v in outcome.violations if v.pointer == pointer], (value, outcome)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("spec", "op", "wire_name"), PATH_PARAMETERS)
def test_a_valid_value_reaches_the_endpoint_the_spec_names(
    spec: VendorSpec, op: OperationSpec, wire_name: str, asynchronous: bool
) -> None:
    """The other side of the test above: the server does see a request, so `requests == []` means
    something."""
    kwargs = valid_arguments(spec, op)
    with Loopback(success_reply(op), token_paths(spec, "/api")) as server:
        assert _outcomes(spec, op, server, asynchronous, [kwargs]) == [None]
        [received] = server.api_requests()
    assert received.method == op.method
    assert _segments(received.target) == _expected_path(op, server, kwargs)


@pytest.mark.parametrize(("spec", "op", "wire_name"), PATH_PARAMETERS)
def test_a_hostile_value_the_spec_allows_stays_in_its_segment(
    spec: VendorSpec, op: OperationSpec, wire_name: str
) -> None:
    valid = valid_arguments(spec, op)
    calls = [_with_value(op, valid, wire_name, value) for value in HOSTILE_BUT_ONE_SEGMENT]
    pointer = "/" + escape_pointer_token(wire_name)
    with Loopback(success_reply(op), token_paths(spec, "/api")) as server:
        outcomes = _outcomes(spec, op, server, False, calls)
        received = iter(server.api_requests())
        for kwargs, outcome in zip(calls, outcomes, strict=True):
            if outcome is None:
                assert _segments(next(received).target) == _expected_path(op, server, kwargs)
            else:  # the spec's own format refuses the value: also safe, and nothing was sent
                assert isinstance(outcome, ValidationFailed), outcome
                assert any(v.pointer == pointer for v in outcome.violations), outcome
        assert next(received, None) is None
