"""Raw-protocol input the mock must refuse in the vendor's own envelope, never with a 500 or a hang:
oversized and misframed bodies, absurd chunk sizes, JSON nested past any payload's depth, credentials
that are not ASCII, and numbers JSON cannot carry back.

Requests go over raw loopback sockets, since an HTTP client would refuse to send most of them; every
operation, query parameter and auth scheme comes from the loaded specs.
"""

from __future__ import annotations

import importlib
import json
import socket
import time
from typing import Any

import pytest

import ats_sdk
from ats_sdk._runtime.mock_data import get_pointer
from ats_sdk._runtime.mock_http import MAX_JSON_DEPTH
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk.mock import MockServer

WAIT = 5.0
"""Seconds any one answer may take; the refusals here need no body, so they come at once."""


def vendor_spec(vendor_id: str) -> VendorSpec:
    spec: VendorSpec = importlib.import_module(f"ats_sdk.{vendor_id}._spec").VENDOR
    return spec


ALL_OPERATIONS = [(v, op_id) for v in ats_sdk.VENDORS for op_id in vendor_spec(v).operations]
BODY_OPERATIONS = [(v, o) for v, o in ALL_OPERATIONS if vendor_spec(v).operations[o].has_body]
QUERY_PARAMETERS = [
    (v, o, p.wire_name)
    for v, o in ALL_OPERATIONS
    for p in vendor_spec(v).operations[o].params
    if p.location == "query"
]
BASIC_SCHEMES = [
    (v, s.id) for v in ats_sdk.VENDORS for s in vendor_spec(v).auth if s.type == "basic"
]
TOKEN_SCHEMES = [(v, s.id) for v in ats_sdk.VENDORS for s in vendor_spec(v).auth if s.token_url]


def path_for(op: OperationSpec) -> str:
    return "/".join("1" if p.startswith("{") and p.endswith("}") else p for p in op.path.split("/"))


def head(server: MockServer, op: OperationSpec, extra: str, target: str | None = None) -> bytes:
    """The request line and headers of a request to `op` (authenticated), `extra` headers appended."""
    auth = "".join(f"{name}: {value}\r\n" for name, value in server.auth_headers().items())
    return (
        f"{op.method.upper()} {target or path_for(op)} HTTP/1.1\r\nHost: 127.0.0.1\r\n{auth}"
        f"Content-Type: application/json\r\n{extra}\r\n"
    ).encode("latin-1")


def exchange(server: MockServer, data: bytes) -> tuple[int, bytes]:
    """Send raw bytes, read the first final response (status, body) within WAIT seconds."""
    deadline = time.monotonic() + WAIT
    with socket.create_connection(("127.0.0.1", server.port), timeout=WAIT) as sock:
        sock.sendall(data)
        received = b""
        while True:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                piece = sock.recv(65536)
            except TimeoutError:
                raise AssertionError(f"no answer within {WAIT} s; got {received[:200]!r}") from None
            received += piece
            parsed = parse_response(received)
            if parsed is not None:
                return parsed
            if not piece:
                raise AssertionError(f"connection closed; got {received[:200]!r}")


def parse_response(data: bytes) -> tuple[int, bytes] | None:
    """(status, body) once a whole response with a Content-Length is in `data`, else None."""
    header, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (
            int(v)
            for k, _, v in (line.partition(":") for line in lines[1:])
            if k.lower() == "content-length"
        ),
        0,
    )
    return (status, body[:length]) if len(body) >= length else None


def envelope_message(vendor: VendorSpec, body: bytes) -> str:
    """The message of an error body in the vendor's envelope (or the mock's own, for a vendor with none)."""
    document: Any = json.loads(body)
    if not vendor.envelopes:
        assert "mock" in document, document
        message = document["error"]["message"]
    else:
        found = [get_pointer(document, e.message) for e in vendor.envelopes]
        message = next((m for m in found if isinstance(m, str)), None)
    assert isinstance(message, str), f"not the vendor's envelope: {document}"
    return message


