"""Seed 002 (Talynce, Candidates), fact by fact, against specs/talynce.yaml.

The tables below are copied from the page (002_f19b8a8d85120a1d.txt) and from the API overview
(research/vendors.md section 2, source T), row by row, in the page's own notation: "string | null",
"string (uuid)", "string[]", ... `doc_type` turns that notation into what the spec must say.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from generator import ir
from generator.values import violations
from tests.conftest import SHARED_DIR
from tests.specs.document import body, enum_values, field, operation, response, success_body

SEED = SHARED_DIR / "seeds" / "002_f19b8a8d85120a1d.txt"

# "GET/api/v1/candidates", ... with the base URL https://talynce.com/api/v1 taken off.
OPERATIONS = [
    ("list_candidates", "GET", "/candidates"),
    ("get_candidate", "GET", "/candidates/{id}"),
    ("create_candidate", "POST", "/candidates"),
    ("update_candidate", "PUT", "/candidates/{id}"),
]

# List query parameters (GET): field, type, range, default.
QUERY = [
    ("search", "string", None, None, None),
    ("job_id", "string (uuid)", None, None, None),
    (
        "limit",
        "integer",
        1,
        100,
        50,
    ),  # "Page size (1-100, default 50)" (the page writes an en dash)
    ("offset", "integer", None, None, 0),  # "Skip N records (default 0)"
]

# Request body (POST / PUT), Candidate object: field, type, Required column, description.
REQUEST = [
    ("full_name", "string", "POST", "Candidate full name"),
    ("email", "string", "POST", "Unique per organization"),
    ("phone_number", "string | null", "No", "Phone number"),
    ("whatsapp_number", "string | null", "No", "WhatsApp number"),
    ("location", "string | null", "No", "Current location"),
    ("preferred_location", "string | null", "No", "Preferred work location"),
    ("primary_skills", "string[]", "No", "Primary skill tags"),
    ("secondary_skills", "string[]", "No", "Secondary skill tags"),
    ("total_experience_years", "number | null", "No", "Total experience (decimal years)"),
    ("current_company", "string | null", "No", "Current employer"),
    ("current_designation", "string | null", "No", "Current job title"),
    ("current_ctc", "number | null", "No", "Current CTC in LPA"),
    ("expected_ctc", "number | null", "No", "Expected CTC in LPA"),
    ("notice_period_days", "integer | null", "No", "Notice period (days)"),
    ("in_notice_period", "boolean | null", "No", "Currently serving notice"),
    ("last_working_day", "string (YYYY-MM-DD)", "No", "Last working day if in notice"),
    ("resume_url", "string | null", "No", "Public resume URL"),
    ("resume_path", "string | null", "No", "Internal resume storage path (create)"),
    ("source", "string", "No", "Source label (default api)"),
    ("metadata", "object", "No", "Custom JSON (e.g. ATS id)"),
    ("application", "object", "No", "Apply candidate to a job (nested fields)"),
]
APPLICATION = [
    ("job_id", "string (uuid)", "If application", "Target job id"),
    ("status", "string", "No", "Pipeline status (must match org settings; default Applied)"),
    ("notes", "string | null", "No", "Application notes"),
]
CREATE_ONLY = {"resume_path"}  # "(create)"

# Response body, Candidate resource (data): field, type, description.
CANDIDATE = [
    ("id", "string (uuid)", "Candidate id"),
    ("full_name", "string", "Full name"),
    ("email", "string", "Email (may be empty when talent pool masked)"),
    ("phone_number", "string | null", "Phone"),
    ("whatsapp_number", "string | null", "WhatsApp"),
    ("location", "string | null", "Current location"),
    ("preferred_location", "string | null", "Preferred location"),
    ("primary_skills", "string[]", "Primary skills"),
    ("secondary_skills", "string[]", "Secondary skills"),
    ("skill_array", "string[]", "Combined skill list"),
    ("total_experience_years", "number | null", "Experience years"),
    ("current_company", "string | null", "Current company"),
    ("current_designation", "string | null", "Current designation"),
    ("current_ctc", "number | null", "Current CTC (LPA); null if masked"),
    ("expected_ctc", "number | null", "Expected CTC (LPA); null if masked"),
    ("notice_period_days", "integer | null", "Notice period days"),
    ("in_notice_period", "boolean | null", "In notice period"),
    ("last_working_day", "string (YYYY-MM-DD)", "Last working day"),
    ("resume_url", "string | null", "Resume URL (resume_text never returned)"),
    ("source", "string | null", "Candidate source"),
    ("screening_score", "number | null", "Aggregate screening score"),
    ("talent_pool_status", '"not_linked" | "masked" | "revealed"', "Talent pool reveal state"),
    ("metadata", "object | null", "Custom metadata"),
    ("created_at", "string (ISO 8601 date-time)", "Created timestamp"),
    ("updated_at", "string (ISO 8601 date-time)", "Updated timestamp"),
]

# applications[] item (GET /api/v1/candidates/{id} only).
APPLICATION_ITEM = [
    ("id", "string (uuid)", "candidate_jobs row id"),
    ("candidate_id", "string (uuid)", "Candidate id"),
    ("job_id", "string (uuid)", "Job id"),
    ("organization_id", "string (uuid)", "Organization id"),
    ("status", "string", "Pipeline status for this job"),
    ("screening_score", "number | null", "Screening score"),
    ("match_score", "number | null", "Match score"),
    ("notes", "string | null", "Recruiter notes"),
    ("shortlisted_at", "string (ISO 8601 date-time)", "When shortlisted"),
    ("screening_started_at", "string (ISO 8601 date-time)", "Screening started"),
    ("screening_completed_at", "string (ISO 8601 date-time)", "Screening completed"),
    ("status_date", "string (ISO 8601 date-time)", "Entered current status"),
    ("outreach_sent_at", "string (ISO 8601 date-time)", "Outreach email sent"),
    ("interest_clicked_at", "string (ISO 8601 date-time)", "Interest page click"),
    ("video_interview_invite_sent_at", "string (ISO 8601 date-time)", "Video invite sent"),
    ("metadata", "object | null", "Application metadata"),
    ("created_at", "string (ISO 8601 date-time)", "Created"),
    ("updated_at", "string (ISO 8601 date-time)", "Updated"),
]

# List meta object.
META = [("total", "integer"), ("limit", "integer"), ("offset", "integer")]

# The page's two examples, as written (the capture hid the address behind "[email protected]", with a
# no-break space).
CREATE_EXAMPLE: dict[str, Any] = {
    "full_name": "Jane Doe",
    "email": "[email\u00a0protected]",
    "phone_number": "+91 90000 12345",
    "whatsapp_number": "+91 90000 12345",
    "location": "Bangalore",
    "preferred_location": "Remote",
    "primary_skills": ["React", "TypeScript"],
    "secondary_skills": ["Docker"],
    "total_experience_years": 6,
    "current_company": "Acme Inc",
    "current_designation": "Senior Engineer",
    "current_ctc": 18,
    "expected_ctc": 24,
    "notice_period_days": 30,
    "in_notice_period": False,
    "resume_url": "https://example.com/resume.pdf",
    "metadata": {"external_id": "ATS-9912"},
    "application": {
        "job_id": "550e8400-e29b-41d4-a716-446655440000",
        "status": "Applied",
        "notes": "Imported from ATS",
    },
}
APPLY_ONLY_EXAMPLE: dict[str, Any] = {
    "application": {
        "job_id": "550e8400-e29b-41d4-a716-446655440000",
        "status": "shortlisted",
        "notes": "Strong React background",
    }
}

_QUALIFIERS = {"uuid": "uuid", "YYYY-MM-DD": "date", "ISO 8601 date-time": "date-time"}


def doc_type(notation: str) -> tuple[tuple[str, ...], str | None, list[str] | None]:
    """The page's type notation as (JSON types, format, enum values)."""
    if notation.startswith('"'):
        return ("string",), None, [part.strip().strip('"') for part in notation.split("|")]
    parts = [part.strip() for part in notation.split("|")]
    nullable = ("null",) if "null" in parts[1:] else ()
    if parts[0] == "string[]":
        return ("array",) + nullable, None, None
    match = re.fullmatch(r"(\w+)(?: \((.+)\))?", parts[0])
    assert match is not None, notation
    return (match[1],) + nullable, _QUALIFIERS[match[2]] if match[2] else None, None


