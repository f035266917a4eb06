"""Paging through a listing longer than one page, for any paginated operation of any vendor.

The mock serves the operation's listing as its pagination style says (page size `PAGE` when the request
names none); `listing_problems` stores `COUNT` items in it and walks them with the generated client's
`iter_<operation>`, sync and async. Everything comes from the installed `ats_sdk`, so this serves the
committed SDK and an SDK generated from fixture specs alike (`fixture_vendor_probe.py`).
"""

from __future__ import annotations

import asyncio
import importlib
import itertools
from collections.abc import Iterator
from typing import Any

from ats_sdk._runtime.http import AsyncClient, SyncClient
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk.mock import MockServer
from generator import naming
from tests import spec_support

PAGE = 3
COUNT = 2 * PAGE + 1
"""Items stored: more than two pages, the last one short."""
FIRST_ID = 900_001
TIMEOUT = 10.0


def paginated() -> list[tuple[VendorSpec, OperationSpec]]:
    """Every paginated operation of every vendor of the SDK."""
    return [(spec, op) for spec, op in spec_support.operations() if op.pagination is not None]


def client_classes(spec: VendorSpec) -> tuple[Any, Any]:
    """The vendor's generated sync and async client classes."""
    module = vars(importlib.import_module(f"ats_sdk.{spec.id}.client"))

    def subclass(base: type) -> Any:
        [found] = [
            v
            for v in module.values()
            if isinstance(v, type) and issubclass(v, base) and v is not base
        ]
        return found

    return subclass(SyncClient), subclass(AsyncClient)


def _scalars(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item)
    else:
        yield value


def _ids_in(items: list[Any], ids: list[str]) -> list[list[str]]:
    """For each item yielded, the stored ids it shows (as text: an integer id example makes them ints)."""
    wanted = set(ids)
    found = []
    for item in items:
        dumped = item.model_dump(mode="json") if hasattr(item, "model_dump") else item
        found.append(sorted({str(v) for v in _scalars(dumped) if str(v) in wanted}))
    return found


def listing_problems(spec: VendorSpec, op: OperationSpec) -> list[str]:
    """What goes wrong walking a listing of COUNT items page by page, sync and async: an item missed or
    seen twice, an item that is not one stored, or a listing fetched in one page."""
    arguments = spec_support.valid_arguments(spec, op)
    path_values = spec_support.path_values(spec, op)
    method = naming.iterator_name(naming.snake_case(op.id))
    ids = [str(FIRST_ID + n) for n in range(COUNT)]
    sync_class, async_class = client_classes(spec)
    problems: list[str] = []
    with MockServer(spec.id, default_limit=PAGE) as server:
        route = next(r for r in server.routes if r.op.id == op.id)
        collection = route.collection_for({k: str(v) for k, v in path_values.items()})
        for item_id in ids:
            server.seed(collection, {}, id=item_id)
        credentials = next(iter(server.credentials.values()), {})
        options = {"base_url": server.url, "max_retries": 0, "timeout": TIMEOUT, **credentials}

        def walk_sync() -> list[Any]:
            with sync_class(**options) as client:
                # Bounded: a listing that never ends shows as too many items, not as a hung test.
                return list(itertools.islice(getattr(client, method)(**arguments), 3 * COUNT))

        async def walk_async() -> list[Any]:
            async with async_class(**options) as client:
                items = []
                async for item in getattr(client, method)(**arguments):
                    items.append(item)
                    if len(items) >= 3 * COUNT:
                        break
                return items

        for how, walk in (("sync", walk_sync), ("async", lambda: asyncio.run(walk_async()))):
            before = len(server.requests)
            shown = _ids_in(walk(), ids)
            pages = len(server.requests) - before
            seen = [found[0] for found in shown if len(found) == 1]
            if len(seen) != len(shown):
                problems.append(
                    f"{spec.id}.{op.id} ({how}): items showing no single stored id: {shown}"
                )
            if sorted(seen) != sorted(ids):
                problems.append(f"{spec.id}.{op.id} ({how}): yielded {seen}, stored {ids}")
            if pages < 2:
                problems.append(f"{spec.id}.{op.id} ({how}): {COUNT} items in {pages} page(s)")
    return problems
