"""The escape hatches, for what the (partly inferred) specs do not say, without leaving the client.

Per call: `extra_query`, `extra_body`, `extra_headers` and `validate=False`; per client: `validate=False`,
`with_options(...)` (a configured copy), `with_raw_response.<operation>(...)` (the HTTP response, the
result on demand); the base URL and environment from `<VENDOR>_BASE_URL` / `<VENDOR>_ENVIRONMENT`.

Every vendor and operation comes from the generated spec modules; each is called sync and async against
the mock vendor server on loopback, and what went on the wire is read from an httpx request hook.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

import ats_sdk
from ats_sdk import RawResponse, RetryPolicy
from ats_sdk.errors import (
    APIError,
    NotFoundError,
    ResponseDecodeError,
    ServerError,
    ValidationFailed,
)
from ats_sdk.mock import MockServer

FAST = RetryPolicy(initial_delay=0.01, max_delay=0.02)
EXTRA = "atsgen_extra"
"""A name no spec uses, for the fields and parameters the escape hatches add."""
# Values a path parameter may take, tried in turn until one passes the operation's own validators.
PATH_VALUES: tuple[object, ...] = ("8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", "1", 1, "abc")
# Values tried, in turn, to break a field's rules (validators differ in which they refuse).
BAD_VALUES: tuple[object, ...] = ({EXTRA: [1]}, [EXTRA], "", -1, 10**30, "not-a-valid-value-" * 40)
PARTS = {"path": "path", "query": "query", "header": "headers", "body": "body"}
MODES = ("sync", "async")


def _spec(vendor: str) -> Any:
    return importlib.import_module(f"ats_sdk.{vendor}._spec").VENDOR


def _validate(vendor: str) -> Callable[..., list[Any]]:
    validate: Callable[..., list[Any]] = importlib.import_module(f"ats_sdk.{vendor}").validate
    return validate


def _client_class(vendor: str, asynchronous: bool) -> Any:
    names = importlib.import_module(f"ats_sdk.{vendor}.client").__all__
    [name] = [n for n in names if n.endswith("Client") and n.startswith("Async") == asynchronous]
    return getattr(importlib.import_module(f"ats_sdk.{vendor}"), name)


def _parts(op: Any, arguments: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The arguments (by Python name) as request parts keyed by wire name, as the client splits them."""
    parts: dict[str, dict[str, Any]] = {part: {} for part in PARTS.values()}
    for param in op.params:
        if param.python_name in arguments:
            parts[PARTS[param.location]][param.wire_name] = arguments[param.python_name]
    return parts


def _violations(vendor: str, op: Any, arguments: dict[str, Any]) -> list[Any]:
    validate = _validate(vendor)
    found: list[Any] = []
    for part, payload in _parts(op, arguments).items():
        if part != "body" or op.has_body:
            found += validate(op.id, payload, part)
    return found


def _valid_arguments(vendor: str, op: Any) -> dict[str, Any] | None:
    """Arguments the operation's validators accept: its request example and a path value that fits;
    None when the spec gives no such call."""
    by_wire = {param.wire_name: param for param in op.params}
    arguments = {by_wire[w].python_name: v for w, v in (op.request_example or {}).items()}
    for param in op.params:
        if param.location != "path":
            continue
        fits = [
            value
            for value in PATH_VALUES
            if not _validate(vendor)(op.id, {param.wire_name: value}, "path")
        ]
        if not fits:
            return None
        arguments[param.python_name] = fits[0]
    return None if _violations(vendor, op, arguments) else arguments


def _valid_calls() -> list[tuple[str, str]]:
    return [
        (vendor, op_id)
        for vendor in ats_sdk.VENDORS
        for op_id, op in _spec(vendor).operations.items()
        if _valid_arguments(vendor, op) is not None
    ]


VALID_CALLS = _valid_calls()


def _invalid_arguments(vendor: str, op: Any) -> tuple[dict[str, Any], str, object] | None:
    """Valid arguments with one non-path field given a value its rules refuse: (arguments, wire name,
    value); None when no field of the operation refuses any of BAD_VALUES."""
    valid = _valid_arguments(vendor, op)
    assert valid is not None
    for param in op.params:
        if param.location in ("path", "header"):
            continue
        for bad in BAD_VALUES:
            if param.location == "query" and not isinstance(bad, (str, int)):
                continue
            arguments = {**valid, param.python_name: bad}
            if _violations(vendor, op, arguments):
                return arguments, param.wire_name, bad
    return None


