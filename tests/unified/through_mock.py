"""Drive the generated `ats_sdk.unified` against a vendor's generated mock, for any vendor with a mapping.

Used in process for the real specs, and in a subprocess (`unified_probe.py`) for an SDK generated from the
fixture vendor's specs. Everything about the vendor comes from the generated package (`MAPPINGS`, its
mock's routes and credentials) and from the canonical model: example values of its fields, reduced to the
largest candidate the vendor accepts without a loss.
"""

from __future__ import annotations

import asyncio
import importlib
import warnings
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.emit.examples import example

CANDIDATE_ID = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"
"""A UUID: an id every vendor's id field takes, whatever its format."""


def _unified() -> Any:
    return importlib.import_module("ats_sdk.unified")


def _mapped_fields(mapping: Mapping[str, Any]) -> dict[str, str]:
    """Canonical field -> the JSON pointer (into the mapped request) of the target it is written to."""
    found = {}
    for entry in mapping["map"]:
        if entry["transform"] == "unsupported" or "from" not in entry:
            continue
        sources = [entry["from"]] if isinstance(entry["from"], str) else entry["from"]
        for name in sources:
            found[name] = "/" + entry["to"].replace(".", "/")
    return found


def _to_drop(targets: dict[str, str], pointer: str) -> set[str]:
    """The canonical fields a violation at `pointer` is about: written there, inside it, or around it; else
    written beside it (a field the vendor requires once a sibling is sent)."""
    hit = {
        name
        for name, target in targets.items()
        if target == pointer or target.startswith(pointer + "/") or pointer.startswith(target + "/")
    }
    if hit:
        return hit
    parent = pointer.rsplit("/", 1)[0]
    return {
        name
        for name, target in targets.items()
        if parent.count("/") > 1 and target.startswith(parent + "/")
    }


def accepted_candidate(
    vendor: str, operation: str, model: ir.Schema, candidate_id: str | None
) -> dict[str, Any]:
    """Example values for every field the operation maps, less those the vendor rejects or loses."""
    unified = _unified()
    targets = _mapped_fields(unified.MAPPINGS[vendor][operation])
    candidate = {
        prop.wire_name: example(prop.schema, name=prop.wire_name)
        for prop in model.properties
        if prop.wire_name in targets
    }
    while True:
        mapped = unified.to_vendor(vendor, operation, candidate, candidate_id=candidate_id)
        drop = {loss.pointer[1:] for loss in mapped.losses}
        for violation in mapped.violations:
            drop |= _to_drop(
                {k: v for k, v in targets.items() if k in candidate}, violation.pointer
            )
        if not mapped.losses and not mapped.violations:
            return candidate
        assert drop & set(candidate), (vendor, operation, mapped.violations, mapped.losses)
        candidate = {name: value for name, value in candidate.items() if name not in drop}


def _unsupported(mapping: Mapping[str, Any], model: ir.Schema) -> dict[str, Any]:
    """One canonical field the operation cannot carry, with an example value (empty when it carries all)."""
    for entry in mapping["map"]:
        if entry["transform"] == "unsupported":
            [prop] = [p for p in model.properties if p.wire_name == entry["from"]]
            return {prop.wire_name: example(prop.schema, name=prop.wire_name)}
    return {}


def _clients(vendor: str) -> tuple[type[Any], type[Any]]:
    from ats_sdk._runtime.http import AsyncClient, SyncClient

    module = importlib.import_module(f"ats_sdk.{vendor}.client")
    classes = [v for v in vars(module).values() if isinstance(v, type)]
    [sync] = [c for c in classes if issubclass(c, SyncClient) and c is not SyncClient]
    [asynchronous] = [c for c in classes if issubclass(c, AsyncClient) and c is not AsyncClient]
    return sync, asynchronous


def _received(server: Any, operation: str) -> list[Any]:
    return [r.body for r in server.requests.for_operation(operation)]


