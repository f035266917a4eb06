"""The "did you mean" hint of an unknown field survives threads racing to build the same suggestion index.

The index of a set of known names is built on first use and cached. It used to be published in the cache
before it was filled, so a thread arriving meanwhile found it half empty and its message lost the hint.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator

import pytest

import ats_sdk
from ats_sdk._runtime.validation import unknown_field_message

THREADS = 16
ROUNDS = 4
PADDING = 1500
"""Extra names per set: building its index then takes long enough for every thread to arrive meanwhile."""
WAIT = 10.0


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads as often as the interpreter can, so the threads interleave inside the build."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _spec_field_names() -> list[str]:
    """Every parameter and top-level body field name of every operation in the generated spec modules."""
    names: set[str] = set()
    for vendor_id in ats_sdk.VENDORS:
        spec = importlib.import_module(f"ats_sdk.{vendor_id}._spec").VENDOR
        for operation in spec.operations.values():
            names.update(param.wire_name for param in operation.params)
    return sorted(names)


def _misspelt(name: str) -> str:
    """The name with its last letter dropped: one edit away, so the hint must name it."""
    return name[:-1]


def _race(known: frozenset[str], key: str) -> list[str]:
    """Every thread asks for the message of `key` at once, on an index nobody has built yet."""
    barrier = threading.Barrier(THREADS, timeout=WAIT)
    messages: list[str] = []
    failures: list[BaseException] = []

    def ask() -> None:
        try:
            barrier.wait()
            messages.append(unknown_field_message(key, known))
        except BaseException as exc:  # reported below: a thread's exception would vanish otherwise
            failures.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    assert not failures, failures
    return messages


def test_every_racing_thread_gets_the_hint(busy_switching: None) -> None:
    # Names long enough that the misspelling is one edit from the name and from nothing else.
    names = [name for name in _spec_field_names() if len(name) >= 6]
    assert names, "the specs have fields"
    for round_number in range(ROUNDS):
        target = names[round_number % len(names)]
        # Sorted before any field name (digits sort before letters), so the target goes in last.
        padding = {f"0padding{round_number}x{index:05d}" for index in range(PADDING)}
        known = frozenset({target, *padding})
        key = _misspelt(target)
        messages = _race(known, key)
        assert len(messages) == THREADS
        missing = [message for message in messages if f"did you mean {target!r}?" not in message]
        assert not missing, f"round {round_number}: {len(missing)} of {THREADS} lost the hint"