def assert_row(schema: ir.Schema, notation: str) -> None:
    types, fmt, enum = doc_type(notation)
    assert schema.types == types, notation
    assert schema.format == fmt, notation
    if notation == "string[]":
        assert schema.items is not None and schema.items.types == ("string",)
    if enum is not None:
        assert enum_values(schema) == enum
    else:
        assert schema.enum is None


def seed_examples() -> list[Any]:
    """The JSON examples on the page itself, in page order (when the seeds folder is beside the checkout)."""
    if not SEED.is_file():
        pytest.skip("the seeds folder is not beside this checkout")
    examples, block = [], []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line == "{" or block:
            block.append(line)
        if line == "}":
            examples.append(json.loads("\n".join(block)))
            block = []
    return examples


# -- transport, auth, envelopes ---------------------------------------------------------------------------


def test_transport_and_auth(vendors: dict[str, ir.Vendor]) -> None:
    vendor = vendors["talynce"]
    assert vendor.name == "Talynce"
    assert [(e.name, e.url) for e in vendor.environments] == [
        ("production", "https://talynce.com/api/v1")
    ]
    assert vendor.environments[0].provenance.confidence is ir.Confidence.FOUND
    [scheme] = vendor.auth
    assert (
        scheme.type is ir.AuthType.BEARER
        and scheme.header == "Authorization"
        and scheme.prefix == "Bearer"
    )
    assert scheme.env_var("token") == "TALYNCE_API_KEY"
    # The header format is not in the captured text: the scheme must say so.
    assert scheme.provenance.confidence is ir.Confidence.INFERRED and scheme.provenance.evidence
    assert "Dashboard → Administration → Developer" in (scheme.description or "")
    seed = vendor.source("seed-002")
    assert seed is not None and seed.file == "002_f19b8a8d85120a1d.txt"
    assert seed.url == "https://talynce.com/docs/api/candidates"
    overview = vendor.source("T")
    assert (
        overview is not None
        and overview.url == "https://talynce.com/docs/api"
        and overview.file is None
    )