def check_vendor(vendor: str, model: ir.Schema) -> dict[str, Any]:
    """Send every write the vendor's mapping declares through its mock, sync and async, under each loss
    policy, and read back where it declares a read; assert what the mock received. Returns what was
    checked (operations and the fields sent), so a caller can see the proof is not empty."""
    from ats_sdk.mock import MockServer

    unified = _unified()
    mappings = unified.MAPPINGS[vendor]
    reads = [op for op, mapping in mappings.items() if "read_root" in mapping]
    sync_class, async_class = _clients(vendor)
    checked: dict[str, Any] = {}
    with MockServer(vendor) as server:
        credentials = dict(next(iter(server.credentials.values()), {}))
        with sync_class(base_url=server.url, max_retries=0, **credentials) as client:
            for operation in sorted(set(mappings) - set(reads)):
                candidate_id = CANDIDATE_ID if "candidate_id" in mappings[operation] else None
                route = next(r for r in server.routes if r.op.id == operation)
                if route.kind == "update":
                    server.seed(route.collection_for({}), {}, CANDIDATE_ID)
                sent = _check_write(server, client, vendor, operation, model, candidate_id)
                checked[operation] = sorted(sent)
                asyncio.run(
                    _check_async(
                        server, async_class, credentials, vendor, operation, sent, candidate_id
                    )
                )
                for read in reads if candidate_id is not None else []:
                    checked[read] = _check_read(client, vendor, read, sent)
    return checked


def _check_write(
    server: Any,
    client: Any,
    vendor: str,
    operation: str,
    model: ir.Schema,
    candidate_id: str | None,
) -> dict[str, Any]:
    unified = _unified()
    candidate = accepted_candidate(vendor, operation, model, candidate_id)
    assert candidate, f"{vendor}.{operation}: no canonical field reaches the vendor"
    expected = unified.to_vendor(vendor, operation, candidate, candidate_id=candidate_id).request
    before = len(_received(server, operation))
    unified.send(client, operation, candidate, candidate_id=candidate_id)
    assert _received(server, operation)[before:] == [expected["body"] or None]
    last = server.requests.last
    assert all(str(value) in last.path for value in expected["path"].values())
    assert last.query == {k: str(v) for k, v in expected["query"].items()}

    lost = _unsupported(unified.MAPPINGS[vendor][operation], model)
    if lost:
        _check_policies(server, client, vendor, operation, {**candidate, **lost}, candidate_id)
    return candidate


def _check_policies(
    server: Any,
    client: Any,
    vendor: str,
    operation: str,
    candidate: dict[str, Any],
    candidate_id: str | None,
) -> None:
    """Refuse (the default) sends nothing and names every loss; warn names them and sends; allow sends."""
    unified = _unified()
    mapped = unified.to_vendor(vendor, operation, candidate, candidate_id=candidate_id)
    assert mapped.losses and not mapped.violations
    before = len(server.requests)
    try:
        unified.send(client, operation, candidate, candidate_id=candidate_id)
    except unified.UnifiedRequestRefused as refused:
        assert list(refused.losses) == mapped.losses
        assert all(loss.pointer in str(refused) for loss in mapped.losses)
    else:
        raise AssertionError(f"{vendor}.{operation}: a lossy candidate was sent under refuse")
    assert len(server.requests) == before, "refuse sent a request"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        unified.send(client, operation, candidate, candidate_id=candidate_id, on_loss="warn")
    [warning] = [w for w in caught if issubclass(w.category, unified.LossWarning)]
    assert all(str(loss) in str(warning.message) for loss in mapped.losses)
    assert warning.filename == __file__, "the warning points at the caller of send"
    unified.send(client, operation, candidate, candidate_id=candidate_id, on_loss="allow")
    assert _received(server, operation)[-2:] == [mapped.request["body"] or None] * 2


async def _check_async(
    server: Any,
    async_class: type[Any],
    credentials: Mapping[str, str],
    vendor: str,
    operation: str,
    candidate: dict[str, Any],
    candidate_id: str | None,
) -> None:
    unified = _unified()
    expected = unified.to_vendor(vendor, operation, candidate, candidate_id=candidate_id).request
    async with async_class(base_url=server.url, max_retries=0, **credentials) as client:
        await unified.asend(client, operation, candidate, candidate_id=candidate_id)
        assert _received(server, operation)[-1] == (expected["body"] or None)
        reads = [op for op, m in unified.MAPPINGS[vendor].items() if "read_root" in m]
        for read in reads if candidate_id is not None else []:
            found = await unified.afetch(client, read, candidate_id=candidate_id)
            _compare_read(vendor, read, candidate, found)


def _check_read(client: Any, vendor: str, read: str, sent: dict[str, Any]) -> list[str]:
    found = _unified().fetch(client, read, candidate_id=CANDIDATE_ID)
    return _compare_read(vendor, read, sent, found)


def _compare_read(vendor: str, read: str, sent: dict[str, Any], found: Any) -> list[str]:
    """Every field sent that the read maps comes back unchanged; returns those fields."""
    readable = [name for name in sent if name in _mapped_fields(_unified().MAPPINGS[vendor][read])]
    for name in readable:
        assert found.candidate.get(name) == sent[name], (vendor, read, name, found)
    return sorted(readable)
