"""The HTTP side of the mock server (`ats_sdk.mock`): requests and replies as values, the request handler,
the OAuth2 token endpoint, fault replies, request records and the `/__mock__/` control API.

Standard library only.
"""

from __future__ import annotations

import io
import json
import math
import re
import socket
import sys
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from .auth import scheme_class
from .mock_auth import credential_params, mask_header
from .mock_data import documented_error, error_body, status_message
from .mock_faults import (
    TOKEN_OPERATION,
    Fault,
    RecordedRequest,
    check_count,
    check_seconds,
)
from .spec import AuthSchemeSpec, OperationSpec

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from .mock_server import MockServer

__all__ = [
    "MAX_JSON_DEPTH",
    "Handler",
    "Incoming",
    "JSONTooDeep",
    "Limits",
    "Reply",
    "UnreadableRequest",
    "control",
    "fault_reply",
    "parse_json",
    "record_of",
    "token_endpoint",
]

_SECRET_HEADERS = frozenset(
    ("authorization", "proxy-authorization", "cookie", "x-api-key", "api-key")
)


MAX_JSON_DEPTH = 64
"""How deeply a JSON body or query value may nest (objects and arrays); deeper is a validation error."""


class JSONTooDeep(ValueError):
    """JSON nested deeper than `MAX_JSON_DEPTH`: refused like any other invalid JSON."""


def _not_a_number(text: str) -> Any:
    raise ValueError(f"{text} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range for a JSON number")
    return number


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels (iteratively: the value may be deep)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_json(text: str | bytes) -> Any:
    """JSON as the mock accepts it: ValueError for invalid JSON, NaN, Infinity, numbers beyond a float's
    range, and nesting deeper than `MAX_JSON_DEPTH` (JSONTooDeep)."""
    # The standard library accepts NaN and 1e999 (as inf), which the mock would store and then send
    # back as invalid JSON; and it recurses per level, so thousands of brackets raised RecursionError.
    try:
        value = json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except RecursionError:
        raise JSONTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    if _deeper_than(value, MAX_JSON_DEPTH):
        raise JSONTooDeep(f"nested deeper than {MAX_JSON_DEPTH} levels")
    return value


class UnreadableRequest(ValueError):
    """A request whose body the mock refuses to read: `status` 400 (malformed framing) or 413 (too large)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


MAX_BODY_LIMIT = 1 << 30
"""The largest `max_body_size` the mock takes (1 GiB)."""
MAX_CONNECTIONS_LIMIT = 4096
"""The largest `max_connections` the mock takes: one thread each."""


@dataclass(frozen=True)
class Limits:
    """What one client may take of the mock: time to send a request, body size, connections.

    `request_timeout`: seconds a client has to send each whole request (line, headers, body), counted from
    when the connection is ready for it, so an idle keep-alive connection is closed after as long; also
    the time it has to take a reply. `max_body_size`: bytes of body (after chunked decoding); a larger one
    gets 413 before it is read. `max_connections`: connections served at once, one thread each; more wait
    in the listen queue until one ends.
    """

    request_timeout: float = 10.0
    max_body_size: int = 16 << 20
    max_connections: int = 256

    def __post_init__(self) -> None:
        check_seconds("request_timeout", self.request_timeout, positive=True)
        check_count("max_body_size", self.max_body_size, 0, MAX_BODY_LIMIT)
        check_count("max_connections", self.max_connections, 1, MAX_CONNECTIONS_LIMIT)


@dataclass
class Incoming:
    """A request as the mock sees it: header names lower case, the body unread bytes."""

    method: str
    target: str
    """The path and query as sent."""
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""
    error: UnreadableRequest | None = None
    """Why the body was not read (it is then empty): the mock answers this error and nothing else."""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> dict[str, str | list[str]]:
        """Query parameters: a string each, a list for a repeated name."""
        parsed = parse_qs(urlsplit(self.target).query, keep_blank_values=True)
        return {key: values[0] if len(values) == 1 else values for key, values in parsed.items()}

    def json(self) -> Any:
        """The body as JSON (ValueError when it is not UTF-8 JSON the mock accepts, see `parse_json`)."""
        return parse_json(self.raw.decode("utf-8"))

    def form(self) -> dict[str, str]:
        """The body as form fields (JSON objects accepted too)."""
        if "json" in self.headers.get("content-type", ""):
            try:
                data = self.json()
            except ValueError:
                return {}
            return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        parsed = parse_qs(self.raw.decode("utf-8", "replace"), keep_blank_values=True)
        return {key: values[-1] for key, values in parsed.items()}


@dataclass
class Reply:
    """A response to send: a JSON body, or `raw` bytes as they are, or nothing at all (`drop`)."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    drop: bool = False
    fault: str | None = None
    """The kind of fault that made this reply, if one did."""
    auth: str | None = None
    """The auth scheme that accepted the request."""
    token: int | None = None
    """The serial number of the OAuth2 token the request carried."""

    def payload(self) -> bytes:
        if self.raw is not None:
            return self.raw
        if self.body is None or self.status in (204, 304):
            return b""
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


