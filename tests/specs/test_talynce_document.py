"""Seed 002 (Talynce, Candidates), fact by fact, against what the SDK publishes from specs/talynce.yaml.

The tables below are copied from the page (002_f19b8a8d85120a1d.txt) and from the API overview
(research/vendors.md section 2, source T), row by row, in the page's own notation: "string | null",
"string (uuid)", "string[]", ... `doc_type` turns that notation into what the published JSON Schema must
say, and request rows are also probed through the generated validators (see tests/specs/document.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.conftest import SHARED_DIR
from tests.specs.document import (
    DOCUMENTED,
    Node,
    Published,
    at,
    note_text,
    notes_say,
    probe_type,
    published,
)

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


def assert_row(schema: Node, notation: str) -> None:
    """The published JSON Schema of a field says what the page's notation says."""
    types, fmt, enum = doc_type(notation)
    assert schema.types == types, notation
    assert schema.format == fmt, notation
    if notation == "string[]":
        assert schema.items is not None and schema.items.types == ("string",)
    if enum is not None:
        assert schema.enum == enum
    else:
        assert schema.enum is None


def probe_row(
    talynce: Published, operation_id: str, path: str, notation: str, part: str = "body"
) -> None:
    """The validators accept and reject what the page's notation allows and does not."""
    types, fmt, _ = doc_type(notation)
    probe_type(talynce, operation_id, path, types, fmt, part)
    if notation == "string[]":
        assert talynce.problems(operation_id, at(path, ["a"]), f"/{path}", part) == []
        assert talynce.problems(operation_id, at(path, [1]), f"/{path}/0", part) == ["type"]


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


@pytest.fixture(scope="module")
def talynce() -> Published:
    return published("talynce")


# -- transport, auth, envelopes ---------------------------------------------------------------------------


def test_transport_and_auth(talynce: Published) -> None:
    assert "\n# Talynce\n" in talynce.docs.text
    assert talynce.openapi["info"]["title"] == "Talynce API"
    servers = talynce.openapi["servers"]
    assert [(s["x-atsgen-environment"], s["url"]) for s in servers] == [
        ("production", "https://talynce.com/api/v1")
    ]
    assert servers[0]["x-atsgen-confidence"] == "found"
    [scheme_id] = talynce.openapi["components"]["securitySchemes"]
    scheme = talynce.security_scheme(scheme_id)
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")  # Authorization: Bearer
    assert scheme["x-atsgen-env"] == {"token": "TALYNCE_API_KEY"}
    # The header format is not in the captured text: the scheme must say so.
    assert scheme["x-atsgen-confidence"] == "inferred" and scheme["x-atsgen-evidence"]
    assert "Dashboard → Administration → Developer" in scheme["description"]
    seed = talynce.source("seed-002")
    assert seed["file"] == "002_f19b8a8d85120a1d.txt"
    assert seed["url"] == "https://talynce.com/docs/api/candidates"
    overview = talynce.source("T")
    assert overview["url"] == "https://talynce.com/docs/api" and "file" not in overview


@pytest.mark.parametrize(("operation_id", "method", "path"), OPERATIONS)
def test_operations(talynce: Published, operation_id: str, method: str, path: str) -> None:
    op = talynce.operation(operation_id)
    assert (op["method"], op["path"]) == (method, path)
    assert op["x-atsgen-source"] == "seed-002"
    assert talynce.auth(operation_id) == ["bearer"]
    assert op["x-atsgen-retry-safe"] is (method != "POST")


def test_error_envelope(talynce: Published) -> None:
    # T: { "error": { "code": string, "message": string, "details": object (optional) } }
    envelope = talynce.envelope("standard")
    pointers = envelope.raw["x-atsgen-envelope"]
    assert (pointers["message"], pointers["code"], pointers["details"]) == (
        "/error/message", "/error/code", "/error/details",
    )  # fmt: skip
    error = envelope.field("error")
    assert error.required
    assert error.names == ["code", "message", "details"]
    assert envelope.field("error.code").types == ("string",)
    assert envelope.field("error.message").types == ("string",)
    details = envelope.field("error.details")
    assert details.types == ("object",) and not details.required


# -- list query and pagination -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "notation", "minimum", "maximum", "default"), QUERY)
def test_list_query(
    talynce: Published,
    name: str,
    notation: str,
    minimum: int | None,
    maximum: int | None,
    default: int | None,
) -> None:
    op = "list_candidates"
    param = talynce.schema(op, "request.query").field(name)
    assert not param.required
    assert talynce.problems(op, {}, f"/{name}", "query") == []
    assert_row(param, notation)
    probe_row(talynce, op, name, notation, "query")
    assert param.raw.get("maximum") == maximum
    if minimum is not None:
        assert param.raw.get("minimum") == minimum
        assert talynce.problems(op, {name: minimum}, f"/{name}", "query") == []
        assert talynce.problems(op, {name: minimum - 1}, f"/{name}", "query") == ["minimum"]
    if maximum is not None:
        assert talynce.problems(op, {name: maximum}, f"/{name}", "query") == []
        assert talynce.problems(op, {name: maximum + 1}, f"/{name}", "query") == ["maximum"]
    assert param.has_default is (default is not None)
    assert param.default == default


