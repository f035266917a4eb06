"""An API key sent in the query string or a cookie, not only a header (issue 9, "Auth variants").

Before, an `api_key` scheme could only name a header: a vendor that takes `?api_key=<key>` or a session
cookie could not be described, and the client put the key in a header the vendor ignores. Now the scheme
says where the key goes (`in: header|query|cookie`); the client signs there and nowhere else, the mock
checks it there, and a key in a URL reaches no exception text, traceback or log line.

Every vendor of the SDK, every operation that takes auth, with its schemes replaced by an API key at each
place the spec schema allows: the placements come from the schema, the calls from the specs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import json
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sdk_cases import BASE_URL, CASES, FAST, SYNC_AND_ASYNC, Case, cases, client_class

from ats_sdk._runtime.auth import cookie_value, spellings
from ats_sdk._runtime.errors import APIError, AuthenticationError, TransportError
from ats_sdk._runtime.http import AsyncClient, SyncClient
from ats_sdk._runtime.mock_server import MockServer
from ats_sdk._runtime.spec import AuthSchemeSpec, VendorSpec
from generator.kinds import auth as auth_kinds
from tests.adversarial.sdk_cases import SPECS

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "generator" / "spec_schema.json").read_text(encoding="utf-8")
)
LOCATIONS: list[str] = SCHEMA["$defs"]["authScheme"]["properties"]["in"]["enum"]
PLACEABLE = [kind for kind in auth_kinds.KINDS.values() if "in" in kind.keys]
# Characters that percent-encoding, repr() and JSON spell differently, and none a cookie refuses.
KEY = "fake-placed-key-~+/=Zq8"
HEADER = "X-Unit-Key"
NAME = "unit_key"
# One case per vendor: every vendor's calls go through the same request assembly.
VENDOR_CASES = list({case.vendor: case for case in CASES}.values())
PLACED = [(case, kind, where) for case in VENDOR_CASES for kind in PLACEABLE for where in LOCATIONS]
PLACED_IDS = [f"{case.vendor}-{kind.name}-{where}" for case, kind, where in PLACED]
OFF_HEADER = [(case, kind, where) for case, kind, where in PLACED if where != "header"]
OFF_HEADER_IDS = [f"{case.vendor}-{kind.name}-{where}" for case, kind, where in OFF_HEADER]


def _scheme(case: Case, kind: auth_kinds.Kind, where: str) -> AuthSchemeSpec:
    name = None if where == "header" else NAME
    return AuthSchemeSpec(case.scheme.id, kind.name, HEADER, location=where, name=name)


def _spec(case: Case, scheme: AuthSchemeSpec) -> VendorSpec:
    return dataclasses.replace(SPECS[case.vendor], auth=(scheme,))


def _client(case: Case, spec: VendorSpec, asynchronous: bool, http: Any, **options: Any) -> Any:
    module = importlib.import_module(f"ats_sdk.{case.vendor}.client")
    cls = AsyncClient if asynchronous else SyncClient
    options.setdefault("retry_policy", FAST)
    options.setdefault("base_url", BASE_URL)
    return cls(
        spec,
        module._validate,
        credentials={"api_key": KEY},
        http_client=http,
        **options,
    )


def _invoke(case: Case, client: Any, *, asynchronous: bool) -> Any:
    """The case's generated method, called on a runtime client built for another spec (awaitable when
    asynchronous): the method builds the request parts, the client sends them as its spec says."""
    method = getattr(client_class(case.vendor, asynchronous), case.op.id)
    return method(client, **case.kwargs)


def _run(
    case: Case,
    spec: VendorSpec,
    asynchronous: bool,
    handler: Callable[[httpx.Request], httpx.Response],
    **options: Any,
) -> Any:
    """The case's call, by a client for `spec` over a MockTransport with `handler`."""
    transport = httpx.MockTransport(handler)
    if not asynchronous:
        with (
            httpx.Client(transport=transport) as http,
            _client(case, spec, False, http, **options) as c,
        ):
            return _invoke(case, c, asynchronous=False)

    async def go() -> Any:
        async with (
            httpx.AsyncClient(transport=transport) as http,
            _client(case, spec, True, http, **options) as c,
        ):
            return await _invoke(case, c, asynchronous=True)

    return asyncio.run(asyncio.wait_for(go(), timeout=10))


def _where_sent(request: httpx.Request) -> set[str]:
    """Where the key travelled on `request`: header, query, cookie (and "elsewhere" for any other place)."""
    found = set()
    if request.headers.get(HEADER) == KEY:
        found.add("header")
    if request.url.params.get(NAME) == KEY:
        found.add("query")
    if cookie_value(request.headers.get("cookie", ""), NAME) == KEY:
        found.add("cookie")
    others = [v for k, v in request.headers.items() if k.lower() not in (HEADER.lower(), "cookie")]
    url_without_key = str(request.url.copy_remove_param(NAME))
    if any(form in text for form in spellings(KEY) for text in [*others, url_without_key]):
        found.add("elsewhere")
    return found