INVALID_CALLS = [
    (vendor, op_id)
    for vendor, op_id in VALID_CALLS
    if _invalid_arguments(vendor, _spec(vendor).operations[op_id]) is not None
]


def test_the_specs_give_calls_to_test() -> None:
    """Every vendor has at least one operation the tests below can call, and one they can break."""
    assert {vendor for vendor, _ in VALID_CALLS} == set(ats_sdk.VENDORS)
    assert {vendor for vendor, _ in INVALID_CALLS} == set(ats_sdk.VENDORS)


@pytest.fixture
def mock() -> Iterator[Callable[[str], MockServer]]:
    servers: list[MockServer] = []

    def start(vendor: str) -> MockServer:
        server = MockServer(vendor).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


class Calls:
    """One vendor's client, sync or async, over a recording httpx client: calls run to completion and
    every request sent is kept (`sent`)."""

    def __init__(self, server: MockServer, asynchronous: bool, **options: Any) -> None:
        self.server = server
        self.asynchronous = asynchronous
        self.sent: list[httpx.Request] = []
        options.setdefault("retry_policy", FAST)
        options.setdefault("base_url", server.url)
        if asynchronous:

            async def record_async(request: httpx.Request) -> None:
                self.sent.append(request)

            http: Any = httpx.AsyncClient(event_hooks={"request": [record_async]})
        else:
            http = httpx.Client(event_hooks={"request": [self.sent.append]})
        self.http = http
        # One loop for every call: the async httpx client's connections belong to the loop they opened in.
        self.loop = asyncio.new_event_loop() if asynchronous else None
        scheme = server.vendor.auth[0].id
        cls = _client_class(server.vendor.id, asynchronous)
        self.client = cls(http_client=http, **server.credentials[scheme], **options)

    def run(self, call: Callable[[Any], Any]) -> Any:
        """`call(client)`'s result; for the async client, the awaited result."""
        if self.loop is None:
            return call(self.client)

        async def run() -> Any:
            outcome = call(self.client)
            return await outcome if isinstance(outcome, Awaitable) else outcome

        return self.loop.run_until_complete(asyncio.wait_for(run(), timeout=30))

    def close(self) -> None:
        if self.loop is None:
            self.http.close()
            return
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()

    def to(self, op: Any) -> list[httpx.Request]:
        """The requests sent for the operation (not the token requests)."""
        return [r for r in self.sent if r.method == op.method and r.url.path != "/oauth/token"]


def _answered(calls: Calls, call: Callable[[Any], Any]) -> None:
    """Run a call whose answer does not matter here (the mock may refuse it): only what was sent does."""
    with contextlib.suppress(APIError):
        calls.run(call)


def _sent_body(request: httpx.Request, op: Any) -> dict[str, Any]:
    if op.content_type == "application/x-www-form-urlencoded":
        return dict(parse_qsl(request.content.decode()))
    body: dict[str, Any] = json.loads(request.content)
    return body


# -- extra_query, extra_body, extra_headers ----------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("vendor", "operation"), VALID_CALLS)
def test_extra_query_body_and_headers_are_sent_beside_the_arguments(
    vendor: str, operation: str, mode: str, mock: Callable[[str], MockServer]
) -> None:
    op = _spec(vendor).operations[operation]
    arguments = _valid_arguments(vendor, op)
    assert arguments is not None
    calls = Calls(mock(vendor), mode == "async")
    extras = {
        "extra_query": {EXTRA: "q"},
        "extra_body": {EXTRA: "b"},
        "extra_headers": {"X-Atsgen-Extra": "h"},
    }
    _answered(calls, lambda client: getattr(client, op.id)(**arguments, **extras))
    calls.close()
    [sent] = calls.to(op)
    assert sent.url.params.get(EXTRA) == "q"
    assert sent.headers["X-Atsgen-Extra"] == "h"
    body = _sent_body(sent, op)
    assert body[EXTRA] == "b"
    # The spec's own fields and parameters are still there.
    parts = _parts(op, arguments)
    assert {k: v for k, v in body.items() if k != EXTRA} == parts["body"]
    for name, value in parts["query"].items():
        assert sent.url.params.get(name) == str(value)