# -- the token endpoint ------------------------------------------------------------------------------------


def add_documented_headers(reply: Reply, op: OperationSpec) -> None:
    """Give the reply the headers the operation documents for its status, each with its example value (of
    the header's type), so a client reads them as the vendor would send them. A header the reply already
    has (a fault's Retry-After) keeps its value; names compare case-insensitively."""
    documented = op.response_for(reply.status)
    present = {name.lower() for name in reply.headers}
    for header in documented.headers if documented is not None else ():
        if header.name.lower() not in present:
            reply.headers[header.name] = header.example


def token_endpoint(server: MockServer, scheme: AuthSchemeSpec, request: Incoming) -> Reply:
    """A token endpoint of a scheme that fetches tokens: the scheme's class judges the request
    (`mock_grant`) and words the token (`mock_token_body`); refusals are in the vendor's envelope.
    """
    with server.lock:
        server.tokens.requests += 1
    kind = scheme_class(scheme.type)
    accepted = server.credentials.get(scheme.id, {})
    authorization = request.headers.get("authorization", "")
    refusal = kind.mock_grant(scheme, request.form(), authorization, accepted)
    if refusal is not None:
        code = _oauth_code(server, refusal.code)
        body = error_body(server.vendor, None, refusal.status, refusal.message, code=code)
        headers = {"WWW-Authenticate": refusal.challenge} if refusal.challenge else {}
        return Reply(refusal.status, body, headers)
    with server.lock:
        token, _ = server.tokens.issue(scheme)
        lifetime = server.tokens.lifetime_for(scheme)
    return Reply(200, kind.mock_token_body(token, lifetime), {"Cache-Control": "no-store"})


def _oauth_code(server: MockServer, name: str) -> str | None:
    """An OAuth2 error code, for envelopes with string codes (None lets numeric envelopes use the status)."""
    for envelope in server.vendor.envelopes[:1]:
        if envelope.code:
            from .mock_data import get_pointer

            example = get_pointer(envelope.example, envelope.code)
            return name if isinstance(example, str) else None
    return name


# -- faults ------------------------------------------------------------------------------------------------


