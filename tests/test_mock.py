"""The mock vendor server (`ats_sdk.mock`, `atsgen mock`, the `ats_mock` fixture), over real HTTP on loopback.

Requests are made with httpx directly, so these tests pin the wire behaviour: routes, auth, validation in
each vendor's envelope, state, faults and the request log.
"""

from __future__ import annotations

import importlib
import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ats_sdk._runtime.mock_ops import UNDOCUMENTED_HEADER
from ats_sdk._runtime.spec import OperationSpec, VendorSpec
from ats_sdk.mock import Fault, MockServer
from tests import spec_support

ROOT = Path(__file__).resolve().parent.parent
UUID = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"
OTHER_UUID = "0b6a4c9e-1f2d-4e3a-9b8c-7d6e5f4a3b2c"

MockFactory = Callable[..., MockServer]


def vendor_spec(vendor_id: str) -> VendorSpec:
    spec: VendorSpec = importlib.import_module(f"ats_sdk.{vendor_id}._spec").VENDOR
    return spec


ALL_OPERATIONS = [(spec.id, op.id) for spec, op in spec_support.operations()]
VENDOR_IDS = [spec.id for spec in spec_support.vendor_specs()]


def path_for(op: OperationSpec, value: str = UUID) -> str:
    """The operation's path with every parameter filled in."""
    path = op.path
    for param in op.params:
        if param.location == "path":
            path = path.replace("{" + param.wire_name + "}", value)
    return path


def valid_path(vendor: VendorSpec, op: OperationSpec) -> str:
    """The operation's path with a value of each parameter's declared type."""
    return spec_support.filled_path(op, spec_support.path_values(vendor, op))


def assert_documented_error(op: OperationSpec, response: httpx.Response, wanted: int) -> None:
    """An error reply has `wanted` when the operation documents it, else a documented client error, else
    `wanted` marked undocumented."""
    status = response.status_code
    if spec_support.documented(op, wanted) or response.headers.get(UNDOCUMENTED_HEADER):
        assert status == wanted, (op.id, status, response.text)
    else:
        assert 400 <= status < 500 and str(status) in {r.status for r in op.responses}, status


def client(server: MockServer, scheme: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=server.auth_headers(scheme), timeout=5)


def send(
    http: httpx.Client, op: OperationSpec, body: Any = None, path: str | None = None, **kwargs: Any
) -> httpx.Response:
    if body is None and op.has_body:
        body = op.request_example
    return http.request(
        op.method, path or path_for(op), json=body if op.has_body else None, **kwargs
    )


def envelope_message(vendor: VendorSpec, body: Any) -> Any:
    """The message in an error body, at the envelope's message pointer (or the mock's own envelope)."""
    from ats_sdk._runtime.mock_data import get_pointer

    if not vendor.envelopes:
        assert "mock" in body, body
        return body["error"]["message"]
    pointers = {e.message for e in vendor.envelopes}
    found = [get_pointer(body, p) for p in pointers if get_pointer(body, p) is not None]
    assert found, body
    return found[0]


def parse_envelope(vendor: VendorSpec, body: Any) -> None:
    """The error body parses into one of the vendor's envelope models (`<Id>Error`)."""
    if not vendor.envelopes:
        return
    models = importlib.import_module(f"ats_sdk.{vendor.id}.models")
    errors = []
    for envelope in vendor.envelopes:
        model = getattr(models, "".join(p.capitalize() for p in envelope.id.split("_")) + "Error")
        try:
            model.model_validate(body)
            return
        except Exception as exc:
            errors.append(exc)
    raise AssertionError(f"{body} parses into no envelope model: {errors}")


