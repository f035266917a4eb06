"""A call's timeout is a deadline for the whole call, not a limit per network read.

The attack: a server sending one byte a second kept a `timeout=2.0` call alive for 54 s, because httpx's
timeouts apply to each read. Against a loopback server that trickles its answer (from the status line,
or only the body; on a fresh connection or a reused keep-alive one), every vendor's client, sync and
async, raises RequestTimeout within the timeout and a small slack. The deadline covers retries and
backoff: a retry that could not start in time is not made.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ats_sdk._runtime.errors import RequestTimeout, ServerError
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from tests.adversarial.client_http_support import (
    Exchange,
    Loopback,
    http_response,
    make_client,
    method_name,
    success_reply,
    token_paths,
    valid_arguments,
    vendor_specs,
)

DEADLINE = 0.2
SLACK = 1.0
"""Generous for a loaded 2-core machine; the trickled answers below take over 4 s to send."""
INTERVAL = 0.04
# About 110 bytes at INTERVAL apart: far longer than DEADLINE + SLACK, so only a deadline stops the call.
TRICKLED_BODY = b'{"padding": "' + b"x" * 56 + b'"}'
TRICKLED_RESPONSE = http_response(200, TRICKLED_BODY, {"Content-Type": "application/json"})


def _first_operation(spec: VendorSpec) -> OperationSpec:
    return spec.operations[sorted(spec.operations)[0]]


VENDORS = [pytest.param(spec, _first_operation(spec), id=spec.id) for spec in vendor_specs()]


def _trickle_everything(exchange: Exchange) -> None:
    exchange.trickle(TRICKLED_RESPONSE, INTERVAL)


def _trickle_the_body(exchange: Exchange) -> None:
    head, _, body = TRICKLED_RESPONSE.partition(b"\r\n\r\n")
    exchange.send(head + b"\r\n\r\n")
    exchange.trickle(body, INTERVAL)


def _timed_call(
    spec: VendorSpec,
    op: OperationSpec,
    server: Loopback,
    asynchronous: bool,
    client_options: dict[str, Any],
    *calls: dict[str, Any],
) -> tuple[float, BaseException | None]:
    """Make one call per options mapping in `calls`, on one client: the seconds the last took, and what
    it raised (the earlier ones must succeed)."""
    name = method_name(op)
    arguments = valid_arguments(spec, op)
    *earlier, last = calls
    caught: BaseException | None = None
    if not asynchronous:
        with make_client(spec, op, server, False, **client_options) as client:
            for options in earlier:
                getattr(client, name)(**arguments, **options)
            started = time.monotonic()
            try:
                getattr(client, name)(**arguments, **last)
            except Exception as exc:
                caught = exc
            elapsed = time.monotonic() - started
        return elapsed, caught

    async def run() -> tuple[float, BaseException | None]:
        caught: BaseException | None = None
        async with make_client(spec, op, server, True, **client_options) as client:
            for options in earlier:
                await getattr(client, name)(**arguments, **options)
            started = time.monotonic()
            try:
                await getattr(client, name)(**arguments, **last)
            except Exception as exc:
                caught = exc
            elapsed = time.monotonic() - started
        return elapsed, caught

    return asyncio.run(run())


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(
    "reply", [_trickle_everything, _trickle_the_body], ids=["status-line", "body"]
)
@pytest.mark.parametrize(("spec", "op"), VENDORS)
def test_a_trickling_server_cannot_keep_a_call_past_its_deadline(
    spec: VendorSpec, op: OperationSpec, reply: Callable[[Exchange], None], asynchronous: bool
) -> None:
    with Loopback(reply, token_paths(spec, "/api")) as server:
        # max_retries per call: an operation not safe to retry is then retried too.
        elapsed, caught = _timed_call(
            spec, op, server, asynchronous, {}, {"timeout": DEADLINE, "max_retries": 3}
        )
        # No retry: none could start before the deadline.
        assert len(server.api_requests()) == 1
    assert isinstance(caught, RequestTimeout), caught
    assert elapsed < DEADLINE + SLACK, elapsed


@pytest.mark.parametrize(("spec", "op"), VENDORS)
def test_the_clients_own_timeout_is_a_deadline_too(spec: VendorSpec, op: OperationSpec) -> None:
    """Given to the client as an httpx.Timeout: its longest limit is the deadline."""
    timeout = httpx.Timeout(DEADLINE / 2, read=DEADLINE)
    with Loopback(_trickle_the_body, token_paths(spec, "/api")) as server:
        elapsed, caught = _timed_call(
            spec, op, server, False, {"max_retries": 0, "timeout": timeout}, {}
        )
    assert isinstance(caught, RequestTimeout), caught
    assert elapsed < DEADLINE + SLACK, elapsed


@pytest.mark.parametrize(("spec", "op"), VENDORS)
def test_a_stall_on_a_reused_connection_is_cut_at_the_deadline(
    spec: VendorSpec, op: OperationSpec
) -> None:
    """The first call is answered at once on a keep-alive connection; the second, on the same
    connection, gets its status line a byte at a time. (The sync client: the async one cancels
    whatever the connection.)"""
    answered: list[int] = []
    succeed = success_reply(op)

    def reply(exchange: Exchange) -> None:
        if not answered:
            answered.append(1)
            succeed(exchange)
        else:
            exchange.trickle(TRICKLED_RESPONSE, INTERVAL)

    with Loopback(reply, token_paths(spec, "/api")) as server:
        elapsed, caught = _timed_call(
            spec,
            op,
            server,
            False,
            {"max_retries": 0},
            {"timeout": 5.0},
            {"timeout": DEADLINE},
        )
        assert len(server.api_requests()) == 2
    assert isinstance(caught, RequestTimeout), caught
    assert elapsed < DEADLINE + SLACK, elapsed


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(("spec", "op"), VENDORS)
def test_a_backoff_that_would_pass_the_deadline_is_not_slept(
    spec: VendorSpec, op: OperationSpec, asynchronous: bool
) -> None:
    """A 503 asking for a 2 s wait, under a 0.2 s deadline: the call raises the 503 at once."""

    def unavailable(exchange: Exchange) -> None:
        exchange.send(http_response(503, b"", {"Retry-After": "2"}))

    with Loopback(unavailable, token_paths(spec, "/api")) as server:
        # max_retries per call: an operation not safe to retry is then retried too.
        elapsed, caught = _timed_call(
            spec, op, server, asynchronous, {}, {"timeout": DEADLINE, "max_retries": 2}
        )
        assert len(server.api_requests()) == 1
    assert isinstance(caught, ServerError) and caught.status == 503, caught
    assert elapsed < DEADLINE + SLACK, elapsed
