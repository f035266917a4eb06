# Copied by atsgen from templates/runtime/mock_ops.py, the SDK runtime, which is tested where it is written: edit it there, then run `make generate`.
"""Routing and store operations of the mock server (`ats_sdk.mock`): which operation a request is, what
kind of thing it does (create, read, update, delete, list, action), and the success reply.

The rules are described in the `ats_sdk.mock` docstring. Standard library only; callers hold the lock.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from .mock_data import (
    Record,
    Store,
    error_body,
    example_id,
    get_pointer,
    overlay,
    render_item,
    resource_pointer,
    set_pointer,
)
from .mock_http import Reply
from .pagination import MockPage, style_class
from .spec import OperationSpec, ResponseSpec, VendorSpec
from .validation import Violation

__all__ = [
    "UNDOCUMENTED_HEADER",
    "Context",
    "Kind",
    "Route",
    "answer_status",
    "build_routes",
    "error_reply",
    "execute",
    "status_of",
]

Kind = Literal["create", "read", "update", "delete", "list", "action"]
DEDUPE_KEYS = ("email", "external_id", "externalId")
"""Body fields a create that documents both 201 and 200 deduplicates on (the first one sent)."""


class Context(Protocol):
    """What the operations need from the server."""

    vendor: VendorSpec
    store: Store
    default_limit: int


@dataclass
class Route:
    """One operation's place in the URL space, and what kind of thing it does to the store."""

    op: OperationSpec
    pattern: re.Pattern[str]
    params: tuple[str, ...]
    kind: Kind
    collection: str
    """The collection's path template without the leading slash, e.g. "candidates" (parent ids filled in
    per request); the key of its items in the store."""
    id_param: str | None = None
    """The path parameter naming the item (`/x/{id}`), or the body field (`candidate_id`)."""
    id_in_body: bool = False
    field_names: frozenset[str] = field(default_factory=frozenset)
    creatable: bool = False

    def collection_for(self, params: Mapping[str, str]) -> str:
        return re.sub(r"\{([^}]+)\}", lambda m: params.get(m.group(1), m.group(0)), self.collection)


_ITEM_KINDS: dict[str, Kind] = {
    "GET": "read",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "delete",
}


def _route(op: OperationSpec) -> Route:
    segments = [s for s in op.path.split("/") if s]
    names = [s[1:-1] for s in segments if s.startswith("{") and s.endswith("}")]
    parts = ["([^/]+)" if s.startswith("{") and s.endswith("}") else re.escape(s) for s in segments]
    route = Route(op, re.compile("/" + "/".join(parts)), tuple(names), "action", "/".join(segments))
    method = op.method.upper()
    if segments and segments[-1].startswith("{"):
        route.collection, route.id_param = "/".join(segments[:-1]), names[-1]
        route.kind = _ITEM_KINDS.get(method, "action")
        return route
    body_ids = [
        p.wire_name
        for p in op.params
        if p.location == "body" and p.required and p.wire_name.endswith("_id")
    ]
    if method in ("PUT", "PATCH") and body_ids:  # Hirempire PATCH /update-candidate {candidate_id}
        parent = "/".join(segments[:-1])
        route.collection = f"{parent}/{body_ids[0][:-3]}s".lstrip("/")
        route.kind, route.id_param, route.id_in_body = "update", body_ids[0], True
    elif method == "GET":
        route.kind = "list"
    elif method == "POST":
        route.kind = "create"
    return route


def build_routes(vendor: VendorSpec) -> list[Route]:
    """Every operation's route, literal paths before templated ones."""
    routes = [_route(op) for op in vendor.operations.values()]
    for route in routes:
        siblings = [r for r in routes if r.collection == route.collection]
        route.field_names = frozenset(
            p.wire_name for r in siblings for p in r.op.params if p.location == "body"
        )
        route.creatable = any(r.kind == "create" for r in siblings)
    return sorted(routes, key=lambda r: len(r.params))  # literal segments before templates


def status_of(response: ResponseSpec | None, fallback: int = 200) -> int:
    if response is None:
        return fallback
    return int(response.status) if response.status.isdigit() else fallback