@pytest.mark.parametrize(("case", "kind", "where"), PLACED, ids=PLACED_IDS)
@SYNC_AND_ASYNC
def test_the_key_goes_where_the_scheme_says_and_nowhere_else(
    case: Case, kind: auth_kinds.Kind, where: str, asynchronous: bool
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=case.success_body())

    _run(case, _spec(case, _scheme(case, kind, where)), asynchronous, handler)
    assert len(seen) == 1 and _where_sent(seen[0]) == {where}


@pytest.mark.parametrize(("case", "kind", "where"), OFF_HEADER, ids=OFF_HEADER_IDS)
def test_a_cookie_key_joins_the_callers_own_cookies(
    case: Case, kind: auth_kinds.Kind, where: str
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=case.success_body())

    spec = _spec(case, _scheme(case, kind, where))
    _run(case, spec, False, handler, default_headers={"Cookie": "theme=dark"})
    assert len(seen) == 1 and _where_sent(seen[0]) == {where}
    # The caller's cookie is kept beside a cookie key, and untouched by a query key.
    assert cookie_value(seen[0].headers.get("cookie", ""), "theme") == "dark"


TRANSPORT_FAILURES: dict[str, Callable[[httpx.Request], Exception]] = {
    "connect": lambda request: httpx.ConnectError(f"cannot reach {request.url}", request=request),
    "timeout": lambda request: httpx.ReadTimeout(f"no answer from {request.url}", request=request),
    "protocol": lambda request: httpx.RemoteProtocolError(f"bad reply to {request.url!r}"),
}


@pytest.mark.parametrize(("case", "kind", "where"), OFF_HEADER, ids=OFF_HEADER_IDS)
@pytest.mark.parametrize("failure", sorted(TRANSPORT_FAILURES))
@SYNC_AND_ASYNC
def test_a_key_in_the_request_reaches_no_exception_traceback_or_log_line(
    case: Case,
    kind: auth_kinds.Kind,
    where: str,
    failure: str,
    asynchronous: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The transport's error text quotes the URL (and so a query key); retries log that text.
    def handler(request: httpx.Request) -> httpx.Response:
        raise TRANSPORT_FAILURES[failure](request)

    spec = _spec(case, _scheme(case, kind, where))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(TransportError) as raised:
        _run(case, spec, asynchronous, handler, max_retries=1)
    texts = [
        str(raised.value),
        repr(raised.value),
        "".join(traceback.format_exception(raised.value)),
        caplog.text,
    ]
    leaked = [form for form in spellings(KEY) for text in texts if form in text]
    assert not leaked


@pytest.mark.parametrize(("case", "kind", "where"), OFF_HEADER, ids=OFF_HEADER_IDS)
def test_a_followed_redirect_carries_the_key_to_the_same_origin_only(
    case: Case, kind: auth_kinds.Kind, where: str
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx.Response(307, headers={"Location": "/moved?page=2"})
        if len(seen) == 2:
            return httpx.Response(307, headers={"Location": "http://elsewhere.invalid/x?page=3"})
        return httpx.Response(200, json=case.success_body())

    spec = _spec(case, _scheme(case, kind, where))
    with pytest.raises(APIError) as raised:
        _run(case, spec, False, handler)
    # The same-origin hop is signed as the first request was, its own query kept; the other origin is
    # never asked, and the refusal does not quote the key.
    assert len(seen) == 2 and _where_sent(seen[1]) == {where}
    assert seen[1].url.params.get("page") == "2"
    assert not [form for form in spellings(KEY) if form in f"{raised.value} {raised.value!r}"]


@cases(VENDOR_CASES)
@pytest.mark.parametrize("where", LOCATIONS)
@pytest.mark.parametrize("kind", PLACEABLE, ids=[kind.name for kind in PLACEABLE])
def test_the_mock_checks_the_key_where_the_scheme_says_and_masks_it_in_its_log(
    case: Case, kind: auth_kinds.Kind, where: str
) -> None:
    scheme = _scheme(case, kind, where)
    spec = _spec(case, scheme)
    with MockServer(spec, credentials={scheme.id: {"api_key": KEY}}) as server:
        with (
            httpx.Client(timeout=5) as http,
            _client(case, spec, False, http, base_url=server.url, max_retries=0) as client,
        ):
            try:
                _invoke(case, client, asynchronous=False)
            except APIError as exc:
                # A vendor's call may find no item; it must not be refused its credentials.
                assert not isinstance(exc, AuthenticationError), exc
        accepted = server.requests.last
        assert accepted is not None and accepted.auth == scheme.id
        logged = json.dumps([accepted.query, accepted.headers])
        assert KEY not in logged
        # Without the key, or with another one, the mock refuses the request.
        with httpx.Client(base_url=server.url, timeout=5) as anonymous:
            path = accepted.path
            assert anonymous.request(case.op.method, path).status_code == 401
            wrong = {NAME: "other"} if where == "query" else {}
            cookie = {"Cookie": f"{NAME}=other"} if where == "cookie" else {HEADER: "other"}
            refused = anonymous.request(case.op.method, path, params=wrong, headers=cookie)
            assert refused.status_code == 401
