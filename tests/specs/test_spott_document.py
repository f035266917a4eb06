"""Seed 003 (Spott, Update candidate: PATCH /candidates/{id}), fact by fact, against what the SDK publishes
from specs/spott.yaml.

Expected values are copied from the page (../shared/seeds/003_7337c1d73cfb8685.txt) and from
research/vendors.md section 3.1 (source S), not from the spec; each is checked in the validators, the JSON
Schema, the OpenAPI document or the reference docs (see tests/specs/document.py).
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from tests.conftest import SHARED_DIR
from tests.specs.document import Node, Published, probe_type, published

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


OP = "update_candidate"


@pytest.fixture(scope="module")
def spott() -> Published:
    return published("spott")


def request(spott: Published) -> Node:
    return spott.schema(OP)


def ok(spott: Published) -> Node:
    return spott.schema(OP, "response.200")


# -- transport, auth, sources --------------------------------------------------------------------------


def test_transport(spott: Published) -> None:
    assert "\n# Spott\n" in spott.docs.text and spott.openapi["info"]["title"] == "Spott API"
    op = spott.operation(OP)
    assert (op["method"], op["path"]) == ("PATCH", "/candidates/{id}")
    # curl --url https://api.gospott.com/candidates/{id}: no /v1.
    assert [s["url"] for s in spott.openapi["servers"]] == ["https://api.gospott.com"]
    assert spott.openapi["info"]["x-atsgen"]["default-environment"] == "production"
    assert op["x-atsgen-retry-safe"] is False, "PATCH keeps the default: not retry-safe"
    assert list(op["requestBody"]["content"]) == ["application/json"]
    [path_param] = spott.parameters(OP, "path")
    assert (path_param["name"], path_param["required"], path_param["schema"]["type"]) == (
        "id",
        True,
        "string",
    )
    assert spott.problems(OP, {"id": "abc"}, "/id", "path") == []
    assert spott.problems(OP, {}, "/id", "path") == ["required"]
    assert spott.problems(OP, {"id": 1}, "/id", "path") == ["type"]


def test_auth(spott: Published) -> None:
    [scheme_id] = spott.openapi["components"]["securitySchemes"]
    scheme = spott.security_scheme(scheme_id)
    # An API key header with no prefix: OpenAPI's apiKey scheme.
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "x-api-key")
    assert (
        "Get your API key from Settings → API Keys in your Spott dashboard."
        in scheme["description"]
    )
    assert scheme["x-atsgen-env"] == {"api_key": "SPOTT_API_KEY"}
    assert spott.auth(OP) == [scheme_id]


def test_rate_limits(spott: Published) -> None:
    # research/vendors.md 3.1 (S): 1000 req/min per API key, 100 req/min per IP (public), 429 on excess.
    rate_limits = spott.openapi["info"]["x-atsgen"]["rate-limits"]
    for fact in ("1000", "per API key", "100", "per IP", "429"):
        assert fact in rate_limits


def test_sources(spott: Published) -> None:
    assert spott.operation(OP)["x-atsgen-source"] == "seed-003"
    seed = spott.source("seed-003")
    assert seed["file"] == "003_7337c1d73cfb8685.txt"
    assert seed["url"] == "https://api-docs.spott.io/api-reference/candidates/update-candidate"
    assert seed["url-confidence"] == "inferred"
    research = spott.source("S")
    assert "file" not in research
    assert research["url"] == "https://api-docs.spott.io/pages/getting-started"


# -- request body --------------------------------------------------------------------------------------


def test_request_fields_in_order(spott: Published) -> None:
    schema = request(spott)
    assert schema.names == [name for name, _, _ in REQUEST_FIELDS]
    assert not schema.raw.get("required"), "the page marks no body field required"
    assert spott.violations(OP, {}) == []
    assert schema.closed
    assert spott.problems(OP, {"fullName": "x"}, "/fullName") == ["unknown_field"]


@pytest.mark.parametrize(
    ("name", "types", "description"), REQUEST_FIELDS, ids=[r[0] for r in REQUEST_FIELDS]
)
def test_request_field(
    spott: Published, name: str, types: tuple[str, ...], description: str
) -> None:
    prop = request(spott).field(name)
    assert prop.types == types
    assert prop.description == description
    if prop.enum is None and (prop.items is None or prop.items.enum is None):
        probe_type(spott, OP, name, types, prop.format)
    if name in REQUEST_EXAMPLES:
        assert prop.has_example and prop.example == REQUEST_EXAMPLES[name]
        assert spott.problems(OP, {name: REQUEST_EXAMPLES[name]}, f"/{name}") == []


@pytest.mark.parametrize("name", ["dateOfBirth", "lastInteractionAt"])
def test_request_date_times(spott: Published, name: str) -> None:
    schema = request(spott).field(name)
    assert schema.format == "date-time" and schema.nullable
    for value in ("2024-01-15T14:30:00.000Z", "2024-01-15T14:30:00+02:00", None):
        assert spott.problems(OP, {name: value}, f"/{name}") == [], value
    for value in ("2024-01-15", "15/01/2024 14:30"):
        assert spott.problems(OP, {name: value}, f"/{name}") == ["format"], value


def test_last_interaction_with_id_has_no_format(spott: Published) -> None:
    # "string | null" with the example "user-uuid-here": no uuid format is stated.
    assert request(spott).field("lastInteractionWithId").format is None
    assert (
        spott.problems(OP, {"lastInteractionWithId": "user-uuid-here"}, "/lastInteractionWithId")
        == []
    )


@pytest.mark.parametrize(
    ("name", "values", "nullable"),
    [
        ("gender", GENDERS, True),
        ("status", STATUSES, False),
        ("acquisitionSource", ACQUISITION_SOURCES, False),
    ],
)
def test_request_enums(spott: Published, name: str, values: list[str], nullable: bool) -> None:
    schema = request(spott).field(name)
    where = f"/{name}"
    if schema.items is not None:  # enum<string>[]
        assert schema.types == ("array",)
        schema = schema.items
        where += "/0"

    def wrap(value: object) -> object:
        return [value] if where.endswith("/0") else value

    assert schema.enum == values
    assert schema.nullable is nullable
    for value in values:
        assert spott.problems(OP, {name: wrap(value)}, where) == [], value
    assert spott.problems(OP, {name: wrap(values[0].upper())}, where) == ["enum"]
    assert (spott.problems(OP, {name: wrap(None)}, where) == []) is nullable


@pytest.mark.parametrize(("name", "keys"), REQUEST_NESTED, ids=[r[0] for r in REQUEST_NESTED])
def test_request_nested_shapes(spott: Published, name: str, keys: list[tuple[str, str]]) -> None:
    outer = request(spott).field(name)
    assert outer.names == [key for key, _ in keys]
    for key, json_type in keys:
        assert outer.field(key).types == (json_type,), f"{name}.{key}"
    shape = outer.shape
    assert shape.closed, "request objects reject unknown keys"
    in_list = outer.items is not None
    value = {key: json.loads(json.dumps(SAMPLE_OF[t])) for key, t in keys}
    base = f"/{name}/0" if in_list else f"/{name}"
    wrap = (lambda item: [item]) if in_list else (lambda item: item)
    assert [
        v for v in spott.violations(OP, {name: wrap(value)}) if v.pointer.startswith(base)
    ] == []
    assert spott.problems(OP, {name: wrap({"unknownKey": 1})}, f"{base}/unknownKey") == [
        "unknown_field"
    ]


# Example-like values of the JSON types the curl example shows.
SAMPLE_OF = {"string": "<string>", "number": 123, "boolean": True}


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
def test_example_values_are_not_enums(spott: Published, path: str, example: str) -> None:
    schema = request(spott).field(path)
    assert schema.enum is None and schema.types == ("string",)
    assert schema.example == example
    outer, key = path.split(".")
    in_list = request(spott).field(outer).items is not None
    for value in (example, "something else"):
        item = {key: value}
        payload = {outer: [item] if in_list else item}
        where = f"/{outer}/0/{key}" if in_list else f"/{outer}/{key}"
        assert spott.problems(OP, payload, where) == [], value


def test_request_example_is_the_curl_body(spott: Published) -> None:
    example = spott.operation(OP)["requestBody"]["content"]["application/json"]["example"]
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
    assert spott.violations(OP, example) == []


# -- nationality ---------------------------------------------------------------------------------------


def _nationality(spott: Published) -> Node:
    items = request(spott).field("nationality").items
    assert items is not None
    return items


def test_nationality_list(spott: Published) -> None:
    values = _nationality(spott).enum
    assert values is not None and len(values) == 194
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
    # The validators take every listed value, and nothing else.
    assert spott.problems(OP, {"nationality": values}, "/nationality") == []
    assert [v.rule for v in spott.violations(OP, {"nationality": values})] == []
    assert spott.problems(OP, {"nationality": ["Afghan", "Kosovar"]}, "/nationality/1") == ["enum"]


@pytest.mark.skipif(not SEED.is_file(), reason="the seed documents are not present")
def test_nationality_list_matches_the_page(spott: Published) -> None:
    text = SEED.read_text(encoding="utf-8")
    block = re.search(
        r"nationality\nenum<string>\[\]\n.*?Available options:\n(.*?)\nstatus\n", text, re.S
    )
    assert block is not None
    page = [line.rstrip(",") for line in block.group(1).splitlines()]
    assert _nationality(spott).enum == page


def test_request_and_response_share_nationality(spott: Published) -> None:
    request_items = _nationality(spott)
    response_items = ok(spott).field("nationality.nationality").items
    assert response_items is not None
    assert request_items.ref == response_items.ref == "nationality"
    assert request_items.enum == response_items.enum


# -- response ------------------------------------------------------------------------------------------


def test_response_fields_in_order(spott: Published) -> None:
    body = ok(spott)
    assert body.names == [name for name, _ in RESPONSE_FIELDS]
    assert body.raw["required"] == body.names, "the page marks every response field required"
    assert spott.response(OP, "200")["description"] == "Candidate updated successfully"


@pytest.mark.parametrize(("name", "types"), RESPONSE_FIELDS, ids=[r[0] for r in RESPONSE_FIELDS])
def test_response_field_type(spott: Published, name: str, types: tuple[str, ...]) -> None:
    assert ok(spott).field(name).types == types


@pytest.mark.parametrize(
    "name", ["createdAt", "modifiedAt", "lastActivityDate", "lastLinkedinDiffAt"]
)
def test_response_date_times(spott: Published, name: str) -> None:
    assert ok(spott).field(name).format == "date-time"


@pytest.mark.parametrize(
    ("name", "keys", "view_type"), RESPONSE_VIEWS, ids=[r[0] for r in RESPONSE_VIEWS]
)
def test_response_views(
    spott: Published, name: str, keys: list[str], view_type: str | None
) -> None:
    view = ok(spott).field(name)
    assert view.names == keys
    if view_type is not None:
        vt = view.field("viewType")
        assert vt.types == ("string",) and "const" not in vt.raw and vt.example == view_type


@pytest.mark.parametrize(("path", "keys"), RESPONSE_NESTED, ids=[r[0] for r in RESPONSE_NESTED])
def test_response_nested_shapes(spott: Published, path: str, keys: list[str]) -> None:
    assert ok(spott).field(path).names == keys


@pytest.mark.parametrize(
    ("path", "json_type"), RESPONSE_NESTED_TYPES, ids=[r[0] for r in RESPONSE_NESTED_TYPES]
)
def test_response_nested_types(spott: Published, path: str, json_type: str) -> None:
    assert ok(spott).field(path).types == (json_type,)


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("gender.gender", GENDERS),
        ("status.status", STATUSES),
        ("acquisitionSource.acquisitionSource", ACQUISITION_SOURCES),
    ],
)
def test_response_views_use_the_request_enums(
    spott: Published, path: str, values: list[str]
) -> None:
    schema = ok(spott).field(path)
    assert (schema.items if schema.items is not None else schema).enum == values


def test_last_interaction_with_user(spott: Published) -> None:
    user = ok(spott).field("lastInteractionWith.user")
    forms = user.any_of or [user]
    objects = [form for form in forms if "object" in form.types]
    assert [form.names for form in objects] == [
        ["userId", "name", "email", "avatarUrl", "deactivatedAt"]
    ]


def test_response_objects_accept_unknown_keys(spott: Published) -> None:
    body = ok(spott)
    assert not body.closed
    assert not body.field("locations.locations").shape.closed
    document = json.loads(spott.schema_path(OP, "response.200").read_text(encoding="utf-8"))
    example = spott.response(OP, "200")["content"]["application/json"]["example"]
    example = {**example, "newTopLevelKey": 1}
    example["locations"] = {
        **example["locations"],
        "locations": [{**item, "newKey": 1} for item in example["locations"]["locations"]],
    }
    jsonschema.validate(example, document)


def test_response_example(spott: Published) -> None:
    example = spott.response(OP, "200")["content"]["application/json"]["example"]
    assert isinstance(example, dict)
    assert list(example) == [name for name, _ in RESPONSE_FIELDS]
    assert example["name"] == {
        "viewType": "candidateName",
        "avatarUrl": "<string>",
        "firstName": "<string>",
        "lastName": "<string>",
    }
    assert example["linkedInProfile"] == {
        "viewType": "candidateLinkedInProfile",
        "headline": "<string>",
        "about": "<string>",
        "skills": ["<string>"],
    }
    document = json.loads(spott.schema_path(OP, "response.200").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [error.message for error in validator.iter_errors(example)] == []


# -- errors and notes ----------------------------------------------------------------------------------


def test_errors_are_undocumented(spott: Published) -> None:
    # research/vendors.md 3.1: "Error format: not documented in any page found".
    schemas = spott.openapi["components"].get("schemas", {})
    assert not [name for name in schemas if name.startswith("error_envelope.")]
    notes = spott.openapi["info"]["x-atsgen"]["notes"]
    assert any("error" in note.lower() and "documented" in note for note in notes)
    too_many = spott.response(OP, "429")
    assert "content" not in too_many and spott.response_envelope(OP, "429") is None
    assert too_many["x-atsgen-confidence"] == "found"
    assert "S" in too_many["x-atsgen-evidence"]
    assert set(spott.operation(OP)["responses"]) == {"200", "429"}


@pytest.mark.parametrize(
    ("name", "said"),
    [("dateOfBirth", "1990-05-15T00:00:00.000Z"), ("acquisitionSource", "referral")],
)
def test_contradictions_are_recorded(spott: Published, name: str, said: str) -> None:
    assert spott.row(OP, "Request body", name).says(said)
