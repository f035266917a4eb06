"""Seed 003 (Spott, Update candidate: PATCH /candidates/{id}), fact by fact, against specs/spott.yaml.

Expected values are copied from the page (../shared/seeds/003_7337c1d73cfb8685.txt) and from
research/vendors.md section 3.1 (source S), not from the spec.
"""

from __future__ import annotations

import re

import pytest

from generator import ir
from generator.values import violations
from tests.conftest import SHARED_DIR
from tests.specs.document import body, enum_values, field, operation, response, success_body

SEED = SHARED_DIR / "seeds" / "003_7337c1d73cfb8685.txt"

GENDERS = ["male", "female", "x"]
STATUSES = [
    "actively_looking", "approachable_but_not_actively_looking", "do_not_contact", "do_not_poach",
    "not_actively_looking",
]  # fmt: skip
ACQUISITION_SOURCES = [
    "manual", "cv_parse", "inbound_vacancy_portal", "inbound_spontaneous_application",
    "chrome_extension_linkedin", "inbound_from_linkedin_jobboard_email", "inbound_from_external_jobboard",
    "juicebox", "maildrop", "csv_import",
]  # fmt: skip

# The "Body" section, in the page's order: wire name, JSON types (with "null" for "| null"), description.
REQUEST_FIELDS: list[tuple[str, tuple[str, ...], str]] = [
    ("firstName", ("string",), "The first name of the candidate"),
    ("middleName", ("string",), "The middle name of the candidate"),
    ("lastName", ("string",), "The last name of the candidate"),
    ("secondLastName", ("string",), "The second last name of the candidate (common in Spanish-speaking countries)"),
    ("compensation", ("object",), "Compensation expectations for the candidate"),
    ("mainContact", ("object",), "The main contact (recruiter) assigned to this candidate"),
    ("languages", ("array",), "Languages spoken by the candidate"),
    ("gender", ("string", "null"), "The gender of the candidate"),
    ("nationality", ("array",), "The nationalities of the candidate"),
    ("status", ("array",), "The current status(es) of the candidate in the recruitment process"),
    ("acquisitionSource", ("string",), "How the candidate was acquired (e.g., referral, job board, LinkedIn)"),
    ("locations", ("array",), "Physical locations associated with the candidate"),
    ("socialMedia", ("array",), "Social media profiles of the candidate (e.g., LinkedIn URL)"),
    ("emails", ("array",), "Email addresses of the candidate"),
    ("phoneNumbers", ("array",), "Phone numbers of the candidate"),
    ("visibleIfClientContact", ("boolean", "null"), "Whether this candidate should be visible when they are also a client contact"),
    ("dateOfBirth", ("string", "null"), "The date of birth of the candidate"),
    ("lastInteractionAt", ("string", "null"), "The date and time of the last interaction with the candidate"),
    ("lastInteractionWithId", ("string", "null"), "The user ID of the person who last interacted with the candidate"),
]  # fmt: skip

# The "Example:" lines of the Body section.
REQUEST_EXAMPLES = {
    "firstName": "John",
    "middleName": "William",
    "lastName": "Doe",
    "secondLastName": "Garcia",
    "dateOfBirth": "1990-05-15T00:00:00.000Z",
    "lastInteractionAt": "2024-01-15T14:30:00.000Z",
    "lastInteractionWithId": "user-uuid-here",
}

# Nested request objects, described by the curl example only: item keys in order and the example values' types.
REQUEST_NESTED: list[tuple[str, list[tuple[str, str]]]] = [
    ("compensation", [("currency", "string"), ("id", "string"), ("totalCompensation", "number"), ("baseCompensation", "number")]),
    ("mainContact", [("userId", "string")]),
    ("languages", [("language", "string"), ("id", "string"), ("fluency", "string")]),
    ("locations", [
        ("type", "string"), ("street1", "string"), ("street2", "string"), ("postalCode", "string"), ("city", "string"),
        ("region", "string"), ("state", "string"), ("country", "string"), ("latitude", "number"), ("longitude", "number"),
    ]),
    ("socialMedia", [("url", "string"), ("type", "string"), ("isPrimary", "boolean")]),
    ("emails", [("purpose", "string"), ("email", "string"), ("isPrimary", "boolean")]),
    ("phoneNumbers", [("purpose", "string"), ("phoneNumber", "string"), ("isPrimary", "boolean")]),
]  # fmt: skip

