"""Run in a subprocess against an SDK generated from fixture specs (its folder first on PYTHONPATH).

For every vendor of that SDK and every operation, against its mock:
- store an item where the operation reads or changes one, call the operation with the generated client and
  arguments the vendor's own validators accept (path and header values of the declared type), and report
  the success status; call it again with the async client and through `with_raw_response`, and report, for
  each call, the status of the result's `raw_response` beside the status the mock sent;
- send the mock a path value of the wrong type, as only another client would, and report its status;
- call the client with an invalid argument: it must raise ValidationFailed and send nothing;
- make the mock answer each documented error status (a fault) and report what the client raised;
- report every error body the mock sends (the requests above, with no credentials, with an unknown item)
  that breaks the schema documented for its status, or has a status the operation does not document;
- for a paginated operation, walk a listing longer than one page with `iter_<operation>`, sync and async,
  and report every item missed or seen twice (`pagination_support.listing_problems`).
Prints one JSON object per operation; everything about the vendors comes from the generated package.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

# The SDK under test comes first (PYTHONPATH); the project's root after it, for the shared test helpers.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from ats_sdk._runtime.errors import APIError, error_class
from ats_sdk._runtime.http import AsyncClient, SyncClient
from ats_sdk._runtime.mock_ops import UNDOCUMENTED_HEADER
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk._runtime.validation import ValidationFailed
from ats_sdk.mock import MockServer
from tests import pagination_support, spec_support

INVALID: tuple[Any, ...] = ("not valid!", -1, 0, {"atsgen": [1]}, None, "x" * 5000)
"""Values tried, in order, for an argument its validator must refuse."""


def client_class(spec: VendorSpec, base: type[Any] = SyncClient) -> Any:
    """The vendor's generated client class: the subclass of `base` (SyncClient or AsyncClient)."""
    module = importlib.import_module(f"ats_sdk.{spec.id}.client")
    [found] = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, base) and value is not base
    ]
    return found


def seeder(
    server: MockServer, op: OperationSpec, path_values: dict[str, Any]
) -> Callable[[], None]:
    """What stores the item the operation reads or changes (at the path values), where it has one."""
    route = next(r for r in server.routes if r.op.id == op.id)

    def seed() -> None:
        if route.id_param in path_values:
            server.seed(route.collection_for(path_values), {}, id=path_values[route.id_param])

    return seed


def kept_responses(
    server: MockServer,
    spec: VendorSpec,
    op: OperationSpec,
    arguments: dict[str, Any],
    seed: Callable[[], None],
) -> dict[str, list[int | None]]:
    """Each way of calling the operation (sync, async, `with_raw_response`), after `seed` stores the item
    it reads or changes (a delete removes it): the status of the result's `raw_response` (None when it
    has none) and the status the mock sent."""
    credentials = next(iter(server.credentials.values()), {})
    options = {"base_url": server.url, "max_retries": 0, **credentials}

    def kept(result: Any) -> int | None:
        response = getattr(result, "raw_response", None)
        return response.status_code if isinstance(response, httpx.Response) else None

    def sent() -> int | None:
        last = server.requests.last
        return last.status if last is not None else None

    out: dict[str, list[int | None]] = {}
    with client_class(spec)(**options) as client:
        seed()
        out["sync"] = [kept(getattr(client, op.id)(**arguments)), sent()]
        seed()
        raw = getattr(client.with_raw_response, op.id)(**arguments)
        out["raw"] = [kept(raw.parse()), sent()]

    async def call_async() -> int | None:
        async with client_class(spec, AsyncClient)(**options) as client:
            return kept(await getattr(client, op.id)(**arguments))

    seed()
    out["async"] = [asyncio.run(asyncio.wait_for(call_async(), timeout=30)), sent()]
    return out


def invalid_argument(spec: VendorSpec, op: OperationSpec) -> tuple[str, Any] | None:
    """A (python name, value) its validator refuses: a body field, else a path or query parameter."""
    validate = spec_support.validator(spec)
    for location, part in (("body", "body"), ("path", "path"), ("query", "query")):
        for param in (p for p in op.params if p.location == location):
            for value in INVALID:
                found = validate(op.id, {param.wire_name: value}, part)
                if any(v.pointer == "/" + param.wire_name for v in found):
                    return param.python_name, value
    return None


