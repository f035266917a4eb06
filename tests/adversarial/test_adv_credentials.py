"""Credentials that cannot go in a request, and transports whose errors quote them.

A token read from a mounted secret file keeps its trailing newline; CR and NUL do the same. httpx then
raised LocalProtocolError quoting the whole header (`Illegal header value b'Bearer sk-...\\n'`), the SDK
retried it twice and logged it on each retry. Now: the client refuses the credential when it is built,
naming the argument or variable, never the value; an error raised before anything was sent is not retried;
and no credential reaches an exception, its chain, a traceback or a log line, whatever the transport raises.
"""

from __future__ import annotations

import base64
import copy
import logging
import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sdk_cases import (
    CASES,
    OAUTH,
    OAUTH_CASES,
    SYNC_AND_ASYNC,
    Case,
    cases,
    clear_credential_env,
    client_class,
    fake_credentials,
    run,
    vendor_spec,
)

from ats_sdk._runtime.errors import APIError, InvalidCredentialsError, TransportError
from ats_sdk._runtime.mock_data import set_pointer
from ats_sdk._runtime.spec import VendorSpec

ISSUED_TOKEN = "fake-issued-token-~+/=Qx5"

# (what is added to a credential, words the error must use)
DEFECTS = {
    "trailing-lf": (lambda v: v + "\n", "ends with a newline"),
    "trailing-crlf": (lambda v: v + "\r\n", "ends with a newline"),
    "inner-cr": (lambda v: v[:4] + "\r" + v[4:], "contains a line break"),
    "inner-nul": (lambda v: v[:4] + "\0" + v[4:], "contains a NUL character"),
}

CREDENTIALS = [(case, name) for case in CASES for name in case.scheme.credentials]
ENV_CREDENTIALS = [(case, name) for case, name in CREDENTIALS if name in case.scheme.env]


def _ids(pairs: list[tuple[Case, str]]) -> list[str]:
    return [f"{case.id}-{name}" for case, name in pairs]


@pytest.fixture(autouse=True)
def _no_credentials_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_credential_env(monkeypatch)


