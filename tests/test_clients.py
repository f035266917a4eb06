"""The generated clients over real HTTP on loopback, against the mock vendor server.

Every operation of every vendor, sync and async; each documented error status; auth flows including token
refresh; retries and their limits; fault injection; pagination across pages; partial-update null
semantics for every nullable field; no request on an invalid payload; no secret in logs or exceptions.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import re
import threading
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

import ats_sdk
from ats_sdk._runtime.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTimeout,
    ResponseDecodeError,
    ServerError,
    TransportError,
)
from ats_sdk._runtime.http import RetryPolicy
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk._runtime.validation import ValidationFailed
from ats_sdk.mock import MockServer
from tests import spec_support

VENDORS = tuple(vendor.id for vendor in spec_support.vendor_specs())
FAST = RetryPolicy(initial_delay=0.01, max_delay=0.02)
SEEDED = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"


def spec(vendor: str) -> VendorSpec:
    module = importlib.import_module(f"ats_sdk.{vendor}._spec")
    result: VendorSpec = module.VENDOR
    return result


def client_class(vendor: str, asynchronous: bool = False) -> Any:
    module = importlib.import_module(f"ats_sdk.{vendor}")
    name = "".join(part.capitalize() for part in vendor.split("_")) + "Client"
    return getattr(module, ("Async" if asynchronous else "") + name)


def credentials(server: MockServer, scheme: str | None = None) -> dict[str, str]:
    chosen = scheme or server.vendor.auth[0].id
    return dict(server.credentials[chosen])


def make_client(
    server: MockServer, *, asynchronous: bool = False, scheme: str | None = None, **options: Any
) -> Any:
    options.setdefault("retry_policy", FAST)
    cls = client_class(server.vendor.id, asynchronous)
    return cls(base_url=server.url, **credentials(server, scheme), **options)


@pytest.fixture
def mock() -> Iterator[Any]:
    servers: list[MockServer] = []

    def start(vendor: str, **options: Any) -> MockServer:
        server = MockServer(vendor, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def arguments(op: OperationSpec, server: MockServer) -> dict[str, Any]:
    """Keyword arguments for a valid call (the request example, path values of the declared type, the
    required headers), with the item the path names stored in the mock."""
    kwargs = spec_support.valid_arguments(server.vendor, op)
    path_values = spec_support.path_values(server.vendor, op)
    route = next(r for r in server.routes if r.op.id == op.id)
    if route.id_param in path_values:
        collection = route.collection_for({k: str(v) for k, v in path_values.items()})
        seeded = {"full_name": "Seeded", "email": "seeded@example.com"}
        server.seed(collection, seeded, id=path_values[route.id_param])
    return kwargs


OPERATIONS = [(vendor, op_id) for vendor in VENDORS for op_id in spec(vendor).operations]


# -- every operation, sync and async --------------------------------------------------------------------------


@pytest.mark.parametrize(("vendor", "operation"), OPERATIONS)
def test_every_operation_succeeds_and_parses(vendor: str, operation: str, mock: Any) -> None:
    server = mock(vendor)
    op = spec(vendor).operations[operation]
    with make_client(server) as client:
        result = getattr(client, operation)(**arguments(op, server))
    success = op.success
    assert success is not None and success.model is not None
    assert type(result).__name__ == success.model
    assert result.raw_response is not None and 200 <= result.raw_response.status_code < 300
    [recorded] = server.requests.for_operation(operation)
    assert recorded.method == op.method and recorded.auth is not None


@pytest.mark.parametrize(("vendor", "operation"), OPERATIONS)
def test_every_operation_succeeds_async(vendor: str, operation: str, mock: Any) -> None:
    server = mock(vendor)
    op = spec(vendor).operations[operation]

    async def call() -> Any:
        async with make_client(server, asynchronous=True) as client:
            return await getattr(client, operation)(**arguments(op, server))

    result = asyncio.run(call())
    assert result.raw_response is not None and result.raw_response.is_success


# -- documented errors -----------------------------------------------------------------------------------------

ERROR_CLASSES = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
    500: ServerError,
}


def _documented_errors() -> list[tuple[str, str, int]]:
    return [
        (vendor, op_id, status)
        for vendor, op_id in OPERATIONS
        for status in spec_support.error_statuses(spec(vendor).operations[op_id])
    ]


@pytest.mark.parametrize(("vendor", "operation", "status"), _documented_errors())
def test_each_documented_error_becomes_a_typed_exception(
    vendor: str, operation: str, status: int, mock: Any
) -> None:
    server = mock(vendor)
    op = spec(vendor).operations[operation]
    kwargs = arguments(op, server)
    documented = op.response_for(status)
    expected_code = (
        next((e.code for e in documented.errors if e.code is not None), None)
        if documented
        else None
    )
    expected_message = (
        next((e.message for e in documented.errors if e.message), None) if documented else None
    )
    server.faults.status(status, times=None, retry_after=0)
    with make_client(server, max_retries=0) as client, pytest.raises(APIError) as caught:
        getattr(client, operation)(**kwargs)
    error = caught.value
    assert isinstance(error, ERROR_CLASSES.get(status, APIError)) and error.status == status
    assert error.operation == operation and error.response.status_code == status
    if expected_message is not None:
        assert error.message == expected_message
    if expected_code is not None:
        assert error.code == expected_code


def test_talent_pool_reveal_required_is_a_permission_error_with_the_vendor_code(mock: Any) -> None:
    server = mock("talynce")
    server.seed("candidates", {"full_name": "Masked"}, id=SEEDED)
    server.faults.status(403, operation="update_candidate")
    with make_client(server) as client, pytest.raises(PermissionDeniedError) as caught:
        client.update_candidate(SEEDED, current_ctc=12.5)
    assert caught.value.code == "talent_pool_reveal_required"


def test_the_vendors_own_validation_error_parses_into_the_typed_error(mock: Any) -> None:
    """The client validates first, so send the invalid body directly and parse the mock's answer."""
    import httpx

    server = mock("hirempire")
    body = {"candidate_id": "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"}
    response = httpx.patch(
        server.url + "/update-candidate", json=body, headers=server.auth_headers()
    )
    with make_client(server) as client:
        error = client._error(spec("hirempire").operations["update_candidate"], response)
    assert isinstance(error, BadRequestError) and error.status == 400
    assert error.message == "At least one updatable field must be provided"