# The "Response" section: every field is marked required; (wire name, JSON types).
RESPONSE_FIELDS: list[tuple[str, tuple[str, ...]]] = [
    ("id", ("string",)),
    ("name", ("object",)),
    ("gender", ("object",)),
    ("nationality", ("object",)),
    ("status", ("object",)),
    ("emails", ("object",)),
    ("phoneNumbers", ("object",)),
    ("locations", ("object",)),
    ("dateOfBirth", ("object",)),
    ("socialMedia", ("object",)),
    ("lastInteractionDate", ("object",)),
    ("lastInteractionWith", ("object",)),
    ("nextInteractionDate", ("object",)),
    ("nextInteractionWith", ("object",)),
    ("mainContact", ("object",)),
    ("languages", ("object",)),
    ("compensation", ("object",)),
    ("currentPlacements", ("object",)),
    ("nextTaskDue", ("object",)),
    ("createdAt", ("string",)),
    ("modifiedAt", ("string",)),
    ("lastActivityDate", ("string",)),
    ("acquisitionSource", ("object",)),
    ("latestWorkExperience", ("object",)),
    ("lastLinkedinDiffAt", ("string", "null")),
    ("isDiffingLinkedin", ("boolean",)),
    ("customAttributes", ("array",)),
    ("aiSummary", ("string", "null")),
    ("clientContacts", ("object",)),
    ("isVisibleIfClientContact", ("boolean", "null")),
    ("hasClientContacts", ("boolean", "null")),
    ("hasActiveClientContacts", ("boolean", "null")),
    ("lastAgentChatId", ("string", "null")),
    ("cvAttachmentId", ("string", "null")),
    ("linkedInProfile", ("object",)),
]

# Response views from the example: the view's keys in order and its viewType's example value.
RESPONSE_VIEWS: list[tuple[str, list[str], str | None]] = [
    ("name", ["viewType", "avatarUrl", "firstName", "lastName"], "candidateName"),
    ("gender", ["viewType", "gender"], "candidateGender"),
    ("nationality", ["viewType", "nationality"], "candidateNationality"),
    ("status", ["viewType", "status"], "candidateStatus"),
    ("emails", ["viewType", "emails"], "candidateEmails"),
    ("phoneNumbers", ["viewType", "phoneNumbers"], "candidatePhoneNumbers"),
    ("locations", ["viewType", "locations"], "candidateLocation"),
    ("dateOfBirth", ["viewType", "dateOfBirth"], "candidateDateOfBirth"),
    ("socialMedia", ["viewType", "socialMedia"], "candidateSocialMedia"),
    ("lastInteractionDate", ["viewType", "lastInteractionDate"], "candidateLastInteractionDate"),
    ("lastInteractionWith", ["viewType", "user"], "candidateLastInteractionWith"),
    ("nextInteractionDate", ["viewType", "nextInteractionDate"], "candidateNextInteractionDate"),
    ("nextInteractionWith", ["viewType", "user"], "candidateNextInteractionWith"),
    ("mainContact", ["viewType", "user"], "candidateMainContact"),
    ("languages", ["viewType", "languages"], "candidateLanguages"),
    ("compensation", ["viewType", "compensation"], "candidateCompensation"),
    (
        "currentPlacements",
        ["viewType", "hasCurrentPlacement", "placements"],
        "candidateCurrentPlacements",
    ),
    ("nextTaskDue", ["viewType", "nextTaskDue"], "candidateNextTaskDue"),
    ("acquisitionSource", ["viewType", "acquisitionSource"], "candidateAcquisitionSource"),
    ("latestWorkExperience", ["title", "company"], None),
    ("clientContacts", ["viewType", "clientContacts"], "candidateClientContacts"),
    ("linkedInProfile", ["viewType", "headline", "about", "skills"], "candidateLinkedInProfile"),
]

