"""Run in a subprocess against an SDK generated from fixture specs (its folder first on PYTHONPATH).

For every vendor of that SDK and every operation: start its mock, store an item where the operation reads
or changes one, call the operation with the generated client and arguments the vendor's own validators
accept (path and header values of the declared type), and check that the answer is a documented success.
Then send the mock a path value of the wrong type, as only another client would, and report its status.
Prints one JSON object per operation; everything about the vendors comes from the generated package.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from typing import Any

import httpx

import ats_sdk
from ats_sdk._runtime.http import SyncClient
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk.mock import MockServer

CANDIDATES: tuple[Any, ...] = (1, 2, "1", "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", "a", True)


def vendors() -> list[VendorSpec]:
    found = []
    for module in pkgutil.iter_modules(ats_sdk.__path__):
        if module.ispkg and not module.name.startswith("_"):
            found.append(importlib.import_module(f"ats_sdk.{module.name}._spec").VENDOR)
    return found


def valid_value(validate: Any, op: OperationSpec, part: str, name: str) -> Any:
    for candidate in CANDIDATES:
        if not any(v.pointer == "/" + name for v in validate(op.id, {name: candidate}, part)):
            return candidate
    raise AssertionError(f"{op.id}: no candidate value passes for the {part} parameter {name}")


def client_class(spec: VendorSpec) -> Any:
    module = importlib.import_module(f"ats_sdk.{spec.id}.client")
    [found] = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, SyncClient) and value is not SyncClient
    ]
    return found


def probe(spec: VendorSpec, op: OperationSpec) -> dict[str, Any]:
    validate = importlib.import_module(f"ats_sdk.{spec.id}.validators").validate
    arguments: dict[str, Any] = {}
    for param in op.params:
        # Every path parameter, and the headers the operation cannot be called without.
        if param.location == "path" or (param.location == "header" and param.required):
            part = "path" if param.location == "path" else "headers"
            arguments[param.python_name] = valid_value(validate, op, part, param.wire_name)
    example = op.request_example or {}
    by_wire = {p.wire_name: p.python_name for p in op.params}
    arguments.update({by_wire[w]: v for w, v in example.items() if w in by_wire})
    documented = {r.status for r in op.responses}
    with MockServer(spec.id) as server:
        route = next(r for r in server.routes if r.op.id == op.id)
        path_values = {
            p.wire_name: arguments[p.python_name] for p in op.params if p.location == "path"
        }
        if route.id_param in path_values:
            server.seed(route.collection_for(path_values), {}, id=path_values[route.id_param])
        credentials = next(iter(server.credentials.values()), {})
        with client_class(spec)(base_url=server.url, **credentials) as client:
            result = getattr(client, op.id)(**arguments)
        success = result.raw_response.status_code if result is not None else None
        # The mock itself, sent a path value the declared type refuses (the client would not send it).
        refused = None
        if path_values:
            path = op.path
            for name in path_values:
                path = path.replace("{" + name + "}", "not-a-number")
            headers = {
                p.wire_name: str(arguments[p.python_name])
                for p in op.params
                if p.location == "header" and p.python_name in arguments
            }
            with httpx.Client(base_url=server.url, headers=server.auth_headers()) as http:
                refused = http.request(op.method, path.lstrip("/"), headers=headers).status_code
    return {
        "vendor": spec.id,
        "operation": op.id,
        "status": success,
        "refused": refused,
        "documented": sorted(documented),
    }


def main() -> None:
    for spec in vendors():
        for op in spec.operations.values():
            print(json.dumps(probe(spec, op)))


if __name__ == "__main__":
    main()
