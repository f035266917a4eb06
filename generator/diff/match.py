"""Pair the named things of two versions (environments, auth schemes, envelopes, sources, errors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def keyed(
    before: Sequence[T],
    after: Sequence[T],
    key: Callable[[T], str],
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """(pairs in the order of `after`, added, removed) of two lists of named things."""
    before_items = {key(item): item for item in before}
    after_keys = {key(item) for item in after}
    pairs = [(before_items[key(item)], item) for item in after if key(item) in before_items]
    added = [item for item in after if key(item) not in before_items]
    removed = [item for item in before if key(item) not in after_keys]
    return pairs, added, removed
