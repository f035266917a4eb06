"""Every paginated operation of every vendor of the SDK walks a listing longer than one page, against the
mock, yielding every item exactly once, with the sync and the async client (`pagination_support`).

The fixture vendors (one per pagination style) get the same walk in `tests/fixture_vendor_probe.py`.
"""

from __future__ import annotations

import pytest

from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from tests import pagination_support

PAGINATED = pagination_support.paginated()


def test_the_sdk_has_paginated_operations() -> None:
    assert PAGINATED


@pytest.mark.parametrize(
    ("spec", "op"), PAGINATED, ids=[f"{spec.id}.{op.id}" for spec, op in PAGINATED]
)
def test_iter_yields_every_item_of_a_long_listing_exactly_once(
    spec: VendorSpec, op: OperationSpec
) -> None:
    assert pagination_support.listing_problems(spec, op) == []