# -- nothing is sent for an invalid payload ------------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_an_invalid_payload_sends_no_request(vendor: str, mock: Any) -> None:
    server = mock(vendor)
    op_id, op = next((i, o) for i, o in spec(vendor).operations.items() if o.has_body)
    kwargs = arguments(op, server)
    body_param = next(p for p in op.params if p.location == "body")
    kwargs[body_param.python_name] = object()  # not JSON at all: every validator rejects it
    before = len(server.requests)
    with make_client(server) as client, pytest.raises(ValidationFailed) as caught:
        getattr(client, op_id)(**kwargs)
    assert len(server.requests) == before
    assert any(
        v.pointer == "/" + body_param.wire_name.replace("~", "~0").replace("/", "~1")
        for v in caught.value.violations
    )


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_number_json_cannot_carry_is_a_violation_not_an_encoding_error(
    value: float, mock: Any
) -> None:
    server = mock("talynce")
    before = len(server.requests)
    with make_client(server) as client, pytest.raises(ValidationFailed) as caught:
        client.create_candidate(
            full_name="Ada Lovelace", email="ada@example.com", current_ctc=value
        )
    assert len(server.requests) == before
    [violation] = caught.value.violations
    assert (violation.pointer, violation.rule) == ("/current_ctc", "type")
    assert "which JSON cannot carry" in violation.message


# -- partial updates: left out vs null -------------------------------------------------------------------------


