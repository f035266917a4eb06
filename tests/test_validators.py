"""The generated request validators, imported from generated/ and run on payloads.

Each test states a documented rule in terms of a payload and what the validator must say about it: the JSON
pointer, the rule, and the message (the vendor's own where the document gives one).
"""

from __future__ import annotations

import base64
import copy
import importlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ats_sdk import hirempire, paradox, spott, talynce
from ats_sdk._runtime.validation import Violation
from generator import ir

UUID = "8fc4ea3c-ecc4-4a92-96fd-a14436a79a1b"


def found(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(v.pointer, v.rule) for v in violations}


def message(violations: list[Violation], pointer: str) -> str:
    [match] = [v.message for v in violations if v.pointer == pointer]
    return match


# -- every example in the specs passes ------------------------------------------------------------------------


def _examples(vendors: dict[str, ir.Vendor]) -> list[tuple[str, str, Any]]:
    out = []
    for vendor in vendors.values():
        for op in vendor.operations:
            if op.request.body is not None and op.request.body.has_example:
                out.append((vendor.id, op.id, op.request.body.example))
    return out


def test_every_documented_request_example_is_valid(vendors: dict[str, ir.Vendor]) -> None:
    examples = _examples(vendors)
    assert examples
    for vendor_id, operation_id, example in examples:
        # Each spec's own SDK module, by its id: a spec added to specs/ is checked too.
        validate = importlib.import_module(f"ats_sdk.{vendor_id}").validate
        assert validate(operation_id, example) == [], (vendor_id, operation_id)


# -- Hirempire: vendor messages, unknown fields, at least one of -----------------------------------------------


def test_all_violations_are_reported_at_once_with_vendor_messages() -> None:
    payload = {
        "candidate_id": "not-a-uuid",
        "status": "maybe",
        "stauts": "hired",
        "tags": ["ok", 3],
    }
    violations = hirempire.validate("update_candidate", payload)
    assert found(violations) == {
        ("/candidate_id", "format"),
        ("/status", "enum"),
        ("/stauts", "unknown_field"),
        ("/tags/1", "type"),
    }
    assert message(violations, "/candidate_id") == "candidate_id is required and must be a UUID"
    assert message(violations, "/status").startswith("status must be one of: applied, screening")
    assert message(violations, "/stauts") == "'stauts' is not a field here; did you mean 'status'?"
    assert message(violations, "/tags/1") == "must be a string (got an integer)"


def test_missing_required_field_is_pointed_at_where_it_belongs() -> None:
    violations = hirempire.validate("update_candidate", {"status": "hired"})
    assert [(v.pointer, v.rule, v.message) for v in violations] == [
        ("/candidate_id", "required", "candidate_id is required and must be a UUID")
    ]


def test_at_least_one_updatable_field() -> None:
    violations = hirempire.validate("update_candidate", {"candidate_id": UUID})
    assert [(v.pointer, v.rule, v.message) for v in violations] == [
        ("", "at_least_one_of", "At least one updatable field must be provided")
    ]
    # null is a value: "Pass null to clear" counts as an update.
    assert hirempire.validate("update_candidate", {"candidate_id": UUID, "pool_stage": None}) == []


def test_null_only_where_the_spec_allows_it() -> None:
    assert (
        hirempire.validate("update_candidate", {"candidate_id": UUID, "note_to_candidate": None})
        == []
    )
    violations = hirempire.validate("update_candidate", {"candidate_id": UUID, "status": None})
    assert found(violations) == {("/status", "type")}
    assert message(violations, "/status") == "must be a string (got null)"


def test_payload_is_never_modified() -> None:
    payload = {"candidate_id": "bad", "status": "maybe", "extra": {"nested": [1, 2]}, "tags": ["x"]}
    before = copy.deepcopy(payload)
    hirempire.validate("update_candidate", payload)
    assert payload == before and list(payload) == list(before)


def test_a_payload_that_is_not_an_object() -> None:
    for payload in ([], "x", 3, None, True):
        assert [(v.pointer, v.rule) for v in hirempire.validate("update_candidate", payload)] == [
            ("", "type")
        ]


def test_validate_names_unknown_operations_and_parts() -> None:
    with pytest.raises(ValueError, match="unknown operation 'nope'; known: update_candidate"):
        hirempire.validate("nope", {})
    with pytest.raises(ValueError, match="list_candidates has no request body"):
        talynce.validate("list_candidates", {}, part="body")


def test_pointer_tokens_are_escaped() -> None:
    violations = hirempire.validate(
        "update_candidate", {"candidate_id": UUID, "tags": [], "a/b~c": 1}
    )
    assert found(violations) == {("/a~1b~0c", "unknown_field")}