# -- validate=False ----------------------------------------------------------------------------------------


def _invalid(vendor: str, operation: str) -> tuple[Any, dict[str, Any], str, object]:
    op = _spec(vendor).operations[operation]
    found = _invalid_arguments(vendor, op)
    assert found is not None
    arguments, wire_name, bad = found
    return op, arguments, wire_name, bad


def _carries(request: httpx.Request, op: Any, wire_name: str, bad: object) -> bool:
    if wire_name in request.url.params:
        return request.url.params[wire_name] == str(bad)
    return _sent_body(request, op).get(wire_name) == bad


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("vendor", "operation"), INVALID_CALLS)
def test_validate_false_per_call_sends_what_the_spec_refuses(
    vendor: str, operation: str, mode: str, mock: Callable[[str], MockServer]
) -> None:
    op, arguments, wire_name, bad = _invalid(vendor, operation)
    calls = Calls(mock(vendor), mode == "async")
    with pytest.raises(ValidationFailed):
        calls.run(lambda client: getattr(client, op.id)(**arguments))
    assert calls.to(op) == []
    _answered(calls, lambda client: getattr(client, op.id)(**arguments, validate=False))
    calls.close()
    [sent] = calls.to(op)
    assert _carries(sent, op, wire_name, bad)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("vendor", "operation"), INVALID_CALLS)
def test_validate_false_per_client_and_each_call_may_say_otherwise(
    vendor: str, operation: str, mode: str, mock: Callable[[str], MockServer]
) -> None:
    op, arguments, wire_name, bad = _invalid(vendor, operation)
    calls = Calls(mock(vendor), mode == "async", validate=False)
    with pytest.raises(ValidationFailed):
        calls.run(lambda client: getattr(client, op.id)(**arguments, validate=True))
    assert calls.to(op) == []
    _answered(calls, lambda client: getattr(client, op.id)(**arguments))
    strict = calls.client.with_options(validate=True)
    with pytest.raises(ValidationFailed):
        calls.run(lambda client: getattr(strict, op.id)(**arguments))
    calls.close()
    [sent] = calls.to(op)
    assert _carries(sent, op, wire_name, bad)


@pytest.mark.parametrize(
    ("vendor", "operation"),
    [
        (v, o)
        for v, o in VALID_CALLS
        if any(p.location == "path" for p in _spec(v).operations[o].params)
    ],
)
def test_validate_false_still_keeps_a_path_parameter_inside_its_segment(
    vendor: str, operation: str, mock: Callable[[str], MockServer]
) -> None:
    op = _spec(vendor).operations[operation]
    arguments = _valid_arguments(vendor, op)
    assert arguments is not None
    path = next(p for p in op.params if p.location == "path")
    calls = Calls(mock(vendor), False, validate=False)
    with pytest.raises(ValidationFailed) as caught:
        calls.run(lambda client: getattr(client, op.id)(**{**arguments, path.python_name: ".."}))
    calls.close()
    assert [v.rule for v in caught.value.violations] == ["path_segment"]
    assert calls.to(op) == []


# -- with_options ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("vendor", "operation"), VALID_CALLS)
def test_with_options_returns_a_configured_copy(
    vendor: str, operation: str, mode: str, mock: Callable[[str], MockServer]
) -> None:
    op = _spec(vendor).operations[operation]
    arguments = _valid_arguments(vendor, op)
    assert arguments is not None
    home, other = mock(vendor), mock(vendor)
    calls = Calls(home, mode == "async", default_headers={"X-Atsgen-Client": "original"})
    original = calls.client
    copy = original.with_options(
        base_url=other.url,
        timeout=2.5,
        max_retries=0,
        default_headers={"X-Atsgen-Client": "copy"},
    )
    assert type(copy) is type(original) and copy is not original
    other.faults.status(503, operation=op.id, times=1)
    with pytest.raises(ServerError):
        calls.run(lambda _: getattr(copy, op.id)(**arguments, max_retries=NOT_GIVEN_RETRIES))
    [sent] = calls.to(op)
    assert other.requests.count(op.id) == 1 and home.requests.count(op.id) == 0
    assert sent.headers["X-Atsgen-Client"] == "copy"
    # Each attempt's httpx limits are within the copy's 2.5 s deadline.
    assert all(limit <= 2.5 for limit in sent.extensions["timeout"].values())
    # The original is as it was, and closing the copy closed nothing it uses.
    copy_close = copy.aclose if mode == "async" else copy.close
    calls.run(lambda _: copy_close())
    home.faults.status(503, operation=op.id, times=1)
    _answered(calls, lambda client: getattr(client, op.id)(**arguments, max_retries=1))
    to_home = calls.to(op)[1:]
    assert [r.url.host for r in to_home] == [httpx.URL(home.url).host] * 2
    assert home.requests.count(op.id) == 2
    assert to_home[0].headers["X-Atsgen-Client"] == "original"
    assert max(to_home[0].extensions["timeout"].values()) > 2.5
    calls.close()


