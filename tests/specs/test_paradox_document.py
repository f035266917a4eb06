"""Seeds 000 (Update Candidate) and 001 (Send interview alerts), Paradox, fact by fact, against what the SDK
publishes from specs/paradox.yaml.

Expected values are copied from the two pages and from research/vendors.md section 1 (tables 1.3 and 1.4 give
the wire names the pages leave out), not from the spec. Each is checked where a user meets it: the
validators, the JSON Schema, the OpenAPI document or the reference docs (see tests/specs/document.py).
"""

from __future__ import annotations

import base64

import pytest

from tests.specs.document import (
    DOCUMENTED,
    Node,
    Published,
    at,
    note_text,
    probe_type,
    published,
)

FOUND = "found"
FOUND_2ND = "found-2nd"
INFERRED = "inferred"
UNKNOWN = "unknown"
UPDATE = "update_candidate"
ALERTS = "send_interview_alerts"
BODY = "Request body"
INT32_MAX = 2**31 - 1


@pytest.fixture(scope="module")
def paradox() -> Published:
    return published("paradox")


def body(paradox: Published, operation_id: str) -> Node:
    """The request body as the OpenAPI document gives it: the JSON Schema, with each field's provenance."""
    return paradox.request_schema(operation_id)


def docs_path(schema: Node, path: str) -> str:
    """How the docs name a nested field: `candidate.conversation[].message_type`."""
    names, node = [], schema
    for name in path.split("."):
        node = node.field(name)
        names.append(name + ("[]" if node.items is not None else ""))
    return ".".join(names).removesuffix("[]")


# -- vendor, sources, auth, envelopes ------------------------------------------------------------------------


def test_environments(paradox: Published) -> None:
    servers = {s["x-atsgen-environment"]: s for s in paradox.openapi["servers"]}
    assert {name: s["url"] for name, s in servers.items()} == {
        "production": "https://api.paradox.ai/api/v1/public",
        "dev2": "https://dev2api.paradox.ai/api/v1/public",
        "test": "https://testapi.paradox.ai/api/v1/public",
        "staging": "https://stgapi.paradox.ai/api/v1/public",
        "eu": "https://api.eu1.paradox.ai/api/v1/public",
        "eu_staging": "https://api.stg.eu1.paradox.ai/api/v1/public",
    }
    assert paradox.openapi["info"]["x-atsgen"]["default-environment"] == "production"
    assert paradox.openapi["servers"][0]["x-atsgen-environment"] == "production"
    confidence = {name: s.get("x-atsgen-confidence", DOCUMENTED) for name, s in servers.items()}
    assert confidence == {
        "production": FOUND, "dev2": FOUND, "test": FOUND, "staging": FOUND, "eu": FOUND_2ND, "eu_staging": FOUND_2ND,
    }  # fmt: skip


def test_sources(paradox: Published) -> None:
    update, alerts = paradox.operation(UPDATE), paradox.operation(ALERTS)
    source = paradox.source(update["x-atsgen-source"])
    assert (update["x-atsgen-source"], source["file"], source["url"]) == (
        "seed-000", "000_f6d88ee17cf0caec.txt", "https://readme.paradox.ai/reference/update-candidate",
    )  # fmt: skip
    source = paradox.source(alerts["x-atsgen-source"])
    assert (alerts["x-atsgen-source"], source["file"], source["url"]) == (
        "seed-001", "001_4c935e6b7ef95158.txt", "https://readme.paradox.ai/reference/send-interview-alerts",
    )  # fmt: skip
    for research in ("P-UPD", "P-CRE", "P-ALERT", "P-AUTH", "P-GETC", "DIGEST-A", "DIGEST-B", "AE"):
        assert "file" not in paradox.source(research), research


def test_auth(paradox: Published) -> None:
    oauth = paradox.security_scheme("oauth")
    assert oauth["type"] == "oauth2" and oauth["x-atsgen-type"] == "oauth2_client_credentials"
    # The token URL is relative to the environment: the default one's, in OpenAPI.
    base = paradox.openapi["servers"][0]["url"]
    assert oauth["flows"]["clientCredentials"]["tokenUrl"] == base + "/auth/token"
    assert oauth["x-atsgen-token-request"]["content-type"] == "application/x-www-form-urlencoded"
    # The page: "Defaults to Bearer <oauth_token>"
    assert "- **Header:** `Authorization: Bearer <token>`" in auth_section(paradox, "oauth")
    assert oauth["x-atsgen-env"] == {
        "client_id": "PARADOX_CLIENT_ID",
        "client_secret": "PARADOX_CLIENT_SECRET",
    }
    assert oauth["x-atsgen-confidence"] == FOUND and oauth["x-atsgen-source"] == "P-AUTH"
    assert "Account ID" in oauth["description"] and "Secret Key" in oauth["description"]
    basic = paradox.security_scheme("basic")
    assert (basic["type"], basic["scheme"]) == ("http", "basic")
    assert basic["x-atsgen-env"] == {
        "username": "PARADOX_ACCOUNT_ID",
        "password": "PARADOX_API_SECRET",
    }
    assert paradox.auth(UPDATE) == paradox.auth(ALERTS) == ["oauth", "basic"]
    # The pages' Authorization header is the auth scheme's, not a parameter.
    for operation_id in (UPDATE, ALERTS):
        assert paradox.parameters(operation_id, "header") == []
        assert (operation_id, "Header parameters") not in paradox.docs.tables