@pytest.mark.parametrize(("operation_id", "method", "path"), OPERATIONS)
def test_operations(
    vendors: dict[str, ir.Vendor], operation_id: str, method: str, path: str
) -> None:
    op = operation(vendors["talynce"], operation_id)
    assert (op.method, op.path) == (method, path)
    assert op.source.id == "seed-002"
    assert op.auth == ("bearer",)
    assert op.retry_safe is (method != "POST")


def test_error_envelope(vendors: dict[str, ir.Vendor]) -> None:
    # T: { "error": { "code": string, "message": string, "details": object (optional) } }
    envelope = vendors["talynce"].envelope("standard")
    assert envelope is not None
    assert (envelope.message_pointer, envelope.code_pointer, envelope.details_pointer) == (
        "/error/message", "/error/code", "/error/details",
    )  # fmt: skip
    error = field(envelope.body, "error")
    assert error.required
    assert [f.wire_name for f in error.schema.properties] == ["code", "message", "details"]
    assert field(envelope.body, "error.code").schema.types == ("string",)
    assert field(envelope.body, "error.message").schema.types == ("string",)
    details = field(envelope.body, "error.details")
    assert details.schema.types == ("object",) and not details.required


# -- list query and pagination -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "notation", "minimum", "maximum", "default"), QUERY)
def test_list_query(
    vendors: dict[str, ir.Vendor],
    name: str,
    notation: str,
    minimum: int | None,
    maximum: int | None,
    default: int | None,
) -> None:
    query = operation(vendors["talynce"], "list_candidates").request.query
    param = field(query, name)
    assert not param.required
    assert_row(param.schema, notation)
    assert param.schema.maximum == maximum
    if minimum is not None:
        assert param.schema.minimum == minimum
    assert param.schema.has_default is (default is not None)
    assert param.schema.default == default


def test_list_query_order(vendors: dict[str, ir.Vendor]) -> None:
    query = operation(vendors["talynce"], "list_candidates").request.query
    assert [f.wire_name for f in query.properties] == [row[0] for row in QUERY]
    assert query.closed