# -- Paradox: rules, unions, limits, codes -------------------------------------------------------------------

ALERT = {"action": "interview", "interview_duration": 30, "interview_type": 1}


def alert(**fields: Any) -> list[Violation]:
    return paradox.validate("send_interview_alerts", {**ALERT, **fields})


def test_alert_minimum_is_valid_and_required_fields_are_enforced() -> None:
    assert alert() == []
    violations = paradox.validate("send_interview_alerts", {})
    assert found(violations) == {
        ("/action", "required"),
        ("/interview_duration", "required"),
        ("/interview_type", "required"),
    }


@pytest.mark.parametrize(
    ("duration", "rule"),
    [
        (4, "minimum"),
        (5, None),
        (415, None),
        (416, "maximum"),
        (30.0, None),
        (30.5, "type"),
        (True, "type"),
        ("30", "type"),
    ],
)
def test_interview_duration_range(duration: object, rule: str | None) -> None:
    violations = alert(interview_duration=duration)
    assert found(violations) == ({("/interview_duration", rule)} if rule else set())


def test_numeric_codes_are_named_in_messages() -> None:
    violations = alert(interview_type=0)
    text = message(violations, "/interview_type")
    assert text == (
        "must be one of the 19 allowed values "
        "(1 (IN_PERSON_INTERVIEW), 2 (PHONE_INTERVIEW), 3 (IN_PERSON_MEETING), ...; see the docs)"
    )


def test_interview_segments_only_with_a_sequential_type() -> None:
    violations = alert(interview_segments=[{}])
    assert found(violations) == {("/interview_segments", "allowed_only_when")}
    for sequential in (5, 6, 15):
        assert alert(interview_type=sequential, interview_segments=[{}]) == []


def test_status_map_name_required_when_the_map_is_used() -> None:
    for flag in (True, "true"):
        assert found(alert(use_paradox_status_map=flag)) == {("/status_map_name", "required_when")}
    assert alert(use_paradox_status_map=False) == []
    assert alert(use_paradox_status_map=True, status_map_name="Hired") == []
    update = paradox.validate("update_candidate", {"use_paradox_status_map": True})
    assert found(update) == {
        ("/status_map_name", "required_when"),
        ("/status_map_ex_id", "required_when"),
    }


def test_round_robin_groups_hold_at_most_25_interviewers() -> None:
    assert alert(interview_team=",".join(f"u_{i}" for i in range(25))) == []
    violations = alert(interview_team=",".join(f"u_{i}" for i in range(26)))
    assert [(v.pointer, v.rule, v.message) for v in violations] == [
        ("/interview_team", "max_entries", "It can have up to a maximum of 25 interviewers")
    ]


def test_interviewers_as_a_comma_separated_list_or_an_array() -> None:
    assert alert(interviewer_emails="a@example.com,b@example.com") == []
    assert (
        alert(interviewer_emails=["a@example.com", {"email": "b@example.com", "optional": True}])
        == []
    )
    wrong = alert(interviewer_emails=42)
    assert [(v.pointer, v.rule, v.message) for v in wrong] == [
        ("/interviewer_emails", "type", "must be a string or an array (got an integer)")
    ]
    # The closest form is reported: an array whose string item is too long, not "must be a string".
    too_long = alert(interviewer_emails=["x" * 256])
    assert found(too_long) == {("/interviewer_emails/0", "max_length")}
    assert found(alert(interviewer_emails="a," + "x" * 256)) == {("/interviewer_emails", "pattern")}


def test_resume_is_base64_and_under_10_mib() -> None:
    assert alert(resume=base64.b64encode(b"%PDF-1.7 ...").decode()) == []
    assert found(alert(resume="not base64!")) == {("/resume", "format")}
    big = base64.b64encode(b"\0" * (10 * 1024 * 1024)).decode()
    violations = alert(resume=big)
    assert [(v.pointer, v.rule, v.message) for v in violations] == [
        ("/resume", "max_bytes", "Must be <10mb")
    ]


def test_max_lengths_count_characters_not_bytes() -> None:
    assert alert(first_name="é" * 50) == []
    assert found(alert(first_name="é" * 51)) == {("/first_name", "max_length")}
    assert (
        message(alert(first_name="x" * 51), "/first_name")
        == "must be at most 50 characters long (got 51)"
    )


# -- Spott and Talynce: nested objects, formats, long enums, parameters ----------------------------------------


def test_nested_pointers_and_formats() -> None:
    payload = {
        "emails": [
            {"email": "a@example.com", "isPrimary": True},
            {"email": "b@example.com", "isPrimary": "yes"},
        ],
        "dateOfBirth": "15/05/1990",
        "gender": None,
    }
    violations = spott.validate("update_candidate", payload)
    assert found(violations) == {("/emails/1/isPrimary", "type"), ("/dateOfBirth", "format")}
    assert message(violations, "/dateOfBirth").startswith("must be a date-time (RFC 3339")