def _optional_body_fields(nullable: bool) -> list[tuple[str, str, str, str]]:
    out = []
    for vendor, op_id in OPERATIONS:
        op = spec(vendor).operations[op_id]
        for param in op.params:
            if param.location == "body" and not param.required and param.nullable == nullable:
                out.append((vendor, op_id, param.wire_name, param.python_name))
    return out


@pytest.mark.parametrize(
    ("vendor", "operation", "wire", "argument"), _optional_body_fields(nullable=True)
)
def test_none_sends_null_and_left_out_sends_nothing(
    vendor: str, operation: str, wire: str, argument: str, mock: Any
) -> None:
    server = mock(vendor)
    op = spec(vendor).operations[operation]
    kwargs = arguments(op, server)
    kwargs.pop(argument, None)
    with make_client(server) as client:
        try:
            getattr(client, operation)(**kwargs, **{argument: None})
        # A rule needing another field; null itself must not be the problem.
        except ValidationFailed as failed:
            assert all(
                v.rule != "type" for v in failed.violations if v.pointer == f"/{wire}"
            ), failed
            return
        sent_null = server.requests.last.body
        assert wire in sent_null and sent_null[wire] is None
        getattr(client, operation)(**kwargs)
        assert wire not in (server.requests.last.body or {})


@pytest.mark.parametrize(
    ("vendor", "operation", "wire", "argument"), _optional_body_fields(nullable=False)[::7]
)
def test_none_is_refused_where_the_spec_does_not_allow_null(
    vendor: str, operation: str, wire: str, argument: str, mock: Any
) -> None:
    server = mock(vendor)
    op = spec(vendor).operations[operation]
    kwargs = arguments(op, server)
    kwargs[argument] = None
    with make_client(server) as client, pytest.raises(ValidationFailed) as caught:
        getattr(client, operation)(**kwargs)
    assert any(v.pointer == f"/{wire}" for v in caught.value.violations)
    assert server.requests.count(operation) == 0


# -- auth ------------------------------------------------------------------------------------------------------


def test_oauth2_token_is_fetched_once_cached_and_refreshed_once_on_401(mock: Any) -> None:
    server = mock("paradox")
    with make_client(server, scheme="oauth") as client:
        client.update_candidate("1", name="Ada")
        client.update_candidate("1", name="Ada Lovelace")
        assert server.token_requests == 1
        server.expire_tokens()
        client.update_candidate("1", name="Ada King")
        assert server.token_requests == 2
        statuses = [r.status for r in server.requests.for_operation("update_candidate")]
        assert statuses == [200, 200, 401, 200]


def test_a_401_that_a_new_token_does_not_cure_is_raised(mock: Any) -> None:
    server = mock("paradox")
    server.faults.status(401, operation="update_candidate", times=None)
    with make_client(server, scheme="oauth") as client, pytest.raises(AuthenticationError):
        client.update_candidate("1", name="Ada")
    # The first 401, then once with a fresh token.
    assert server.requests.count("update_candidate") == 2