def test_pagination(vendors: dict[str, ir.Vendor]) -> None:
    op = operation(vendors["talynce"], "list_candidates")
    assert op.pagination is not None
    assert (op.pagination.style, op.pagination.limit_param, op.pagination.offset_param) == (
        "offset",
        "limit",
        "offset",
    )
    assert (op.pagination.items_pointer, op.pagination.total_pointer) == ("/data", "/meta/total")
    ok = success_body(op)
    assert field(ok, "data").schema.types == ("array",)
    meta = field(ok, "meta").schema
    assert [f.wire_name for f in meta.properties] == [row[0] for row in META]
    for name, notation in META:
        assert_row(field(meta, name).schema, notation)


# -- request bodies ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "notation", "required", "description"), REQUEST, ids=[row[0] for row in REQUEST]
)
@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_request_field(
    vendors: dict[str, ir.Vendor],
    operation_id: str,
    name: str,
    notation: str,
    required: str,
    description: str,
) -> None:
    schema = body(operation(vendors["talynce"], operation_id))
    if operation_id == "update_candidate" and name in CREATE_ONLY:
        assert schema.field(name) is None, f"{name} is documented for create only"
        return
    prop = field(schema, name)
    assert_row(prop.schema, notation)
    assert prop.description == description
    # The Required column says "POST": required on create; PUT is a partial update.
    assert prop.required is (required == "POST" and operation_id == "create_candidate")


@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_request_field_order(vendors: dict[str, ir.Vendor], operation_id: str) -> None:
    schema = body(operation(vendors["talynce"], operation_id))
    expected = [row[0] for row in REQUEST]
    if operation_id == "update_candidate":
        expected = [name for name in expected if name not in CREATE_ONLY]
    assert [f.wire_name for f in schema.properties] == expected
    assert schema.closed


def test_required_sets(vendors: dict[str, ir.Vendor]) -> None:
    create = body(operation(vendors["talynce"], "create_candidate"))
    update = body(operation(vendors["talynce"], "update_candidate"))
    assert {f.wire_name for f in create.properties if f.required} == {"full_name", "email"}
    assert {f.wire_name for f in update.properties if f.required} == set()
    assert not update.rules  # the page states no at-least-one-field rule


@pytest.mark.parametrize(
    ("name", "notation", "required", "description"),
    APPLICATION,
    ids=[row[0] for row in APPLICATION],
)
@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_application_fields(
    vendors: dict[str, ir.Vendor],
    operation_id: str,
    name: str,
    notation: str,
    required: str,
    description: str,
) -> None:
    schema = body(operation(vendors["talynce"], operation_id))
    application = field(schema, "application")
    assert not application.required
    assert [f.wire_name for f in application.schema.properties] == [row[0] for row in APPLICATION]
    assert application.schema.closed
    prop = field(schema, f"application.{name}")
    assert_row(prop.schema, notation)
    assert prop.description == description
    # "If application": required inside the nested object, which is itself optional.
    assert prop.required is (required == "If application")


@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_request_defaults_and_free_form(vendors: dict[str, ir.Vendor], operation_id: str) -> None:
    schema = body(operation(vendors["talynce"], operation_id))
    source = field(schema, "source").schema
    assert source.has_default and source.default == "api"  # "Source label (default api)"
    status = field(schema, "application.status").schema
    assert status.has_default and status.default == "Applied"  # "default Applied"
    assert status.enum is None  # "must match org settings"
    metadata = field(schema, "metadata").schema
    assert metadata.types == ("object",) and not metadata.properties and metadata.additional is None


def test_resume_path_is_create_only_and_noted(vendors: dict[str, ir.Vendor]) -> None:
    op = operation(vendors["talynce"], "update_candidate")
    assert any(n.says and "resume_path" in n.says and n.resolution for n in op.notes)


@pytest.mark.parametrize(
    ("operation_id", "example", "seed_index"),
    [("create_candidate", CREATE_EXAMPLE, 0), ("update_candidate", APPLY_ONLY_EXAMPLE, 1)],
)
def test_examples(
    vendors: dict[str, ir.Vendor], operation_id: str, example: dict[str, Any], seed_index: int
) -> None:
    request_body = operation(vendors["talynce"], operation_id).request.body
    assert request_body is not None and request_body.has_example
    assert request_body.example == example
    assert violations(request_body.schema, request_body.example) == []


def test_examples_match_the_page() -> None:
    assert seed_examples() == [CREATE_EXAMPLE, APPLY_ONLY_EXAMPLE]


# -- responses ------------------------------------------------------------------------------------------------