def auth_section(paradox: Published, scheme_id: str) -> str:
    text = paradox.docs.text
    start = text.index(f"### Auth scheme `{scheme_id}`")
    return text[start : text.index("\n#", start + 1)]


def test_error_envelopes(paradox: Published) -> None:
    # {"errors":[{"code":1015,"message":"Invalid request.","field":""}]}
    errors = paradox.envelope("errors")
    facts = errors.raw["x-atsgen-envelope"]
    assert (facts["message"], facts["code"]) == ("/errors/0/message", "/errors/0/code")
    assert errors.names == ["errors"]
    items = errors.field("errors").items
    assert items is not None and items.names == ["code", "message", "field"]
    assert facts["confidence"] == FOUND_2ND
    legacy = paradox.envelope("legacy")  # {"success":0,"error":"..."}
    assert legacy.raw["x-atsgen-envelope"]["message"] == "/error"
    assert legacy.names == ["success", "error"]
    assert legacy.field("success").raw["const"] == 0
    assert legacy.raw["x-atsgen-envelope"]["confidence"] == FOUND


# -- Update Candidate (seed 000) -----------------------------------------------------------------------------

# research/vendors.md table 1.3, seed order; with the page's description for each row ("" where it has none).
UPDATE_ROWS = [
    ("phone", "Phone number of the candidate"),
    ("email", "Email address of the candidate"),
    ("name", "Full name (first and last) of the candidate"),
    ("first_name", "First name of the candidate (pass first_name and last_name field if don't pass name field)"),
    ("last_name", "Last name of the candidate (pass first_name and last_name field if don't pass name field)"),
    ("status", "Status of the candidate (APPROVED = 1, PENDING = 2, ARCHIVED = 3, DRAFT = 4, SPAM = 5)"),
    ("location", "Location of the candidate"),
    ("hirevue_link", ""),
    ("pymetrics_link", ""),
    ("ex_step", "External Candidate Step"),
    ("ex_status", "External Candidate Status"),
    ("ex_reason", "External Candidate Reason"),
    ("job_req_id", "Job Req ID"),
    ("job_title", "Job Title"),
    ("primary_contact_method", "1 = Email, 2 = SMS, 3 = Email & SMS, 4 = WhatsApp & Email. Default = Email & SMS"),
    ("hired_date", "Hired date time"),
    ("adp_link", ""),
    ("audience_type", "Blue Collar|White Collar|Blue Collar & White Collar"),
    ("hm_cid", "Hirescore Candidate ID"),
    ("external_group_id", "External Group ID"),
    ("hirevue_instructions", "HireVue instructions for virtual interviews"),
    ("referrer_email", "Referrer's Email"),
    ("referrer_name", "Referrer's Name"),
    ("external_referrer", "External referrer"),
    ("language_preference", "Language code preference"),
    ("resume", "Binary/Base64 String Resume file (.pdf, .doc', .docx, .png, .jpg', .txt')"),
    ("candidate_journey", "Candidate journey name"),
    ("candidate_journey_status", "Candidate journey status ( {Candidate_journey_stage_name}: {Candidate_journey_status_name}"),
    ("candidate_attribute_data", 'Dictionary candidate attribute data. Example: {"key_name": "value", "key_name2": "value"}'),
    ("note", "Candidate's note"),
    ("candidate_location_info", "The candidate's location"),
    ("external_source_id", "The candidate's external_source_id"),
    ("offer_letter", "Binary/Base64 String Offer file (.doc, .docx, .pdf, .png, .jpg, .jpeg, .txt, .pages, .HTML)"),
    ("offer_file_name", "Offer file name"),
    ("use_paradox_status_map", "To identify the use of status_map_name and status_map_ex_id"),
    ("status_map_name", "Name of the Journey Status Mapping in Paradox. Required when use_paradox_status_map is true"),
    ("status_map_ex_id", "Name of the status in the external system. The ID that is associated with a specific Journey Status in Paradox. Required when use_paradox_status_map is true"),
]  # fmt: skip
UPDATE_FIELDS = [name for name, _ in UPDATE_ROWS]
# Seed types: every row is "string" except these.
UPDATE_TYPES = {"candidate_attribute_data": "object", "use_paradox_status_map": "boolean"}


