"""OAuth2 token fetches fail typed, retry like calls, and read `expires_in` by a stated policy.

Before: a dropped, refused or timed-out token request raised raw httpx exceptions, never retried; a token
endpoint 500 was "refused the client credentials"; `expires_in` of "abc", [1] or a 400-digit integer raised
ValueError/TypeError/OverflowError; `access_token: null` sent `Bearer None`; `expires_in: 0` became 3600;
negative, NaN or tiny values fetched a token before every request. The policy now (auth.py's docstring):
absent or null means the default; 0 or tiny is used for MIN_TOKEN_REUSE seconds; a huge value is clamped
to MAX_TOKEN_LIFETIME; negative, NaN, infinite, non-numeric values are a ResponseDecodeError.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sdk_cases import OAUTH_CASES, SYNC_AND_ASYNC, Case, cases, clear_credential_env, run

from ats_sdk._runtime import auth as auth_module
from ats_sdk._runtime.errors import (
    AuthenticationError,
    RequestTimeout,
    ResponseDecodeError,
    ServerError,
    TransportError,
)

ISSUED = "fake-issued-token-Qx5"


@pytest.fixture(autouse=True)
def _no_credentials_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_credential_env(monkeypatch)


class Vendor:
    """A token endpoint answering from a script (then with a good token), and an API that answers the
    operation's documented success when the bearer token is the issued one."""

    def __init__(self, case: Case, token_answers: list[Callable[[], httpx.Response]]) -> None:
        self.case = case
        self.answers = list(token_answers)
        self.token_requests = 0
        self.authorizations: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url == self.case.token_url():
            self.token_requests += 1
            assert self.token_requests < 20, "a token fetch loop"
            if self.answers:
                return self.answers.pop(0)()
            return httpx.Response(200, json={"access_token": ISSUED, "expires_in": 3600})
        self.authorizations.append(request.headers.get(self.case.scheme.header))
        status = int(self.case.op.success.status) if self.case.op.success else 200
        return httpx.Response(status, json=self.case.success_body())


def raising(exc: Exception) -> Callable[[], httpx.Response]:
    def answer() -> httpx.Response:
        raise exc

    return answer


def answering(status: int, body: str) -> Callable[[], httpx.Response]:
    return lambda: httpx.Response(
        status, content=body.encode(), headers={"Content-Type": "application/json"}
    )


def sent_token(case: Case) -> str:
    """The header value the issued token goes out as."""
    return (f"{case.scheme.prefix} " if case.scheme.prefix else "") + ISSUED


def token_body(**fields: Any) -> str:
    return json.dumps({"access_token": ISSUED, **fields})


# -- failures are typed and retried like calls ------------------------------------------------------------

FAILURES = {  # the token endpoint's answer, and the error the call raises when it always answers so
    "dropped": (raising(httpx.RemoteProtocolError("Server disconnected")), TransportError),
    "refused": (raising(httpx.ConnectError("[Errno 111] Connection refused")), TransportError),
    "timeout": (raising(httpx.ReadTimeout("timed out")), RequestTimeout),
    "http-500": (answering(500, '{"error": "server_error"}'), ServerError),
}


@cases(OAUTH_CASES)
@pytest.mark.parametrize("failure", list(FAILURES))
@SYNC_AND_ASYNC
def test_a_failing_token_endpoint_is_retried_then_raises_typed(
    case: Case, failure: str, asynchronous: bool
) -> None:
    answer, expected = FAILURES[failure]
    vendor = Vendor(case, [answer] * 3)
    with pytest.raises(expected) as caught:
        run(asynchronous, vendor, case, client_options={"max_retries": 2})
    assert type(caught.value) is expected  # a RequestTimeout is a TransportError: be exact
    assert vendor.token_requests == 3 and vendor.authorizations == []
    assert "refused the client credentials" not in str(caught.value)


@cases(OAUTH_CASES)
@pytest.mark.parametrize("failure", list(FAILURES))
@SYNC_AND_ASYNC
def test_a_token_endpoint_failing_once_is_retried_and_the_call_succeeds(
    case: Case, failure: str, asynchronous: bool
) -> None:
    vendor = Vendor(case, [FAILURES[failure][0]])
    result = run(asynchronous, vendor, case, client_options={"max_retries": 2})
    assert result is not None and vendor.token_requests == 2
    assert vendor.authorizations == [sent_token(case)]


@cases(OAUTH_CASES)
@SYNC_AND_ASYNC
def test_a_refused_token_host_on_loopback_is_a_retried_transport_error(
    case: Case, asynchronous: bool
) -> None:
    if "://" in (case.scheme.token_url or ""):
        pytest.skip("the token URL is absolute: its host is the vendor's, not a loopback port")
    with socket.socket() as probe:  # a port nothing listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options: dict[str, Any] = {"base_url": f"http://127.0.0.1:{port}/api", "max_retries": 1}

    def sync() -> None:
        with httpx.Client(timeout=2.0) as http, case.client(False, http, **options) as client:
            case.call(client)

    async def asynchronously() -> None:
        async with (
            httpx.AsyncClient(timeout=2.0) as http,
            case.client(True, http, **options) as client,
        ):
            await case.call(client)

    with pytest.raises(TransportError) as caught:
        if asynchronous:
            import asyncio

            asyncio.run(asyncio.wait_for(asynchronously(), timeout=10))
        else:
            sync()
    assert "ConnectError" in str(caught.value) and "fetch_token" in str(caught.value)


