"""The mock under load: many simultaneous clients, and clients that connect and then stall.

Every vendor's mock is exercised through its own operations (paths from the spec, path parameters filled
in), over raw loopback sockets so the test controls exactly when each byte is sent.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time
from dataclasses import dataclass, field

import pytest

import ats_sdk
from ats_sdk.mock import MockServer

CLIENTS = 200
"""Simultaneous clients the mock must answer (the hardening issue's figure)."""


@dataclass
class Exchange:
    """One client's request over its own connection, and what came back."""

    request: bytes
    sock: socket.socket = field(default_factory=lambda: socket.socket(socket.AF_INET))
    sent: int = 0
    answer: bytes = b""
    closed: bool = False


def requests_for(server: MockServer, count: int) -> list[bytes]:
    """`count` requests cycling through the vendor's operations, authenticated, one per connection."""
    headers = "".join(f"{name}: {value}\r\n" for name, value in server.auth_headers().items())
    operations = list(server.vendor.operations.values())
    built = []
    for index in range(count):
        op = operations[index % len(operations)]
        path = "/".join(
            "1" if part.startswith("{") and part.endswith("}") else part
            for part in op.path.split("/")
        )
        built.append(
            f"{op.method.upper()} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
            "Content-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
    return built


def exchange_all(port: int, requests: list[bytes], seconds: float) -> list[Exchange]:
    """Open every connection at once (non-blocking), send each request, read each answer to EOF.

    One thread drives every socket, so the connections really are simultaneous; the whole exchange is
    bounded by `seconds`, after which unfinished exchanges are returned as they are.
    """
    selector = selectors.DefaultSelector()
    exchanges = [Exchange(request) for request in requests]
    for exchange in exchanges:
        exchange.sock.setblocking(False)
        exchange.sock.connect_ex(("127.0.0.1", port))
        selector.register(exchange.sock, selectors.EVENT_WRITE, exchange)
    deadline = time.monotonic() + seconds
    open_count = len(exchanges)
    try:
        while open_count and time.monotonic() < deadline:
            for key, events in selector.select(timeout=max(0.0, deadline - time.monotonic())):
                exchange = key.data
                if events & selectors.EVENT_WRITE:
                    try:
                        exchange.sent += exchange.sock.send(exchange.request[exchange.sent :])
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        exchange.closed = True
                    if exchange.closed or exchange.sent == len(exchange.request):
                        selector.modify(exchange.sock, selectors.EVENT_READ, exchange)
                    continue
                try:
                    data = exchange.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                exchange.answer += data
                if not data:
                    exchange.closed = True
                    selector.unregister(exchange.sock)
                    open_count -= 1
    finally:
        selector.close()
        for exchange in exchanges:
            exchange.sock.close()
    return exchanges


def status_of(answer: bytes) -> int | None:
    head = answer.split(b"\r\n", 1)[0].split()
    return int(head[1]) if len(head) >= 2 and head[0].startswith(b"HTTP/") else None


@pytest.mark.parametrize("vendor_id", ats_sdk.VENDORS)
def test_adv_mock_answers_200_simultaneous_clients(vendor_id: str) -> None:
    with MockServer(vendor_id) as server:
        exchanges = exchange_all(server.port, requests_for(server, CLIENTS), seconds=15)
        statuses = [status_of(e.answer) for e in exchanges]
        unanswered = sum(status is None for status in statuses)
        assert unanswered == 0, f"{unanswered} of {CLIENTS} simultaneous clients got no answer"
        assert all(status < 500 for status in statuses if status is not None), statuses
        assert server.requests.count() == CLIENTS


def connection_threads() -> int:
    return threading.active_count()


@pytest.mark.parametrize("vendor_id", ats_sdk.VENDORS)
def test_adv_mock_closes_stalled_connections_and_bounds_its_threads(vendor_id: str) -> None:
    """Idle and trickling (slowloris) connections are closed after the request timeout; however many
    there are, at most `max_connections` handler threads live, and a real request still gets through.
    """
    timeout, bound, stalled = 0.25, 8, 20
    with MockServer(vendor_id, request_timeout=timeout, max_connections=bound) as server:
        baseline = connection_threads()
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(8)]
        trickling = [
            socket.create_connection(("127.0.0.1", server.port), timeout=5)
            for _ in range(stalled - len(idle))
        ]
        for sock in trickling:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        # Every connection is answered (the stdlib may send 408) or closed within a bounded time, while
        # trickling one header byte per tick keeps each per-read timeout from ever expiring on its own.
        closed: set[int] = set()
        peak = 0
        rounds = -(-stalled // bound) + 2  # connections wait their turn for a thread
        deadline = time.monotonic() + rounds * timeout + 5
        everyone = idle + trickling
        while len(closed) < len(everyone) and time.monotonic() < deadline:
            peak = max(peak, connection_threads() - baseline)
            for index, sock in enumerate(everyone):
                if index in closed:
                    continue
                try:
                    if sock in trickling:
                        sock.sendall(b"X")
                    sock.settimeout(0.01)
                    if sock.recv(65536) == b"":
                        closed.add(index)
                except TimeoutError:
                    continue
                except OSError:
                    closed.add(index)
            time.sleep(0.05)
        for sock in everyone:
            sock.close()
        assert len(closed) == len(everyone), (
            f"{len(everyone) - len(closed)} stalled connections were still open after "
            f"{rounds * timeout + 5:.1f} s (request_timeout={timeout})"
        )
        assert peak <= bound, f"{peak} connection threads alive at once (max_connections={bound})"
        answers = exchange_all(server.port, requests_for(server, 4), seconds=10)
        assert all(status_of(a.answer) is not None for a in answers)