def test_update_transport(paradox: Published) -> None:
    update = paradox.operation(UPDATE)
    assert (update["method"], update["path"]) == ("PUT", "/candidates/{ID}")
    assert update["x-atsgen-confidence"] == FOUND_2ND and update["x-atsgen-evidence"]
    [param] = paradox.parameters(UPDATE, "path")
    assert param["name"] == "ID" and param["required"]
    assert param["description"] == "Either: OID or external_oid or ex_id"
    assert param["schema"]["type"] == "string"
    assert paradox.problems(UPDATE, {"ID": "abc"}, "/ID", "path") == []
    assert paradox.problems(UPDATE, {}, "/ID", "path") == ["required"]


def test_update_body_fields_in_order(paradox: Published) -> None:
    schema = paradox.schema(UPDATE)
    assert len(UPDATE_FIELDS) == 37
    assert schema.names == UPDATE_FIELDS
    assert schema.closed
    assert paradox.problems(UPDATE, {"full_name": "x"}, "/full_name") == ["unknown_field"]
    assert "required" not in schema.raw
    assert paradox.violations(UPDATE, {}) == []


@pytest.mark.parametrize(("name", "description"), UPDATE_ROWS)
def test_update_row(paradox: Published, name: str, description: str) -> None:
    f = body(paradox, UPDATE).field(name)
    json_type = UPDATE_TYPES.get(name, "string")
    assert f.types == (json_type,)
    if f.enum is None:
        probe_type(paradox, UPDATE, name, f.types, f.format)
    assert (f.description or "") == description
    # Generated: the field is in the published schema (a field left out of the code is not).
    assert f.confidence == FOUND_2ND and f.evidence


@pytest.mark.parametrize("name", ["hirevue_link", "pymetrics_link", "adp_link"])
def test_update_nameless_rows_are_corroborated_by_position(paradox: Published, name: str) -> None:
    evidence = body(paradox, UPDATE).field(name).evidence or ""
    assert "DIGEST-A" in evidence and "P-CRE" in evidence and "AE" in evidence


def test_update_constraints(paradox: Published) -> None:
    schema = paradox.schema(UPDATE)
    for name in ("resume", "offer_letter"):
        assert schema.field(name).format == "base64"
        probe_type(paradox, UPDATE, name, ("string",), "base64")
    attributes = schema.field("candidate_attribute_data")
    # Free-form keys; values at most 255 characters (AE).
    assert attributes.additional is not None
    assert attributes.additional.types == ("string",)
    assert attributes.additional.raw["maxLength"] == 255
    where = "/candidate_attribute_data/any_key"
    for value, problems in (("v" * 255, []), ("v" * 256, ["max_length"]), (1, ["type"])):
        payload = at("candidate_attribute_data.any_key", value)
        assert paradox.problems(UPDATE, payload, where) == problems, value
    notes = paradox.row(UPDATE, BODY, "candidate_attribute_data")["notes"]
    assert "AE" in notes and "255" in notes
    assert schema.field("candidate_location_info").raw["maxLength"] == 100
    assert_max_length(paradox, UPDATE, "candidate_location_info", 100)
    assert "AE" in paradox.row(UPDATE, BODY, "candidate_location_info")["notes"]
    for name in ("first_name", "last_name"):  # guidance recorded, not a rule
        assert "pass first_name and last_name" in paradox.row(UPDATE, BODY, name)["notes"]
        assert paradox.violations(UPDATE, {name: "Ada"}) == []
    rules = body(paradox, UPDATE).raw.get("x-atsgen-rules", [])
    assert all(rule["rule"] != "at_least_one_of" for rule in rules)


def assert_max_length(paradox: Published, operation_id: str, name: str, limit: int) -> None:
    """A value of `limit` characters passes the validators, one more fails with max_length."""
    assert paradox.problems(operation_id, {name: "x" * limit}, f"/{name}") == []
    assert paradox.problems(operation_id, {name: "x" * (limit + 1)}, f"/{name}") == ["max_length"]


def test_update_status_map_rule(paradox: Published) -> None:
    [rule] = body(paradox, UPDATE).raw["x-atsgen-rules"]
    assert rule["rule"] == "required_when"
    assert set(rule["fields"]) == {"status_map_name", "status_map_ex_id"}
    assert rule["when"] == "use_paradox_status_map is true"
    on = {"use_paradox_status_map": True}
    assert {(v.pointer, v.rule) for v in paradox.violations(UPDATE, on)} == {
        ("/status_map_name", "required_when"),
        ("/status_map_ex_id", "required_when"),
    }
    both = {**on, "status_map_name": "Hired", "status_map_ex_id": "HIRED"}
    assert paradox.violations(UPDATE, both) == []
    assert paradox.violations(UPDATE, {"use_paradox_status_map": False}) == []