@cases(OAUTH_CASES)
@pytest.mark.parametrize("status", [400, 401])
@SYNC_AND_ASYNC
def test_refused_client_credentials_are_an_authentication_error_not_retried(
    case: Case, status: int, asynchronous: bool
) -> None:
    vendor = Vendor(case, [answering(status, '{"error": "invalid_client"}')])
    with pytest.raises(AuthenticationError) as caught:
        run(asynchronous, vendor, case, client_options={"max_retries": 2})
    assert vendor.token_requests == 1 and caught.value.code == "invalid_client"


# -- malformed token responses ------------------------------------------------------------------------------

MALFORMED = {
    "not-json": ("<html>oops</html>", "is not a JSON object"),
    "a-list": ("[]", "is not a JSON object"),
    "no-token": ('{"expires_in": 3600}', "has no access_token"),
    "null-token": ('{"access_token": null}', "has no access_token"),
    "number-token": ('{"access_token": 12345}', "not a string"),
    "newline-token": (json.dumps({"access_token": ISSUED + "\n"}), "ends with a newline"),
    "empty-token": ('{"access_token": ""}', "is empty"),
    "expires-abc": (token_body(expires_in="abc"), "expires_in that is not a number"),
    "expires-list": (token_body(expires_in=[1]), "expires_in that is not a number"),
    "expires-bool": (token_body(expires_in=True), "expires_in that is not a number"),
    "expires-negative": (token_body(expires_in=-5), "expires_in that is negative"),
    "expires-nan": (token_body(expires_in=float("nan")), "expires_in that is not a finite number"),
    "expires-inf": (token_body(expires_in=float("inf")), "expires_in that is not a finite number"),
}


@cases(OAUTH_CASES)
@pytest.mark.parametrize("name", list(MALFORMED))
@SYNC_AND_ASYNC
def test_a_malformed_token_response_is_a_typed_error_saying_what_is_wrong(
    case: Case, name: str, asynchronous: bool
) -> None:
    body, words = MALFORMED[name]
    vendor = Vendor(case, [answering(200, body)])
    with pytest.raises(ResponseDecodeError) as caught:
        run(asynchronous, vendor, case)
    message = str(caught.value)
    assert words in message and ISSUED not in message, message
    assert vendor.authorizations == []  # nothing sent with a bad token


# -- the expires_in policy -------------------------------------------------------------------------------------


class Clock:
    """auth.py's clock, moved by the test: token reuse is decided by time.monotonic()."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(auth_module, "time", fake)
    return fake


def calls_over_time(
    case: Case, vendor: Vendor, clock: Clock, asynchronous: bool, steps: list[float]
) -> list[int]:
    """One call, then one after each clock step; the token requests counted after each call."""
    counts: list[int] = []
    transport = httpx.MockTransport(vendor)

    def sync() -> None:
        with httpx.Client(transport=transport) as http, case.client(False, http) as client:
            for step in [0.0, *steps]:
                clock.now += step
                case.call(client)
                counts.append(vendor.token_requests)

    async def asynchronously() -> None:
        async with (
            httpx.AsyncClient(transport=transport) as http,
            case.client(True, http) as client,
        ):
            for step in [0.0, *steps]:
                clock.now += step
                await case.call(client)
                counts.append(vendor.token_requests)

    if asynchronous:
        import asyncio

        asyncio.run(asyncio.wait_for(asynchronously(), timeout=10))
    else:
        sync()
    return counts


def lifetime_cases(case: Case) -> list[tuple[str, str, float]]:
    """(name, token response, seconds the token is reused) for each expires_in the policy names."""
    default = float(case.scheme.default_expires_in or auth_module.DEFAULT_TOKEN_LIFETIME)
    return [
        ("absent", token_body(), auth_module.token_reuse(default)),
        ("null", token_body(expires_in=None), auth_module.token_reuse(default)),
        ("zero", token_body(expires_in=0), auth_module.MIN_TOKEN_REUSE),
        ("tiny", token_body(expires_in=0.001), auth_module.MIN_TOKEN_REUSE),
        ("digits", token_body(expires_in="7200"), 7200 - auth_module.EXPIRY_MARGIN),
        (
            "huge",
            token_body(expires_in=10**400),
            auth_module.token_reuse(auth_module.MAX_TOKEN_LIFETIME),
        ),
        (
            "huge-digits",
            token_body(expires_in="9" * 400),
            auth_module.token_reuse(auth_module.MAX_TOKEN_LIFETIME),
        ),
    ]


LIFETIMES = [(case, *lifetime) for case in OAUTH_CASES for lifetime in lifetime_cases(case)]


@pytest.mark.parametrize(
    ("case", "name", "body", "reuse"), LIFETIMES, ids=[f"{c.id}-{n}" for c, n, _, _ in LIFETIMES]
)
@SYNC_AND_ASYNC
def test_a_token_is_reused_for_the_policys_time_then_fetched_again(
    case: Case, name: str, body: str, reuse: float, asynchronous: bool, clock: Clock
) -> None:
    vendor = Vendor(case, [answering(200, body), answering(200, body)])
    # Three calls at once (no hot loop of fetches), one just before the reuse ends, one just after.
    steps = [0.0, 0.0, reuse - 0.5, 1.0]
    assert calls_over_time(case, vendor, clock, asynchronous, steps) == [1, 1, 1, 1, 2]
    expected = sent_token(case)
    assert vendor.authorizations == [expected] * 5