# -- body size ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("vendor_id", "op_id"), ALL_OPERATIONS)
def test_adv_mock_refuses_an_oversized_body_unread_with_413(vendor_id: str, op_id: str) -> None:
    """A gigabyte announced (with Expect: 100-continue) gets 413 at once: not `100 Continue`, and not a
    thread blocked reading (and a gigabyte reserved for) a body that never comes."""
    with MockServer(vendor_id) as server:
        op = server.vendor.operations[op_id]
        announced = head(server, op, "Content-Length: 1000000000\r\nExpect: 100-continue\r\n")
        status, body = exchange(server, announced)
        assert status == 413
        assert str(server.limits.max_body_size) in envelope_message(server.vendor, body)
        (logged,) = server.requests
        assert (logged.operation, logged.status) == (op_id, 413)


@pytest.mark.parametrize(("vendor_id", "op_id"), BODY_OPERATIONS)
def test_adv_mock_body_limit_is_configurable(vendor_id: str, op_id: str) -> None:
    op = vendor_spec(vendor_id).operations[op_id]
    payload = json.dumps(op.request_example if op.request_example is not None else {}).encode()
    with MockServer(vendor_id, max_body_size=len(payload)) as server:
        fits, _ = exchange(
            server, head(server, op, f"Content-Length: {len(payload)}\r\n") + payload
        )
        over = payload + b" "
        refused, body = exchange(
            server, head(server, op, f"Content-Length: {len(over)}\r\n") + over
        )
    assert fits != 413 and fits < 500
    assert refused == 413 and str(len(payload)) in envelope_message(server.vendor, body)


@pytest.mark.parametrize(("vendor_id", "op_id"), ALL_OPERATIONS)
def test_adv_mock_refuses_malformed_content_length_in_the_vendors_envelope(
    vendor_id: str, op_id: str
) -> None:
    """Only digits make a Content-Length: signs, exponents, underscores and non-ASCII digits (which
    Python's int() accepts) and conflicting repeats are refused; more digits than any body has is 413.
    """
    cases = {
        "abc": 400,
        "-1": 400,
        "1e9": 400,
        "+5": 400,
        "5_0": 400,
        "\xb2": 400,  # SUPERSCRIPT TWO: str.isdigit() is true
        "0x10": 400,
        "5, 6": 400,
        "9" * 40: 413,
    }
    with MockServer(vendor_id) as server:
        op = server.vendor.operations[op_id]
        for value, expected in cases.items():
            data = head(server, op, f"Content-Length: {value}\r\n")
            status, body = exchange(server, data)
            assert status == expected, (value, status, body)
            assert "Content-Length" in envelope_message(server.vendor, body) or expected == 413
        status, body = exchange(
            server, head(server, op, "Content-Length: 5\r\nContent-Length: 6\r\n")
        )
        assert status == 400 and "Content-Length" in envelope_message(server.vendor, body)


@pytest.mark.parametrize(("vendor_id", "op_id"), ALL_OPERATIONS)
def test_adv_mock_refuses_absurd_chunk_sizes(vendor_id: str, op_id: str) -> None:
    """A chunk size past the body limit (even past 64 bits) is 413, one that is not hex 400; a well-formed
    chunked body is still read."""
    cases = {b"FFFFFFFFFFFFFFFF": 413, b"F" * 100: 413, b"zz": 400, b"-5": 400, b"": 400}
    with MockServer(vendor_id) as server:
        op = server.vendor.operations[op_id]
        chunked = head(server, op, "Transfer-Encoding: chunked\r\n")
        for size, expected in cases.items():
            status, body = exchange(server, chunked + size + b"\r\n")
            assert status == expected, (size, status, body)
            assert "chunk" in envelope_message(server.vendor, body).lower() or expected == 413
        payload = json.dumps(op.request_example if op.has_body else {}).encode()
        length = head(server, op, f"Content-Length: {len(payload)}\r\n") + payload
        framed = chunked + b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
        server.reset()
        by_length = exchange(server, length)[0]
        server.reset()
        assert exchange(server, framed)[0] == by_length