def test_update_responses(paradox: Published) -> None:
    ok = paradox.response_schema(UPDATE)
    assert ok.names == ["success", "candidate"]
    assert ok.field("success").confidence == FOUND_2ND
    assert ok.field("candidate").names == [
        "start_keyword", "phone_number", "email", "updated_at", "formatted_number", "edited_name", "created_at",
        "OID", "name", "source", "group_name", "external_oid", "referrer_email", "referrer_name",
        "external_referrer", "language_preference", "conversation", "interview", "stage",
    ]  # fmt: skip
    conversation = ok.field("candidate.conversation")
    assert conversation.types == ("array",) and conversation.items is not None
    assert conversation.items.names == [
        "media_url", "message_type", "answer_text", "updated_at", "question_text", "from_who", "created_at",
    ]  # fmt: skip
    assert ok.field("candidate.interview").names == [
        "past_interview_at", "scheduled_at", "interviewed", "scheduled_by", "interview_location_id",
    ]  # fmt: skip
    assert ok.field("candidate.stage").names == [
        "viewed", "completed", "is_live", "responded", "status", "interview_stage",
    ]  # fmt: skip
    assert (
        ok.field("candidate.formatted_number").description
        == "candidate's phone number in E.164 format (+12144930945)"
    )
    assert (
        ok.field("candidate.conversation.from_who").description
        == "if 0, the reply was from the AI. Else, id of the company_user"
    )
    assert "no type" in note_text(paradox.response(UPDATE, "200")["x-atsgen-notes"])
    for status in ("400", "401"):
        assert paradox.response_envelope(UPDATE, status) == "errors"
        assert paradox.response(UPDATE, status)["x-atsgen-confidence"] == FOUND_2ND
    [documented] = paradox.response(UPDATE, "400")["x-atsgen-errors"]
    assert (documented["code"], documented["message"]) == (1015, "Invalid request.")


# -- Send interview alerts (seed 001) ------------------------------------------------------------------------

# research/vendors.md table 1.4: row order, wire name (placeholders for rows 8 and 40), the page's type, the
# name's status, and a phrase of the page's description.
ALERT_ROWS = [
    ("OID", "int32", FOUND, "Paradox candidate application ID."),
    ("ex_id", "string", FOUND_2ND, "An external candidate ID"),
    ("job_application_id", "string", FOUND_2ND, "A candidate's external job application ID."),
    ("use_application_id_for_identity", "boolean", FOUND_2ND, "Use the candidate’s Job Application ID as their unique identifier."),
    ("action", "string", FOUND, 'The action of interview: "interview" (send interview times to candidate)'),
    ("interview_duration", "int32", FOUND, "Interview duration in minutes."),
    ("interview_type", "int32", FOUND, "IN_PERSON_INTERVIEW = 1 PHONE_INTERVIEW = 2"),
    ("custom_interview_type_id", "string", UNKNOWN, "The API ID of the custom interview type"),
    ("interview_segments", "array", FOUND, "Interview parameters for each segment of a sequential interview."),
    ("interviewer_emails", "array", FOUND, "List of email address of the interviewer(s)."),
    ("interviewer_ex_ids", "array", FOUND, "List of external employee IDs of the interviewer(s)."),
    ("interview_team", "string", INFERRED, "User's priority is High"),
    ("alternate_interview_team", "string", INFERRED, "User's priority is Medium"),
    ("interviewer_ids", "array", FOUND, "List of Paradox IDs to identify the interview attendees."),
    ("interview_jobloc_code", "string", INFERRED, "The external location ID of the interview job location."),
    ("interview_jobloc_room_id", "int32", FOUND, "The Paradox id of the interview room."),
    ("interview_jobloc_id", "int32", FOUND, "The Paradox ID of the interview job location."),
    ("interview_location_address", "string", INFERRED, "A valid street address to be used for the interview location."),
    ("interview_instructions", "string", FOUND, "This is Interview Instructions"),
    ("candidate_interview_prep_ex_id", "string", FOUND_2ND, "The Interview Prep External ID of the candidate"),
    ("recruiter_interview_prep_ex_id", "string", FOUND_2ND, "The Interview Prep External ID of the recruiter"),
    ("interview_owner_email", "string", INFERRED, "The interview owner’s email address"),
    ("generate_virtual_url", "boolean", INFERRED, "Generate a virtual interview URL for this interview"),
    ("private", "int32", INFERRED, "The privacy setting of an interview: 0 = Public, 1 = Private."),
    ("first_name", "string", INFERRED, "Candidate first name."),
    ("last_name", "string", INFERRED, "Candidate last name."),
    ("phone", "int32", INFERRED, "Candidate phone number."),
    ("email", "string", INFERRED, "Candidate email address."),
    ("job_title", "string", INFERRED, "Job name."),
    ("job_req_id", "int32", INFERRED, "An external Job Requisition ID"),
    ("job_loc_code", "string", INFERRED, "Location code of job."),
    ("candidate_journey", "string", INFERRED, "Candidate journey name"),
    ("candidate_journey_status", "string", INFERRED, "Candidate journey status"),
    ("sequential_order_automation", "int32", INFERRED, "Scheduling order logic"),
    ("recorded_interview_id", "string", INFERRED, "The external id of recorded interview"),
    ("interview_jobloc_room_ex_id", "string", INFERRED, "The external id in job loc room"),
    ("interview_jobloc_room_email", "string", INFERRED, "The room email in job loc room"),
    ("resume", "string", INFERRED, "Binary/Base64 String Resume file"),
    ("force_sequent_multi_days", "boolean", INFERRED, "To make the sequent interview multiple days."),
    ("kenexa_field_unknown", "string", UNKNOWN, "only apply for is_kenexa_request"),
    ("note", "string", INFERRED, "create candidate note"),
    ("attendee_count", "string", INFERRED, "Set Number of Attendees for all Round Robin Groups and Interview Team"),
    ("use_paradox_status_map", "string", INFERRED, "To identify the use of status_map_name and status_map_ex_id"),
    ("status_map_name", "string", INFERRED, "Required when use_paradox_status_map is true"),
    ("status_map_ex_id", "string", INFERRED, "The ID that is associated with a specific Journey Status in Paradox"),
    ("primary_contact_method", "string", INFERRED, "4 = WhatsApp & Email, 5 = Whatsapp. Default = Email & SMS"),
    ("debrief", "object", FOUND, "All child properties are required for a debrief."),
]  # fmt: skip
ALERT_FIELDS = [row[0] for row in ALERT_ROWS]
# Rows whose page type the spec deliberately does not follow (each has a says/resolution note).
RETYPED = {"phone": "string", "job_req_id": "string"}