# -- every operation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("vendor_id", "op_id"), ALL_OPERATIONS)
def test_every_operation_answers_a_valid_request_with_its_documented_success(
    ats_mock: MockFactory, vendor_id: str, op_id: str
) -> None:
    server = ats_mock(vendor_id)
    op = server.vendor.operations[op_id]
    route = next(r for r in server.routes if r.op.id == op_id)
    path_values = spec_support.path_values(server.vendor, op)
    if route.id_param in path_values:
        # Reads need an item; updates of creatable collections too.
        server.seed(route.collection_for(path_values), {}, id=path_values[route.id_param])
    headers = spec_support.required_headers(server.vendor, op)
    with client(server) as http:
        response = send(http, op, path=valid_path(server.vendor, op), headers=headers)
    documented = [r for r in op.responses if r.status == str(response.status_code)]
    assert documented and documented[0].status.startswith("2"), (
        response.status_code,
        response.text,
    )
    model = getattr(
        importlib.import_module(f"ats_sdk.{vendor_id}.models"), documented[0].model or ""
    )
    model.model_validate(response.json())
    assert server.requests.last is not None and server.requests.last.operation == op_id


@pytest.mark.parametrize(
    ("vendor_id", "op_id"),
    [(v, o) for v, o in ALL_OPERATIONS if vendor_spec(v).operations[o].has_body],
)
def test_a_body_that_is_not_an_object_gets_the_vendors_validation_envelope(
    ats_mock: MockFactory, vendor_id: str, op_id: str
) -> None:
    server = ats_mock(vendor_id)
    op = server.vendor.operations[op_id]
    headers = spec_support.required_headers(server.vendor, op)
    with client(server) as http:
        path = valid_path(server.vendor, op)
        response = send(http, op, body=["not", "an", "object"], path=path, headers=headers)
    assert_documented_error(op, response, 400)
    assert envelope_message(server.vendor, response.json()) == "must be an object (got an array)"
    parse_envelope(server.vendor, response.json())


# -- error bodies ------------------------------------------------------------------------------------------


def error_replies(server: MockServer, op: OperationSpec) -> list[httpx.Response]:
    """Every kind of error the mock produces for an operation, from requests derived from its spec:
    no credentials, invalid input, an unknown item, and each documented error status as a fault."""
    spec = server.vendor
    path = spec_support.filled_path(op, spec_support.path_values(spec, op))
    headers = spec_support.required_headers(spec, op)
    route = next(r for r in server.routes if r.op.id == op.id)
    replies = []
    with httpx.Client(base_url=server.url, timeout=5) as anonymous:
        if op.auth:
            replies.append(send(anonymous, op, path=path, headers=headers))
    with client(server) as http:
        # Invalid: a body that is not an object, or a query parameter no operation declares.
        if op.has_body:
            replies.append(send(http, op, body=["not an object"], path=path, headers=headers))
        replies.append(send(http, op, path=path, headers=headers, params={"atsgen-x": "1"}))
        if route.kind in ("read", "delete") or (route.kind == "update" and route.creatable):
            replies.append(send(http, op, path=path, headers=headers))
        for status in spec_support.error_statuses(op):
            server.faults.status(status, operation=op.id)
            replies.append(send(http, op, path=path, headers=headers))
    return [r for r in replies if r.status_code >= 400]


@pytest.mark.parametrize(("vendor_id", "op_id"), ALL_OPERATIONS)
def test_every_error_the_mock_sends_has_a_documented_status_and_validates_against_its_schema(
    ats_mock: MockFactory, vendor_id: str, op_id: str
) -> None:
    server = ats_mock(vendor_id)
    op = server.vendor.operations[op_id]
    replies = error_replies(server, op)
    assert len(replies) >= len(spec_support.error_statuses(op)) + 1, [r.text for r in replies]
    for response in replies:
        undocumented = response.headers.get(UNDOCUMENTED_HEADER)
        assert spec_support.documented(op, response.status_code) or undocumented, response
        problems = spec_support.error_body_problems(
            server.vendor, op, response.status_code, response.json()
        )
        assert not problems, (response.status_code, response.json(), problems)
        parse_envelope(server.vendor, response.json())


# -- validation --------------------------------------------------------------------------------------------


def test_hirempire_answers_invalid_input_in_its_own_words(ats_mock: MockFactory) -> None:
    server = ats_mock("hirempire")
    with client(server) as http:
        nothing_to_update = http.patch("/update-candidate", json={"candidate_id": UUID})
        no_id = http.patch("/update-candidate", json={"status": "hired"})
        bad_status = http.patch(
            "/update-candidate", json={"candidate_id": UUID, "status": "promoted"}
        )
    assert nothing_to_update.status_code == 400
    assert nothing_to_update.json() == {
        "success": False,
        "error": "At least one updatable field must be provided",
    }
    assert no_id.json()["error"] == "candidate_id is required and must be a UUID"
    assert bad_status.json()["error"].startswith("status must be one of: applied, screening")


