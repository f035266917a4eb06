"""Seed 004 (Hirempire, Update candidate), fact by fact, against what the SDK publishes from specs/hirempire.yaml.

Expected values are copied from the page; each is checked where a user meets it: the validators, the
JSON Schema, the OpenAPI document (see tests/specs/document.py).
"""

from __future__ import annotations

import pytest

from tests.specs.document import Published, notes_say, published

STATUSES = [
    "applied", "screening", "phone_screen", "interview", "technical", "offer", "hired",
    "rejected", "withdrawn", "on_hold", "shortlisted", "qualified", "uploaded",
]  # fmt: skip
# The updatable fields, each with a value the page allows.
UPDATABLE = {"status": "hired", "tags": [], "pool_stage": None, "note_to_candidate": None}
CANDIDATE = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"
OP = "update_candidate"


@pytest.fixture(scope="module")
def hirempire() -> Published:
    return published("hirempire")


def test_transport_and_auth(hirempire: Published) -> None:
    op = hirempire.operation(OP)
    assert (op["method"], op["path"]) == ("PATCH", "/update-candidate")
    assert [s["url"] for s in hirempire.openapi["servers"]] == ["https://api.hirempire.com/v1"]
    [scheme_id] = hirempire.openapi["components"]["securitySchemes"]
    scheme = hirempire.security_scheme(scheme_id)
    # `Authorization: Bearer <token>`: what OpenAPI's http bearer scheme means.
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert hirempire.auth(OP) == ["bearer"] == [scheme_id]
    assert hirempire.source(op["x-atsgen-source"])["file"] == "004_fd6918bc41233a79.txt"


def test_body_fields(hirempire: Published) -> None:
    schema = hirempire.schema(OP)
    assert schema.names == ["candidate_id", *UPDATABLE]
    assert schema.closed
    assert hirempire.problems(OP, {"candidate_id": CANDIDATE, "stage": "x"}, "/stage") == [
        "unknown_field"
    ]
    # Only candidate_id is required.
    assert hirempire.problems(OP, {}, "/candidate_id") == ["required"]
    assert [v.rule for v in hirempire.violations(OP, {}) if v.rule == "required"] == ["required"]
    assert schema.field("candidate_id").format == "uuid"
    assert hirempire.problems(OP, {"candidate_id": CANDIDATE, "tags": []}, "/candidate_id") == []
    assert hirempire.problems(OP, {"candidate_id": CANDIDATE[:-1]}, "/candidate_id") == ["format"]


def test_status_enum(hirempire: Published) -> None:
    assert hirempire.schema(OP).field("status").enum == STATUSES
    for status in STATUSES:
        assert hirempire.problems(OP, {"status": status}, "/status") == [], status
    assert hirempire.problems(OP, {"status": "Hired"}, "/status") == ["enum"]


def test_tags_are_a_list_of_strings(hirempire: Published) -> None:
    tags = hirempire.schema(OP).field("tags")
    assert tags.types == ("array",) and tags.items is not None and tags.items.types == ("string",)
    assert hirempire.problems(OP, {"tags": ["a", "b"]}, "/tags") == []
    assert hirempire.problems(OP, {"tags": ["a", 1]}, "/tags/1") == ["type"]
    assert hirempire.problems(OP, {"tags": "a"}, "/tags") == ["type"]


def test_pool_stage_is_a_nullable_enum(hirempire: Published) -> None:
    pool_stage = hirempire.schema(OP).field("pool_stage")
    assert pool_stage.nullable and pool_stage.enum == ["cold", "warm", "hot", "not_interested"]
    for value in ("cold", "warm", "hot", "not_interested", None):
        assert hirempire.problems(OP, {"pool_stage": value}, "/pool_stage") == [], value
    assert hirempire.problems(OP, {"pool_stage": "lukewarm"}, "/pool_stage") == ["enum"]


def test_note_to_candidate_is_a_nullable_string(hirempire: Published) -> None:
    note = hirempire.schema(OP).field("note_to_candidate")
    assert note.nullable and note.types == ("string", "null")
    for value in ("Thanks!", None):
        assert hirempire.problems(OP, {"note_to_candidate": value}, "/note_to_candidate") == []
    assert hirempire.problems(OP, {"note_to_candidate": 1}, "/note_to_candidate") == ["type"]


def test_at_least_one_updatable_field(hirempire: Published) -> None:
    message = "At least one updatable field must be provided"
    only_id = {"candidate_id": CANDIDATE}
    assert hirempire.problems(OP, only_id, "") == ["at_least_one_of"]
    assert hirempire.messages(OP, only_id, "") == [message]
    # Each updatable field alone is enough; candidate_id is not one of them.
    for name, value in UPDATABLE.items():
        assert hirempire.problems(OP, {**only_id, name: value}, "") == [], name
    [rule] = hirempire.request_schema(OP).raw["x-atsgen-rules"]
    assert (rule["rule"], set(rule["fields"]), rule["message"]) == (
        "at_least_one_of", set(UPDATABLE), message,
    )  # fmt: skip


def test_vendor_messages(hirempire: Published) -> None:
    documented = "candidate_id is required and must be a UUID"
    assert hirempire.messages(OP, {"tags": []}, "/candidate_id") == [documented]
    assert hirempire.messages(OP, {"candidate_id": "nope"}, "/candidate_id") == [documented]
    assert hirempire.messages(OP, {"status": "nope"}, "/status") == [
        "status must be one of: " + ", ".join(STATUSES)
    ]


def test_responses(hirempire: Published) -> None:
    ok = hirempire.schema(OP, "response.200")
    assert ok.names == ["success", "id", "status"]
    assert ok.field("success").types == ("boolean",)
    assert set(hirempire.operation(OP)["responses"]) == {"200", "400", "401"}
    errors = {
        status: [e["message"] for e in hirempire.response(OP, status)["x-atsgen-errors"]]
        for status in ("400", "401")
    }
    assert errors["400"][:3] == [
        "candidate_id is required and must be a UUID",
        "status is required",
        "status must be one of: " + ", ".join(STATUSES),
    ]
    assert errors["401"][:2] == ["Invalid token", "Invalid candidate id"]
    assert hirempire.response_envelope(OP, "400") == "standard"
    assert hirempire.response_envelope(OP, "401") == "standard"
    envelope = hirempire.envelope("standard")
    assert envelope.raw["x-atsgen-envelope"]["message"] == "/error"
    assert envelope.names == ["success", "error"]


def test_documented_contradiction_is_recorded(hirempire: Published) -> None:
    notes = hirempire.response(OP, "400")["x-atsgen-notes"]
    assert notes_say(notes, "status is required")