PLACEHOLDERS = ("custom_interview_type_id", "kenexa_field_unknown")


def test_alerts_transport(paradox: Published) -> None:
    alerts = paradox.operation(ALERTS)
    assert (alerts["method"], alerts["path"]) == ("PUT", "/interview/interview_alerts")
    assert alerts["x-atsgen-confidence"] == FOUND
    assert paradox.parameters(ALERTS, "path") == []
    assert not paradox.schema_path(ALERTS, "request.path").exists()


def test_alerts_body_fields_in_order(paradox: Published) -> None:
    schema = body(paradox, ALERTS)
    assert len(ALERT_FIELDS) == 47
    # The generated fields, in the page's order; each one's evidence names its row.
    generated = [name for name in ALERT_FIELDS if name not in PLACEHOLDERS]
    assert schema.names == generated
    for name in generated:
        row = ALERT_FIELDS.index(name) + 1
        assert f"Row {row} of 47" in (schema.field(name).evidence or ""), name
    # The two rows without a wire name are documented, under placeholder keys, but not generated.
    for name in PLACEHOLDERS:
        row = ALERT_FIELDS.index(name) + 1
        assert f"Row {row} of 47" in paradox.docs.left_out[(ALERTS, name)], name
        assert paradox.problems(ALERTS, {name: "x"}, f"/{name}") == ["unknown_field"]
    assert schema.raw["required"] == ["action", "interview_duration", "interview_type"]
    assert [(v.pointer, v.rule) for v in paradox.violations(ALERTS, {})] == [
        ("/action", "required"),
        ("/interview_duration", "required"),
        ("/interview_type", "required"),
    ]


@pytest.mark.parametrize(("name", "page_type", "confidence", "phrase"), ALERT_ROWS)
def test_alerts_row(
    paradox: Published, name: str, page_type: str, confidence: str, phrase: str
) -> None:
    if confidence == UNKNOWN:  # not generated: the docs keep it
        assert name not in body(paradox, ALERTS).names
        left_out = paradox.docs.left_out[(ALERTS, name)]
        assert phrase in left_out and f"a placeholder key, not a wire name; {page_type}" in left_out
        return
    f = body(paradox, ALERTS).field(name)
    assert f.confidence == confidence and f.evidence
    assert phrase in (f.description or "")
    types = f.all_types()
    row = paradox.row(ALERTS, BODY, name)
    if name in RETYPED:
        assert types == {RETYPED[name]} and row.says("int32")
        probe_type(paradox, ALERTS, name, f.types, f.format)
    elif page_type == "int32":
        assert types == {"integer"} and f.format == "int32"
        if f.enum is None and "maximum" not in f.raw:
            assert paradox.problems(ALERTS, {name: INT32_MAX}, f"/{name}") == []
            assert paradox.problems(ALERTS, {name: INT32_MAX + 1}, f"/{name}") == ["maximum"]
    elif page_type == "array":  # "array of objects"
        assert "array" in types
    elif name == "use_paradox_status_map":  # string on this page, boolean on Update Candidate
        assert types == {"boolean", "string"} and row.says("string")
        for value in (True, False, "true", "false"):
            assert paradox.problems(ALERTS, {name: value}, f"/{name}") == [], value
    else:
        assert types == {page_type}
        if f.enum is None:
            probe_type(paradox, ALERTS, name, f.types, f.format)


