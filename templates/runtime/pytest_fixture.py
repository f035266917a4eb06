"""pytest plugin of the SDK: the `ats_mock` fixture, a factory of mock vendor servers (`ats_sdk.mock`).

Registered through the `pytest11` entry point, so installing the SDK is enough:

    def test_sync_pushes_one_candidate(ats_mock, monkeypatch):
        server = ats_mock("talynce")                 # started on loopback, an ephemeral port
        for name, value in server.env.items():       # TALYNCE_API_KEY=mock-talynce-token
            monkeypatch.setenv(name, value)
        server.faults.status(429, retry_after=0)     # the first attempt is rate limited
        my_sync(base_url=server.url)                 # the code under test lists candidates...
        assert server.requests.count("list_candidates") == 2    # ...and its client retried once

Every server the factory starts is stopped when the test ends. Keyword arguments go to `MockServer`.
Importing this module imports nothing but pytest: the mock loads when the fixture is first used.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from .mock_server import MockServer

__all__ = ["MockFactory", "ats_mock"]


class MockFactory(Protocol):
    """`ats_mock(vendor, **options)`: a started `MockServer` for the vendor id ("talynce", ...)."""

    def __call__(self, vendor: str, **options: Any) -> MockServer: ...


@pytest.fixture
def ats_mock() -> Iterator[MockFactory]:
    """A factory of started mock vendor servers, all stopped at the end of the test."""
    from .mock_server import MockServer

    started: list[MockServer] = []

    def start(vendor: str, **options: Any) -> MockServer:
        server = MockServer(vendor, **options).start()
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.stop()