# -- JSON depth --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("vendor_id", "op_id"), ALL_OPERATIONS)
def test_adv_mock_answers_over_deep_json_bodies_with_the_vendors_400(
    vendor_id: str, op_id: str
) -> None:
    too_deep = [
        b"[" * 5000 + b"]" * 5000,  # past the interpreter's recursion limit
        b'{"a": ' * (MAX_JSON_DEPTH + 1)
        + b"1"
        + b"}" * (MAX_JSON_DEPTH + 1),  # just past the mock's
    ]
    with MockServer(vendor_id) as server:
        op = server.vendor.operations[op_id]
        for payload in too_deep:
            data = head(server, op, f"Content-Length: {len(payload)}\r\n") + payload
            status, body = exchange(server, data)
            if op.has_body:
                assert status in (400, 422), (status, body)
                assert "nested deeper" in envelope_message(server.vendor, body)
            else:
                assert status < 500, (status, body)


@pytest.mark.parametrize(("vendor_id", "op_id", "name"), QUERY_PARAMETERS)
def test_adv_mock_answers_over_deep_json_in_a_query_value_without_a_500(
    vendor_id: str, op_id: str, name: str
) -> None:
    """Query values are tried as JSON (`limit=5` -> 5): one nested past the limit stays text, and the
    validators judge it as text."""
    deep = "%5B" * 5000 + "%5D" * 5000
    with MockServer(vendor_id) as server:
        op = server.vendor.operations[op_id]
        status, body = exchange(
            server, head(server, op, "Content-Length: 0\r\n", f"{path_for(op)}?{name}={deep}")
        )
        assert status < 500, (status, body)
        if status >= 400:
            envelope_message(server.vendor, body)


# -- credentials and numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("vendor_id", "scheme_id"), BASIC_SCHEMES)
def test_adv_mock_refuses_basic_credentials_that_are_not_ascii_with_401(
    vendor_id: str, scheme_id: str
) -> None:
    vendor = vendor_spec(vendor_id)
    scheme = vendor.scheme(scheme_id)
    assert scheme is not None
    ops = [op for op in vendor.operations.values() if scheme_id in op.auth]
    with MockServer(vendor_id) as server:
        for op in ops:
            request = (
                f"{op.method.upper()} {path_for(op)} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"{scheme.header}: Basic \xff\xfe==\r\nContent-Length: 0\r\n\r\n"
            ).encode("latin-1")
            status, body = exchange(server, request)
            assert status == 401, (op.id, status, body)
            envelope_message(server.vendor, body)


@pytest.mark.parametrize(("vendor_id", "scheme_id"), TOKEN_SCHEMES)
def test_adv_mock_token_endpoint_refuses_basic_client_credentials_that_are_not_ascii(
    vendor_id: str, scheme_id: str
) -> None:
    scheme = vendor_spec(vendor_id).scheme(scheme_id)
    assert scheme is not None and scheme.token_url
    grant = scheme.token_fields.get("grant_type", "grant_type")
    form = f"{grant}=client_credentials".encode()
    request = (
        f"POST {scheme.token_url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic \xff\xfe==\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(form)}\r\n\r\n"
    ).encode("latin-1") + form
    with MockServer(vendor_id) as server:
        status, body = exchange(server, request)
    assert status == 400, (status, body)
    envelope_message(server.vendor, body)


@pytest.mark.parametrize("vendor_id", ats_sdk.VENDORS)
def test_adv_mock_refuses_numbers_json_cannot_carry_back(vendor_id: str) -> None:
    """NaN, Infinity and 1e999 (parsed as inf) would be stored and then sent back as invalid JSON."""
    with MockServer(vendor_id) as server:
        collections = sorted({route.collection for route in server.routes})
        for collection in collections:
            for number in (b"NaN", b"-Infinity", b"1e999"):
                item = b'{"score": %s}' % number
                request = (
                    f"POST /__mock__/store/{collection} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Content-Length: {len(item)}\r\n\r\n"
                ).encode() + item
                status, body = exchange(server, request)
                assert status == 400, (collection, number, status, body)
        status, body = exchange(server, b"GET /__mock__/store HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert status == 200 and json.loads(body) == {}