ALERT_MAX_LENGTHS = {
    "ex_id": 255, "job_application_id": 255, "action": 10, "interview_instructions": 320,
    "candidate_interview_prep_ex_id": 255, "recruiter_interview_prep_ex_id": 255, "interview_owner_email": 255,
    "first_name": 50, "last_name": 50, "phone": 20, "email": 50, "job_title": 255, "job_req_id": 50,
    "job_loc_code": 20,
}  # fmt: skip


@pytest.mark.parametrize(("name", "limit"), sorted(ALERT_MAX_LENGTHS.items()))
def test_alerts_max_length(paradox: Published, name: str, limit: int) -> None:
    assert paradox.schema(ALERTS).field(name).raw["maxLength"] == limit
    if paradox.schema(ALERTS).field(name).enum is None:
        assert_max_length(paradox, ALERTS, name, limit)
    else:  # an enum: its values are within the limit
        assert all(len(value) <= limit for value in paradox.schema(ALERTS).field(name).enum or ())


@pytest.mark.parametrize(
    ("name", "item_limit"),
    [("interviewer_emails", 255), ("interviewer_ex_ids", 255), ("interviewer_ids", 10)],
)
def test_alerts_interviewer_lists(paradox: Published, name: str, item_limit: int) -> None:
    """ "Endpoint will accept either a comma separated list or array of objects." """
    schema = paradox.schema(ALERTS).field(name)
    assert schema.all_types() == {"string", "array"}
    items = schema.form("array").items
    assert items is not None and items.all_types() == {"string", "object"}
    assert items.form("string").raw["maxLength"] == item_limit
    assert items.form("object").additional is None  # keys not documented
    assert schema.form("string").raw.get("pattern")  # each comma-separated entry, same limit
    where = f"/{name}"
    inside, outside = "a" * item_limit, "a" * (item_limit + 1)
    assert paradox.problems(ALERTS, {name: f"{inside},{inside}"}, where) == []
    assert paradox.problems(ALERTS, {name: f"{inside},{outside}"}, where) == ["pattern"]
    assert paradox.problems(ALERTS, {name: [inside, {"any": "key"}]}, where) == []
    assert paradox.problems(ALERTS, {name: [outside]}, f"{where}/0") == ["max_length"]


DEFAULTS = [
    ("update_candidate", "primary_contact_method", "3"),
    ("update_candidate", "language_preference", "en"),
    ("update_candidate", "use_paradox_status_map", False),
    ("send_interview_alerts", "action", "interview"),
    ("send_interview_alerts", "generate_virtual_url", False),
    ("send_interview_alerts", "private", 0),
    ("send_interview_alerts", "force_sequent_multi_days", False),
    ("send_interview_alerts", "use_paradox_status_map", False),
    ("send_interview_alerts", "primary_contact_method", "3"),
]


@pytest.mark.parametrize(("op_id", "name", "default"), DEFAULTS)
def test_defaults(paradox: Published, op_id: str, name: str, default: object) -> None:
    schema = paradox.schema(op_id).field(name)
    assert (
        schema.has_default and schema.default == default and type(schema.default) is type(default)
    )


@pytest.mark.parametrize(
    ("name", "page_says"),
    [("interview_type", "Defaults to 0"), ("sequential_order_automation", "-1")],
)
def test_defaults_outside_the_enum_are_notes(paradox: Published, name: str, page_says: str) -> None:
    assert not paradox.schema(ALERTS).field(name).has_default
    assert paradox.row(ALERTS, BODY, name).says(page_says)