def test_list_query_order(talynce: Published) -> None:
    query = talynce.schema("list_candidates", "request.query")
    assert query.names == [row[0] for row in QUERY]
    assert query.closed
    assert talynce.problems("list_candidates", {"page": 2}, "/page", "query") == ["unknown_field"]


def test_pagination(talynce: Published) -> None:
    pagination = talynce.operation("list_candidates")["x-atsgen-pagination"]
    assert (pagination["style"], pagination["limit"], pagination["offset"]) == (
        "offset",
        "limit",
        "offset",
    )
    assert (pagination["items"], pagination["total"]) == ("/data", "/meta/total")
    ok = talynce.schema("list_candidates", "response.200")
    assert ok.field("data").types == ("array",)
    meta = ok.field("meta")
    assert meta.names == [row[0] for row in META]
    for name, notation in META:
        assert_row(meta.field(name), notation)


# -- request bodies ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "notation", "required", "description"), REQUEST, ids=[row[0] for row in REQUEST]
)
@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_request_field(
    talynce: Published,
    operation_id: str,
    name: str,
    notation: str,
    required: str,
    description: str,
) -> None:
    schema = talynce.schema(operation_id)
    if operation_id == "update_candidate" and name in CREATE_ONLY:
        assert name not in schema.names, f"{name} is documented for create only"
        assert talynce.problems(operation_id, {name: "x"}, f"/{name}") == ["unknown_field"]
        return
    prop = schema.field(name)
    assert_row(prop, notation)
    probe_row(talynce, operation_id, name, notation)
    assert prop.description == description
    # The Required column says "POST": required on create; PUT is a partial update.
    required_here = required == "POST" and operation_id == "create_candidate"
    assert prop.required is required_here
    assert talynce.problems(operation_id, {}, f"/{name}") == (["required"] if required_here else [])


@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_request_field_order(talynce: Published, operation_id: str) -> None:
    schema = talynce.schema(operation_id)
    expected = [row[0] for row in REQUEST]
    if operation_id == "update_candidate":
        expected = [name for name in expected if name not in CREATE_ONLY]
    assert schema.names == expected
    assert schema.closed
    assert talynce.problems(operation_id, {"resume_text": "x"}, "/resume_text") == ["unknown_field"]


def test_required_sets(talynce: Published) -> None:
    create = talynce.schema("create_candidate")
    update = talynce.schema("update_candidate")
    assert set(create.raw["required"]) == {"full_name", "email"}
    assert update.raw.get("required", []) == []
    assert {v.pointer for v in talynce.violations("create_candidate", {})} == {
        "/full_name",
        "/email",
    }
    # The page states no at-least-one-field rule: an empty update passes.
    assert talynce.violations("update_candidate", {}) == []
    assert "allOf" not in update.raw


@pytest.mark.parametrize(
    ("name", "notation", "required", "description"),
    APPLICATION,
    ids=[row[0] for row in APPLICATION],
)
@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_application_fields(
    talynce: Published,
    operation_id: str,
    name: str,
    notation: str,
    required: str,
    description: str,
) -> None:
    schema = talynce.schema(operation_id)
    application = schema.field("application")
    assert not application.required
    assert application.names == [row[0] for row in APPLICATION]
    assert application.closed
    assert talynce.problems(operation_id, at("application.stage", "x"), "/application/stage") == [
        "unknown_field"
    ]
    prop = schema.field(f"application.{name}")
    assert_row(prop, notation)
    probe_row(talynce, operation_id, f"application.{name}", notation)
    assert prop.description == description
    # "If application": required inside the nested object, which is itself optional.
    assert prop.required is (required == "If application")
    missing = talynce.problems(operation_id, {"application": {}}, f"/application/{name}")
    assert missing == (["required"] if prop.required else [])


@pytest.mark.parametrize("operation_id", ["create_candidate", "update_candidate"])
def test_request_defaults_and_free_form(talynce: Published, operation_id: str) -> None:
    schema = talynce.schema(operation_id)
    source = schema.field("source")
    assert source.has_default and source.default == "api"  # "Source label (default api)"
    status = schema.field("application.status")
    assert status.has_default and status.default == "Applied"  # "default Applied"
    assert status.enum is None  # "must match org settings"
    for value in ("Applied", "shortlisted", "Any org status"):
        assert (
            talynce.problems(operation_id, at("application.status", value), "/application/status")
            == []
        )
    metadata = schema.field("metadata")
    assert metadata.types == ("object",) and not metadata.names and metadata.additional is None
    assert not metadata.closed
    free_form = {"metadata": {"external_id": "ATS-9912", "nested": {"any": [1, None]}}}
    assert [
        v for v in talynce.violations(operation_id, free_form) if v.pointer.startswith("/metadata")
    ] == []