# Deeper shapes of the response example: dotted path, keys in order.
RESPONSE_NESTED: list[tuple[str, list[str]]] = [
    ("nextInteractionWith.user", ["userId", "name", "email", "avatarUrl", "deactivatedAt"]),
    ("mainContact.user", ["userId", "name", "email", "avatarUrl", "deactivatedAt"]),
    ("locations.locations", [
        "type", "street1", "street2", "postalCode", "city", "region", "state", "country", "rawCityCountry",
        "latitude", "longitude", "formattedAddress",
    ]),
    ("compensation.compensation", ["currency", "id", "totalCompensation", "baseCompensation"]),
    ("currentPlacements.placements", ["id", "company", "startDate", "endDate"]),
    ("currentPlacements.placements.company", ["id", "name", "logoUrl"]),
    ("nextTaskDue.nextTaskDue", ["id", "content", "dueDate"]),
    ("latestWorkExperience.company", ["id", "name", "logoUrl"]),
    ("customAttributes", [
        "value", "attributeDefinitionId", "label", "aiFillOngoing", "aiOverridden", "isFilledByAI", "options",
    ]),
    ("customAttributes.value", ["viewType", "text"]),
    ("clientContacts.clientContacts", [
        "id", "company", "role", "department", "startDate", "endDate", "active", "emailAddresses", "phoneNumbers",
        "stage", "customAttributes",
    ]),
    ("clientContacts.clientContacts.stage", ["id", "order", "name", "colorHex"]),
    ("clientContacts.clientContacts.emailAddresses", ["purpose", "email", "isPrimary"]),
]  # fmt: skip

# Nested response values and the types their example values show.
RESPONSE_NESTED_TYPES: list[tuple[str, str]] = [
    ("locations.locations.latitude", "number"),
    ("locations.locations.rawCityCountry", "string"),
    ("currentPlacements.hasCurrentPlacement", "boolean"),
    ("clientContacts.clientContacts.active", "boolean"),
    ("clientContacts.clientContacts.stage.order", "number"),
    ("customAttributes.aiFillOngoing", "boolean"),
    ("customAttributes.options", "array"),
    ("linkedInProfile.skills", "array"),
    ("compensation.compensation.totalCompensation", "number"),
    ("emails.emails.isPrimary", "boolean"),
]


@pytest.fixture
def spott(vendors: dict[str, ir.Vendor]) -> ir.Vendor:
    return vendors["spott"]


@pytest.fixture
def op(spott: ir.Vendor) -> ir.Operation:
    return operation(spott, "update_candidate")


def _wire_names(schema: ir.Schema) -> list[str]:
    while schema.items is not None and not schema.properties:
        schema = schema.items
    return [f.wire_name for f in schema.properties]


# -- transport, auth, sources --------------------------------------------------------------------------


def test_transport(spott: ir.Vendor, op: ir.Operation) -> None:
    assert spott.name == "Spott"
    assert (op.method, op.path) == ("PATCH", "/candidates/{id}")
    # curl --url https://api.gospott.com/candidates/{id}: no /v1.
    assert [e.url for e in spott.environments] == ["https://api.gospott.com"]
    assert spott.default_environment == "production"
    assert not op.retry_safe, "PATCH keeps the default: not retry-safe"
    assert op.request.body is not None and op.request.body.content_type == "application/json"
    [path_param] = op.request.path.properties
    assert (path_param.wire_name, path_param.required, path_param.schema.types) == (
        "id",
        True,
        ("string",),
    )