INTERVIEW_TYPES = {
    "IN_PERSON_INTERVIEW": 1, "PHONE_INTERVIEW": 2, "IN_PERSON_MEETING": 3, "PHONE_MEETING": 4,
    "SEQUENTIAL_INTERVIEW": 5, "SEQUENTIAL_MEETING": 6, "VIRTUAL_INTERVIEW": 7, "VIRTUAL_MEETING": 8,
    "GROUP_INTERVIEW": 9, "PHONE_CONVERSATION": 10, "IN_PERSON_CONVERSATION": 11, "VIRTUAL_CONVERSATION": 12,
    "IN_PERSON_SESSION": 13, "PHONE_SESSION": 14, "SEQUENTIAL_SESSION": 15, "VIRTUAL_SESSION": 16,
    "GROUP_SESSION": 17, "INTERVIEW_PREFERENCE": 18, "BREAK": 19,
}  # fmt: skip
CANDIDATE_STATUS = {"APPROVED": "1", "PENDING": "2", "ARCHIVED": "3", "DRAFT": "4", "SPAM": "5"}
CONTACT_METHOD = {"EMAIL": "1", "SMS": "2", "EMAIL_AND_SMS": "3", "WHATSAPP_AND_EMAIL": "4"}
NAMED_ENUMS = [
    ("update_candidate", "status", CANDIDATE_STATUS),
    ("update_candidate", "primary_contact_method", CONTACT_METHOD),
    ("send_interview_alerts", "primary_contact_method", CONTACT_METHOD | {"WHATSAPP": "5"}),
    ("send_interview_alerts", "interview_type", INTERVIEW_TYPES),
    ("send_interview_alerts", "private", {"PUBLIC": 0, "PRIVATE": 1}),
    (
        "send_interview_alerts",
        "sequential_order_automation",
        {
            "IN_ORDER_ONLY": 0,
            "IN_ORDER_ANY_ORDER": 1,
            "IN_ORDER_ANY_ORDER_MULTI_DAY": 2,
            "MULTI_DAY_ONLY": 3,
        },
    ),
]
LIST_ENUMS = [
    (
        "update_candidate",
        "audience_type",
        ["Blue Collar", "White Collar", "Blue Collar & White Collar"],
    ),
    ("send_interview_alerts", "action", ["interview", "reschedule", "cancel"]),
]


@pytest.mark.parametrize(("op_id", "name", "members"), NAMED_ENUMS)
def test_named_enums(paradox: Published, op_id: str, name: str, members: dict[str, object]) -> None:
    assert paradox.names(op_id, BODY, name) == members
    schema = paradox.schema(op_id).field(name)
    assert schema.enum == list(members.values())
    for value in members.values():
        assert paradox.problems(op_id, {name: value}, f"/{name}") == [], value
    values = list(members.values())
    # One past the largest code: an integer for integer codes, a string for string codes.
    largest = max(int(str(value)) for value in values)
    outside = largest + 1 if all(isinstance(value, int) for value in values) else str(largest + 1)
    assert paradox.problems(op_id, {name: outside}, f"/{name}") == ["enum"]


@pytest.mark.parametrize(("op_id", "name", "values"), LIST_ENUMS)
def test_list_enums(paradox: Published, op_id: str, name: str, values: list[str]) -> None:
    assert paradox.schema(op_id).field(name).enum == values
    for value in values:
        assert paradox.problems(op_id, {name: value}, f"/{name}") == [], value
    assert paradox.problems(op_id, {name: values[0].upper()}, f"/{name}") == ["enum"]


RESPONSE_ENUMS = [
    ("candidate.source", {"SMS": 1, "WIDGET": 2, "RECRUITER_PAGE": 3, "COMPANY_PAGE": 4, "EMBEDDED_WIDGET": 5, "WIT_WIDGET": 6}),
    (
        "candidate.conversation.message_type",
        {
            "FREE_TEXT": 1, "TK_TEXT": 2, "ASK_ANY_THING_TEXT": 3, "ASK_CONTINUE_TEXT": 4, "PROMPT_NAME": 5,
            "PROMPT_EMAIL": 6, "PROMPT_PHONE": 7, "ASK_DATA": 8, "ASK_DOCUMENT": 9, "ASK_LIST_SELECT": 10,
        },
    ),
    (
        "candidate.stage.status",
        {
            "APPROVED": 1, "PENDING": 2, "ARCHIVED": 3, "DRAFT": 4, "SPAM": 5, "UNKNOWN": 7, "SCHEDULED": 8,
            "CONFIRMED": 9, "REMOVED": 10,
        },
    ),
    (
        "candidate.stage.interview_stage",
        {
            "NONE": 1, "PENDING": 2, "SCHEDULED": 3, "SCHEDULE": 4, "PENDING_INVITE": 5, "PENDING_OPT_IN_REQUEST": 6,
            "PENDING_INVITE_SMS_BS_HOUR": 7, "NO_AVAILABILITY": 8, "CANCELED": 9, "CANCELED_REQUEST": 10,
        },
    ),
]  # fmt: skip


