"""Helpers for the completeness tests: look facts up in a loaded spec by operation, part and wire name.

The tests themselves are written from the vendor documents (their expected values are copied from the
pages), so a spec that drops or changes a documented fact fails them.
"""

from __future__ import annotations

from generator import ir


def operation(vendor: ir.Vendor, operation_id: str) -> ir.Operation:
    op = vendor.operation(operation_id)
    assert op is not None, f"{vendor.id} has no operation {operation_id}"
    return op


def body(op: ir.Operation) -> ir.Schema:
    assert op.request.body is not None, f"{op.id} has no request body"
    return op.request.body.schema


def field(schema: ir.Schema, path: str) -> ir.Field:
    """A field by dotted wire-name path (`application.job_id`), through objects and array items."""
    current = schema
    found: ir.Field | None = None
    for name in path.split("."):
        while current.items is not None and not current.properties:
            current = current.items
        found = current.field(name)
        assert found is not None, f"no field {name!r} in {path!r}"
        current = found.schema
    assert found is not None
    return found


def enum_values(schema: ir.Schema) -> list[object]:
    """The allowed values, without the null a nullable enum adds."""
    assert schema.enum is not None, "not an enum"
    return [member.value for member in schema.enum if member.value is not None]


def enum_names(schema: ir.Schema) -> dict[str, object]:
    assert schema.enum is not None, "not an enum"
    return {member.name: member.value for member in schema.enum if member.name is not None}


def success_body(op: ir.Operation, status: str = "200") -> ir.Schema:
    for response in op.responses:
        if response.status == status:
            assert response.body is not None, f"{op.id} {status} has no body"
            return response.body
    raise AssertionError(f"{op.id} has no {status} response")


def response(op: ir.Operation, status: str) -> ir.Response:
    for candidate in op.responses:
        if candidate.status == status:
            return candidate
    raise AssertionError(f"{op.id} has no {status} response")


def error_messages(op: ir.Operation, status: str) -> list[str]:
    return [e.message for e in response(op, status).errors if e.message is not None]
