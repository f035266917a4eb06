"""What the client hardening tests share: the SDK's vendors found from its spec modules, and a scripted
loopback HTTP server.

Everything about a vendor comes from `ats_sdk.<vendor>._spec` (operations, parameters, auth schemes) and its
generated validators and client module, so the tests hold for any spec that lints clean.

`Loopback` is a raw-socket HTTP/1.1 server on 127.0.0.1: every request it reads is recorded (method, target,
arrival time), and a `reply` callable writes the answer, so a test can answer with exactly the bytes it
needs (a body that is not JSON, a status line sent one byte at a time). Every wait in it is bounded.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ats_sdk._runtime.http import AsyncClient, SyncClient
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from generator import naming
from tests.spec_support import (  # noqa: F401  (shared with the other vendor-driven tests)
    operations,
    valid_arguments,
    valid_path_value,
    validator,
    vendor_specs,
)

SERVER_SOCKET_TIMEOUT = 5.0
"""The longest any server-side read or write waits: a stuck test fails instead of hanging."""


# -- the SDK's vendors ------------------------------------------------------------------------------------


def client_class(spec: VendorSpec, asynchronous: bool) -> Any:
    """The vendor's generated client class (sync or async), found by its base class."""
    module = importlib.import_module(f"ats_sdk.{spec.id}.client")
    base = AsyncClient if asynchronous else SyncClient
    [cls] = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, base) and value is not base
    ]
    return cls


def method_name(op: OperationSpec, paginated: bool = False) -> str:
    """The client method of an operation (the generator names it through `naming`)."""
    name = naming.snake_case(op.id)
    return naming.iterator_name(name) if paginated else name


def path_of(url: str) -> str:
    return urlsplit(url).path


def usable_credentials(spec: VendorSpec, op: OperationSpec) -> dict[str, str]:
    """Made-up credentials for every scheme the operation accepts that needs only the loopback server.

    A static scheme (bearer, API key, basic) needs nothing; an OAuth2 scheme needs its token endpoint, which
    the loopback server answers when the token URL is relative to the base URL.
    """
    credentials: dict[str, str] = {}
    for scheme in spec.auth:
        if scheme.id not in op.auth:
            continue
        if scheme.type == "oauth2_client_credentials" and urlsplit(scheme.token_url or "").netloc:
            continue
        credentials.update({name: f"test-{name}" for name in scheme.credentials})
    if op.auth and not credentials:
        raise AssertionError(f"{spec.id}.{op.id}: no scheme the loopback server can serve")
    return credentials


def token_paths(spec: VendorSpec, base_path: str) -> set[str]:
    """The paths the vendor's relative OAuth2 token URLs resolve to under the server's base URL."""
    return {
        base_path.rstrip("/") + "/" + scheme.token_url.lstrip("/")
        for scheme in spec.auth
        if scheme.token_url and not urlsplit(scheme.token_url).netloc
    }


def make_client(
    spec: VendorSpec, op: OperationSpec, server: Loopback, asynchronous: bool, **options: Any
) -> Any:
    cls = client_class(spec, asynchronous)
    return cls(base_url=server.base_url, **usable_credentials(spec, op), **options)


# -- the loopback server ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    method: str
    target: str
    arrived: float
    """time.monotonic() when the request's headers were read."""


Reply = Callable[["Exchange"], None]


@dataclass
class Exchange:
    """One request being answered: what came in, and the connection to write the answer to."""

    request: Received
    connection: socket.socket
    stopping: threading.Event

    def send(self, data: bytes) -> None:
        self.connection.sendall(data)

    def trickle(self, data: bytes, interval: float) -> None:
        """Send `data` one byte at a time, `interval` seconds apart, until done or the client hangs up."""
        for index in range(len(data)):
            if self.stopping.wait(interval):
                return
            try:
                self.connection.sendall(data[index : index + 1])
            except OSError:
                return


def http_response(
    status: int, body: bytes, headers: dict[str, str] | None = None, reason: str = "X"
) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def success_reply(op: OperationSpec) -> Reply:
    """Answer with the operation's documented success status and example body."""
    success = op.success
    status = int(success.status) if success is not None and success.status.isdigit() else 200
    example = success.example if success is not None else None
    body = b"" if example is None else json.dumps(example).encode()
    headers = {"Content-Type": "application/json"} if body else {}

    def reply(exchange: Exchange) -> None:
        exchange.send(http_response(status, body, headers))

    return reply


TOKEN_BODY = b'{"access_token": "test-access-token", "token_type": "bearer", "expires_in": 3600}'


@dataclass
class Loopback:
    """A scripted HTTP/1.1 server on 127.0.0.1 (keep-alive; one thread per connection)."""

    reply: Reply
    token_paths: set[str] = field(default_factory=set)
    base_path: str = "/api"
    requests: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(1.0)
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.port = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}{self.base_path}"

    def __enter__(self) -> Loopback:
        self._spawn(self._accept_loop)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        # Wake the accept loop now rather than at its next poll.
        with socket.create_connection(("127.0.0.1", self.port), timeout=SERVER_SOCKET_TIMEOUT):
            pass
        for thread in list(self._threads):
            thread.join(timeout=SERVER_SOCKET_TIMEOUT)
        self._listener.close()

    def api_requests(self) -> list[Received]:
        """The requests other than token requests."""
        with self._lock:
            return [r for r in self.requests if path_of(r.target) not in self.token_paths]

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._stopping.is_set():
                connection.close()
                return
            connection.settimeout(SERVER_SOCKET_TIMEOUT)
            self._spawn(self._serve, connection)

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            reader = connection.makefile("rb")
            for request in _requests(reader, self._stopping):
                with self._lock:
                    self.requests.append(request)
                exchange = Exchange(request, connection, self._stopping)
                try:
                    if path_of(request.target) in self.token_paths:
                        exchange.send(http_response(200, TOKEN_BODY))
                    else:
                        self.reply(exchange)
                except OSError:
                    return


def _requests(reader: Any, stopping: threading.Event) -> Iterator[Received]:
    """The requests on one connection, their bodies read and dropped, until it closes or the test ends."""
    while not stopping.is_set():
        try:
            line = reader.readline(65536)
            if not line.strip():
                return
            headers: dict[str, str] = {}
            for _ in range(200):
                header = reader.readline(65536)
                if header in (b"\r\n", b"\n", b""):
                    break
                name, _, value = header.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            if length:
                reader.read(length)
        except OSError:
            return
        method, target, _ = line.decode("latin-1").split(" ", 2)
        yield Received(method, target, time.monotonic())