@pytest.mark.parametrize(("path", "members"), RESPONSE_ENUMS)
def test_update_response_enums(paradox: Published, path: str, members: dict[str, int]) -> None:
    ok = paradox.schema(UPDATE, "response.200")
    assert ok.field(path).enum == list(members.values())
    assert paradox.row(UPDATE, "Response 200", docs_path(ok, path)).enum_names() == members


def test_alerts_limits(paradox: Published) -> None:
    schema = paradox.schema(ALERTS)
    duration = schema.field("interview_duration")
    assert (duration.raw["minimum"], duration.raw["maximum"], duration.format) == (5, 415, "int32")
    for value, problems in ((5, []), (415, []), (4, ["minimum"]), (416, ["maximum"])):
        assert (
            paradox.problems(ALERTS, {"interview_duration": value}, "/interview_duration")
            == problems
        )
    resume = schema.field("resume")
    assert resume.raw["contentEncoding"] == "base64"  # "Must be <10mb": at most 10485759 bytes
    largest = base64.b64encode(bytes(10485759)).decode()
    too_large = base64.b64encode(bytes(10485760)).decode()
    assert paradox.problems(ALERTS, {"resume": largest}, "/resume") == []
    assert paradox.problems(ALERTS, {"resume": too_large}, "/resume") == ["max_bytes"]
    assert paradox.messages(ALERTS, {"resume": too_large}, "/resume") == ["Must be <10mb"]
    for name in ("interview_team", "alternate_interview_team"):
        team, crowd = ",".join(["u_1"] * 25), ",".join(["u_1"] * 26)
        assert paradox.problems(ALERTS, {name: team}, f"/{name}") == []
        assert paradox.problems(ALERTS, {name: crowd}, f"/{name}") == ["max_entries"]
        assert paradox.messages(ALERTS, {name: crowd}, f"/{name}") == [
            "It can have up to a maximum of 25 interviewers"
        ]
    # The page: "Any Available Room"
    assert "-1" in (schema.field("interview_jobloc_room_id").description or "")
    assert paradox.row(ALERTS, BODY, "interview_type").says("max length: 6")
    assert paradox.row(ALERTS, BODY, "OID").says("max length :20")
    assert paradox.row(ALERTS, BODY, "private").says("account default")
    segments = schema.field("interview_segments")
    assert segments.items is not None and segments.items.types == ("object",)
    assert segments.items.additional is None and not segments.items.closed
    debrief = schema.field("debrief")
    assert debrief.types == ("object",) and debrief.additional is None and debrief.names == []
    assert not debrief.closed
    free_form = {"interview_type": 5, "interview_segments": [{"any": 1}], "debrief": {"any": 1}}
    assert [v for v in paradox.violations(ALERTS, free_form) if v.rule != "required"] == []


def test_alerts_rules(paradox: Published) -> None:
    rules = {rule["rule"]: rule for rule in body(paradox, ALERTS).raw["x-atsgen-rules"]}
    assert set(rules) == {"required_when", "allowed_only_when"}
    status_map = rules["required_when"]
    assert status_map["fields"] == ["status_map_name"]  # this page says it only of status_map_name
    assert status_map["when"].startswith("use_paradox_status_map is one of true")
    on = {"use_paradox_status_map": True}
    problems = [(v.pointer, v.rule) for v in paradox.violations(ALERTS, on) if v.rule != "required"]
    assert problems == [("/status_map_name", "required_when")]
    segments = rules["allowed_only_when"]
    assert segments["fields"] == ["interview_segments"]
    assert segments["when"] == (
        "interview_type is one of 5 (SEQUENTIAL_INTERVIEW), 6 (SEQUENTIAL_MEETING), 15 (SEQUENTIAL_SESSION)"
    )
    allowed = {"SEQUENTIAL_INTERVIEW": 5, "SEQUENTIAL_MEETING": 6, "SEQUENTIAL_SESSION": 15}
    for interview_type in INTERVIEW_TYPES.values():
        payload = {"interview_type": interview_type, "interview_segments": []}
        expected = [] if interview_type in allowed.values() else ["allowed_only_when"]
        assert paradox.problems(ALERTS, payload, "/interview_segments") == expected, interview_type


def test_alerts_responses(paradox: Published) -> None:
    ok = paradox.response_schema(ALERTS)
    assert ok.names == [
        "success", "interview_data", "recruiter_text", "processed", "company_id", "candidate",
    ]  # fmt: skip
    assert ok.field("success").raw["const"] == 1
    assert set(ok.field("processed").enum or ()) == {0, 1}  # "processed (1/0)"
    assert paradox.response(ALERTS, "200")["x-atsgen-confidence"] == FOUND
    failures = [s for s in paradox.operation(ALERTS)["responses"] if not s.startswith("2")]
    assert failures and all(paradox.response_envelope(ALERTS, s) == "legacy" for s in failures)
