"""Units of `atsgen_runtime.http`: the retry policy, Retry-After, NotGiven and building a request's path."""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Iterator

import pytest

from atsgen_runtime import http
from atsgen_runtime.validation import ValidationFailed
from tests.runtime.specs import operation, path_param, vendor


def test_retry_policy_backs_off_exponentially_within_its_ceiling() -> None:
    policy = http.RetryPolicy(initial_delay=1.0, max_delay=4.0)
    for attempt, ceiling in enumerate((1.0, 2.0, 4.0, 4.0)):
        delays = [policy.delay(attempt, None) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, delays)


def test_retry_policy_honours_retry_after_up_to_its_cap() -> None:
    policy = http.RetryPolicy(max_retry_after=10.0)
    assert policy.delay(0, 3.0) == 3.0
    assert policy.delay(0, 600.0) == 10.0
    # Not a delay: the backoff applies instead.
    for bad in (-1.0, math.nan, math.inf):
        assert 0.25 <= policy.delay(0, bad) <= 0.5


@pytest.mark.parametrize(
    ("options", "error", "words"),
    [
        ({"max_retries": -1}, ValueError, "max_retries must be 0 or more"),
        ({"max_retries": True}, TypeError, "max_retries must be an int"),
        ({"initial_delay": math.nan}, ValueError, "initial_delay must be a finite number"),
        ({"max_delay": -2.0}, ValueError, "max_delay must be a finite number"),
        ({"max_retry_after": math.inf}, ValueError, "max_retry_after must be a finite number"),
    ],
)
def test_retry_policy_refuses_settings_it_cannot_use(
    options: dict[str, object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        http.RetryPolicy(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("7", 7.0),
        (" 2.5 ", 2.5),
        ("-3", None),
        ("1e3", None),
        ("NaN", None),
        ("Infinity", None),
        ("soon", None),
        ("999999999", http.MAX_RETRY_AFTER_SECONDS),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_retry_after_is_read_in_both_forms_and_bounded(
    header: str | None, seconds: float | None
) -> None:
    assert http.parse_retry_after(header) == seconds


def test_a_retry_after_date_counts_from_now() -> None:
    header = email.utils.formatdate(time.time() + 120, usegmt=True)
    waited = http.parse_retry_after(header)
    assert waited is not None and 100 <= waited <= 120


def test_not_given_is_one_falsy_value_distinct_from_none() -> None:
    assert http.NotGiven() is http.NOT_GIVEN
    assert not http.NOT_GIVEN and http.NOT_GIVEN is not None
    assert repr(http.NOT_GIVEN) == "NOT_GIVEN"


@pytest.fixture
def client() -> Iterator[http.SyncClient]:
    spec = vendor(operation("get_item", "GET", "/items/{item_id}", path_param("item_id")))
    made = http.SyncClient(spec, lambda *_: [], credentials={})
    yield made
    made.close()


@pytest.mark.parametrize(
    ("value", "segment"),
    [("abc", "abc"), ("a/b", "a%2Fb"), ("a b?c#d", "a%20b%3Fc%23d"), (42, "42"), ("...", "...")],
)
def test_a_path_parameter_stays_inside_its_segment(
    client: http.SyncClient, value: object, segment: str
) -> None:
    prepared = client._prepare(
        "get_item", http.RequestParts(path={"item_id": value}), http._CallOptions()
    )
    assert prepared.url == f"https://api.example.test/v1/items/{segment}"


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_a_path_parameter_naming_another_endpoint_is_a_violation(
    client: http.SyncClient, value: str
) -> None:
    with pytest.raises(ValidationFailed) as raised:
        client._prepare("get_item", http.RequestParts(path={"item_id": value}), http._CallOptions())
    [violation] = raised.value.violations
    assert (violation.pointer, violation.rule) == ("/item_id", "path_segment")
    assert "would name another endpoint" in violation.message


def test_a_missing_path_parameter_is_a_violation_and_not_given_is_not_sent(
    client: http.SyncClient,
) -> None:
    with pytest.raises(ValidationFailed, match="item_id is required"):
        client._prepare(
            "get_item", http.RequestParts(path={"item_id": http.NOT_GIVEN}), http._CallOptions()
        )


def test_an_unknown_environment_is_named_with_the_known_ones() -> None:
    spec = vendor(operation("get_item", "GET", "/items"))
    with pytest.raises(ValueError, match="unit: unknown environment 'staging'; known: production"):
        http.SyncClient(spec, lambda *_: [], credentials={}, environment="staging")