def test_concurrent_calls_fetch_the_token_once(mock: Any) -> None:
    server = mock("paradox")
    server.faults.latency(0.2, operation="token")
    with make_client(server, scheme="oauth") as client:
        threads = [
            threading.Thread(target=client.update_candidate, args=("1",), kwargs={"name": "A"})
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert server.token_requests == 1 and server.requests.count("update_candidate") == 8


def test_concurrent_async_calls_fetch_the_token_once(mock: Any) -> None:
    server = mock("paradox")
    server.faults.latency(0.2, operation="token")

    async def run() -> None:
        async with make_client(server, asynchronous=True, scheme="oauth") as client:
            await asyncio.gather(*(client.update_candidate("1", name=f"A{i}") for i in range(8)))

    asyncio.run(run())
    assert server.token_requests == 1 and server.requests.count("update_candidate") == 8


@pytest.mark.parametrize(
    ("vendor", "scheme"),
    [(vendor.id, scheme.id) for vendor in spec_support.vendor_specs() for scheme in vendor.auth],
)
def test_each_auth_scheme_is_accepted(vendor: str, scheme: str, mock: Any) -> None:
    server = mock(vendor)
    op_id, op = next((i, o) for i, o in spec(vendor).operations.items() if scheme in o.auth)
    with make_client(server, scheme=scheme) as client:
        getattr(client, op_id)(**arguments(op, server))
    assert server.requests.last.auth == scheme


def test_credentials_from_the_environment(mock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    server = mock("spott")
    for name, value in server.env.items():
        monkeypatch.setenv(name, value)
    with client_class("spott")(base_url=server.url) as client:
        client.update_candidate("1", first_name="Ada")
    assert server.requests.last.status == 200


def test_missing_credentials_say_what_to_pass_or_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPOTT_API_KEY", raising=False)
    with pytest.raises(
        MissingCredentialsError, match=re.escape("pass api_key=... (or set SPOTT_API_KEY)")
    ):
        client_class("spott")()


def test_wrong_credentials_get_the_vendors_401(mock: Any) -> None:
    server = mock("hirempire")
    with (
        client_class("hirempire")(
            base_url=server.url, token="not-the-token", max_retries=0
        ) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.update_candidate(candidate_id="8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", tags=[])
    assert caught.value.message == "Invalid token"


# -- retries ---------------------------------------------------------------------------------------------------


def test_429_is_retried_honouring_retry_after(mock: Any) -> None:
    server = mock("talynce")
    server.faults.status(429, retry_after=0.05, times=2)
    with make_client(server) as client:
        client.list_candidates(limit=5)
    statuses = [r.status for r in server.requests.for_operation("list_candidates")]
    assert statuses == [429, 429, 200]


def test_5xx_retries_stop_at_the_limit(mock: Any) -> None:
    server = mock("talynce")
    server.faults.status(503, times=None)
    with make_client(server, max_retries=3) as client, pytest.raises(ServerError):
        client.list_candidates()
    assert server.requests.count("list_candidates") == 4


def test_a_create_is_not_retried_unless_the_call_asks(mock: Any) -> None:
    server = mock("talynce")
    server.faults.status(500, operation="create_candidate", times=1)
    with make_client(server) as client:
        with pytest.raises(ServerError):
            client.create_candidate(full_name="Ann", email="ann@example.com")
        assert server.requests.count("create_candidate") == 1
        server.faults.status(500, operation="create_candidate", times=1)
        client.create_candidate(full_name="Ann", email="ann@example.com", max_retries=1)
    assert server.requests.count("create_candidate") == 3


def test_dropped_connections_are_retried_then_raised(mock: Any) -> None:
    server = mock("hirempire")
    server.faults.drop(times=None)
    with make_client(server, max_retries=2) as client, pytest.raises(TransportError):
        client.update_candidate(candidate_id="8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", tags=["a"])
    assert server.requests.count("update_candidate") == 3


def test_a_dropped_connection_then_success(mock: Any) -> None:
    server = mock("hirempire")
    server.faults.drop(times=1)
    with make_client(server) as client:
        result = client.update_candidate(
            candidate_id="8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", tags=["a"]
        )
    assert result.raw_response is not None and result.raw_response.status_code == 200


def test_timeouts_are_on_and_typed(mock: Any) -> None:
    server = mock("talynce")
    server.faults.latency(1.0, times=None)
    with make_client(server, timeout=0.2, max_retries=1) as client, pytest.raises(RequestTimeout):
        client.list_candidates()


def test_malformed_json_is_a_decode_error_with_the_raw_response(mock: Any) -> None:
    server = mock("talynce")
    server.faults.malformed(times=1)
    with make_client(server) as client, pytest.raises(ResponseDecodeError) as caught:
        client.list_candidates()
    assert caught.value.response.status_code == 200


def test_retry_policy_backs_off_exponentially_with_jitter() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0)
    for attempt, ceiling in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0]):
        delays = {policy.delay(attempt, None) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays) and len(delays) > 1
    assert policy.delay(3, 2.5) == 2.5 and policy.delay(0, 3600) == 60.0