def _candidate(vendors: dict[str, ir.Vendor], operation_id: str, status: str = "200") -> ir.Schema:
    data = field(success_body(operation(vendors["talynce"], operation_id), status), "data").schema
    return data.items if data.items is not None else data


RESPONSES = [("list_candidates", "200"), ("get_candidate", "200"), ("create_candidate", "201"),
             ("create_candidate", "200"), ("update_candidate", "200")]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "notation", "description"), CANDIDATE, ids=[row[0] for row in CANDIDATE]
)
@pytest.mark.parametrize(("operation_id", "status"), RESPONSES)
def test_candidate_resource(
    vendors: dict[str, ir.Vendor],
    operation_id: str,
    status: str,
    name: str,
    notation: str,
    description: str,
) -> None:
    prop = field(_candidate(vendors, operation_id, status), name)
    assert_row(prop.schema, notation)
    assert prop.description == description
    assert not prop.required  # the response table's Required column is empty


@pytest.mark.parametrize(("operation_id", "status"), RESPONSES)
def test_candidate_resource_order(
    vendors: dict[str, ir.Vendor], operation_id: str, status: str
) -> None:
    names = [f.wire_name for f in _candidate(vendors, operation_id, status).properties]
    assert names[: len(CANDIDATE)] == [row[0] for row in CANDIDATE]
    assert "resume_text" not in names  # "resume_text never returned"


def test_talent_pool_status(vendors: dict[str, ir.Vendor]) -> None:
    status = field(_candidate(vendors, "get_candidate"), "talent_pool_status").schema
    assert enum_values(status) == ["not_linked", "masked", "revealed"]
    assert not status.nullable


@pytest.mark.parametrize(
    ("name", "notation", "description"), APPLICATION_ITEM, ids=[row[0] for row in APPLICATION_ITEM]
)
def test_applications_item(
    vendors: dict[str, ir.Vendor], name: str, notation: str, description: str
) -> None:
    prop = field(_candidate(vendors, "get_candidate"), f"applications.{name}")
    assert_row(prop.schema, notation)
    assert prop.description == description


def test_applications_on_get_only(vendors: dict[str, ir.Vendor]) -> None:
    applications = field(_candidate(vendors, "get_candidate"), "applications")
    assert applications.schema.types == ("array",) and not applications.required
    assert applications.schema.items is not None
    assert [f.wire_name for f in applications.schema.items.properties] == [
        row[0] for row in APPLICATION_ITEM
    ]
    assert "only" in (applications.description or "")
    # Where the array sits is not shown.
    assert any(n.says and n.resolution for n in applications.notes)


def test_status_codes(vendors: dict[str, ir.Vendor]) -> None:
    vendor = vendors["talynce"]
    create = operation(vendor, "create_candidate")
    # "POST deduplicates by email ( 201 new, 200 existing)"
    assert {r.status for r in create.success_responses} == {"201", "200"}
    for status in ("201", "200"):
        assert response(create, status).provenance.confidence is ir.Confidence.DOCUMENTED
    # The page names no status for the other calls: a 200 there must be marked as inferred.
    for operation_id in ("list_candidates", "get_candidate", "update_candidate"):
        ok = response(operation(vendor, operation_id), "200")
        assert ok.provenance.confidence is ir.Confidence.INFERRED and ok.provenance.evidence
    # T: "Error (4xx / 5xx)" bodies use the envelope.
    for operation_id, _, _ in OPERATIONS:
        op = operation(vendor, operation_id)
        for error in op.error_responses:
            assert error.envelope == "standard"
            assert (
                error.provenance.confidence is not ir.Confidence.DOCUMENTED or error.status == "403"
            )


def test_talent_pool_reveal_required(vendors: dict[str, ir.Vendor]) -> None:
    # "Updating locked fields returns talent_pool_reveal_required (403)."
    op = operation(vendors["talynce"], "update_candidate")
    forbidden = response(op, "403")
    assert forbidden.envelope == "standard"
    assert [e.code for e in forbidden.errors] == ["talent_pool_reveal_required"]
    assert forbidden.provenance.confidence is ir.Confidence.DOCUMENTED


def test_create_dedup_note(vendors: dict[str, ir.Vendor]) -> None:
    op = operation(vendors["talynce"], "create_candidate")
    assert op.retry_safe is False
    assert any(n.text and "200" in n.text and "email" in n.text for n in op.notes)
