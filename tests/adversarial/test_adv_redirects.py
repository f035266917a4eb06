"""Redirects are the SDK's decision, not the caller's httpx client's.

Before: with `httpx.Client(follow_redirects=True)` a cross-origin redirect carried API-key headers and the
body to the other host (httpx strips only Authorization), and a 302 with a JSON body was returned as a
success. Now: a 301/302/307/308 to the same origin is followed with method, body and credentials, a 303 with
a GET; a redirect to another origin, past MAX_REDIRECTS, without a Location or with a status the SDK does not
follow raises RedirectError, and nothing is sent to another host.
"""

from __future__ import annotations

import httpx
import pytest
from sdk_cases import (
    BASE_URL,
    CASES,
    OAUTH,
    OAUTH_CASES,
    SYNC_AND_ASYNC,
    Case,
    cases,
    clear_credential_env,
    run,
)

from ats_sdk._runtime.errors import RedirectError
from ats_sdk._runtime.http import MAX_REDIRECTS

OTHER_ORIGIN = "http://127.0.0.2:9"
ISSUED = "fake-issued-token-Qx5"
FOLLOWED = [301, 302, 303, 307, 308]


@pytest.fixture(autouse=True)
def _no_credentials_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_credential_env(monkeypatch)


class Recorder:
    """Answers token requests with a token, requests to `redirect_from` with `redirect`, and the rest with the
    operation's documented success; records every request with its headers and body."""

    def __init__(self, case: Case, redirect: httpx.Response, times: int = 1) -> None:
        self.case = case
        self.redirect = redirect
        self.times = times
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        assert len(self.seen) < 50, "a redirect loop"
        if self.case.scheme.type == OAUTH and request.url == self.case.token_url():
            return httpx.Response(200, json={"access_token": ISSUED, "expires_in": 3600})
        if request.url.host == httpx.URL(BASE_URL).host and self.times > 0:
            self.times -= 1
            return self.redirect
        status = int(self.case.op.success.status) if self.case.op.success else 200
        return httpx.Response(status, json=self.case.success_body())

    def calls(self) -> list[httpx.Request]:
        """The requests other than token requests."""
        token = self.case.token_url() if self.case.scheme.type == OAUTH else None
        return [r for r in self.seen if r.url != token]


def credential_header(request: httpx.Request, case: Case) -> str | None:
    return request.headers.get(case.scheme.header)


def redirect_to(status: int, location: str | None) -> httpx.Response:
    headers = {"Location": location} if location is not None else {}
    return httpx.Response(status, headers=headers, json={"moved": True})


# -- another origin: refused, nothing sent there -------------------------------------------------------------


@cases(CASES)
@pytest.mark.parametrize("status", FOLLOWED)
@SYNC_AND_ASYNC
def test_a_redirect_to_another_origin_is_refused_and_sends_nothing_there(
    case: Case, status: int, asynchronous: bool
) -> None:
    recorder = Recorder(case, redirect_to(status, f"{OTHER_ORIGIN}/collect?x=1"))
    with pytest.raises(RedirectError) as caught:
        run(asynchronous, recorder, case)
    assert caught.value.status == status and caught.value.location == f"{OTHER_ORIGIN}/collect?x=1"
    assert OTHER_ORIGIN.split("//")[1] in str(caught.value)
    assert [r.url.host for r in recorder.seen if r.url.host != httpx.URL(BASE_URL).host] == []
    assert len(recorder.calls()) == 1


@cases(OAUTH_CASES)
@pytest.mark.parametrize("status", [302, 307])
@SYNC_AND_ASYNC
def test_a_token_endpoint_redirect_to_another_origin_does_not_carry_the_client_secret(
    case: Case, status: int, asynchronous: bool
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        assert len(seen) < 50, "a redirect loop"
        return redirect_to(status, f"{OTHER_ORIGIN}/steal")

    with pytest.raises(RedirectError):
        run(asynchronous, handler, case)
    assert [r.url for r in seen] == [case.token_url()]


# -- same origin: followed with method, body and credentials ---------------------------------------------------


@cases(CASES)
@pytest.mark.parametrize("status", [301, 302, 307, 308])
@SYNC_AND_ASYNC
def test_a_same_origin_redirect_is_followed_with_method_body_and_credentials(
    case: Case, status: int, asynchronous: bool
) -> None:
    moved = str(httpx.URL(BASE_URL).join("/moved/here"))
    recorder = Recorder(case, redirect_to(status, moved))
    result = run(asynchronous, recorder, case, follow_redirects=False)
    assert result is not None and result.raw_response.status_code < 300
    first, second = recorder.calls()
    assert str(second.url) == moved and second.method == first.method
    assert second.content == first.content
    assert credential_header(second, case) == credential_header(first, case) is not None


@cases([case for case in CASES if case.op.method != "GET"])
@SYNC_AND_ASYNC
def test_a_303_is_followed_with_a_get_and_no_body(case: Case, asynchronous: bool) -> None:
    moved = str(httpx.URL(BASE_URL).join("/result"))
    recorder = Recorder(case, redirect_to(303, moved))
    run(asynchronous, recorder, case)
    first, second = recorder.calls()
    assert (second.method, str(second.url), second.content) == ("GET", moved, b"")
    assert credential_header(second, case) == credential_header(first, case) is not None


# -- a 3xx not followed is an error, never a success -----------------------------------------------------------

NOT_FOLLOWED = {  # (status, Location)
    "302-without-location": (302, None),
    "300-multiple-choices": (300, f"{BASE_URL}/a"),
    "304-not-modified": (304, None),
}


@cases(CASES)
@pytest.mark.parametrize("name", list(NOT_FOLLOWED))
@SYNC_AND_ASYNC
def test_a_3xx_not_followed_is_a_redirect_error_not_a_success(
    case: Case, name: str, asynchronous: bool
) -> None:
    status, location = NOT_FOLLOWED[name]
    recorder = Recorder(case, redirect_to(status, location))
    with pytest.raises(RedirectError) as caught:
        run(asynchronous, recorder, case)
    assert caught.value.status == status
    assert len(recorder.calls()) == 1


@cases(CASES)
@SYNC_AND_ASYNC
def test_a_same_origin_redirect_loop_stops_at_the_limit(case: Case, asynchronous: bool) -> None:
    recorder = Recorder(case, redirect_to(307, f"{BASE_URL}/again"), times=10**6)
    with pytest.raises(RedirectError, match=f"more than {MAX_REDIRECTS} redirects"):
        run(asynchronous, recorder, case)
    assert len(recorder.calls()) == MAX_REDIRECTS + 1