def chain(error: BaseException) -> Iterator[BaseException]:
    """The error and every exception it carries as cause or context, suppressed or not."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 50:
        seen.append(current)
        yield current
        current = current.__cause__ or current.__context__


def everything_shown(error: BaseException, log: str) -> str:
    texts = [log, "".join(traceback.format_exception(error))]
    texts += [text for e in chain(error) for text in (str(e), repr(e))]
    return "\n".join(texts)


def spelled_secrets(case: Case) -> list[str]:
    """Each fake credential, and the basic-auth header payload."""
    values = case.secrets()
    found = list(values)
    if case.scheme.type == "basic":
        found.append(base64.b64encode(":".join(values).encode()).decode())
    return found


# -- refused when the client is built ------------------------------------------------------------------


@pytest.mark.parametrize("defect", list(DEFECTS))
@pytest.mark.parametrize(("case", "name"), CREDENTIALS, ids=_ids(CREDENTIALS))
@SYNC_AND_ASYNC
def test_a_credential_with_a_control_character_is_refused_at_construction(
    case: Case, name: str, defect: str, asynchronous: bool
) -> None:
    change, words = DEFECTS[defect]
    credentials = fake_credentials(case.scheme)
    credentials[name] = change(credentials[name])
    with pytest.raises(InvalidCredentialsError) as caught:
        client_class(case.vendor, asynchronous)(base_url="http://127.0.0.1:9", **credentials)
    message = str(caught.value)
    assert f"{name}=" in message and words in message, message
    shown = everything_shown(caught.value, "")
    assert all(secret not in shown for secret in [credentials[name], *case.secrets()])


@pytest.mark.parametrize(("case", "name"), ENV_CREDENTIALS, ids=_ids(ENV_CREDENTIALS))
@SYNC_AND_ASYNC
def test_a_credential_from_the_environment_names_the_variable(
    case: Case, name: str, asynchronous: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = fake_credentials(case.scheme)
    for credential, value in values.items():
        if credential in case.scheme.env:
            monkeypatch.setenv(
                case.scheme.env[credential], value + ("\n" if credential == name else "")
            )
    given = {c: v for c, v in values.items() if c not in case.scheme.env}
    with pytest.raises(InvalidCredentialsError) as caught:
        client_class(case.vendor, asynchronous)(base_url="http://127.0.0.1:9", **given)
    message = str(caught.value)
    assert case.scheme.env[name] in message and "ends with a newline" in message, message
    assert all(secret not in everything_shown(caught.value, "") for secret in case.secrets())


HEADER_CASES = [case for case in CASES if case.scheme.type in ("bearer", "api_key")]


@cases(HEADER_CASES)
@pytest.mark.parametrize(
    ("change", "words"),
    [(lambda v: v + "é", "non-ASCII"), (lambda v: " " + v, "space"), (lambda v: "", "is empty")],
    ids=["non-ascii", "leading-space", "empty"],
)
def test_a_header_credential_that_httpx_cannot_send_is_refused(
    case: Case, change: Any, words: str
) -> None:
    [name] = case.scheme.credentials
    [value] = case.secrets()
    with pytest.raises(InvalidCredentialsError, match=words) as caught:
        client_class(case.vendor, False)(base_url="http://127.0.0.1:9", **{name: change(value)})
    assert value not in everything_shown(caught.value, "")


# -- whatever the transport raises ------------------------------------------------------------------------


def quoting_handler(case: Case, kind: type[Exception], calls: list[str]) -> Any:
    """Answers a token request with a token; any other request raises `kind`, quoting every header and
    the body the way h11 quotes an illegal header (bytes repr) and in plain text."""

    def handler(request: httpx.Request) -> httpx.Response:
        if case.scheme.type == OAUTH and request.url == case.token_url():
            calls.append("token")
            return httpx.Response(200, json={"access_token": ISSUED_TOKEN, "expires_in": 3600})
        calls.append("call")
        raw = list(request.headers.raw)
        plain = {k.decode(): v.decode() for k, v in raw}
        raise kind(f"Illegal header value {raw!r} {plain} body={request.content!r}")

    return handler


def token_quoting_handler(kind: type[Exception], calls: list[str]) -> Any:
    """Every request, the token request first, raises `kind` quoting its body (the client secret)."""

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append("token")
        raise kind(f"could not send {request.content!r} {request.content.decode()}")

    return handler


KINDS = [
    (httpx.LocalProtocolError, 1),  # raised before anything is sent: not retried
    (RuntimeError, 1),  # not httpx's: a transport's own failure, not retried either
    (httpx.ConnectError, 3),  # a connection failure: retried, max_retries=2
]


@cases(CASES)
@pytest.mark.parametrize(("kind", "sent"), KINDS, ids=[k.__name__ for k, _ in KINDS])
@SYNC_AND_ASYNC
def test_no_credential_in_errors_or_logs_whatever_the_transport_raises(
    case: Case,
    kind: type[Exception],
    sent: int,
    asynchronous: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    calls: list[str] = []
    with pytest.raises(TransportError) as caught:
        run(asynchronous, quoting_handler(case, kind, calls), case, max_retries=2)
    assert calls.count("call") == sent
    shown = everything_shown(caught.value, caplog.text)
    assert kind.__name__ in str(caught.value) and "Illegal header value" in str(caught.value)
    for secret in [*spelled_secrets(case), ISSUED_TOKEN]:
        assert secret not in shown
    if sent > 1:
        assert "retry" in caplog.text  # the retries were logged, so the log was checked


@cases(OAUTH_CASES)
@pytest.mark.parametrize(("kind", "sent"), KINDS, ids=[k.__name__ for k, _ in KINDS])
@SYNC_AND_ASYNC
def test_no_client_secret_in_errors_when_the_token_request_fails(
    case: Case,
    kind: type[Exception],
    sent: int,
    asynchronous: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    calls: list[str] = []
    with pytest.raises(TransportError) as caught:
        run(asynchronous, token_quoting_handler(kind, calls), case)
    assert calls.count("token") == sent
    assert "could not send" in str(caught.value)
    shown = everything_shown(caught.value, caplog.text)
    assert all(secret not in shown for secret in spelled_secrets(case))


def echoing_handler(case: Case, vendor_spec: VendorSpec) -> Any:
    """Answers the call with 401 and an error message quoting the credential header it got, in the
    vendor's documented envelope for 401 (or plain text where it documents none)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if case.scheme.type == OAUTH and request.url == case.token_url():
            return httpx.Response(200, json={"access_token": ISSUED_TOKEN, "expires_in": 3600})
        text = f"Invalid credentials: {request.headers.get(case.scheme.header)}"
        documented = case.op.response_for(401)
        envelope = vendor_spec.envelope(documented.envelope if documented else None)
        if envelope is None:
            return httpx.Response(401, text=text)
        body = set_pointer(copy.deepcopy(envelope.example), envelope.message, text)
        return httpx.Response(401, json=body)

    return handler


@cases(CASES)
@SYNC_AND_ASYNC
def test_a_vendor_error_message_quoting_the_credential_is_redacted(
    case: Case, asynchronous: bool, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(APIError) as caught:
        run(asynchronous, echoing_handler(case, vendor_spec(case.vendor)), case)
    assert caught.value.status == 401 and "Invalid credentials: " in caught.value.message
    shown = everything_shown(caught.value, caplog.text)
    assert all(secret not in shown for secret in [*spelled_secrets(case), ISSUED_TOKEN])