def test_resume_path_is_create_only_and_noted(talynce: Published) -> None:
    assert notes_say(talynce.operation("update_candidate")["x-atsgen-notes"], "resume_path")


@pytest.mark.parametrize(
    ("operation_id", "example", "seed_index"),
    [("create_candidate", CREATE_EXAMPLE, 0), ("update_candidate", APPLY_ONLY_EXAMPLE, 1)],
)
def test_examples(
    talynce: Published, operation_id: str, example: dict[str, Any], seed_index: int
) -> None:
    content = talynce.operation(operation_id)["requestBody"]["content"]
    assert content["application/json"]["example"] == example
    assert talynce.violations(operation_id, example) == []


def test_examples_match_the_page() -> None:
    assert seed_examples() == [CREATE_EXAMPLE, APPLY_ONLY_EXAMPLE]


# -- responses ------------------------------------------------------------------------------------------------


def _candidate(talynce: Published, operation_id: str, status: str = "200") -> Node:
    return talynce.schema(operation_id, f"response.{status}").field("data").shape


RESPONSES = [("list_candidates", "200"), ("get_candidate", "200"), ("create_candidate", "201"),
             ("create_candidate", "200"), ("update_candidate", "200")]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "notation", "description"), CANDIDATE, ids=[row[0] for row in CANDIDATE]
)
@pytest.mark.parametrize(("operation_id", "status"), RESPONSES)
def test_candidate_resource(
    talynce: Published,
    operation_id: str,
    status: str,
    name: str,
    notation: str,
    description: str,
) -> None:
    prop = _candidate(talynce, operation_id, status).field(name)
    assert_row(prop, notation)
    assert prop.description == description
    assert not prop.required  # the response table's Required column is empty


@pytest.mark.parametrize(("operation_id", "status"), RESPONSES)
def test_candidate_resource_order(talynce: Published, operation_id: str, status: str) -> None:
    names = _candidate(talynce, operation_id, status).names
    assert names[: len(CANDIDATE)] == [row[0] for row in CANDIDATE]
    assert "resume_text" not in names  # "resume_text never returned"


def test_talent_pool_status(talynce: Published) -> None:
    status = _candidate(talynce, "get_candidate").field("talent_pool_status")
    assert status.enum == ["not_linked", "masked", "revealed"]
    assert not status.nullable


@pytest.mark.parametrize(
    ("name", "notation", "description"), APPLICATION_ITEM, ids=[row[0] for row in APPLICATION_ITEM]
)
def test_applications_item(talynce: Published, name: str, notation: str, description: str) -> None:
    prop = _candidate(talynce, "get_candidate").field(f"applications.{name}")
    assert_row(prop, notation)
    assert prop.description == description


def test_applications_on_get_only(talynce: Published) -> None:
    applications = _candidate(talynce, "get_candidate").field("applications")
    assert applications.types == ("array",) and not applications.required
    assert applications.items is not None
    assert applications.items.names == [row[0] for row in APPLICATION_ITEM]
    assert "only" in (applications.description or "")
    # Where the array sits is not shown.
    assert talynce.row("Definition candidate", "", "applications").says()


def test_status_codes(talynce: Published) -> None:
    # "POST deduplicates by email ( 201 new, 200 existing)"
    create = talynce.operation("create_candidate")["responses"]
    assert {status for status in create if status.startswith("2")} == {"201", "200"}
    for status in ("201", "200"):
        assert "x-atsgen-confidence" not in create[status]  # documented
    # The page names no status for the other calls: a 200 there must be marked as inferred.
    for operation_id in ("list_candidates", "get_candidate", "update_candidate"):
        ok = talynce.response(operation_id, "200")
        assert ok["x-atsgen-confidence"] == "inferred" and ok["x-atsgen-evidence"]
    # T: "Error (4xx / 5xx)" bodies use the envelope.
    for operation_id, _, _ in OPERATIONS:
        for status, error in talynce.operation(operation_id)["responses"].items():
            if status.startswith("2"):
                continue
            assert talynce.response_envelope(operation_id, status) == "standard", status
            confidence = error.get("x-atsgen-confidence", DOCUMENTED)
            assert confidence != DOCUMENTED or status == "403"


def test_talent_pool_reveal_required(talynce: Published) -> None:
    # "Updating locked fields returns talent_pool_reveal_required (403)."
    forbidden = talynce.response("update_candidate", "403")
    assert talynce.response_envelope("update_candidate", "403") == "standard"
    assert [e["code"] for e in forbidden["x-atsgen-errors"]] == ["talent_pool_reveal_required"]
    assert "x-atsgen-confidence" not in forbidden  # documented


def test_create_dedup_note(talynce: Published) -> None:
    op = talynce.operation("create_candidate")
    assert op["x-atsgen-retry-safe"] is False
    assert any("200" in note and "email" in note for note in op["x-atsgen-notes"])
    assert "200" in note_text(op["x-atsgen-notes"])
