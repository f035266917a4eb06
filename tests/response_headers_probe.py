"""Run in a subprocess against an SDK generated from specs that declare response headers (its folder first
on PYTHONPATH); `tests/test_response_headers.py` starts it and judges what it prints.

For every vendor, operation and documented response status that declares headers, sync and async:
- against the vendor's mock: call the operation (a success) or make the mock answer the error status (a
  fault), and report each declared header's text as received and its parsed value from
  `response_headers` (on the result, or on the raised error), looked up by its name and by the name in
  other cases;
- against a transport that answers the same status with every declared header malformed (text not of its
  type), then with none of them: report the parsed values (they must all be None, raising nothing) and
  the raw text the response still holds.
Prints one JSON object per (vendor, operation, status, mode, source); everything about the vendors comes
from the generated package.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

# The SDK under test comes first (PYTHONPATH); the project's root after it, for the shared test helpers.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from ats_sdk._runtime.errors import APIError
from ats_sdk._runtime.http import AsyncClient, SyncClient
from ats_sdk._runtime.spec import OperationSpec, ResponseHeaderSpec, ResponseSpec, VendorSpec
from ats_sdk.mock import MockServer
from tests import spec_support

TIMEOUT = 10.0
MALFORMED = {"integer": "12abc", "number": "nan", "boolean": "yes", "string": "not in any format"}
"""Text not of each type (a string header is malformed only when it has a format)."""
TOKEN = {"access_token": "probe-token", "token_type": "Bearer", "expires_in": 3600}


def client_class(spec: VendorSpec, base: type) -> Any:
    module = importlib.import_module(f"ats_sdk.{spec.id}.client")
    [found] = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, base) and value is not base
    ]
    return found


def status_of(response: ResponseSpec) -> int | None:
    """The status to make for a documented response (a range by its first status); None for default."""
    if response.status.isdigit():
        return int(response.status)
    if response.status.endswith("XX"):
        return int(response.status[0]) * 100
    return None


def call(client: Any, op: OperationSpec, arguments: dict[str, Any], mode: str) -> Any:
    """The operation's result, or the APIError it raised; async clients are run to completion."""
    try:
        if mode == "sync":
            return getattr(client, op.id)(**arguments)

        async def run() -> Any:
            async with client:
                return await asyncio.wait_for(getattr(client, op.id)(**arguments), TIMEOUT)

        return asyncio.run(run())
    except APIError as error:
        return error


def report(outcome: Any, declared: tuple[ResponseHeaderSpec, ...], **about: Any) -> dict[str, Any]:
    raw = outcome.response if isinstance(outcome, APIError) else outcome.raw_response
    headers = outcome.response_headers
    return {
        **about,
        "status": raw.status_code,
        "raised": type(outcome).__name__ if isinstance(outcome, APIError) else None,
        "headers": [
            {
                "name": h.name,
                "type": h.type,
                "format": h.format,
                "example": h.example,
                "raw": raw.headers.get(h.name),
                "parsed": headers[h.name],
                "other_case": headers[h.name.swapcase()],
            }
            for h in declared
        ],
        "declared_only": sorted(headers) == sorted(h.name for h in declared),
    }


def through_mock(spec: VendorSpec, op: OperationSpec, response: ResponseSpec) -> list[Any]:
    status = status_of(response)
    if status is None:
        return []
    arguments = spec_support.valid_arguments(spec, op)
    path_values = spec_support.path_values(spec, op)
    out = []
    with MockServer(spec.id) as server:
        route = next(r for r in server.routes if r.op.id == op.id)
        credentials = next(iter(server.credentials.values()), {})
        for mode, base in (("sync", SyncClient), ("async", AsyncClient)):
            if route.id_param in path_values:
                server.seed(route.collection_for(path_values), {}, id=path_values[route.id_param])
            if not response.status.startswith("2"):
                server.faults.status(status, operation=op.id, times=None)
            client = client_class(spec, base)(
                base_url=server.url, max_retries=0, timeout=TIMEOUT, **credentials
            )
            outcome = call(client, op, arguments, mode)
            if mode == "sync":
                client.close()
            server.faults.clear()
            server.reset()
            if outcome is not None and op.response_for(_status(outcome)) is response:
                about = {"vendor": spec.id, "operation": op.id, "documented": response.status}
                out.append(report(outcome, response.headers, mode=mode, source="mock", **about))
    return out


def _status(outcome: Any) -> int:
    raw = outcome.response if isinstance(outcome, APIError) else outcome.raw_response
    return int(raw.status_code)


def through_transport(
    spec: VendorSpec, op: OperationSpec, response: ResponseSpec, values: Callable[[Any], str | None]
) -> list[Any]:
    """The response answered by a transport whose declared headers have the text `values` gives (None:
    the header is not sent)."""
    status = status_of(response)
    envelope = spec.envelope(response.envelope)
    if status is None or (response.model is None and envelope is None):
        return []
    body = response.example if envelope is None else envelope.example
    sent = {h.name: values(h) for h in response.headers}

    token_paths = {urlsplit(s.token_url).path for s in spec.auth if s.token_url}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path in token_paths:
            return httpx.Response(200, json=TOKEN)
        headers = {name: text for name, text in sent.items() if text is not None}
        return httpx.Response(status, json=body, headers=headers)

    arguments = spec_support.valid_arguments(spec, op)
    out = []
    for mode, base, http in (
        ("sync", SyncClient, httpx.Client),
        ("async", AsyncClient, httpx.AsyncClient),
    ):
        transport = http(transport=httpx.MockTransport(answer), base_url="http://vendor.test")
        client = client_class(spec, base)(
            base_url="http://vendor.test",
            max_retries=0,
            http_client=transport,
            **{c: "probe" for c in (spec.auth[0].credentials if spec.auth else ())},
        )
        outcome = call(client, op, arguments, mode)
        about = {"vendor": spec.id, "operation": op.id, "documented": response.status}
        out.append(report(outcome, response.headers, mode=mode, source="transport", **about))
    return out


def main() -> None:
    for spec in spec_support.vendor_specs():
        for op in spec.operations.values():
            for response in (r for r in op.responses if r.headers):
                results = through_mock(spec, op, response)
                results += through_transport(spec, op, response, lambda h: MALFORMED[h.type])
                results += through_transport(spec, op, response, lambda h: None)
                for result in results:
                    print(json.dumps(result))


if __name__ == "__main__":
    main()
