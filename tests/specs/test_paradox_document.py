"""Seeds 000 (Update Candidate) and 001 (Send interview alerts), Paradox, fact by fact, against specs/paradox.yaml.

Expected values are copied from the two pages and from research/vendors.md section 1 (tables 1.3 and 1.4 give the
wire names the pages leave out), not from the spec.
"""

from __future__ import annotations

import pytest

from generator import ir
from tests.specs.document import (
    body,
    enum_names,
    enum_values,
    field,
    operation,
    response,
    success_body,
)

FOUND = ir.Confidence.FOUND
FOUND_2ND = ir.Confidence.FOUND_2ND
INFERRED = ir.Confidence.INFERRED
UNKNOWN = ir.Confidence.UNKNOWN


@pytest.fixture(scope="module")
def paradox(vendors: dict[str, ir.Vendor]) -> ir.Vendor:
    return vendors["paradox"]


@pytest.fixture(scope="module")
def update(paradox: ir.Vendor) -> ir.Operation:
    return operation(paradox, "update_candidate")


@pytest.fixture(scope="module")
def alerts(paradox: ir.Vendor) -> ir.Operation:
    return operation(paradox, "send_interview_alerts")


def branch_types(schema: ir.Schema) -> set[str]:
    """Every JSON type a value may take, through any_of forms."""
    if schema.any_of:
        return set().union(*(branch_types(branch) for branch in schema.any_of))
    return set(schema.types)


def branch(schema: ir.Schema, json_type: str) -> ir.Schema:
    [found] = [b for b in schema.any_of if json_type in b.types]
    return found


def says(f: ir.Field, *phrases: str) -> bool:
    """Whether one of the field's contradiction notes quotes all the phrases."""
    return any(n.says and all(p in n.says for p in phrases) and n.resolution for n in f.notes)


def note_text(notes: tuple[ir.Note, ...]) -> str:
    return " ".join(filter(None, (part for n in notes for part in (n.text, n.says, n.resolution))))


# -- vendor, sources, auth, envelopes ------------------------------------------------------------------------


def test_environments(paradox: ir.Vendor) -> None:
    assert {e.name: e.url for e in paradox.environments} == {
        "production": "https://api.paradox.ai/api/v1/public",
        "dev2": "https://dev2api.paradox.ai/api/v1/public",
        "test": "https://testapi.paradox.ai/api/v1/public",
        "staging": "https://stgapi.paradox.ai/api/v1/public",
        "eu": "https://api.eu1.paradox.ai/api/v1/public",
        "eu_staging": "https://api.stg.eu1.paradox.ai/api/v1/public",
    }
    assert paradox.default_environment == "production"
    confidence = {e.name: e.provenance.confidence for e in paradox.environments}
    assert confidence == {
        "production": FOUND, "dev2": FOUND, "test": FOUND, "staging": FOUND, "eu": FOUND_2ND, "eu_staging": FOUND_2ND,
    }  # fmt: skip


def test_sources(paradox: ir.Vendor, update: ir.Operation, alerts: ir.Operation) -> None:
    assert (update.source.id, update.source.file, update.source.url) == (
        "seed-000", "000_f6d88ee17cf0caec.txt", "https://readme.paradox.ai/reference/update-candidate",
    )  # fmt: skip
    assert (alerts.source.id, alerts.source.file, alerts.source.url) == (
        "seed-001", "001_4c935e6b7ef95158.txt", "https://readme.paradox.ai/reference/send-interview-alerts",
    )  # fmt: skip
    for research in ("P-UPD", "P-CRE", "P-ALERT", "P-AUTH", "P-GETC", "DIGEST-A", "DIGEST-B", "AE"):
        source = paradox.source(research)
        assert source is not None and source.file is None, research


def test_auth(paradox: ir.Vendor, update: ir.Operation, alerts: ir.Operation) -> None:
    oauth = paradox.auth_scheme("oauth")
    assert oauth is not None and oauth.type is ir.AuthType.OAUTH2_CLIENT_CREDENTIALS
    assert oauth.token_url == "/auth/token"
    assert oauth.token_content_type == "application/x-www-form-urlencoded"
    # The page: "Defaults to Bearer <oauth_token>"
    assert (oauth.header, oauth.prefix) == (
        "Authorization",
        "Bearer",
    )
    assert oauth.env_var("client_id") == "PARADOX_CLIENT_ID"
    assert oauth.env_var("client_secret") == "PARADOX_CLIENT_SECRET"
    assert oauth.provenance.confidence is FOUND and oauth.provenance.source == "P-AUTH"
    assert (
        oauth.description is not None
        and "Account ID" in oauth.description
        and "Secret Key" in oauth.description
    )
    basic = paradox.auth_scheme("basic")
    assert basic is not None and basic.type is ir.AuthType.BASIC
    assert (basic.env_var("username"), basic.env_var("password")) == (
        "PARADOX_ACCOUNT_ID",
        "PARADOX_API_SECRET",
    )
    assert update.auth == alerts.auth == ("oauth", "basic")
    # The pages' Authorization header is the auth scheme's, not a parameter.
    assert update.request.headers.properties == () and alerts.request.headers.properties == ()


