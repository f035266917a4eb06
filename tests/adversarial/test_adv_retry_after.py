"""A Retry-After that is not a valid delay is ignored; a valid one is capped.

The attack: `Retry-After: -5` or `nan` removed the backoff (the retry came at once) and set the
RateLimitError's `retry_after` to -5.0 or nan. Now: a negative, NaN, infinite or unparseable value is
ignored (the backoff applies, `retry_after` is None); an HTTP date in the past is 0; any delay is capped.
Against every vendor's client (from the SDK's spec modules), over loopback.
"""

from __future__ import annotations

import email.utils
import itertools
import math
import time
from typing import Any

import pytest

from ats_sdk._runtime.errors import RateLimitError
from ats_sdk._runtime.http import MAX_RETRY_AFTER_SECONDS, RetryPolicy, parse_retry_after
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

NOT_A_DELAY = [
    "-5",
    "-0.5",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e3",
    "+5",
    "0x10",
    "5s",
    "soon",
]


def _http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


@pytest.mark.parametrize("value", NOT_A_DELAY)
def test_a_value_that_is_not_a_delay_is_ignored(value: str) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0.0), ("5", 5.0), (" 7 ", 7.0), ("0.25", 0.25), ("120", 120.0)],
)
def test_a_delay_in_seconds_is_read(value: str, expected: float) -> None:
    assert parse_retry_after(value) == expected


def test_a_huge_delay_is_capped() -> None:
    assert parse_retry_after("9" * 400) == MAX_RETRY_AFTER_SECONDS
    assert parse_retry_after(_http_date(10 * 365 * 86400)) == MAX_RETRY_AFTER_SECONDS


def test_an_http_date_in_the_past_is_now_and_a_future_one_is_the_time_until_it() -> None:
    assert parse_retry_after(_http_date(-3600)) == 0.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT") == 0.0
    assert 20 < (parse_retry_after(_http_date(30)) or 0) <= 30
    # "-0000" (no zone information) is read as GMT, not the machine's local time.
    naive = email.utils.formatdate(time.time() + 30, usegmt=True).replace("GMT", "-0000")
    assert 20 < (parse_retry_after(naive) or 0) <= 30


@pytest.mark.parametrize("retry_after", [-5.0, math.nan, math.inf, -math.inf])
def test_the_policy_backs_off_when_the_delay_is_not_valid(retry_after: float) -> None:
    policy = RetryPolicy(initial_delay=0.4, max_delay=0.4)
    for attempt in range(3):
        assert 0.2 <= policy.delay(attempt, retry_after) <= 0.4


def test_the_policy_caps_a_valid_delay() -> None:
    policy = RetryPolicy(max_retry_after=10.0)
    assert policy.delay(0, 3.0) == 3.0 and policy.delay(0, 3600.0) == 10.0


@pytest.mark.parametrize(
    "options",
    [
        {"max_retries": -1},
        {"max_retries": True},
        {"initial_delay": math.nan},
        {"max_delay": -1.0},
        {"max_retry_after": math.inf},
    ],
    ids=repr,
)
def test_a_policy_that_is_not_a_policy_is_refused_clearly(options: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError), match="RetryPolicy: "):
        RetryPolicy(**options)


# -- over loopback, for every vendor ---------------------------------------------------------------------


def _first_operation(spec: VendorSpec) -> OperationSpec:
    return spec.operations[sorted(spec.operations)[0]]


VENDORS = [pytest.param(spec, _first_operation(spec), id=spec.id) for spec in vendor_specs()]


@pytest.mark.parametrize(("spec", "op"), VENDORS)
def test_the_rate_limit_error_carries_only_a_valid_delay(
    spec: VendorSpec, op: OperationSpec
) -> None:
    values = iter(["-5", "nan", "inf", "Wed, 21 Oct 2015 07:28:00 GMT", "3"])

    def limited(exchange: Exchange) -> None:
        exchange.send(http_response(429, b"", {"Retry-After": next(values)}))

    seen: list[float | None] = []
    with (
        Loopback(limited, token_paths(spec, "/api")) as server,
        make_client(spec, op, server, False, max_retries=0) as client,
    ):
        for _ in range(5):
            with pytest.raises(RateLimitError) as caught:
                getattr(client, method_name(op))(**valid_arguments(spec, op))
            seen.append(caught.value.retry_after)
    assert seen == [None, None, None, 0.0, 3.0]


@pytest.mark.parametrize(("spec", "op"), VENDORS)
def test_a_negative_retry_after_does_not_remove_the_backoff(
    spec: VendorSpec, op: OperationSpec
) -> None:
    answers = iter(["-5", "nan"])
    succeed = success_reply(op)

    def reply(exchange: Exchange) -> None:
        value = next(answers, None)
        if value is None:
            succeed(exchange)
        else:
            exchange.send(http_response(429, b"", {"Retry-After": value}))

    policy = RetryPolicy(initial_delay=0.2, max_delay=0.2)
    with Loopback(reply, token_paths(spec, "/api")) as server:
        with make_client(spec, op, server, False, retry_policy=policy) as client:
            # Given per call, so that an operation not safe to retry is retried too.
            getattr(client, method_name(op))(**valid_arguments(spec, op), max_retries=2)
        arrivals = [r.arrived for r in server.api_requests()]
    assert len(arrivals) == 3
    # The backoff waits at least half its ceiling (0.1 s) before each retry.
    assert all(later - earlier >= 0.1 for earlier, later in itertools.pairwise(arrivals))