NOT_GIVEN_RETRIES = ats_sdk.NOT_GIVEN
"""A call that leaves max_retries to the client: the copy's 0, whatever the operation."""


# -- with_raw_response -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("vendor", "operation"), VALID_CALLS)
def test_with_raw_response_gives_the_http_response_and_parses_on_demand(
    vendor: str, operation: str, mode: str, mock: Callable[[str], MockServer]
) -> None:
    op = _spec(vendor).operations[operation]
    arguments = _valid_arguments(vendor, op)
    assert arguments is not None
    server = mock(vendor)
    calls = Calls(server, mode == "async")
    # A body that is not JSON: the call still returns; only parsing it fails, and only when asked.
    server.faults.malformed(operation=op.id, times=1)
    raw = calls.run(lambda client: getattr(client.with_raw_response, op.id)(**arguments))
    assert isinstance(raw, RawResponse)
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.status_code == raw.http_response.status_code and 200 <= raw.status_code < 300
    assert raw.headers is raw.http_response.headers
    with pytest.raises(ResponseDecodeError):
        raw.parse()
    # An error status raises, as the plain call does.
    server.faults.status(404, operation=op.id, times=1)
    with pytest.raises(NotFoundError):
        calls.run(lambda client: getattr(client.with_raw_response, op.id)(**arguments))
    calls.close()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("vendor", "operation"),
    [
        (v, o)
        for v, o in VALID_CALLS
        if not any(p.location == "path" for p in _spec(v).operations[o].params)
    ],
)
def test_with_raw_response_parses_what_the_plain_call_returns(
    vendor: str, operation: str, mode: str, mock: Callable[[str], MockServer]
) -> None:
    op = _spec(vendor).operations[operation]
    arguments = _valid_arguments(vendor, op)
    assert arguments is not None and op.success is not None
    calls = Calls(mock(vendor), mode == "async")
    raw = calls.run(lambda client: getattr(client.with_raw_response, op.id)(**arguments))
    calls.close()
    parsed = raw.parse()
    assert type(parsed).__name__ == op.success.model
    assert parsed is raw.parse()
    assert parsed.raw_response is raw.http_response


# -- base URL and environment from environment variables ---------------------------------------------------


@pytest.mark.parametrize("vendor", ats_sdk.VENDORS)
def test_the_base_url_and_environment_come_from_environment_variables(
    vendor: str, mock: Callable[[str], MockServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ats_sdk._runtime.http import environment_variables

    spec = _spec(vendor)
    url_variable, environment_variable = environment_variables(vendor)
    assert url_variable.startswith(vendor.upper().replace("-", "_"))
    server = mock(vendor)
    credentials = server.credentials[spec.auth[0].id]
    cls = _client_class(vendor, False)
    monkeypatch.delenv(url_variable, raising=False)
    for name, url in spec.environments.items():
        monkeypatch.setenv(environment_variable, name)
        with cls(**credentials) as client:
            assert client.base_url == url.rstrip("/")
    monkeypatch.setenv(environment_variable, "no-such-environment")
    with pytest.raises(ValueError, match=environment_variable):
        cls(**credentials)
    monkeypatch.setenv(url_variable, server.url)
    with cls(**credentials) as client:
        assert client.base_url == server.url.rstrip("/")
    # An argument wins over the environment.
    default = spec.default_environment
    with cls(**credentials, environment=default) as client:
        assert client.base_url == spec.environments[default].rstrip("/")
    with cls(**credentials, base_url="http://127.0.0.1:9") as client:
        assert client.base_url == "http://127.0.0.1:9"