def fault_reply(
    server: MockServer, op: OperationSpec | None, fault: Fault, handled: Reply | None
) -> Reply:
    """The reply a fault gives; `handled` is the normal reply when the fault fires after handling."""
    if fault.kind == "drop":
        return Reply(0, drop=True, fault="drop")
    if fault.kind == "malformed":
        success = op.success if op is not None else None
        example: Any = (
            handled.body
            if handled is not None
            else (success.example if success is not None else None)
        )
        text = json.dumps(example if example is not None else {"ok": True}, ensure_ascii=False)
        status = fault.status or (handled.status if handled is not None else None)
        if status is None:
            status = (
                int(success.status) if success is not None and success.status.isdigit() else 200
            )
        return Reply(status, raw=text[: max(1, len(text) // 2)].encode("utf-8"), fault="malformed")
    status = fault.status or 500
    code, message = documented_error(server.vendor, op, status)
    if fault.code is not None:
        code = fault.code
    if fault.message is not None:
        message = fault.message
    if message is None:
        message = (
            str(code).replace("_", " ").capitalize()
            if isinstance(code, str)
            else status_message(status)
        )
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        after = fault.retry_after
        headers["Retry-After"] = (
            str(int(after)) if isinstance(after, float) and after.is_integer() else str(after)
        )
    return Reply(
        status, error_body(server.vendor, op, status, message, code=code), headers, fault="status"
    )


# -- the request log ---------------------------------------------------------------------------------------


def record_of(
    server: MockServer, request: Incoming, reply: Reply, operation: str | None
) -> RecordedRequest:
    """The log entry of a request: credentials masked, the body parsed."""
    secret = _SECRET_HEADERS | {s.header.lower() for s in server.vendor.auth}
    headers = {
        name: mask_header(value) if name in secret else value
        for name, value in request.headers.items()
    }
    body: Any = None
    raw_body: str | None = request.raw.decode("utf-8", "replace") if request.raw else None
    if operation == TOKEN_OPERATION:
        # The secret credentials, under the wire names a token request gives them.
        secrets = {
            s.token_fields.get(c.name, c.name)
            for s in server.vendor.auth
            for c in scheme_class(s.type).credentials
            if c.secret
        }
        body = {key: "***" if key in secrets else value for key, value in request.form().items()}
        raw_body = None
    elif request.raw.strip():
        try:
            body = request.json()
        except ValueError:
            body = None
    return RecordedRequest(
        method=request.method,
        path=request.path,
        query={
            name: "***" if name in credential_params(server.vendor) else value
            for name, value in request.query.items()
        },
        headers=headers,
        body=body,
        raw_body=raw_body,
        operation=operation,
        status=None if reply.drop else reply.status,
        fault=reply.fault,
        auth=reply.auth,
        token=reply.token,
    )


# -- control -----------------------------------------------------------------------------------------------


def control(server: MockServer, request: Incoming) -> Reply:
    """The `/__mock__/` API: inspect and steer the mock over HTTP (plain JSON, never recorded)."""
    path = request.path[len("/__mock__") :].rstrip("/") or "/"
    method = request.method
    try:
        if (method, path) == ("GET", "/"):
            return Reply(200, server.describe())
        if path == "/requests" and method in ("GET", "DELETE"):
            entries = [r.to_dict() for r in server.requests]
            if method == "DELETE":
                server.requests.clear()
                return Reply(200, {"cleared": len(entries)})
            return Reply(200, entries)
        if path == "/faults" and method in ("GET", "POST", "DELETE"):
            if method == "POST":
                data = request.json() if request.raw.strip() else {}
                for item in data if isinstance(data, list) else [data]:
                    if not isinstance(item, dict):
                        raise ValueError("a fault is a JSON object")
                    server.faults.add(Fault.from_dict(item))
            elif method == "DELETE":
                server.faults.clear()
            return Reply(
                201 if method == "POST" else 200, [f.to_dict() for f in server.faults.pending]
            )
        if (method, path) == ("POST", "/reset"):
            server.reset()
            return Reply(200, {"reset": True})
        if (method, path) == ("POST", "/tokens/expire"):
            return Reply(200, {"expired": server.expire_tokens()})
        if (method, path) == ("GET", "/tokens"):
            return Reply(200, {"requests": server.token_requests, "issued": server.tokens.issued})
        if (method, path) == ("GET", "/store"):
            with server.lock:
                return Reply(200, server.store.snapshot())
        if method == "POST" and path.startswith("/store/") and len(path) > len("/store/"):
            data = request.json() if request.raw.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("an item is a JSON object")
            item_id = data.pop("id", None)
            return Reply(201, server.seed(path[len("/store/") :], data, item_id))
    except ValueError as exc:
        return Reply(400, {"error": str(exc)})
    return Reply(
        404,
        {"error": f"no control endpoint {method} {request.path}; see the ats_sdk.mock docstring"},
    )


# -- the HTTP handler --------------------------------------------------------------------------------------

_READ_SIZE = 1 << 16
"""Bytes read from a socket at a time: a body is read in pieces, never allocated whole from its header."""
_MAX_LINE = 1 << 16
"""The longest chunk-size or trailer line (the standard library's limit for request and header lines)."""
_MAX_TRAILERS = 100
_CONTENT_LENGTH = re.compile(r"[0-9]{1,18}")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]+")


class _DeadlineReader(io.RawIOBase):
    """A connection's socket as a raw stream whose reads all end by one deadline (`deadline`, monotonic).

    A per-read socket timeout alone lets a client that trickles a byte now and then hold a thread for
    ever; the remaining time until the deadline is the timeout of every read.
    """

    def __init__(self, sock: socket.socket) -> None:
        super().__init__()
        self._sock = sock
        self.deadline = math.inf

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request did not arrive within the request timeout")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)


class Handler(BaseHTTPRequestHandler):
    """Reads a request, asks the server's `MockServer.handle` for the reply, and writes (or drops) it.

    Every request must arrive whole within `Limits.request_timeout`; a body larger than
    `Limits.max_body_size`, or framed wrongly, is answered (413 or 400, in the vendor's envelope) without
    being read, and the connection closed.
    """

    protocol_version = "HTTP/1.1"
    server_version = "atsgen-mock"

    @property
    def _mock(self) -> MockServer:
        # The server class is declared by the standard library; ours carries the MockServer as `mock`.
        mock: MockServer = getattr(self.server, "mock")  # noqa: B009
        return mock

    def setup(self) -> None:
        super().setup()
        self.rfile.close()
        self._reader = _DeadlineReader(self.connection)
        self.rfile = io.BufferedReader(self._reader, _READ_SIZE)

    def handle_one_request(self) -> None:
        # The standard library closes the connection when a read raises TimeoutError.
        self._reader.deadline = time.monotonic() + self._mock.limits.request_timeout
        super().handle_one_request()

    def _serve(self) -> None:
        mock = self._mock
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            raw, error = self._read_body(mock.limits.max_body_size), None
        except UnreadableRequest as exc:
            # The rest of the body is unread, so nothing after it on this connection can be trusted.
            raw, error = b"", exc
            self.close_connection = True
        request = Incoming(self.command, self.path, headers, raw, error)
        try:
            reply = mock.handle(request)
        # A bug in the mock answers 500, marked as such, rather than hanging up.
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            reply = Reply(
                500,
                {"error": f"atsgen mock internal error: {type(exc).__name__}: {exc}", "mock": True},
            )
        if reply.drop:
            self.close_connection = True
            return
        self._write(reply)

    # Every method reaches the router, so a method the spec does not declare for a path gets the 405 (with
    # Allow) a vendor sends, not the standard library's 501.
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = do_TRACE = _serve
    do_QUERY = _serve

    def _read_body(self, limit: int) -> bytes:
        """The body, chunked or by Content-Length (UnreadableRequest: 400 malformed, 413 too large)."""
        if self._chunked:
            return self._read_chunked(limit)
        return self._read_exactly(self._content_length(limit))

    @property
    def _chunked(self) -> bool:
        codings = self.headers.get("Transfer-Encoding", "").lower().split(",")
        return "chunked" in (coding.strip() for coding in codings)

    def handle_expect_100(self) -> bool:
        # A body the mock would refuse is refused at once (by `_serve`), rather than invited with
        # `100 Continue` and then refused unread.
        if not self._chunked:
            try:
                self._content_length(self._mock.limits.max_body_size)
            except UnreadableRequest:
                return True
        return super().handle_expect_100()

    def _content_length(self, limit: int) -> int:
        """Content-Length as RFC 9110 has it: digits only, one value (a repeated identical one is fine),
        at most `limit`."""
        values = {
            part.strip()
            for header in self.headers.get_all("Content-Length") or []
            for part in header.split(",")
        }
        if not values:
            return 0
        if len(values) > 1:
            raise UnreadableRequest(400, "Conflicting Content-Length values")
        (text,) = values
        if not text.isascii() or not text.isdigit():
            raise UnreadableRequest(
                400, f"Content-Length must be a number of bytes, got {text[:40]!r}"
            )
        # More digits than any body could have: too large, whatever the number (and int() refuses
        # more than 4300 digits).
        if not _CONTENT_LENGTH.fullmatch(text) or int(text) > limit:
            shown = text if len(text) <= 40 else f"{text[:20]}...({len(text)} digits)"
            raise UnreadableRequest(
                413, f"The request body is {shown} bytes; the limit is {limit} bytes"
            )
        return int(text)

    def _read_exactly(self, length: int) -> bytes:
        # Read in pieces: `rfile.read(length)` allocates `length` bytes before the first byte arrives.
        pieces: list[bytes] = []
        left = length
        while left:
            piece = self.rfile.read(min(left, _READ_SIZE))
            if not piece:
                raise UnreadableRequest(400, "The request body ended before its stated length")
            pieces.append(piece)
            left -= len(piece)
        return b"".join(pieces)

    def _read_chunked(self, limit: int) -> bytes:
        pieces: list[bytes] = []
        total = 0
        while True:
            line = self._read_line("chunk size")
            size_text = line.split(b";", 1)[0].strip()
            if not _CHUNK_SIZE.fullmatch(size_text):
                shown = size_text[:40].decode("latin-1")
                raise UnreadableRequest(400, f"A chunk size must be hexadecimal, got {shown!r}")
            # Any number of hex digits converts (base 16 has no digit limit); the line is bounded.
            size = int(size_text, 16)
            if total + size > limit:
                raise UnreadableRequest(
                    413, f"The request body is over {limit} bytes; the limit is {limit} bytes"
                )
            if size == 0:
                self._skip_trailers()
                return b"".join(pieces)
            pieces.append(self._read_exactly(size))
            total += size
            if self._read_line("chunk end") not in (b"\r\n", b"\n"):
                raise UnreadableRequest(400, "A chunk is longer than its stated size")

    def _skip_trailers(self) -> None:
        for _ in range(_MAX_TRAILERS):
            if self._read_line("trailer") in (b"\r\n", b"\n"):
                return
        raise UnreadableRequest(400, f"More than {_MAX_TRAILERS} trailer lines")

    def _read_line(self, what: str) -> bytes:
        line = self.rfile.readline(_MAX_LINE + 1)
        if not line:
            raise UnreadableRequest(400, f"The request body ended before its {what} line")
        if len(line) > _MAX_LINE:
            raise UnreadableRequest(400, f"The {what} line is longer than {_MAX_LINE} bytes")
        return line

    def _write(self, reply: Reply) -> None:
        payload = reply.payload()
        # The reading deadline is spent or nearly so: a slow reader gets a whole timeout to take the reply.
        self.connection.settimeout(self._mock.limits.request_timeout)
        try:
            self.send_response(reply.status)
            if payload:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if payload and self.command != "HEAD":
                self.wfile.write(payload)
            self.wfile.flush()
        # The client gave up (e.g. it timed out during a latency fault), or does not read the reply.
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: `MockServer(verbose=True)` prints its own line per request."""