UNDOCUMENTED_HEADER = "X-Atsgen-Mock-Undocumented-Status"
"""Set on an error reply whose status the operation does not document (no documented client error)."""


_OWN_MEANING = frozenset({"401", "403", "407", "429"})
"""Client error statuses a client acts on (asks for credentials, retries later): never a stand-in."""


def answer_status(op: OperationSpec | None, wanted: int) -> tuple[int, bool]:
    """The status the mock answers an error with, and whether the operation documents it.

    The documented-status fallback rule: `wanted` when the operation documents it (exactly, by a range
    such as 4XX, or by default); else the documented client error status nearest to it (the lower on a
    tie), but never 401, 403, 407 or 429 in place of another status, since a client acts on those (asks
    for credentials, retries later); else `wanted` itself, marked undocumented: the reply carries
    `UNDOCUMENTED_HEADER`.
    """
    if op is None or op.response_for(wanted) is not None:
        return wanted, True
    stand_ins = [
        int(r.status)
        for r in op.responses
        if r.status.isdigit() and r.status.startswith("4") and r.status not in _OWN_MEANING
    ]
    if not stand_ins:
        return wanted, False
    return min(stand_ins, key=lambda status: (abs(status - wanted), status)), True


def error_reply(
    vendor: VendorSpec,
    op: OperationSpec | None,
    wanted: int,
    message: str,
    *,
    violations: Sequence[Violation] = (),
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """An error reply in the vendor's envelope, with the status `answer_status` picks for `wanted`."""
    status, documented = answer_status(op, wanted)
    sent = dict(headers or {})
    if not documented and op is not None:
        sent[UNDOCUMENTED_HEADER] = (
            f"{wanted}; {vendor.id} documents no client error status for {op.id}"
        )
    body = error_body(vendor, op, status, message, violations=violations)
    return Reply(status, body, sent)


def execute(
    ctx: Context,
    route: Route,
    params: Mapping[str, str],
    query: Mapping[str, Any],
    body: dict[str, Any],
) -> Reply:
    """Carry out a valid, authenticated request against the store (the caller holds the server's lock)."""
    op, collection = route.op, route.collection_for(params)
    success = op.success
    if route.kind == "list":
        path = "/" + route.collection_for(params) if route.collection else "/"
        return _list(ctx, route, collection, query, success, path)
    if route.kind == "create":
        return _create(ctx, route, collection, body)
    if route.kind == "action":
        return _respond(route, success, Record(id="", fields=body), action=True)
    item_id: Any = (
        body.get(route.id_param or "") if route.id_in_body else params.get(route.id_param or "")
    )
    record = ctx.store.get(collection, item_id)
    if route.kind == "update":
        fields = {k: v for k, v in body.items() if not (route.id_in_body and k == route.id_param)}
        if record is None:
            if route.creatable:
                return _not_found(ctx, route, item_id)
            record = ctx.store.add(collection, {}, item_id)
        ctx.store.update(record, fields)
    elif record is None:
        return _not_found(ctx, route, item_id)
    elif route.kind == "delete":
        ctx.store.remove(collection, item_id)
    return _respond(route, success, record)


def _create(ctx: Context, route: Route, collection: str, body: dict[str, Any]) -> Reply:
    op = route.op
    statuses = {r.status for r in op.responses}
    if {"200", "201"} <= statuses:
        key = next((k for k in DEDUPE_KEYS if body.get(k) is not None), None)
        existing = ctx.store.find(collection, key, body[key]) if key else None
        if existing is not None:
            return _respond(route, op.response_for(200), existing)
    response = op.response_for(201) if "201" in statuses else op.success
    like = None
    if response is not None and response.example is not None:
        like = example_id(response.example, resource_pointer(response.example, route.field_names))
    record = ctx.store.add(collection, body, ctx.store.new_id(like))
    return _respond(route, response, record)


def _list(
    ctx: Context,
    route: Route,
    collection: str,
    query: Mapping[str, Any],
    response: ResponseSpec | None,
    path: str,
) -> Reply:
    """The stored items filtered by the query, paged as the operation's pagination style serves them
    (`pagination.STYLES`): its pointers set in the body, its headers (a `Link`) on the reply."""
    paging = route.op.pagination
    paging_params = set(paging.params.values()) if paging else set()
    filters = {k: v for k, v in query.items() if k not in paging_params}
    records = _filtered(ctx.store.items(collection), filters)
    served = (
        style_class(paging.style).mock_page(paging, query, len(records), ctx.default_limit, path)
        if paging
        else MockPage(0, len(records))
    )
    page = records[served.start : served.stop]
    example = copy.deepcopy(response.example) if response is not None else None
    if example is None:
        return Reply(status_of(response), [r.to_dict() for r in page], served.headers)
    items_pointer = paging.items if paging else _first_list(example)
    template_items = get_pointer(example, items_pointer)
    template = template_items[0] if isinstance(template_items, list) and template_items else None
    body = set_pointer(
        example, items_pointer, [render_item(template, r, route.id_param) for r in page]
    )
    for key, value in served.pointers.items():
        pointer = paging.pointers.get(key) if paging else None
        if pointer is None:
            continue
        body = set_pointer(body, pointer, value)
        holder = get_pointer(body, pointer.rsplit("/", 1)[0])
        if isinstance(holder, dict):  # Talynce meta: {total, limit, offset}
            holder.update({k: v for k, v in served.echoed.items() if k in holder})
    return Reply(status_of(response), body, served.headers)


def _respond(
    route: Route, response: ResponseSpec | None, record: Record, action: bool = False
) -> Reply:
    """The success reply: the example with the record on its resource (for an action, the request's
    same-named fields only, no id)."""
    status = status_of(response)
    if response is None or response.example is None:
        return Reply(status, None if action or route.kind == "delete" else record.to_dict())
    example = copy.deepcopy(response.example)
    pointer = resource_pointer(example, route.field_names | set(record.fields))
    template = get_pointer(example, pointer)
    if action:
        resource = overlay(template, record.fields) if isinstance(template, dict) else template
    else:
        resource = render_item(template, record, route.id_param)
    return Reply(status, set_pointer(example, pointer, resource))


def _not_found(ctx: Context, route: Route, item_id: Any) -> Reply:
    noun = (
        route.collection.rstrip("/")
        .rsplit("/", 1)[-1]
        .removesuffix("s")
        .replace("-", " ")
        .replace("_", " ")
    )
    message = f"{noun.capitalize() or 'Item'} {item_id} not found"
    return error_reply(ctx.vendor, route.op, 404, message)


def _first_list(example: Any) -> str:
    if isinstance(example, dict):
        for key, value in example.items():
            if isinstance(value, list):
                return "/" + str(key).replace("~", "~0").replace("/", "~1")
    return ""


def _pairs(value: Any, key: str | None = None) -> list[tuple[str | None, Any]]:
    """Every (key, scalar) pair in a nested value (list items count under the list's key)."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _pairs(v, k)]
    if isinstance(value, list):
        return [pair for v in value for pair in _pairs(v, key)]
    return [(key, value)]


def _filtered(records: list[Record], filters: Mapping[str, Any]) -> list[Record]:
    """Records matching every filter: `search`/`q`/`query` finds text in any field; another parameter
    filters when some record has a field of its name (at any depth), by equality ignoring case."""
    pairs = {id(r): _pairs(r.to_dict()) for r in records}
    known = {k for found in pairs.values() for k, _ in found}
    kept = []
    for record in records:
        found = pairs[id(record)]
        ok = True
        for name, wanted in filters.items():
            options = {
                str(o).casefold() for o in (wanted if isinstance(wanted, list) else [wanted])
            }
            if name in ("search", "q", "query"):
                ok = ok and any(
                    isinstance(v, str) and any(o in v.casefold() for o in options) for _, v in found
                )
            elif name in known:
                ok = ok and any(k == name and str(v).casefold() in options for k, v in found)
        if ok:
            kept.append(record)
    return kept