def error_problems(spec: VendorSpec, op: OperationSpec, response: httpx.Response) -> list[str]:
    status = response.status_code
    problems = []
    if not spec_support.documented(op, status) and not response.headers.get(UNDOCUMENTED_HEADER):
        problems.append(f"{status}: not documented and not marked undocumented")
    body = response.json() if response.content else None
    problems += [f"{status}: {p}" for p in spec_support.error_body_problems(spec, op, status, body)]
    return problems


def raw_errors(server: MockServer, spec: VendorSpec, op: OperationSpec, path: str) -> list[str]:
    """Problems of the errors the mock sends: no credentials, an unknown item, a wrong-typed path."""
    headers = spec_support.required_headers(spec, op)
    body = op.request_example if op.has_body else None
    replies = []
    with httpx.Client(base_url=server.url, timeout=5) as anonymous:
        replies.append(anonymous.request(op.method, path, headers=headers, json=body))
    signed = {"headers": server.auth_headers(), "params": server.auth_params()}
    with httpx.Client(base_url=server.url, timeout=5, **signed) as http:
        replies.append(http.request(op.method, path, headers=headers, json=body))
        if op.has_body:
            replies.append(
                http.request(op.method, path, headers=headers, json=["not", "an object"])
            )
    return [p for r in replies if r.status_code >= 400 for p in error_problems(spec, op, r)]


def typed_errors(server: MockServer, client: Any, op: OperationSpec, args: dict[str, Any]) -> Any:
    """Each documented error status, made by a fault: what the client raised, and whether it is typed."""
    results = {}
    for status in spec_support.error_statuses(op):
        server.faults.status(status, operation=op.id, retry_after=0, times=None)
        try:
            getattr(client, op.id)(**args)
            results[str(status)] = "no error raised"
        except APIError as exc:
            typed = type(exc) is error_class(status) and exc.status == status
            results[str(status)] = "typed" if typed and exc.message else f"{type(exc)}: {exc}"
        server.faults.clear()
    return results


def probe(spec: VendorSpec, op: OperationSpec) -> dict[str, Any]:
    arguments = spec_support.valid_arguments(spec, op)
    path_values = spec_support.path_values(spec, op)
    path = spec_support.filled_path(op, path_values).lstrip("/")
    result: dict[str, Any] = {"vendor": spec.id, "operation": op.id}
    result["documented"] = sorted(r.status for r in op.responses)
    with MockServer(spec.id) as server:
        problems = raw_errors(server, spec, op, path)
        result["kept"] = kept_responses(
            server, spec, op, arguments, seeder(server, op, path_values)
        )
        result["status"] = result["kept"]["sync"][1]
        credentials = next(iter(server.credentials.values()), {})
        with client_class(spec)(base_url=server.url, max_retries=0, **credentials) as client:
            result["errors"] = typed_errors(server, client, op, arguments)
            invalid = invalid_argument(spec, op)
            sent = len(server.requests)
            try:
                if invalid is not None:
                    getattr(client, op.id)(**{**arguments, invalid[0]: invalid[1]})
                result["invalid"] = "sent" if invalid is not None else None
            except ValidationFailed:
                result["invalid"] = "refused" if len(server.requests) == sent else "sent"
        result["refused"] = None
        if path_values:
            # The mock itself, sent a path value the declared type refuses (the client would not send it).
            wrong = spec_support.filled_path(op, {name: "not valid!" for name in path_values})
            headers = spec_support.required_headers(spec, op)
            signed = {"headers": server.auth_headers(), "params": server.auth_params()}
            with httpx.Client(base_url=server.url, timeout=5, **signed) as http:
                refused = http.request(op.method, wrong.lstrip("/"), headers=headers)
            result["refused"] = refused.status_code
            problems += error_problems(spec, op, refused)
    result["problems"] = problems
    result["listing"] = pagination_support.listing_problems(spec, op) if op.pagination else None
    return result


def main() -> None:
    for spec in spec_support.vendor_specs():
        for op in spec.operations.values():
            print(json.dumps(probe(spec, op)))


if __name__ == "__main__":
    main()