def test_auth(spott: ir.Vendor, op: ir.Operation) -> None:
    [scheme] = spott.auth
    assert (
        scheme.type is ir.AuthType.API_KEY
        and scheme.header == "x-api-key"
        and scheme.prefix is None
    )
    assert scheme.description is not None
    assert (
        "Get your API key from Settings → API Keys in your Spott dashboard." in scheme.description
    )
    assert scheme.env_var("api_key") == "SPOTT_API_KEY"
    assert op.auth == (scheme.id,)


def test_rate_limits(spott: ir.Vendor) -> None:
    # research/vendors.md 3.1 (S): 1000 req/min per API key, 100 req/min per IP (public), 429 on excess.
    assert spott.rate_limits is not None
    for fact in ("1000", "per API key", "100", "per IP", "429"):
        assert fact in spott.rate_limits


def test_sources(spott: ir.Vendor, op: ir.Operation) -> None:
    assert op.source.id == "seed-003" and op.source.file == "003_7337c1d73cfb8685.txt"
    assert op.source.url == "https://api-docs.spott.io/api-reference/candidates/update-candidate"
    assert op.source.url_confidence is ir.Confidence.INFERRED
    research = spott.source("S")
    assert research is not None and research.file is None
    assert research.url == "https://api-docs.spott.io/pages/getting-started"


# -- request body --------------------------------------------------------------------------------------


def test_request_fields_in_order(op: ir.Operation) -> None:
    schema = body(op)
    assert [f.wire_name for f in schema.properties] == [name for name, _, _ in REQUEST_FIELDS]
    assert not any(f.required for f in schema.properties), "the page marks no body field required"
    assert schema.closed


@pytest.mark.parametrize(
    ("name", "types", "description"), REQUEST_FIELDS, ids=[r[0] for r in REQUEST_FIELDS]
)
def test_request_field(
    op: ir.Operation, name: str, types: tuple[str, ...], description: str
) -> None:
    prop = field(body(op), name)
    assert prop.schema.types == types
    assert prop.description == description
    if name in REQUEST_EXAMPLES:
        assert prop.schema.has_example and prop.schema.example == REQUEST_EXAMPLES[name]


@pytest.mark.parametrize("name", ["dateOfBirth", "lastInteractionAt"])
def test_request_date_times(op: ir.Operation, name: str) -> None:
    schema = field(body(op), name).schema
    assert schema.format == "date-time" and schema.nullable


def test_last_interaction_with_id_has_no_format(op: ir.Operation) -> None:
    # "string | null" with the example "user-uuid-here": no uuid format is stated.
    assert field(body(op), "lastInteractionWithId").schema.format is None


@pytest.mark.parametrize(
    ("name", "values", "nullable"),
    [
        ("gender", GENDERS, True),
        ("status", STATUSES, False),
        ("acquisitionSource", ACQUISITION_SOURCES, False),
    ],
)
def test_request_enums(op: ir.Operation, name: str, values: list[str], nullable: bool) -> None:
    schema = field(body(op), name).schema
    if schema.items is not None:  # enum<string>[]
        assert schema.types == ("array",)
        schema = schema.items
    assert enum_values(schema) == values
    assert schema.nullable is nullable


@pytest.mark.parametrize(("name", "keys"), REQUEST_NESTED, ids=[r[0] for r in REQUEST_NESTED])
def test_request_nested_shapes(op: ir.Operation, name: str, keys: list[tuple[str, str]]) -> None:
    outer = field(body(op), name).schema
    assert _wire_names(outer) == [key for key, _ in keys]
    for key, json_type in keys:
        assert field(outer, key).schema.types == (json_type,), f"{name}.{key}"
    shape = outer.items if outer.items is not None else outer
    assert shape is not None and shape.closed, "request objects reject unknown keys"


