"""Seed 004 (Hirempire, Update candidate), fact by fact, against specs/hirempire.yaml."""

from __future__ import annotations

from generator import ir
from tests.specs.document import (
    body,
    enum_values,
    error_messages,
    field,
    operation,
    response,
    success_body,
)

STATUSES = [
    "applied", "screening", "phone_screen", "interview", "technical", "offer", "hired",
    "rejected", "withdrawn", "on_hold", "shortlisted", "qualified", "uploaded",
]  # fmt: skip


def test_transport_and_auth(vendors: dict[str, ir.Vendor]) -> None:
    vendor = vendors["hirempire"]
    op = operation(vendor, "update_candidate")
    assert (op.method, op.path) == ("PATCH", "/update-candidate")
    assert [e.url for e in vendor.environments] == ["https://api.hirempire.com/v1"]
    [scheme] = vendor.auth
    assert (
        scheme.type is ir.AuthType.BEARER
        and scheme.header == "Authorization"
        and scheme.prefix == "Bearer"
    )
    assert op.auth == ("bearer",)
    assert op.source.file == "004_fd6918bc41233a79.txt"


def test_body_fields(vendors: dict[str, ir.Vendor]) -> None:
    schema = body(operation(vendors["hirempire"], "update_candidate"))
    assert [f.wire_name for f in schema.properties] == [
        "candidate_id", "status", "tags", "pool_stage", "note_to_candidate",
    ]  # fmt: skip
    assert schema.closed
    candidate_id = field(schema, "candidate_id")
    assert candidate_id.required and candidate_id.schema.format == "uuid"
    assert [f.wire_name for f in schema.properties if f.required] == ["candidate_id"]
    assert enum_values(field(schema, "status").schema) == STATUSES
    tags = field(schema, "tags").schema
    assert tags.types == ("array",) and tags.items is not None and tags.items.types == ("string",)
    pool_stage = field(schema, "pool_stage").schema
    assert pool_stage.nullable and enum_values(pool_stage) == [
        "cold",
        "warm",
        "hot",
        "not_interested",
    ]
    note = field(schema, "note_to_candidate").schema
    assert note.nullable and note.types == ("string", "null")


def test_at_least_one_updatable_field(vendors: dict[str, ir.Vendor]) -> None:
    schema = body(operation(vendors["hirempire"], "update_candidate"))
    [rule] = schema.rules
    assert rule.kind is ir.RuleKind.AT_LEAST_ONE_OF
    assert set(rule.fields) == {"status", "tags", "pool_stage", "note_to_candidate"}
    assert rule.message == "At least one updatable field must be provided"


def test_vendor_messages(vendors: dict[str, ir.Vendor]) -> None:
    schema = body(operation(vendors["hirempire"], "update_candidate"))
    candidate_id = field(schema, "candidate_id").schema
    assert candidate_id.vendor_message("required") == "candidate_id is required and must be a UUID"
    assert candidate_id.vendor_message("format") == "candidate_id is required and must be a UUID"
    assert field(schema, "status").schema.vendor_message(
        "enum"
    ) == "status must be one of: " + ", ".join(STATUSES)


def test_responses(vendors: dict[str, ir.Vendor]) -> None:
    op = operation(vendors["hirempire"], "update_candidate")
    ok = success_body(op)
    assert [f.wire_name for f in ok.properties] == ["success", "id", "status"]
    assert field(ok, "success").schema.types == ("boolean",)
    assert {r.status for r in op.responses} == {"200", "400", "401"}
    assert error_messages(op, "400")[:3] == [
        "candidate_id is required and must be a UUID",
        "status is required",
        "status must be one of: " + ", ".join(STATUSES),
    ]
    assert error_messages(op, "401")[:2] == ["Invalid token", "Invalid candidate id"]
    assert response(op, "400").envelope == response(op, "401").envelope == "standard"
    envelope = vendors["hirempire"].envelope("standard")
    assert envelope is not None and envelope.message_pointer == "/error"
    assert [f.wire_name for f in envelope.body.properties] == ["success", "error"]


def test_documented_contradiction_is_recorded(vendors: dict[str, ir.Vendor]) -> None:
    op = operation(vendors["hirempire"], "update_candidate")
    notes = response(op, "400").notes
    assert any(n.says and "status is required" in n.says and n.resolution for n in notes)