def test_error_envelopes(paradox: ir.Vendor) -> None:
    # {"errors":[{"code":1015,"message":"Invalid request.","field":""}]}
    errors = paradox.envelope("errors")
    assert errors is not None
    assert (errors.message_pointer, errors.code_pointer) == ("/errors/0/message", "/errors/0/code")
    assert [f.wire_name for f in errors.body.properties] == ["errors"]
    items = field(errors.body, "errors").schema.items
    assert items is not None and [f.wire_name for f in items.properties] == [
        "code",
        "message",
        "field",
    ]
    assert errors.provenance.confidence is FOUND_2ND
    legacy = paradox.envelope("legacy")  # {"success":0,"error":"..."}
    assert legacy is not None and legacy.message_pointer == "/error"
    assert [f.wire_name for f in legacy.body.properties] == ["success", "error"]
    success = field(legacy.body, "success").schema
    assert success.const is not None and success.const.value == 0
    assert legacy.provenance.confidence is FOUND


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


def test_update_transport(update: ir.Operation) -> None:
    assert (update.method, update.path) == ("PUT", "/candidates/{ID}")
    assert update.provenance.confidence is FOUND_2ND and update.provenance.evidence
    [param] = update.request.path.properties
    assert param.wire_name == "ID" and param.required
    assert param.description == "Either: OID or external_oid or ex_id"
    assert param.schema.types == ("string",)


def test_update_body_fields_in_order(update: ir.Operation) -> None:
    schema = body(update)
    assert len(UPDATE_FIELDS) == 37
    assert [f.wire_name for f in schema.properties] == UPDATE_FIELDS
    assert schema.closed
    assert [f.wire_name for f in schema.properties if f.required] == []


@pytest.mark.parametrize(("name", "description"), UPDATE_ROWS)
def test_update_row(update: ir.Operation, name: str, description: str) -> None:
    f = field(body(update), name)
    assert f.schema.types == (UPDATE_TYPES.get(name, "string"),)
    assert (f.description or "") == description
    assert f.provenance.confidence is FOUND_2ND and f.provenance.evidence and f.generated


@pytest.mark.parametrize("name", ["hirevue_link", "pymetrics_link", "adp_link"])
def test_update_nameless_rows_are_corroborated_by_position(update: ir.Operation, name: str) -> None:
    evidence = field(body(update), name).provenance.evidence or ""
    assert "DIGEST-A" in evidence and "P-CRE" in evidence and "AE" in evidence


def test_update_constraints(update: ir.Operation) -> None:
    schema = body(update)
    for name in ("resume", "offer_letter"):
        assert field(schema, name).schema.format == "base64"
    attributes = field(schema, "candidate_attribute_data")
    # Free-form keys; values at most 255 characters (AE).
    assert attributes.schema.additional is not None
    assert (
        attributes.schema.additional.types == ("string",)
        and attributes.schema.additional.max_length == 255
    )
    assert "AE" in note_text(attributes.notes) and "255" in note_text(attributes.notes)
    location = field(schema, "candidate_location_info")
    assert location.schema.max_length == 100 and "AE" in note_text(location.notes)
    for name in ("first_name", "last_name"):  # guidance recorded, not a rule
        assert "pass first_name and last_name" in note_text(field(schema, name).notes)
    assert all(r.kind is not ir.RuleKind.AT_LEAST_ONE_OF for r in schema.rules)


def test_update_status_map_rule(update: ir.Operation) -> None:
    [rule] = body(update).rules
    assert rule.kind is ir.RuleKind.REQUIRED_WHEN
    assert set(rule.fields) == {"status_map_name", "status_map_ex_id"}
    assert rule.when is not None and rule.when.field == "use_paradox_status_map"
    assert [m.value for m in rule.when.values or ()] == [True]