@pytest.mark.parametrize(
    ("path", "example"),
    [
        ("socialMedia.type", "LINKEDIN"),
        ("locations.type", "primary_home"),
        ("emails.purpose", "personal"),
        ("phoneNumbers.purpose", "personal"),
        ("languages.fluency", "Native or bilingual proficiency"),
    ],
)
def test_example_values_are_not_enums(op: ir.Operation, path: str, example: str) -> None:
    schema = field(body(op), path).schema
    assert schema.enum is None and schema.types == ("string",)
    assert schema.example == example


def test_request_example_is_the_curl_body(op: ir.Operation) -> None:
    assert op.request.body is not None and op.request.body.has_example
    example = op.request.body.example
    assert isinstance(example, dict)
    assert list(example) == [name for name, _, _ in REQUEST_FIELDS]
    assert example["compensation"] == {
        "currency": "USD",
        "id": "<string>",
        "totalCompensation": 100000,
        "baseCompensation": 80000,
    }
    assert example["nationality"] == ["Afghan"] and example["status"] == ["actively_looking"]
    assert example["dateOfBirth"] == "1990-05-15T00:00:00.000Z"
    assert violations(body(op), example) == []


# -- nationality ---------------------------------------------------------------------------------------


def _nationality(op: ir.Operation) -> ir.Schema:
    items = field(body(op), "nationality").schema.items
    assert items is not None
    return items


def test_nationality_list(op: ir.Operation) -> None:
    values = enum_values(_nationality(op))
    assert len(values) == 194
    assert values[:3] == ["Afghan", "Albanian", "Algerian"]
    assert values[-3:] == ["Yemenite", "Zambian", "Zimbabwean"]
    for tricky in (
        "Cape Verdean", "Central African", "Guinea-Bissauan", "I-Kiribati", "Kittian and Nevisian", "Ni-Vanuatu",
        "Papua New Guinean", "Trinidadian or Tobagonian", "Djibouti", "Emirian", "Northern Irish", "Sao Tomean",
    ):  # fmt: skip
        assert tricky in values, tricky
    # The page's order (not alphabetical by code point): hyphenated names sort before their neighbours.
    for before, after in (
        ("Guinea-Bissauan", "Guinean"),
        ("I-Kiribati", "Icelander"),
        ("Ni-Vanuatu", "Nicaraguan"),
    ):
        assert values.index(before) + 1 == values.index(after)


@pytest.mark.skipif(not SEED.is_file(), reason="the seed documents are not present")
def test_nationality_list_matches_the_page(op: ir.Operation) -> None:
    text = SEED.read_text(encoding="utf-8")
    block = re.search(
        r"nationality\nenum<string>\[\]\n.*?Available options:\n(.*?)\nstatus\n", text, re.S
    )
    assert block is not None
    page = [line.rstrip(",") for line in block.group(1).splitlines()]
    assert enum_values(_nationality(op)) == page


def test_request_and_response_share_nationality(op: ir.Operation) -> None:
    request_items = _nationality(op)
    response_items = field(success_body(op), "nationality.nationality").schema.items
    assert response_items is not None
    assert request_items.ref == response_items.ref == "nationality"
    assert enum_values(request_items) == enum_values(response_items)


# -- response ------------------------------------------------------------------------------------------


def test_response_fields_in_order(op: ir.Operation) -> None:
    ok = success_body(op)
    assert [f.wire_name for f in ok.properties] == [name for name, _ in RESPONSE_FIELDS]
    assert all(f.required for f in ok.properties), "the page marks every response field required"
    assert response(op, "200").description == "Candidate updated successfully"


@pytest.mark.parametrize(("name", "types"), RESPONSE_FIELDS, ids=[r[0] for r in RESPONSE_FIELDS])
def test_response_field_type(op: ir.Operation, name: str, types: tuple[str, ...]) -> None:
    assert field(success_body(op), name).schema.types == types


@pytest.mark.parametrize(
    "name", ["createdAt", "modifiedAt", "lastActivityDate", "lastLinkedinDiffAt"]
)
def test_response_date_times(op: ir.Operation, name: str) -> None:
    assert field(success_body(op), name).schema.format == "date-time"


