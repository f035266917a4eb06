"""The HTTP side of the mock server (`ats_sdk.mock`): requests and replies as values, the request handler,
the OAuth2 token endpoint, fault replies, request records and the `/__mock__/` control API.

Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from ats_sdk._runtime.mock_auth import mask_header
from ats_sdk._runtime.mock_data import documented_error, error_body, status_message
from ats_sdk._runtime.mock_faults import TOKEN_OPERATION, Fault, RecordedRequest
from ats_sdk._runtime.spec import AuthSchemeSpec, OperationSpec

if TYPE_CHECKING:
    from ats_sdk.mock import MockServer

__all__ = ["Handler", "Incoming", "Reply", "control", "fault_reply", "record_of", "token_endpoint"]

_SECRET_HEADERS = frozenset(
    ("authorization", "proxy-authorization", "cookie", "x-api-key", "api-key")
)


@dataclass
class Incoming:
    """A request as the mock sees it: header names lower case, the body unread bytes."""

    method: str
    target: str
    """The path and query as sent."""
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> dict[str, str | list[str]]:
        """Query parameters: a string each, a list for a repeated name."""
        parsed = parse_qs(urlsplit(self.target).query, keep_blank_values=True)
        return {key: values[0] if len(values) == 1 else values for key, values in parsed.items()}

    def json(self) -> Any:
        """The body as JSON (ValueError when it is not UTF-8 JSON)."""
        return json.loads(self.raw.decode("utf-8"))

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


def token_endpoint(server: MockServer, scheme: AuthSchemeSpec, request: Incoming) -> Reply:
    """OAuth2 client credentials: `access_token`, `token_type`, `expires_in` for the accepted client.

    The client id and secret come from the form fields the scheme names, or from HTTP Basic.
    """
    import base64
    import binascii

    with server.lock:
        server.tokens.requests += 1
    form = request.form()
    names = {
        role: scheme.token_fields.get(role, role)
        for role in ("grant_type", "client_id", "client_secret")
    }
    client_id, client_secret = form.get(names["client_id"]), form.get(names["client_secret"])
    word, _, encoded = request.headers.get("authorization", "").partition(" ")
    if client_id is None and word.lower() == "basic":
        # Not decodable as Basic credentials: left unset, and refused below.
        with contextlib.suppress(binascii.Error, UnicodeDecodeError):
            client_id, _, client_secret = base64.b64decode(encoded).decode("utf-8").partition(":")
    accepted = server.credentials.get(scheme.id, {})
    if form.get(names["grant_type"]) != "client_credentials":
        message = f"{names['grant_type']} must be client_credentials"
        return Reply(
            400,
            error_body(
                server.vendor,
                None,
                400,
                message,
                code=_oauth_code(server, "unsupported_grant_type"),
            ),
        )
    if not client_id or not client_secret:
        message = f"{names['client_id']} and {names['client_secret']} are required"
        return Reply(
            400,
            error_body(
                server.vendor, None, 400, message, code=_oauth_code(server, "invalid_request")
            ),
        )
    if (client_id, client_secret) != (accepted.get("client_id"), accepted.get("client_secret")):
        body = error_body(
            server.vendor,
            None,
            401,
            "Invalid client credentials",
            code=_oauth_code(server, "invalid_client"),
        )
        return Reply(401, body, {"WWW-Authenticate": 'Basic realm="atsgen-mock"'})
    with server.lock:
        token, _ = server.tokens.issue(scheme)
        lifetime = server.tokens.lifetime_for(scheme)
    body = {"access_token": token, "token_type": "bearer", "expires_in": int(lifetime)}
    return Reply(200, body, {"Cache-Control": "no-store"})


def _oauth_code(server: MockServer, name: str) -> str | None:
    """An OAuth2 error code, for envelopes with string codes (None lets numeric envelopes use the status)."""
    for envelope in server.vendor.envelopes[:1]:
        if envelope.code:
            from ats_sdk._runtime.mock_data import get_pointer

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
        secrets = {s.token_fields.get("client_secret", "client_secret") for s in server.vendor.auth}
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
        query=request.query,
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


class Handler(BaseHTTPRequestHandler):
    """Reads a request, asks the server's `MockServer.handle` for the reply, and writes (or drops) it."""

    protocol_version = "HTTP/1.1"
    server_version = "atsgen-mock"

    def _serve(self) -> None:
        # The server class is declared by the standard library; ours carries the MockServer as `mock`.
        mock: MockServer = getattr(self.server, "mock")  # noqa: B009
        try:
            raw = self._read_body()
        except ValueError as exc:
            self._write(Reply(400, {"error": f"unreadable request body: {exc}"}))
            self.close_connection = True
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = Incoming(self.command, self.path, headers, raw)
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

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def _write(self, reply: Reply) -> None:
        payload = reply.payload()
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
        # The client gave up (e.g. it timed out during a latency fault).
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: `MockServer(verbose=True)` prints its own line per request."""