# -- pagination ------------------------------------------------------------------------------------------------


def test_pagination_iterates_every_item_across_pages(mock: Any) -> None:
    server = mock("talynce")
    for index in range(7):
        server.seed("candidates", {"full_name": f"C{index}", "email": f"c{index}@example.com"})
    with make_client(server) as client:
        names = [candidate.full_name for candidate in client.iter_list_candidates(limit=3)]
    assert names == [f"C{index}" for index in range(7)]
    offsets = [r.query.get("offset") for r in server.requests.for_operation("list_candidates")]
    assert offsets == ["0", "3", "6"]


def test_async_pagination(mock: Any) -> None:
    server = mock("talynce")
    for index in range(5):
        server.seed("candidates", {"full_name": f"C{index}", "email": f"c{index}@example.com"})

    async def run() -> list[str]:
        async with make_client(server, asynchronous=True) as client:
            return [c.full_name async for c in client.iter_list_candidates(limit=2)]

    assert asyncio.run(run()) == [f"C{index}" for index in range(5)]


# -- lenient responses, environments, headers -------------------------------------------------------------------


def test_response_models_keep_extra_fields_and_unknown_enum_values() -> None:
    models = importlib.import_module("ats_sdk.hirempire.models")
    parsed = models.UpdateCandidateResponse.model_validate(
        {"success": True, "status": "archived_by_ai", "score": 9}
    )
    assert parsed.status == "archived_by_ai" and parsed.model_extra == {"score": 9}
    parsed = models.UpdateCandidateResponse.model_validate({})  # optional fields may be missing
    assert parsed.status is None


def test_environments_and_base_url() -> None:
    client = client_class("paradox")(client_id="a", client_secret="b", environment="eu")
    assert client.base_url == "https://api.eu1.paradox.ai/api/v1/public"
    assert (
        client_class("paradox")(client_id="a", client_secret="b").base_url
        == "https://api.paradox.ai/api/v1/public"
    )
    with pytest.raises(ValueError, match="unknown environment 'mars'"):
        client_class("paradox")(client_id="a", client_secret="b", environment="mars")


def test_user_agent_names_the_sdk(mock: Any) -> None:
    server = mock("spott")
    with make_client(server) as client:
        client.update_candidate("1", first_name="Ada")
    # The version is the SDK's own, as the release record sets it, not a constant of the runtime.
    expected = f"ats-sdk/{ats_sdk.__version__} (spott) python/"
    assert server.requests.last.headers["user-agent"].startswith(expected)


# -- secrets ---------------------------------------------------------------------------------------------------


def test_no_secret_in_reprs_logs_exceptions_or_tracebacks(
    mock: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server = mock("paradox")
    secret = server.credentials["oauth"]["client_secret"]
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    with make_client(server, scheme="oauth") as client:
        texts.append(repr(client))
        texts.append(repr(client._auth))
        client.update_candidate("1", name="Ada")
        server.faults.status(500, times=None)
        try:
            client.update_candidate("1", name="Ada", max_retries=1)
        except ServerError as error:
            texts += [str(error), repr(error), traceback.format_exc()]
    with client_class("paradox")(
        base_url=server.url, client_id="x", client_secret="hunter2-secret", max_retries=0
    ) as wrong:
        try:
            wrong.update_candidate("1", name="Ada")
        except AuthenticationError as error:
            texts += [str(error), repr(error), traceback.format_exc(), repr(wrong)]
    texts.append(caplog.text)
    texts.extend(str(r.to_dict()) for r in server.requests)
    everything = "\n".join(texts)
    token_headers = [r.headers.get("authorization", "") for r in server.requests]
    assert secret not in everything and "hunter2-secret" not in everything
    assert all("***" in h for h in token_headers if h)
    assert "retry" in caplog.text.lower()  # logging happened, so the check above means something