def test_talynce_validation_error_has_a_code_and_every_violation(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        response = http.post(
            "/candidates", json={"email": "a@example.com", "notice_period_days": "soon"}
        )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["message"] == "full_name: is required"
    assert [v["pointer"] for v in error["details"]["violations"]] == [
        "/full_name",
        "/notice_period_days",
    ]
    assert server.store.items("candidates") == []


def test_query_parameters_are_converted_before_validation(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        assert http.get("/candidates", params={"limit": "5", "offset": "0"}).status_code == 200
        too_big = http.get("/candidates", params={"limit": "500"})
        not_a_number = http.get("/candidates", params={"limit": "many"})
        unknown = http.get("/candidates", params={"colour": "blue"})
        bad_id = http.get("/candidates/not-a-uuid")
    assert (
        too_big.status_code == 400
        and too_big.json()["error"]["message"] == "limit: must be at most 100 (got 500)"
    )
    assert not_a_number.json()["error"]["message"] == "limit: must be an integer (got a string)"
    assert "'colour' is not a field here" in unknown.json()["error"]["message"]
    assert bad_id.status_code == 400 and bad_id.json()["error"]["message"] == "id: must be a UUID"


def test_paradox_validation_uses_the_documented_code(ats_mock: MockFactory) -> None:
    server = ats_mock("paradox")
    with client(server, "basic") as http:
        update = http.put("/candidates/42", json={"colour": "blue"})
        alerts = http.put(
            "/interview/interview_alerts", json={"interview_duration": 5, "interview_type": 1}
        )
    assert update.status_code == 400
    [error] = update.json()["errors"]
    assert (
        error["code"] == 1015
        and "'colour' is not a field here" in error["message"]
        and error["field"] == "colour"
    )
    assert alerts.status_code == 400 and alerts.json() == {
        "success": 0,
        "error": "action: is required",
    }


def test_spott_without_a_documented_envelope_gets_a_marked_mock_envelope(
    ats_mock: MockFactory,
) -> None:
    server = ats_mock("spott")
    with client(server) as http:
        response = http.patch("/candidates/abc", json={"firstName": 5})
    assert response.status_code == 400
    body = response.json()
    assert "documents no error body" in body["mock"]
    assert body["error"]["message"] == "firstName: must be a string (got an integer)"


def test_a_body_that_is_not_json_is_a_validation_error(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        response = http.post(
            "/candidates", content=b"{not json", headers={"Content-Type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("Request body is not valid JSON")
    assert server.requests.last is not None and server.requests.last.raw_body == "{not json"


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_a_missing_body_is_not_taken_for_an_empty_object(
    vendor_id: str, ats_mock: MockFactory
) -> None:
    server = ats_mock(vendor_id)
    vendor = vendor_spec(vendor_id)
    with client(server) as http:
        for op in vendor.operations.values():
            if not op.has_body:
                continue
            assert op.body_required, f"{op.id}: every body in the real specs is required"
            headers = spec_support.required_headers(vendor, op)
            response = http.request(op.method, valid_path(vendor, op), headers=headers)
            assert_documented_error(op, response, 400)
            assert envelope_message(vendor, response.json()) == "A request body is required"


def test_a_missing_body_is_reported_with_the_other_violations(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        response = http.request("PUT", "/candidates/not-a-uuid")
    assert response.status_code == 400
    pointers = [v["pointer"] for v in response.json()["error"]["details"]["violations"]]
    assert pointers == ["/id", ""]


@pytest.mark.parametrize("method", ["HEAD", "TRACE", "QUERY"])
def test_methods_no_operation_uses_get_405_not_501(method: str, ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        response = http.request(method, "/candidates")
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
    assert response.content == b"" if method == "HEAD" else response.json()


PROBED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY")
"""Every method schemathesis' coverage phase sends, and HEAD."""


@pytest.mark.parametrize("vendor", spec_support.vendor_specs(), ids=lambda spec: spec.id)
def test_every_method_a_path_does_not_have_gets_405_with_allow(
    ats_mock: MockFactory, vendor: VendorSpec
) -> None:
    server = ats_mock(vendor.id)
    paths: dict[str, set[str]] = {}
    for op in vendor.operations.values():
        path = spec_support.filled_path(op, spec_support.path_values(vendor, op))
        paths.setdefault(path, set()).add(op.method.upper())
    with client(server) as http:
        for path, declared in paths.items():
            for method in sorted(set(PROBED_METHODS) - declared):
                response = http.request(method, path)
                assert response.status_code == 405, (method, path, response.status_code)
                assert response.headers["allow"] == ", ".join(sorted(declared)), (method, path)


def test_unknown_routes_get_404_and_known_paths_with_another_method_405(
    ats_mock: MockFactory,
) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        unknown = http.get("/api/v1/candidates")
        wrong_method = http.delete("/candidates")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "GET, POST"
    assert [r.operation for r in server.requests] == [None, None]


# -- auth --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_missing_or_wrong_credentials_get_401_in_the_vendors_envelope(
    ats_mock: MockFactory, vendor_id: str
) -> None:
    server = ats_mock(vendor_id)
    op = next(iter(server.vendor.operations.values()))
    scheme = server.vendor.scheme(op.auth[0])
    assert scheme is not None
    wrong = {scheme.header: "Bearer wrong" if scheme.type != "api_key" else "wrong"}
    path, headers = valid_path(server.vendor, op), spec_support.required_headers(server.vendor, op)
    with httpx.Client(base_url=server.url, timeout=5) as http:
        missing = send(http, op, path=path, headers=headers)
        bad = send(http, op, path=path, headers={**headers, **wrong})
    for response in (missing, bad):
        assert_documented_error(op, response, 401)
        assert envelope_message(server.vendor, response.json())
        parse_envelope(server.vendor, response.json())
    assert [r.auth for r in server.requests] == [None, None]


def test_hirempire_401_uses_its_documented_message(ats_mock: MockFactory) -> None:
    server = ats_mock("hirempire")
    response = httpx.patch(
        f"{server.url}/update-candidate",
        json={"candidate_id": UUID, "status": "hired"},
        headers={"Authorization": "Bearer nope"},
    )
    assert response.status_code == 401
    assert response.json() == {"success": False, "error": "Invalid token"}
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_credentials_are_configurable_and_exposed(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce", credentials={"bearer": {"token": "s3cret"}})
    assert server.credentials == {"bearer": {"token": "s3cret"}}
    assert server.env == {"TALYNCE_API_KEY": "s3cret"}
    ok = httpx.get(f"{server.url}/candidates", headers={"Authorization": "Bearer s3cret"})
    default = httpx.get(
        f"{server.url}/candidates", headers={"Authorization": "Bearer mock-talynce-token"}
    )
    assert (ok.status_code, default.status_code) == (200, 401)


def test_paradox_accepts_basic_auth_and_api_key_vendors_their_header(ats_mock: MockFactory) -> None:
    paradox, spott = ats_mock("paradox"), ats_mock("spott")
    basic = httpx.put(
        f"{paradox.url}/candidates/42",
        json={"name": "Ann"},
        auth=("mock-paradox-username", "mock-paradox-password"),
    )
    wrong_password = httpx.put(
        f"{paradox.url}/candidates/42", json={"name": "Ann"}, auth=("mock-paradox-username", "nope")
    )
    api_key = httpx.patch(
        f"{spott.url}/candidates/abc",
        json={"firstName": "Ann"},
        headers={"x-api-key": "mock-spott-api-key"},
    )
    assert (basic.status_code, wrong_password.status_code, api_key.status_code) == (200, 401, 200)
    assert paradox.requests[0].auth == "basic" and spott.requests[0].auth == "api_key"


# -- OAuth2 ------------------------------------------------------------------------------------------------


def fetch_token(http: httpx.Client, server: MockServer, **overrides: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", **server.credentials["oauth"], **overrides}
    return http.post("/auth/token", data=form)


def test_oauth_token_flow_expiry_on_demand_and_refresh(ats_mock: MockFactory) -> None:
    server = ats_mock("paradox")
    with httpx.Client(base_url=server.url, timeout=5) as http:
        issued = fetch_token(http, server)
        assert issued.status_code == 200
        token = issued.json()
        assert token["token_type"] == "bearer" and token["expires_in"] == 3600
        bearer = {"Authorization": f"Bearer {token['access_token']}"}
        assert http.put("/candidates/42", json={"name": "Ann"}, headers=bearer).status_code == 200
        assert server.expire_tokens() == 1
        expired = http.put("/candidates/42", json={"name": "Ann"}, headers=bearer)
        assert expired.status_code == 401
        assert 'error="invalid_token"' in expired.headers["www-authenticate"]
        assert expired.json()["errors"][0]["message"] == "The access token has expired"
        refreshed = {"Authorization": f"Bearer {fetch_token(http, server).json()['access_token']}"}
        assert (
            http.put("/candidates/42", json={"name": "Ann"}, headers=refreshed).status_code == 200
        )
    assert server.token_requests == 2
    assert [(r.operation, r.status, r.token) for r in server.requests] == [
        ("token", 200, None),
        ("update_candidate", 200, 1),
        ("update_candidate", 401, 1),
        ("token", 200, None),
        ("update_candidate", 200, 2),
    ]
    assert server.requests[0].body["client_secret"] == "***"


def test_oauth_tokens_expire_after_the_configured_lifetime(ats_mock: MockFactory) -> None:
    server = ats_mock("paradox", token_lifetime=0.3)
    with httpx.Client(base_url=server.url, timeout=5) as http:
        token = fetch_token(http, server).json()
        assert token["expires_in"] == 0
        bearer = {"Authorization": f"Bearer {token['access_token']}"}
        assert http.put("/candidates/42", json={"name": "Ann"}, headers=bearer).status_code == 200
        time.sleep(0.4)
        assert http.put("/candidates/42", json={"name": "Ann"}, headers=bearer).status_code == 401


def test_oauth_token_endpoint_rejects_bad_clients(ats_mock: MockFactory) -> None:
    server = ats_mock("paradox")
    with httpx.Client(base_url=server.url, timeout=5) as http:
        wrong_secret = fetch_token(http, server, client_secret="nope")
        wrong_grant = fetch_token(http, server, grant_type="password")
        missing = http.post("/auth/token", data={"grant_type": "client_credentials"})
        basic = http.post(
            "/auth/token",
            data={"grant_type": "client_credentials"},
            auth=("mock-paradox-client-id", "mock-paradox-client-secret"),
        )
    assert (
        wrong_secret.status_code == 401
        and wrong_secret.json()["errors"][0]["message"] == "Invalid client credentials"
    )
    assert wrong_grant.status_code == 400 and missing.status_code == 400
    assert basic.status_code == 200
    assert server.token_requests == 4 and server.tokens.issued == 1


# -- state -------------------------------------------------------------------------------------------------


def test_talynce_state_across_create_read_update_and_list(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        created = []
        for name in ("Ann", "Bob", "Cyd"):
            response = http.post(
                "/candidates",
                json={
                    "full_name": name,
                    "email": f"{name.lower()}@example.com",
                    "phone_number": "+1 555 0101",
                },
            )
            assert response.status_code == 201
            created.append(response.json()["data"])
        ann = created[0]
        assert ann["full_name"] == "Ann" and ann["email"] == "ann@example.com" and ann["id"] != UUID
        assert len({c["id"] for c in created}) == 3

        again = http.post(
            "/candidates", json={"full_name": "Ann Again", "email": "ANN@example.com"}
        )
        assert again.status_code == 200 and again.json()["data"]["id"] == ann["id"]
        assert again.json()["data"]["full_name"] == "Ann"

        read = http.get(f"/candidates/{ann['id']}").json()["data"]
        assert (read["id"], read["full_name"]) == (ann["id"], "Ann")

        updated = http.put(
            f"/candidates/{ann['id']}", json={"location": "Pune", "phone_number": None}
        )
        assert updated.status_code == 200
        data = updated.json()["data"]
        assert (data["location"], data["phone_number"], data["full_name"]) == ("Pune", None, "Ann")
        assert http.get(f"/candidates/{ann['id']}").json()["data"]["location"] == "Pune"

        first = http.get("/candidates", params={"limit": 2}).json()
        second = http.get("/candidates", params={"limit": 2, "offset": 2}).json()
        assert [c["full_name"] for c in first["data"]] == ["Ann", "Bob"]
        assert [c["full_name"] for c in second["data"]] == ["Cyd"]
        assert first["meta"] == {"total": 3, "limit": 2, "offset": 0}
        assert second["meta"] == {"total": 3, "limit": 2, "offset": 2}
        assert [
            c["full_name"]
            for c in http.get("/candidates", params={"search": "bob@"}).json()["data"]
        ] == ["Bob"]

        missing_read = http.get(f"/candidates/{OTHER_UUID}")
        missing_update = http.put(f"/candidates/{OTHER_UUID}", json={"location": "Pune"})
    for response in (missing_read, missing_update):
        assert response.status_code == 404
        assert response.json()["error"] == {
            "code": "not_found",
            "message": f"Candidate {OTHER_UUID} not found",
            "details": {},
        }
    assert len(server.store.items("candidates")) == 3


def test_updates_without_a_create_operation_store_the_item(ats_mock: MockFactory) -> None:
    hirempire, spott = ats_mock("hirempire"), ats_mock("spott")
    with client(hirempire) as http:
        response = http.patch(
            "/update-candidate", json={"candidate_id": UUID, "status": "hired", "tags": ["a"]}
        )
        assert response.json() == {"success": True, "id": UUID, "status": "hired"}
        http.patch("/update-candidate", json={"candidate_id": UUID, "pool_stage": None})
    assert hirempire.store.snapshot() == {
        "candidates": [{"id": UUID, "status": "hired", "tags": ["a"], "pool_stage": None}]
    }
    with client(spott) as http:
        body = http.patch(
            "/candidates/abc",
            json={"firstName": "Zed", "gender": "female", "nationality": ["Belgian"]},
        ).json()
    assert body["id"] == "abc"
    assert body["name"]["firstName"] == "Zed" and body["name"]["viewType"] == "candidateName"
    assert body["gender"] == {"viewType": "candidateGender", "gender": "female"}
    assert body["nationality"]["nationality"] == ["Belgian"]


def test_state_can_be_seeded_and_reset(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    item = server.seed("candidates", {"full_name": "Seeded", "email": "s@example.com"}, id=UUID)
    assert item == {"id": UUID, "full_name": "Seeded", "email": "s@example.com"}
    with client(server) as http:
        assert http.get(f"/candidates/{UUID}").json()["data"]["full_name"] == "Seeded"
        over_http = http.post(
            "/__mock__/store/candidates", json={"id": OTHER_UUID, "full_name": "Also"}
        )
        assert over_http.status_code == 201
        assert http.get(f"/candidates/{OTHER_UUID}").status_code == 200
        assert len(http.get("/__mock__/store").json()["candidates"]) == 2
        assert http.post("/__mock__/reset").json() == {"reset": True}
    assert server.store.snapshot() == {} and len(server.requests) == 0


# -- faults ------------------------------------------------------------------------------------------------


def test_queued_429s_carry_retry_after_then_requests_succeed(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    server.faults.status(429, retry_after=3, times=2)
    with client(server) as http:
        statuses = [http.get("/candidates") for _ in range(3)]
    assert [r.status_code for r in statuses] == [429, 429, 200]
    assert statuses[0].headers["retry-after"] == "3"
    assert statuses[0].json()["error"]["code"] == "rate_limited"
    assert [r.fault for r in server.requests] == ["status", "status", None]
    assert server.faults.pending == []


def test_status_faults_use_documented_errors_and_can_target_one_operation(
    ats_mock: MockFactory,
) -> None:
    server = ats_mock("talynce")
    server.seed("candidates", {"full_name": "Ann"}, id=UUID)
    server.faults.status(403, operation="update_candidate")
    server.faults.status(500, message="database on fire")
    with client(server) as http:
        listed = http.get("/candidates")
        forbidden = http.put(f"/candidates/{UUID}", json={"location": "Pune"})
    assert listed.status_code == 500 and listed.json()["error"]["message"] == "database on fire"
    assert listed.json()["error"]["code"] == "internal_error"
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "talent_pool_reveal_required"
    assert server.store.get("candidates", UUID).fields == {"full_name": "Ann"}  # type: ignore[union-attr]


def test_latency_delays_the_response_and_can_outlast_a_client_timeout(
    ats_mock: MockFactory,
) -> None:
    server = ats_mock("talynce")
    server.faults.latency(0.2)
    server.faults.latency(0.2)  # matching latency faults add up on one request
    with client(server) as http:
        started = time.monotonic()
        assert http.get("/candidates").status_code == 200
        assert time.monotonic() - started >= 0.4
        assert server.faults.pending == []
        server.faults.latency(0.5)
        with pytest.raises(httpx.ReadTimeout):
            http.get("/candidates", timeout=0.1)
    # The timed-out request is still being served.
    assert server.requests.count("list_candidates") == 1


def test_dropped_connections_and_malformed_bodies(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    server.faults.drop()
    server.faults.malformed()
    with client(server) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/candidates")
        malformed = http.get("/candidates")
        assert malformed.status_code == 200
        with pytest.raises(json.JSONDecodeError):
            malformed.json()
        assert http.get("/candidates").status_code == 200
    assert [(r.status, r.fault) for r in server.requests] == [
        (None, "drop"),
        (200, "malformed"),
        (200, None),
    ]


def test_a_processed_drop_stores_the_item_before_hanging_up(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    server.faults.drop(operation="create_candidate", processed=True)
    with client(server) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.post("/candidates", json={"full_name": "Ann", "email": "ann@example.com"})
        retried = http.post("/candidates", json={"full_name": "Ann", "email": "ann@example.com"})
    # The retry matched the candidate the lost response had created.
    assert retried.status_code == 200
    assert len(server.store.items("candidates")) == 1


def test_rate_faults_fire_by_chance_and_seeded_runs_repeat(ats_mock: MockFactory) -> None:
    def run() -> list[int]:
        server = ats_mock("talynce", seed=7)
        server.faults.status(503, rate=0.5, times=None)
        with client(server) as http:
            return [http.get("/candidates").status_code for _ in range(20)]

    first, second = run(), run()
    assert first == second
    assert set(first) == {200, 503}


def test_token_endpoint_faults_need_the_token_operation(ats_mock: MockFactory) -> None:
    server = ats_mock("paradox")
    server.faults.status(500)  # API operations only
    server.faults.status(503, operation="token")
    with httpx.Client(base_url=server.url, timeout=5) as http:
        assert fetch_token(http, server).status_code == 503
        token = fetch_token(http, server).json()["access_token"]
        response = http.put(
            "/candidates/42", json={"name": "Ann"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 500
    assert response.json()["errors"][0]["code"] == 500


def test_faults_over_http(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    with client(server) as http:
        added = http.post(
            "/__mock__/faults",
            json=[{"status": 502, "times": 2}, {"kind": "drop", "operation": "create_candidate"}],
        )
        assert added.status_code == 201 and len(added.json()) == 2
        assert http.get("/__mock__/faults").json()[0]["status"] == 502
        assert http.get("/candidates").status_code == 502
        bad = http.post("/__mock__/faults", json={"kind": "explode"})
        assert bad.status_code == 400 and "unknown fault kind" in bad.json()["error"]
        assert http.delete("/__mock__/faults").json() == []
        assert http.get("/candidates").status_code == 200


def test_fault_specs_from_the_command_line() -> None:
    assert Fault.parse("503").status == 503
    limited = Fault.parse("429,retry_after=2,times=3,operation=list_candidates")
    assert (
        limited.kind,
        limited.status,
        limited.retry_after,
        limited.times,
        limited.operation,
    ) == ("status", 429, 2, 3, "list_candidates")
    assert Fault.parse("latency,delay=0.5,rate=0.1,times=all").times is None
    assert Fault.parse("malformed").kind == "malformed"
    with pytest.raises(ValueError):
        Fault.parse("explode")
    with pytest.raises(ValueError):
        Fault.parse("500,rate=2")


# -- the request log ---------------------------------------------------------------------------------------


def test_every_request_is_recorded_with_credentials_masked(ats_mock: MockFactory) -> None:
    server = ats_mock("talynce")
    assert len(server.requests) == 0
    with client(server) as http:
        http.get("/__mock__")  # control requests are not recorded
        http.post("/candidates", json={"full_name": "Ann", "email": "ann@example.com"}, params={})
        http.get("/candidates", params={"search": "ann", "limit": 5})
        log = http.get("/__mock__/requests").json()
    create, listing = server.requests
    assert (create.method, create.path, create.operation, create.status) == (
        "POST",
        "/candidates",
        "create_candidate",
        201,
    )
    assert create.body == {"full_name": "Ann", "email": "ann@example.com"}
    assert create.headers["authorization"] == "Bearer ***" and create.auth == "bearer"
    assert listing.query == {"search": "ann", "limit": "5"}
    assert (
        server.requests.count("create_candidate") == 1
        and server.requests.for_operation("update_candidate") == []
    )
    assert [entry["operation"] for entry in log] == ["create_candidate", "list_candidates"]
    assert "mock-talynce-token" not in json.dumps(log)


# -- in process: the context manager and the pytest fixture --------------------------------------------------


def test_context_manager_uses_an_ephemeral_port_and_stops() -> None:
    with MockServer("talynce") as server:
        url = server.url
        assert url.startswith("http://127.0.0.1:") and server.port != 0
        assert httpx.get(f"{url}/__mock__").json()["vendor"] == "talynce"
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/__mock__", timeout=1)
    with pytest.raises(LookupError, match="unknown vendor 'nope'"):
        MockServer("nope")


def test_the_pytest_plugin_is_registered_and_stops_its_servers(tmp_path: Path) -> None:
    test_file = tmp_path / "test_uses_fixture.py"
    test_file.write_text(textwrap.dedent("""
            import httpx

            SEEN = []

            def test_one(ats_mock):
                server = ats_mock("hirempire")
                SEEN.append(server)
                response = httpx.patch(
                    server.url + "/update-candidate",
                    json={"candidate_id": "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b", "status": "hired"},
                    headers=server.auth_headers(),
                )
                assert response.status_code == 200

            def test_stopped_afterwards():
                assert SEEN and not SEEN[0].running
            """))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


# -- the command line --------------------------------------------------------------------------------------


@pytest.fixture
def cli_server() -> Iterator[Callable[..., tuple[subprocess.Popen[str], str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> tuple[subprocess.Popen[str], str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "mock", *args, "--port", "0"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        started.append(proc)
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                line = proc.stdout.readline()
                if " mock serving at " in line:
                    banner = [line]
                    while not banner[-1].startswith("Control:"):  # printed at once: no waiting
                        banner.append(proc.stdout.readline())
                    return proc, "".join(banner)
                if not line and proc.poll() is not None:
                    break
        raise AssertionError(
            f"atsgen mock did not start: {proc.stderr.read() if proc.stderr else ''}"
        )

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def test_cli_serves_until_interrupted_and_exits_cleanly(
    cli_server: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    proc, banner = cli_server("talynce", "--fault", "503,times=1")
    url = banner.split(" mock serving at ")[1].split()[0]
    assert "export TALYNCE_API_KEY=mock-talynce-token" in banner
    assert (
        httpx.get(
            f"{url}/candidates", headers={"Authorization": "Bearer mock-talynce-token"}
        ).status_code
        == 503
    )
    assert (
        httpx.get(
            f"{url}/candidates", headers={"Authorization": "Bearer mock-talynce-token"}
        ).status_code
        == 200
    )
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stdout + stderr
    assert "GET /candidates -> 503 (list_candidates)" in stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("nope",), "unknown vendor 'nope'"),
        (("talynce", "--port", "99999"), "99999 is not a port number (0 to 65535)"),
        (("talynce", "--port", "-1"), "-1 is not a port number (0 to 65535)"),
        (("talynce", "--port", "http"), "'http' is not a port number"),
    ],
)
def test_cli_usage_errors_exit_2_without_a_traceback(
    arguments: tuple[str, ...], message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "mock", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
