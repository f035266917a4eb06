"""Cases for the adversarial tests of the generated clients, all derived from the SDK's spec modules.

Every vendor package of the SDK, every auth scheme its spec declares, fake credentials for it, and one
operation per scheme with arguments the vendor's own validators accept. Requests go to an
`httpx.MockTransport`, whose handler a test writes; nothing leaves the process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from ats_sdk._runtime.http import RetryPolicy
from ats_sdk._runtime.spec import AuthSchemeSpec, OperationSpec, VendorSpec
from tests.adversarial.client_http_support import client_class as find_client_class
from tests.adversarial.client_http_support import valid_arguments, vendor_specs

BASE_URL = "http://127.0.0.1:9/api"
"""Loopback; requests reach only the test's MockTransport."""
FAST = RetryPolicy(initial_delay=0.001, max_delay=0.002)
OAUTH = "oauth2_client_credentials"


SPECS = {spec.id: spec for spec in vendor_specs()}


def vendor_spec(vendor: str) -> VendorSpec:
    return SPECS[vendor]


def client_class(vendor: str, asynchronous: bool) -> type[Any]:
    """The generated client class of the vendor: the subclass of the runtime's sync or async client."""
    found: type[Any] = find_client_class(SPECS[vendor], asynchronous)
    return found


def fake_credentials(scheme: AuthSchemeSpec) -> dict[str, str]:
    # Characters that percent-encoding, repr() and JSON each spell differently, so redaction is tested
    # on every spelling a transport's error text may use.
    return {name: f"fake-{scheme.id}-{name}-~+/=Zq8" for name in scheme.credentials}


@dataclass(frozen=True)
class Case:
    """One auth scheme of one vendor, and a call that uses it."""

    vendor: str
    scheme: AuthSchemeSpec
    op: OperationSpec
    kwargs: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.vendor}-{self.scheme.id}"

    def credentials(self) -> dict[str, str]:
        return fake_credentials(self.scheme)

    def secrets(self) -> list[str]:
        return list(self.credentials().values())

    def token_url(self) -> httpx.URL:
        url = self.scheme.token_url or ""
        return httpx.URL(url if "://" in url else BASE_URL + "/" + url.lstrip("/"))

    def client(
        self, asynchronous: bool, http: httpx.Client | httpx.AsyncClient, **options: Any
    ) -> Any:
        options.setdefault("retry_policy", FAST)
        options.setdefault("base_url", BASE_URL)
        cls = client_class(self.vendor, asynchronous)
        return cls(http_client=http, **self.credentials(), **options)

    def call(self, client: Any, **options: Any) -> Any:
        """The operation's method called on `client` (awaitable for an async client)."""
        return getattr(client, self.op.id)(**self.kwargs, **options)

    def success_body(self) -> Any:
        success = self.op.success
        return success.example if success is not None and success.example is not None else {}


def _case(spec: VendorSpec, scheme: AuthSchemeSpec) -> Case:
    usable = sorted(
        (op for op in spec.operations.values() if scheme.id in op.auth),
        key=lambda op: (
            not op.has_body,
            op.id,
        ),  # one with a body first: redirects must not leak it
    )
    if not usable:
        raise AssertionError(f"{spec.id}: no operation uses the auth scheme {scheme.id}")
    return Case(spec.id, scheme, usable[0], valid_arguments(spec, usable[0]))


CASES = [_case(spec, scheme) for spec in SPECS.values() for scheme in spec.auth]
OAUTH_CASES = [case for case in CASES if case.scheme.type == OAUTH]


def cases(selected: list[Case]) -> Any:
    return pytest.mark.parametrize("case", selected, ids=[case.id for case in selected])


SYNC_AND_ASYNC = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


def clear_credential_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential from the machine's environment takes part."""
    for spec in SPECS.values():
        for scheme in spec.auth:
            for variable in scheme.env.values():
                monkeypatch.delenv(variable, raising=False)


def run(
    asynchronous: bool,
    handler: Callable[[httpx.Request], httpx.Response],
    case: Case,
    client_options: dict[str, Any] | None = None,
    follow_redirects: bool = True,
    **call_options: Any,
) -> Any:
    """Build the case's client over a MockTransport with `handler` and make its call; the result.

    The caller's httpx client follows redirects, as a caller's may: the SDK must not let it.
    """
    transport = httpx.MockTransport(handler)
    options = client_options or {}
    if not asynchronous:
        with (
            httpx.Client(transport=transport, follow_redirects=follow_redirects) as http,
            case.client(False, http, **options) as client,
        ):
            return case.call(client, **call_options)

    async def go() -> Any:
        async with (
            httpx.AsyncClient(transport=transport, follow_redirects=follow_redirects) as http,
            case.client(True, http, **options) as client,
        ):
            return await case.call(client, **call_options)

    import asyncio

    return asyncio.run(asyncio.wait_for(go(), timeout=10))