def test_update_responses(update: ir.Operation) -> None:
    ok = success_body(update)
    assert [f.wire_name for f in ok.properties] == ["success", "candidate"]
    assert field(ok, "success").provenance.confidence is FOUND_2ND
    assert [f.wire_name for f in field(ok, "candidate").schema.properties] == [
        "start_keyword", "phone_number", "email", "updated_at", "formatted_number", "edited_name", "created_at",
        "OID", "name", "source", "group_name", "external_oid", "referrer_email", "referrer_name",
        "external_referrer", "language_preference", "conversation", "interview", "stage",
    ]  # fmt: skip
    conversation = field(ok, "candidate.conversation").schema
    assert conversation.types == ("array",) and conversation.items is not None
    assert [f.wire_name for f in conversation.items.properties] == [
        "media_url", "message_type", "answer_text", "updated_at", "question_text", "from_who", "created_at",
    ]  # fmt: skip
    assert [f.wire_name for f in field(ok, "candidate.interview").schema.properties] == [
        "past_interview_at", "scheduled_at", "interviewed", "scheduled_by", "interview_location_id",
    ]  # fmt: skip
    assert [f.wire_name for f in field(ok, "candidate.stage").schema.properties] == [
        "viewed", "completed", "is_live", "responded", "status", "interview_stage",
    ]  # fmt: skip
    assert (
        field(ok, "candidate.formatted_number").description
        == "candidate's phone number in E.164 format (+12144930945)"
    )
    assert (
        field(ok, "candidate.conversation.from_who").description
        == "if 0, the reply was from the AI. Else, id of the company_user"
    )
    assert "no type" in note_text(response(update, "200").notes)
    for status in ("400", "401"):
        error = response(update, status)
        assert error.envelope == "errors" and error.provenance.confidence is FOUND_2ND
    [documented] = response(update, "400").errors
    assert (documented.code, documented.message) == (1015, "Invalid request.")


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


def test_alerts_transport(alerts: ir.Operation) -> None:
    assert (alerts.method, alerts.path) == ("PUT", "/interview/interview_alerts")
    assert alerts.provenance.confidence is FOUND
    assert alerts.request.path.properties == ()


def test_alerts_body_fields_in_order(alerts: ir.Operation) -> None:
    schema = body(alerts)
    assert len(ALERT_FIELDS) == 47
    assert [f.wire_name for f in schema.properties] == ALERT_FIELDS
    assert [f.wire_name for f in schema.properties if f.required] == [
        "action",
        "interview_duration",
        "interview_type",
    ]
    assert [f.wire_name for f in schema.generated_properties] == [
        name
        for name in ALERT_FIELDS
        if name not in ("custom_interview_type_id", "kenexa_field_unknown")
    ]


@pytest.mark.parametrize(("name", "page_type", "confidence", "phrase"), ALERT_ROWS)
def test_alerts_row(
    alerts: ir.Operation, name: str, page_type: str, confidence: ir.Confidence, phrase: str
) -> None:
    f = field(body(alerts), name)
    assert f.provenance.confidence is confidence and f.provenance.evidence
    assert f.generated is (confidence is not UNKNOWN)
    assert phrase in (f.description or "")
    types = branch_types(f.schema)
    if name in RETYPED:
        assert types == {RETYPED[name]} and says(f, "int32")
    elif page_type == "int32":
        assert types == {"integer"} and f.schema.format == "int32"
    elif page_type == "array":  # "array of objects"
        assert "array" in types
    elif name == "use_paradox_status_map":  # string on this page, boolean on Update Candidate
        assert types == {"boolean", "string"} and says(f, "string")
    else:
        assert types == {page_type}


ALERT_MAX_LENGTHS = {
    "ex_id": 255, "job_application_id": 255, "action": 10, "interview_instructions": 320,
    "candidate_interview_prep_ex_id": 255, "recruiter_interview_prep_ex_id": 255, "interview_owner_email": 255,
    "first_name": 50, "last_name": 50, "phone": 20, "email": 50, "job_title": 255, "job_req_id": 50,
    "job_loc_code": 20,
}  # fmt: skip


@pytest.mark.parametrize(("name", "limit"), sorted(ALERT_MAX_LENGTHS.items()))
def test_alerts_max_length(alerts: ir.Operation, name: str, limit: int) -> None:
    assert field(body(alerts), name).schema.max_length == limit