def test_long_enums_are_abbreviated() -> None:
    violations = spott.validate("update_candidate", {"nationality": ["Amercian"]})
    text = message(violations, "/nationality/0")
    assert (
        text
        == "must be one of the 194 allowed values ('Afghan', 'Albanian', 'Algerian', ...; see the docs)"
    )


def test_nested_required_if_present() -> None:
    assert talynce.validate("update_candidate", {}) == []
    violations = talynce.validate("update_candidate", {"application": {"status": "Applied"}})
    assert found(violations) == {("/application/job_id", "required")}
    assert talynce.validate("update_candidate", {"application": {"job_id": UUID}}) == []


def test_create_requires_name_and_email_but_update_does_not() -> None:
    assert found(talynce.validate("create_candidate", {})) == {
        ("/full_name", "required"),
        ("/email", "required"),
    }
    assert talynce.validate("update_candidate", {"full_name": "Jane"}) == []


def test_query_and_path_parameters() -> None:
    assert talynce.validate("list_candidates", {"limit": 100, "offset": 0}, part="query") == []
    violations = talynce.validate(
        "list_candidates", {"limit": 0, "offset": -1, "page": 2}, part="query"
    )
    assert found(violations) == {
        ("/limit", "minimum"),
        ("/offset", "minimum"),
        ("/page", "unknown_field"),
    }
    assert talynce.validate("get_candidate", {"id": UUID}, part="path") == []
    assert found(talynce.validate("get_candidate", {}, part="path")) == {("/id", "required")}


# -- robustness ---------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
OPERATIONS = [
    (module, op, part)
    for module in (hirempire, paradox, spott, talynce)
    for op in module.OPERATIONS
    for part in ("body", "query", "path")
    if (op, part) in module.validators._ENTRY_POINTS
]


@pytest.mark.parametrize(
    ("module", "operation", "part"), OPERATIONS, ids=lambda x: getattr(x, "__name__", x)
)
@settings(max_examples=60, deadline=None)
@given(payload=json_values | st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_any_json_gets_a_list_of_violations_never_an_exception(
    module: Any, operation: str, part: str, payload: Any
) -> None:
    violations = module.validate(operation, payload, part)
    assert isinstance(violations, list) and all(isinstance(v, Violation) for v in violations)
    for violation in violations:
        assert violation.pointer == "" or violation.pointer.startswith("/")
        assert violation.message and "\n" not in violation.rule
    json.dumps([v.pointer for v in violations])


@pytest.mark.parametrize(
    ("typo", "suggested"),
    [
        ("stauts", "status"),  # two letters swapped
        ("Status", "status"),  # case
        ("tag", "tags"),  # a letter dropped
        ("poolStage", "pool_stage"),  # camelCase for snake_case
        ("note-to-candidate", "note_to_candidate"),
        ("colour", None),  # nothing close: no hint
    ],
)
def test_unknown_fields_suggest_the_closest_field(typo: str, suggested: str | None) -> None:
    violations = hirempire.validate("update_candidate", {"candidate_id": UUID, "tags": [], typo: 1})
    text = message(violations, "/" + typo)
    hint = f"; did you mean {suggested!r}?" if suggested else ""
    assert text == f"{typo!r} is not a field here{hint}"


def test_importing_a_vendor_module_loads_nothing_heavy() -> None:
    """Validators must be cheap to import: no typing, re, dataclasses, httpx, pydantic or asyncio."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    heavy = (
        "typing",
        "re",
        "dataclasses",
        "functools",
        "httpx",
        "pydantic",
        "asyncio",
        "ipaddress",
    )
    probe = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'generated')!r}); import ats_sdk.paradox; "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", probe], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(float("nan"), "NaN"), (float("inf"), "Infinity"), (float("-inf"), "-Infinity")],
)
def test_numbers_json_cannot_carry_are_rejected(value: float, shown: str) -> None:
    body = {"full_name": "Ada", "email": "ada@example.com", "current_ctc": value}
    [violation] = talynce.validate("create_candidate", body)
    assert (violation.pointer, violation.rule) == ("/current_ctc", "type")
    assert violation.message == f"must be a number or null (got {shown}, which JSON cannot carry)"


@pytest.mark.parametrize("value", [0, -1, 10**400, 1.5, -0.0, 1e308])
def test_every_json_number_is_a_number(value: float) -> None:
    body = {"full_name": "Ada", "email": "ada@example.com", "current_ctc": value}
    assert talynce.validate("create_candidate", body) == []