@pytest.mark.parametrize(
    ("name", "keys", "view_type"), RESPONSE_VIEWS, ids=[r[0] for r in RESPONSE_VIEWS]
)
def test_response_views(
    op: ir.Operation, name: str, keys: list[str], view_type: str | None
) -> None:
    view = field(success_body(op), name).schema
    assert _wire_names(view) == keys
    if view_type is not None:
        vt = field(view, "viewType").schema
        assert vt.types == ("string",) and vt.const is None and vt.example == view_type


@pytest.mark.parametrize(("path", "keys"), RESPONSE_NESTED, ids=[r[0] for r in RESPONSE_NESTED])
def test_response_nested_shapes(op: ir.Operation, path: str, keys: list[str]) -> None:
    assert _wire_names(field(success_body(op), path).schema) == keys


@pytest.mark.parametrize(
    ("path", "json_type"), RESPONSE_NESTED_TYPES, ids=[r[0] for r in RESPONSE_NESTED_TYPES]
)
def test_response_nested_types(op: ir.Operation, path: str, json_type: str) -> None:
    assert field(success_body(op), path).schema.types == (json_type,)


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("gender.gender", GENDERS),
        ("status.status", STATUSES),
        ("acquisitionSource.acquisitionSource", ACQUISITION_SOURCES),
    ],
)
def test_response_views_use_the_request_enums(
    op: ir.Operation, path: str, values: list[str]
) -> None:
    schema = field(success_body(op), path).schema
    assert enum_values(schema.items if schema.items is not None else schema) == values


def test_last_interaction_with_user(op: ir.Operation) -> None:
    user = field(success_body(op), "lastInteractionWith.user").schema
    forms = user.any_of or (user,)
    objects = [form for form in forms if "object" in form.types]
    assert [_wire_names(form) for form in objects] == [
        ["userId", "name", "email", "avatarUrl", "deactivatedAt"]
    ]


def test_response_objects_accept_unknown_keys(op: ir.Operation) -> None:
    ok = success_body(op)
    assert not ok.closed
    assert not field(ok, "locations.locations").schema.items.closed  # type: ignore[union-attr]


def test_response_example(op: ir.Operation) -> None:
    ok = response(op, "200")
    assert ok.has_example and isinstance(ok.example, dict)
    assert list(ok.example) == [name for name, _ in RESPONSE_FIELDS]
    assert ok.example["name"] == {
        "viewType": "candidateName",
        "avatarUrl": "<string>",
        "firstName": "<string>",
        "lastName": "<string>",
    }
    assert ok.example["linkedInProfile"] == {
        "viewType": "candidateLinkedInProfile",
        "headline": "<string>",
        "about": "<string>",
        "skills": ["<string>"],
    }
    assert ok.body is not None and violations(ok.body, ok.example) == []


# -- errors and notes ----------------------------------------------------------------------------------


def test_errors_are_undocumented(spott: ir.Vendor, op: ir.Operation) -> None:
    # research/vendors.md 3.1: "Error format: not documented in any page found".
    assert spott.error_envelopes == ()
    assert any(n.text and "error" in n.text.lower() and "documented" in n.text for n in spott.notes)
    too_many = response(op, "429")
    assert too_many.body is None and too_many.envelope is None
    assert too_many.provenance.confidence is ir.Confidence.FOUND
    assert too_many.provenance.evidence is not None and "S" in too_many.provenance.evidence
    assert {r.status for r in op.responses} == {"200", "429"}


@pytest.mark.parametrize(
    ("name", "said"),
    [("dateOfBirth", "1990-05-15T00:00:00.000Z"), ("acquisitionSource", "referral")],
)
def test_contradictions_are_recorded(op: ir.Operation, name: str, said: str) -> None:
    notes = field(body(op), name).notes
    assert any(n.says and said in n.says and n.resolution for n in notes)