@pytest.mark.parametrize(
    ("name", "item_limit"),
    [("interviewer_emails", 255), ("interviewer_ex_ids", 255), ("interviewer_ids", 10)],
)
def test_alerts_interviewer_lists(alerts: ir.Operation, name: str, item_limit: int) -> None:
    """ "Endpoint will accept either a comma separated list or array of objects." """
    schema = field(body(alerts), name).schema
    assert branch_types(schema) == {"string", "array"}
    items = branch(schema, "array").items
    assert items is not None and branch_types(items) == {"string", "object"}
    assert branch(items, "string").max_length == item_limit
    assert branch(items, "object").additional is None  # keys not documented
    assert branch(schema, "string").pattern is not None  # each comma-separated entry, same limit


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
def test_defaults(paradox: ir.Vendor, op_id: str, name: str, default: object) -> None:
    schema = field(body(operation(paradox, op_id)), name).schema
    assert (
        schema.has_default and schema.default == default and type(schema.default) is type(default)
    )


@pytest.mark.parametrize(
    ("name", "page_says"),
    [("interview_type", "Defaults to 0"), ("sequential_order_automation", "-1")],
)
def test_defaults_outside_the_enum_are_notes(
    alerts: ir.Operation, name: str, page_says: str
) -> None:
    f = field(body(alerts), name)
    assert not f.schema.has_default and says(f, page_says)


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
def test_named_enums(paradox: ir.Vendor, op_id: str, name: str, members: dict[str, object]) -> None:
    schema = field(body(operation(paradox, op_id)), name).schema
    assert enum_names(schema) == members
    assert enum_values(schema) == list(members.values())


@pytest.mark.parametrize(("op_id", "name", "values"), LIST_ENUMS)
def test_list_enums(paradox: ir.Vendor, op_id: str, name: str, values: list[str]) -> None:
    assert enum_values(field(body(operation(paradox, op_id)), name).schema) == values


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
def test_update_response_enums(update: ir.Operation, path: str, members: dict[str, int]) -> None:
    assert enum_names(field(success_body(update), path).schema) == members


def test_alerts_limits(alerts: ir.Operation) -> None:
    schema = body(alerts)
    duration = field(schema, "interview_duration").schema
    assert (duration.minimum, duration.maximum, duration.format) == (5, 415, "int32")
    resume = field(schema, "resume").schema
    assert (resume.format, resume.max_bytes) == ("base64", 10485759)  # "Must be <10mb"
    assert resume.vendor_message("max_bytes") == "Must be <10mb"
    for name in ("interview_team", "alternate_interview_team"):
        team = field(schema, name).schema
        assert team.max_entries == 25
        assert (
            team.vendor_message("max_entries") == "It can have up to a maximum of 25 interviewers"
        )
    # The page: "Any Available Room"
    assert "-1" in (field(schema, "interview_jobloc_room_id").description or "")
    assert says(field(schema, "interview_type"), "max length: 6")
    assert says(field(schema, "OID"), "max length :20")
    assert says(field(schema, "private"), "account default")
    segments = field(schema, "interview_segments").schema
    assert (
        segments.items is not None
        and segments.items.types == ("object",)
        and segments.items.additional is None
    )
    debrief = field(schema, "debrief").schema
    assert debrief.types == ("object",) and debrief.additional is None and debrief.properties == ()


def test_alerts_rules(alerts: ir.Operation) -> None:
    rules = {rule.kind: rule for rule in body(alerts).rules}
    assert set(rules) == {ir.RuleKind.REQUIRED_WHEN, ir.RuleKind.ALLOWED_ONLY_WHEN}
    status_map = rules[ir.RuleKind.REQUIRED_WHEN]
    assert status_map.fields == ("status_map_name",)  # this page says it only of status_map_name
    assert status_map.when is not None and status_map.when.field == "use_paradox_status_map"
    assert True in [m.value for m in status_map.when.values or ()]
    segments = rules[ir.RuleKind.ALLOWED_ONLY_WHEN]
    assert segments.fields == ("interview_segments",)
    assert segments.when is not None and segments.when.field == "interview_type"
    assert {m.name: m.value for m in segments.when.values or ()} == {
        "SEQUENTIAL_INTERVIEW": 5, "SEQUENTIAL_MEETING": 6, "SEQUENTIAL_SESSION": 15,
    }  # fmt: skip


def test_alerts_responses(alerts: ir.Operation) -> None:
    ok = success_body(alerts)
    assert [f.wire_name for f in ok.properties] == [
        "success", "interview_data", "recruiter_text", "processed", "company_id", "candidate",
    ]  # fmt: skip
    success = field(ok, "success").schema
    assert success.const is not None and success.const.value == 1
    assert set(enum_values(field(ok, "processed").schema)) == {0, 1}  # "processed (1/0)"
    assert response(alerts, "200").provenance.confidence is FOUND
    failure = alerts.error_responses
    assert failure and all(r.envelope == "legacy" for r in failure)
