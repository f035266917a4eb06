"""`iter_<operation>` validates its arguments before it uses them, exactly as the plain call does.

The attack: the iterator converted `offset` with int() first, so `offset="abc"` raised a bare ValueError
and `offset=2.7` was sent as 2, although the plain call refuses both. For every paginated operation of
every vendor in the SDK's spec modules, sync and async: each bad paging argument gets the plain call's
ValidationFailed with the same violations, when the iterator is created, and nothing reaches the server.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ats_sdk._runtime.pagination import style_class
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk._runtime.validation import ValidationFailed
from tests.adversarial.client_http_support import (
    Loopback,
    make_client,
    method_name,
    operations,
    success_reply,
    token_paths,
    valid_arguments,
)


def _paging_arguments() -> list[Any]:
    out = []
    for spec, op in operations():
        if op.pagination is None:
            continue
        by_wire = {param.wire_name: param.python_name for param in op.params}
        # The parameters the operation's pagination style counts with (an offset, a page number or size).
        roles = style_class(op.pagination.style).params
        counted = [op.pagination.params.get(r.key) for r in roles if r.integer]
        for wire in (wire for wire in counted if wire in by_wire):
            out.append(pytest.param(spec, op, by_wire[wire], id=f"{spec.id}.{op.id}.{wire}"))
    return out


PAGING_ARGUMENTS = _paging_arguments()
BAD_VALUES = ["abc", 2.7, -1.5, True, None, [], float("nan"), "3"]


def _violations(error: ValidationFailed) -> list[tuple[str, str, str]]:
    return sorted((v.pointer, v.rule, v.message) for v in error.violations)


def _plain_call_violations(
    spec: VendorSpec, op: OperationSpec, server: Loopback, kwargs: dict[str, Any]
) -> list[tuple[str, str, str]]:
    with (
        make_client(spec, op, server, False, max_retries=0) as client,
        pytest.raises(ValidationFailed) as caught,
    ):
        getattr(client, method_name(op))(**kwargs)
    return _violations(caught.value)


@pytest.mark.parametrize("value", BAD_VALUES, ids=repr)
@pytest.mark.parametrize(("spec", "op", "argument"), PAGING_ARGUMENTS)
def test_the_iterator_refuses_what_the_plain_call_refuses_when_it_is_created(
    spec: VendorSpec, op: OperationSpec, argument: str, value: Any
) -> None:
    kwargs = {**valid_arguments(spec, op), argument: value}
    with Loopback(success_reply(op), token_paths(spec, "/api")) as server:
        expected = _plain_call_violations(spec, op, server, kwargs)
        with (
            make_client(spec, op, server, False, max_retries=0) as client,
            pytest.raises(ValidationFailed) as caught,
        ):
            getattr(client, method_name(op, paginated=True))(**kwargs)
        assert _violations(caught.value) == expected
        assert server.requests == []


@pytest.mark.parametrize("value", ["abc", 2.7], ids=repr)
@pytest.mark.parametrize(("spec", "op", "argument"), PAGING_ARGUMENTS)
def test_the_async_iterator_refuses_what_the_plain_call_refuses(
    spec: VendorSpec, op: OperationSpec, argument: str, value: Any
) -> None:
    kwargs = {**valid_arguments(spec, op), argument: value}

    async def iterate(server: Loopback) -> None:
        async with make_client(spec, op, server, True, max_retries=0) as client:
            async for _ in getattr(client, method_name(op, paginated=True))(**kwargs):
                pass

    with Loopback(success_reply(op), token_paths(spec, "/api")) as server:
        expected = _plain_call_violations(spec, op, server, kwargs)
        with pytest.raises(ValidationFailed) as caught:
            asyncio.run(iterate(server))
        assert _violations(caught.value) == expected
        assert server.requests == []


@pytest.mark.parametrize(("spec", "op", "argument"), PAGING_ARGUMENTS)
def test_an_integral_float_pages_from_that_integer(
    spec: VendorSpec, op: OperationSpec, argument: str
) -> None:
    """JSON's integer 2 may arrive as 2.0, which the validators accept; the iterator still counts in
    integers. The example page is served once; the listing then ends (short page or empty page)."""
    kwargs = {**valid_arguments(spec, op), argument: 2.0}
    with Loopback(success_reply(op), token_paths(spec, "/api")) as server:
        with make_client(spec, op, server, False, max_retries=0) as client:
            iterator = getattr(client, method_name(op, paginated=True))(**kwargs)
            for _, _item in zip(range(50), iterator, strict=False):
                pass
        assert server.api_requests(), "the listing fetched no page"
        assert all("." not in r.target.partition("?")[2] for r in server.api_requests())
