"""`atsgen diff`: what a spec change does to callers of the generated SDK.

Classification is tested on real edits of vendor specs: each case loads a frozen copy of a spec
(tests/fixtures/diff/specs/, so an edit of specs/ cannot break these tests), applies a small textual edit
(the kind a pull request makes), and asserts that the comparison reports exactly the expected
changes, in both directions (the edit, and the edit undone: tighten and loosen, add and remove). Then the
command itself: git revisions (a scratch repository with a main branch and a feature branch, including the
default merge base), spec paths, the three output formats, --fail-on, specs that do not load, no changes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from generator import ir
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.diff import report
from generator.diff.changes import Change
from generator.diff.compare import compare
from generator.load import load_text
from tests.markdown_tables import split_row

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
# The specs the edits below apply to: frozen copies, because the edits match exact YAML text.
DIFF_SPECS = ROOT / "tests" / "fixtures" / "diff" / "specs"
B, C, D = "breaking", "compatible", "documentation"
KEYS = [
    "vendor",
    "operation",
    "location",
    "kind",
    "before",
    "after",
    "classification",
    "reason",
    "source",
]


# -- helpers ---------------------------------------------------------------------------------------------


def spec(vendor: str) -> str:
    return (DIFF_SPECS / f"{vendor}.yaml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Edit:
    """Replace the first `old` after `anchor` (so a change lands in one field of one operation)."""

    old: str
    new: str
    anchor: str = ""

    def apply(self, text: str) -> str:
        start = text.index(self.anchor) if self.anchor else 0
        at = text.find(self.old, start)
        assert at >= 0, f"{self.old!r} not found after {self.anchor!r}"
        return text[:at] + self.new + text[at + len(self.old) :]


def edited(vendor: str, *edits: Edit) -> str:
    text = spec(vendor)
    for edit in edits:
        text = edit.apply(text)
    return text


def loaded(vendor: str, text: str) -> ir.Vendor:
    diagnostics = Diagnostics()
    result = load_text(f"specs/{vendor}.yaml", text, diagnostics)
    assert result is not None, [d.headline() for d in diagnostics.errors]
    return result


def diff_texts(vendor: str, before: str, after: str) -> list[Change]:
    return compare([loaded(vendor, before)], [loaded(vendor, after)])


Row = tuple[str | None, str, str, str | None, str | None, str]
"""(operation, location, kind, before, after, classification)."""


def rows(changes: list[Change]) -> list[Row]:
    return [
        (c.operation, c.location, c.kind, c.before, c.after, c.classification.value)
        for c in changes
    ]


# -- classification of real edits, both ways ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    vendor: str
    edits: tuple[Edit, ...]
    forward: list[Row]
    backward: list[Row]


UPDATE_BODY = "  update_candidate:\n"
CREATE = "  create_candidate:\n"
ALERTS = "  send_interview_alerts:\n"
SOURCE_FIELD = (
    "          source:\n            type: string\n            default: api\n"
    "            description: Source label (default api)\n"
)

CASES: dict[str, Case] = {
    "max_length tightened / loosened": Case(
        "paradox",
        (Edit("max_length: 255", "max_length: 100", anchor="          ex_id:\n"),),
        [("send_interview_alerts", "body.ex_id", "max_length", "255", "100", B)],
        [("send_interview_alerts", "body.ex_id", "max_length", "100", "255", C)],
    ),
    "maximum lowered / raised (query parameter)": Case(
        "talynce",
        (Edit("maximum: 100", "maximum: 50", anchor="        limit:\n"),),
        [("list_candidates", "query.limit", "maximum", "100", "50", B)],
        [("list_candidates", "query.limit", "maximum", "50", "100", C)],
    ),
    "max_bytes lowered / raised": Case(
        "paradox",
        (Edit("max_bytes: 10485759", "max_bytes: 5242880"),),
        [("send_interview_alerts", "body.resume", "max_bytes", "10485759", "5242880", B)],
        [("send_interview_alerts", "body.resume", "max_bytes", "5242880", "10485759", C)],
    ),
    "max_entries lowered / raised": Case(
        "paradox",
        (Edit("max_entries: 25", "max_entries: 10", anchor="          interview_team:\n"),),
        [("send_interview_alerts", "body.interview_team", "max_entries", "25", "10", B)],
        [("send_interview_alerts", "body.interview_team", "max_entries", "10", "25", C)],
    ),
    "max_length inside a union's array items": Case(
        "paradox",
        (
            Edit(
                "description: An email address.\n                      max_length: 255",
                "description: An email address.\n                      max_length: 100",
            ),
        ),
        [
            (
                "send_interview_alerts",
                "body.interviewer_emails (array form)[] (string form)",
                "max_length",
                "255",
                "100",
                B,
            )
        ],
        [
            (
                "send_interview_alerts",
                "body.interviewer_emails (array form)[] (string form)",
                "max_length",
                "100",
                "255",
                C,
            )
        ],
    ),
    "optional field removed / added": Case(
        "talynce",
        (
            Edit(
                "          whatsapp_number:\n            type: string\n            nullable: true\n"
                "            description: WhatsApp number\n",
                "",
                anchor=UPDATE_BODY,
            ),
        ),
        [
            (
                "update_candidate",
                "body.whatsapp_number",
                "field_removed",
                "optional string or null",
                None,
                B,
            )
        ],
        [
            (
                "update_candidate",
                "body.whatsapp_number",
                "field_added",
                None,
                "optional string or null",
                C,
            )
        ],
    ),
    "field renamed, keeping its description (rule follows it)": Case(
        "hirempire",
        (
            Edit("          pool_stage:\n", "          talent_pool_stage:\n"),
            Edit("pool_stage, note_to_candidate]", "talent_pool_stage, note_to_candidate]"),
        ),
        [
            (
                "update_candidate",
                "body.talent_pool_stage",
                "field_renamed",
                "body.pool_stage",
                "body.talent_pool_stage",
                B,
            )
        ],
        [
            (
                "update_candidate",
                "body.pool_stage",
                "field_renamed",
                "body.talent_pool_stage",
                "body.pool_stage",
                B,
            )
        ],
    ),
    "field moved from body to query": Case(
        "talynce",
        (
            Edit(SOURCE_FIELD, "", anchor=UPDATE_BODY),
            Edit(
                "          description: Candidate id\n      body:\n        description: Candidate object (partial)",
                "          description: Candidate id\n      query:\n"
                + SOURCE_FIELD.replace("          ", "        ", 1).replace(
                    "\n            ", "\n          "
                )
                + "      body:\n        description: Candidate object (partial)",
                anchor=UPDATE_BODY,
            ),
        ),
        [("update_candidate", "query.source", "field_moved", "body.source", "query.source", B)],
        [("update_candidate", "body.source", "field_moved", "query.source", "body.source", B)],
    ),
    "field moved into a nested object (a shared definition)": Case(
        "talynce",
        (
            Edit(SOURCE_FIELD, "", anchor=UPDATE_BODY),
            Edit(
                "        description: Application notes\n",
                "        description: Application notes\n"
                + SOURCE_FIELD.replace("          ", "      ", 1).replace(
                    "\n            ", "\n        "
                ),
            ),
        ),
        [
            (
                "create_candidate",
                "body.application.source",
                "field_added",
                None,
                "optional string",
                C,
            ),
            (
                "update_candidate",
                "body.application.source",
                "field_moved",
                "body.source",
                "body.application.source",
                B,
            ),
        ],
        [
            (
                "create_candidate",
                "body.application.source",
                "field_removed",
                "optional string",
                None,
                B,
            ),
            (
                "update_candidate",
                "body.source",
                "field_moved",
                "body.application.source",
                "body.source",
                B,
            ),
        ],
    ),
    "enum value added / removed": Case(
        "hirempire",
        (Edit("not_interested]", "not_interested, archived]"),),
        [("update_candidate", "body.pool_stage", "enum_value_added", None, '"archived"', C)],
        [("update_candidate", "body.pool_stage", "enum_value_removed", '"archived"', None, B)],
    ),
    "enum value added to a definition used by request and response": Case(
        "spott",
        (Edit("      - Zimbabwean\n", "      - Zimbabwean\n      - Kosovar\n"),),
        [
            ("update_candidate", "body.nationality[]", "enum_value_added", None, '"Kosovar"', C),
            (
                "update_candidate",
                "responses.200.nationality.nationality[]",
                "enum_value_added",
                None,
                '"Kosovar"',
                C,
            ),
        ],
        [
            ("update_candidate", "body.nationality[]", "enum_value_removed", '"Kosovar"', None, B),
            (
                "update_candidate",
                "responses.200.nationality.nationality[]",
                "enum_value_removed",
                '"Kosovar"',
                None,
                C,
            ),
        ],
    ),
    "field made required / optional": Case(
        "talynce",
        (
            Edit(
                "          location:\n            type: string\n            nullable: true\n",
                "          location:\n            type: string\n            nullable: true\n"
                "            required: true\n",
                anchor=CREATE,
            ),
        ),
        [("create_candidate", "body.location", "required", "false", "true", B)],
        [("create_candidate", "body.location", "required", "true", "false", C)],
    ),
    "field made nullable / non-nullable through a ref": Case(
        "spott",
        (
            Edit(
                "            ref: compensation\n",
                "            ref: compensation\n            nullable: true\n",
            ),
        ),
        [("update_candidate", "body.compensation", "nullable", "false", "true", C)],
        [("update_candidate", "body.compensation", "nullable", "true", "false", B)],
    ),
    "type narrowed / widened": Case(
        "talynce",
        (
            Edit(
                "          total_experience_years:\n            type: number",
                "          total_experience_years:\n            type: integer",
                anchor=CREATE,
            ),
        ),
        [
            (
                "create_candidate",
                "body.total_experience_years",
                "type",
                "number",
                "integer",
                B,
            )
        ],
        [
            (
                "create_candidate",
                "body.total_experience_years",
                "type",
                "integer",
                "number",
                C,
            )
        ],
    ),
    "integer format int32 -> int64 / back": Case(
        "paradox",
        (
            Edit(
                "          interview_jobloc_id:\n            type: integer\n            format: int32",
                "          interview_jobloc_id:\n            type: integer\n            format: int64",
            ),
        ),
        [("send_interview_alerts", "body.interview_jobloc_id", "format", "int32", "int64", C)],
        [("send_interview_alerts", "body.interview_jobloc_id", "format", "int64", "int32", B)],
    ),
    "pattern removed / added": Case(
        "paradox",
        (Edit('                pattern: "^[^,]{0,10}(,[^,]{0,10})*$"\n', ""),),
        [
            (
                "send_interview_alerts",
                "body.interviewer_ids (string form)",
                "pattern",
                "^[^,]{0,10}(,[^,]{0,10})*$",
                None,
                C,
            )
        ],
        [
            (
                "send_interview_alerts",
                "body.interviewer_ids (string form)",
                "pattern",
                None,
                "^[^,]{0,10}(,[^,]{0,10})*$",
                B,
            )
        ],
    ),
    "cross-field rule condition narrowed / widened": Case(
        "paradox",
        (Edit("in: [5, 6, 15]}", "in: [5, 6]}"),),
        [
            (
                "send_interview_alerts",
                "body (rules)",
                "rule_condition",
                "interview_type is one of 5 (SEQUENTIAL_INTERVIEW), 6 (SEQUENTIAL_MEETING), 15 (SEQUENTIAL_SESSION)",
                "interview_type is one of 5 (SEQUENTIAL_INTERVIEW), 6 (SEQUENTIAL_MEETING)",
                B,
            )
        ],
        [
            (
                "send_interview_alerts",
                "body (rules)",
                "rule_condition",
                "interview_type is one of 5 (SEQUENTIAL_INTERVIEW), 6 (SEQUENTIAL_MEETING)",
                "interview_type is one of 5 (SEQUENTIAL_INTERVIEW), 6 (SEQUENTIAL_MEETING), 15 (SEQUENTIAL_SESSION)",
                C,
            )
        ],
    ),
    "cross-field rule removed / added": Case(
        "paradox",
        (
            Edit(
                "        rules:\n          - rule: required_when\n            fields: [status_map_name, status_map_ex_id]\n"
                "            when: {field: use_paradox_status_map, equals: true}\n",
                "",
            ),
        ),
        [
            (
                "update_candidate",
                "body (rules)",
                "rule_removed",
                "status_map_name, status_map_ex_id are required when use_paradox_status_map is true",
                None,
                C,
            )
        ],
        [
            (
                "update_candidate",
                "body (rules)",
                "rule_added",
                None,
                "status_map_name, status_map_ex_id are required when use_paradox_status_map is true",
                B,
            )
        ],
    ),
    "base URL changed": Case(
        "hirempire",
        (Edit("url: https://api.hirempire.com/v1\n", "url: https://api.hirempire.com/v2\n"),),
        [
            (
                None,
                "environments.production",
                "base_url",
                "https://api.hirempire.com/v1",
                "https://api.hirempire.com/v2",
                B,
            )
        ],
        [
            (
                None,
                "environments.production",
                "base_url",
                "https://api.hirempire.com/v2",
                "https://api.hirempire.com/v1",
                B,
            )
        ],
    ),
    "auth header changed": Case(
        "spott",
        (Edit("    header: x-api-key\n", "    header: X-Spott-Key\n"),),
        [(None, "auth.api_key", "header", "x-api-key", "X-Spott-Key", B)],
        [(None, "auth.api_key", "header", "X-Spott-Key", "x-api-key", B)],
    ),
    "auth environment variable renamed": Case(
        "hirempire",
        (Edit("token: HIREMPIRE_API_TOKEN", "token: HIREMPIRE_TOKEN"),),
        [
            (
                None,
                "auth.bearer",
                "env_var",
                "token: HIREMPIRE_API_TOKEN",
                "token: HIREMPIRE_TOKEN",
                B,
            )
        ],
        [
            (
                None,
                "auth.bearer",
                "env_var",
                "token: HIREMPIRE_TOKEN",
                "token: HIREMPIRE_API_TOKEN",
                B,
            )
        ],
    ),
    "description changed only": Case(
        "talynce",
        (
            Edit(
                "          description: Name or email\n", "          description: Name or e-mail\n"
            ),
        ),
        [
            (
                "list_candidates",
                "query.search",
                "description",
                "Name or email",
                "Name or e-mail",
                D,
            )
        ],
        [
            (
                "list_candidates",
                "query.search",
                "description",
                "Name or e-mail",
                "Name or email",
                D,
            )
        ],
    ),
    "default changed (never applied: documentation)": Case(
        "paradox",
        (
            Edit(
                "default: false",
                "default: true",
                anchor="          generate_virtual_url:\n",
            ),
        ),
        [
            (
                "send_interview_alerts",
                "body.generate_virtual_url",
                "default",
                "false",
                "true",
                D,
            )
        ],
        [
            (
                "send_interview_alerts",
                "body.generate_virtual_url",
                "default",
                "true",
                "false",
                D,
            )
        ],
    ),
    "python_name changed": Case(
        "hirempire",
        (
            Edit(
                "            required: true\n            description: The candidate to update.\n",
                "            required: true\n            python_name: candidate\n"
                "            description: The candidate to update.\n",
            ),
        ),
        [("update_candidate", "body.candidate_id", "python_name", "candidate_id", "candidate", B)],
        [("update_candidate", "body.candidate_id", "python_name", "candidate", "candidate_id", B)],
    ),
    "wire name becomes known / unknown (placeholder key replaced)": Case(
        "paradox",
        (
            Edit(
                "          custom_interview_type_id:\n            type: string\n"
                "            description: The API ID of the custom interview type\n            confidence: unknown\n",
                "          interview_type_api_id:\n            type: string\n"
                "            description: The API ID of the custom interview type\n            confidence: found\n",
            ),
        ),
        [
            (
                "send_interview_alerts",
                "body.interview_type_api_id",
                "wire_name_known",
                "body.custom_interview_type_id",
                "body.interview_type_api_id",
                C,
            )
        ],
        [
            (
                "send_interview_alerts",
                "body.custom_interview_type_id",
                "wire_name_unknown",
                "body.interview_type_api_id",
                "body.custom_interview_type_id",
                B,
            )
        ],
    ),
    "wire name becomes unknown / known (same key)": Case(
        "paradox",
        (
            Edit(
                "confidence: inferred",
                "confidence: unknown",
                anchor="          attendee_count:\n",
            ),
        ),
        [
            (
                "send_interview_alerts",
                "body.attendee_count",
                "wire_name_unknown",
                "attendee_count",
                None,
                B,
            )
        ],
        [
            (
                "send_interview_alerts",
                "body.attendee_count",
                "wire_name_known",
                None,
                "attendee_count",
                C,
            )
        ],
    ),
    "confidence raised / lowered (provenance)": Case(
        "paradox",
        (Edit("confidence: found-2nd", "confidence: found", anchor="          ex_id:\n"),),
        [("send_interview_alerts", "body.ex_id", "confidence", "found-2nd", "found", D)],
        [("send_interview_alerts", "body.ex_id", "confidence", "found", "found-2nd", D)],
    ),
    "note added / removed": Case(
        "hirempire",
        (
            Edit(
                "    retry_safe: true\n    notes:\n",
                "    retry_safe: true\n    notes:\n      - Check scopes.\n",
            ),
        ),
        [("update_candidate", "operation", "note_added", None, "Check scopes.", D)],
        [("update_candidate", "operation", "note_removed", "Check scopes.", None, D)],
    ),
    "retry safety changed": Case(
        "hirempire",
        (Edit("    retry_safe: true\n", "    retry_safe: false\n"),),
        [("update_candidate", "operation", "retry_safe", "true", "false", C)],
        [("update_candidate", "operation", "retry_safe", "false", "true", C)],
    ),
    "response field made nullable / non-nullable": Case(
        "hirempire",
        (
            Edit(
                "            id:\n              type: string\n",
                "            id:\n              type: string\n              nullable: true\n",
            ),
        ),
        [("update_candidate", "responses.200.id", "nullable", "false", "true", B)],
        [("update_candidate", "responses.200.id", "nullable", "true", "false", C)],
    ),
    "response field removed / added": Case(
        "hirempire",
        (
            Edit(
                "            success:\n              type: boolean\n"
                "              description: Indicates if the candidate status was updated successfully\n",
                "",
            ),
        ),
        [
            (
                "update_candidate",
                "responses.200.success",
                "field_removed",
                "optional boolean",
                None,
                B,
            )
        ],
        [
            (
                "update_candidate",
                "responses.200.success",
                "field_added",
                None,
                "optional boolean",
                C,
            )
        ],
    ),
    "response field made optional / required": Case(
        "spott",
        (
            Edit(
                "            id:\n              type: string\n              required: true\n",
                "            id:\n              type: string\n",
            ),
        ),
        [("update_candidate", "responses.200.id", "required", "true", "false", B)],
        [("update_candidate", "responses.200.id", "required", "false", "true", C)],
    ),
    "pagination removed / added": Case(
        "talynce",
        (
            Edit(
                "    pagination:\n      style: offset\n      limit: limit\n      offset: offset\n"
                "      items: /data\n      total: /meta/total\n",
                "",
            ),
        ),
        [
            (
                "list_candidates",
                "pagination",
                "pagination_removed",
                "offset: limit and offset, items at /data, total at /meta/total",
                None,
                B,
            )
        ],
        [
            (
                "list_candidates",
                "pagination",
                "pagination_added",
                None,
                "offset: limit and offset, items at /data, total at /meta/total",
                C,
            )
        ],
    ),
    "documented error removed / added": Case(
        "hirempire",
        (Edit("          - message: Invalid token\n", ""),),
        [("update_candidate", "responses.401", "error_removed", "Invalid token", None, D)],
        [("update_candidate", "responses.401", "error_added", None, "Invalid token", D)],
    ),
    "error envelope code pointer removed / added": Case(
        "talynce",
        (Edit("    code: /error/code\n", ""),),
        [(None, "error_envelopes.standard", "code_pointer", "/error/code", None, B)],
        [(None, "error_envelopes.standard", "code_pointer", None, "/error/code", C)],
    ),
    "operation's accepted auth scheme dropped / added": Case(
        "paradox",
        (Edit("    auth: [oauth, basic]\n", "    auth: [oauth]\n"),),
        [("update_candidate", "auth", "auth_removed", "basic", None, B)],
        [("update_candidate", "auth", "auth_added", None, "basic", C)],
    ),
    "environment removed / added": Case(
        "paradox",
        (
            Edit(
                "    eu_staging:\n      url: https://api.stg.eu1.paradox.ai/api/v1/public\n"
                "      description: EU staging.\n      confidence: found-2nd\n      evidence: >-\n"
                "        DIGEST-A says it is in authentication.md and AE lists it too; it is not in the P-AUTH capture.\n",
                "",
            ),
        ),
        [
            (
                None,
                "environments.eu_staging",
                "environment_removed",
                "eu_staging: https://api.stg.eu1.paradox.ai/api/v1/public",
                None,
                B,
            )
        ],
        [
            (
                None,
                "environments.eu_staging",
                "environment_added",
                None,
                "eu_staging: https://api.stg.eu1.paradox.ai/api/v1/public",
                C,
            )
        ],
    ),
    "header parameter added / removed": Case(
        "talynce",
        (
            Edit(
                "    request:\n      query:\n        search:\n",
                "    request:\n      headers:\n        X-Request-Id:\n          type: string\n"
                "          description: Correlates logs.\n      query:\n        search:\n",
            ),
        ),
        [("list_candidates", "headers.X-Request-Id", "field_added", None, "optional string", C)],
        [("list_candidates", "headers.X-Request-Id", "field_removed", "optional string", None, B)],
    ),
    "documented error response removed / added": Case(
        "talynce",
        (
            Edit(
                '      "403":\n        description: Updating locked fields of a masked talent-pool candidate before it is revealed.\n'
                "        envelope: standard\n        errors:\n          - code: talent_pool_reveal_required\n"
                "            description: Updating locked fields returns talent_pool_reveal_required (403).\n"
                "        notes:\n          - >-\n            The page does not list the locked fields. Its talent-pool remark names the contact and CTC fields\n"
                "            as hidden until revealed, so those are the likely ones (INFERRED).\n",
                "",
            ),
        ),
        [
            (
                "update_candidate",
                "responses.403",
                "response_removed",
                "403: error envelope standard",
                None,
                C,
            )
        ],
        [
            (
                "update_candidate",
                "responses.403",
                "response_added",
                None,
                "403: error envelope standard",
                C,
            )
        ],
    ),
    "source document URL changed": Case(
        "talynce",
        (
            Edit(
                "    url: https://talynce.com/docs/api/candidates\n",
                "    url: https://talynce.com/docs/api/v2/candidates\n",
            ),
        ),
        [
            (
                None,
                "sources.seed-002",
                "source_url",
                "https://talynce.com/docs/api/candidates",
                "https://talynce.com/docs/api/v2/candidates",
                D,
            )
        ],
        [
            (
                None,
                "sources.seed-002",
                "source_url",
                "https://talynce.com/docs/api/v2/candidates",
                "https://talynce.com/docs/api/candidates",
                D,
            )
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_real_edit_is_classified_both_ways(name: str) -> None:
    case = CASES[name]
    before, after = spec(case.vendor), edited(case.vendor, *case.edits)
    assert rows(diff_texts(case.vendor, before, after)) == case.forward
    assert rows(diff_texts(case.vendor, after, before)) == case.backward


def test_operation_removed_and_added() -> None:
    text = spec("talynce")
    start, end = text.index("  get_candidate:\n"), text.index("  create_candidate:\n")
    without = text[:start] + text[end:]
    assert rows(diff_texts("talynce", text, without)) == [
        ("get_candidate", "operation", "operation_removed", "GET /candidates/{id}", None, B)
    ]
    assert rows(diff_texts("talynce", without, text)) == [
        ("get_candidate", "operation", "operation_added", None, "GET /candidates/{id}", C)
    ]


def test_method_change_is_breaking_and_names_its_consequences() -> None:
    after = edited(
        "talynce", Edit("    method: GET\n", "    method: POST\n", anchor="  get_candidate:\n")
    )
    assert rows(diff_texts("talynce", spec("talynce"), after)) == [
        ("get_candidate", "operation", "method", "GET", "POST", B),
        # POST is not retried by default: the method change brings that with it
        ("get_candidate", "operation", "retry_safe", "true", "false", C),
    ]


def test_every_change_cites_the_operations_source_document() -> None:
    after = edited(
        "paradox", Edit("max_length: 255", "max_length: 100", anchor="          ex_id:\n")
    )
    (change,) = diff_texts("paradox", spec("paradox"), after)
    assert change.source is not None
    assert (change.source.id, change.source.title, change.source.url) == (
        "seed-001",
        "Send interview alerts",
        "https://readme.paradox.ai/reference/send-interview-alerts",
    )
    assert change.reason == "values longer than 100 characters are now rejected"
    assert change.what() == "max_length 255 -> 100"


def test_unchanged_specs_and_reflowed_descriptions_are_no_change() -> None:
    for vendor in ("hirempire", "paradox", "spott", "talynce"):
        assert diff_texts(vendor, spec(vendor), spec(vendor)) == []
    # YAML folding: the same words over other lines, and spaces doubled, are the same description.
    reflowed = edited(
        "hirempire",
        Edit(
            "      Partial update: send only the fields you want to change. All fields except `candidate_id` are optional.",
            "      Partial update: send only the fields you want to change.\n      All   fields except `candidate_id` are optional.",
        ),
    )
    assert diff_texts("hirempire", spec("hirempire"), reflowed) == []


def test_rename_needs_a_near_equal_description() -> None:
    """A removed and an added field whose descriptions differ are two changes, not a rename."""
    after = edited(
        "talynce",
        Edit(
            "          whatsapp_number:\n            type: string\n            nullable: true\n"
            "            description: WhatsApp number\n",
            "          messenger_handle:\n            type: string\n            nullable: true\n"
            "            description: Handle on the candidate's preferred messenger\n",
            anchor=UPDATE_BODY,
        ),
    )
    assert [(r[1], r[2], r[5]) for r in rows(diff_texts("talynce", spec("talynce"), after))] == [
        ("body.messenger_handle", "field_added", C),
        ("body.whatsapp_number", "field_removed", B),
    ]


def test_rename_needs_equal_constraints() -> None:
    after = edited(
        "hirempire",
        Edit("          pool_stage:\n", "          talent_pool_stage:\n"),
        Edit("pool_stage, note_to_candidate]", "talent_pool_stage, note_to_candidate]"),
        Edit("not_interested]", "not_interested, archived]"),
    )
    kinds = [(r[1], r[2]) for r in rows(diff_texts("hirempire", spec("hirempire"), after))]
    assert ("body.talent_pool_stage", "field_added") in kinds
    assert ("body.pool_stage", "field_removed") in kinds
    assert not any(kind == "field_renamed" for _, kind in kinds)


def test_rename_tolerates_a_small_description_edit_and_reports_it() -> None:
    after = edited(
        "hirempire",
        Edit("          tags:\n", "          labels:\n"),
        Edit("tags, pool_stage", "labels, pool_stage"),
        Edit(
            "Array of free-form tags. Replaces the existing tag list.",
            "Array of free-form tags. Replaces the existing tags list.",
        ),
    )
    assert rows(diff_texts("hirempire", spec("hirempire"), after)) == [
        ("update_candidate", "body.labels", "field_renamed", "body.tags", "body.labels", B),
        (
            "update_candidate",
            "body.labels",
            "description",
            "Array of free-form tags. Replaces the existing tag list.",
            "Array of free-form tags. Replaces the existing tags list.",
            D,
        ),
    ]


def test_undescribed_fields_are_never_paired() -> None:
    """Spott's location fields have no descriptions: street2 -> street3 is a removal and an addition."""
    after = edited(
        "spott",
        Edit("      street2: {type: string}\n", "      street3: {type: string}\n"),
        Edit('"street2": "<string>"', '"street3": "<string>"'),
    )
    kinds = {
        (r[1], r[2]) for r in rows(diff_texts("spott", spec("spott"), after)) if r[1] != "body"
    }
    assert kinds == {
        ("body.locations[].street3", "field_added"),
        ("body.locations[].street2", "field_removed"),
    }


def test_changes_inside_fields_left_out_of_code_are_documentation() -> None:
    after = edited(
        "paradox",
        Edit(
            "            description: The API ID of the custom interview type\n",
            "            description: The API ID of the custom interview type\n            max_length: 64\n",
        ),
    )
    (change,) = diff_texts("paradox", spec("paradox"), after)
    assert (change.location, change.kind, change.classification.value) == (
        "body.custom_interview_type_id",
        "max_length",
        D,
    )
    assert "not in generated code" in change.reason


def test_vendor_added_and_removed() -> None:
    hirempire = loaded("hirempire", spec("hirempire"))
    assert rows(compare([], [hirempire])) == [
        (None, "vendor", "vendor_added", None, "Hirempire (update_candidate)", C)
    ]
    assert rows(compare([hirempire], [])) == [
        (None, "vendor", "vendor_removed", "Hirempire (update_candidate)", None, B)
    ]


# -- the command: paths, formats, exit status ------------------------------------------------------------


def write_specs(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for vendor, text in texts.items():
        (folder / f"{vendor}.yaml").write_text(text, encoding="utf-8")
    return folder


BASE_URL_EDIT = Edit("url: https://api.hirempire.com/v1\n", "url: https://api.hirempire.com/v2\n")
ENUM_EDIT = Edit("not_interested]", "not_interested, archived]")
DESCRIPTION_EDIT = Edit(
    "      Partial update: send only the fields",
    "      Partial update; send only the fields",
)


@pytest.fixture()
def two_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """old/ holds the real specs; new/ the same with Hirempire's base URL, an enum value and a description
    changed. Paths are relative to the working folder, as a user types them."""
    monkeypatch.chdir(tmp_path)
    real = {vendor: spec(vendor) for vendor in ("hirempire", "talynce")}
    write_specs(tmp_path / "old", real)
    write_specs(
        tmp_path / "new",
        real | {"hirempire": edited("hirempire", BASE_URL_EDIT, ENUM_EDIT, DESCRIPTION_EDIT)},
    )
    return "old", "new"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["diff", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_two_folders_text(two_folders: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, *two_folders)
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "atsgen diff: old -> new"
    assert "hirempire" in lines and "  (vendor-wide)" in lines
    assert (
        "    breaking       environments.production: base url https://api.hirempire.com/v1 -> "
        "https://api.hirempire.com/v2 (every request in the production environment now goes to "
        "https://api.hirempire.com/v2)"
    ) in lines
    assert any(
        line.startswith(
            "  update_candidate  [source: Update candidate <https://docs.hirempire.com/"
        )
        for line in lines
    )
    assert (
        '    compatible     body.pool_stage: enum value added: "archived" ("archived" is now accepted)'
        in lines
    )
    assert any(
        line.startswith('    documentation  operation: description "Partial update: send')
        for line in lines
    )
    assert lines[-1] == "3 changes: 1 breaking, 1 compatible, 1 documentation"
    assert "talynce" not in out  # unchanged vendors are not listed


def test_two_files(two_folders: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "old/hirempire.yaml", "new/hirempire.yaml")
    assert status == 0
    assert out.splitlines()[-1] == "3 changes: 1 breaking, 1 compatible, 1 documentation"


def test_a_file_against_a_folder_compares_that_vendor_only(
    two_folders: tuple[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_specs(tmp_path / "only", {"hirempire": spec("hirempire")})
    status, out, _ = run(capsys, "only/hirempire.yaml", "new")
    assert status == 0
    assert "vendor added" not in out and "talynce" not in out
    assert out.splitlines()[-1] == "3 changes: 1 breaking, 1 compatible, 1 documentation"


def test_json_structure(two_folders: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, *two_folders, "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        assert list(item) == KEYS
        assert item["classification"] in (B, C, D)
        assert all(isinstance(item[key], str) for key in ("vendor", "location", "kind", "reason"))
    assert data[0] == {
        "vendor": "hirempire",
        "operation": None,
        "location": "environments.production",
        "kind": "base_url",
        "before": "https://api.hirempire.com/v1",
        "after": "https://api.hirempire.com/v2",
        "classification": "breaking",
        "reason": "every request in the production environment now goes to https://api.hirempire.com/v2",
        "source": None,
    }
    enum_change = next(item for item in data if item["kind"] == "enum_value_added")
    assert enum_change["operation"] == "update_candidate"
    assert enum_change["location"] == "body.pool_stage"
    assert (enum_change["before"], enum_change["after"]) == (None, '"archived"')
    assert enum_change["source"] == {
        "id": "seed-004",
        "title": "Update candidate",
        "url": "https://docs.hirempire.com/developers/update-candidate",
    }
    # The description is kept whole in JSON (text and Markdown clip long values).
    description = next(item for item in data if item["kind"] == "description")
    assert description["after"].startswith("Partial update; send only the fields")
    assert description["after"].endswith("are optional.")


def test_markdown_from_the_command(
    two_folders: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, *two_folders, "--format", "markdown")
    assert status == 0
    assert out.startswith("## Spec changes: `old` → `new`\n")
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    assert headings == [
        "### Breaking changes (1)",
        "### Compatible changes (1)",
        "### Documentation changes (1)",
    ]
    assert "| hirempire | 1 | 1 | 1 |" in out
    assert (
        "#### hirempire · `update_candidate` · source: "
        "[Update candidate](https://docs.hirempire.com/developers/update-candidate)"
    ) in out


def markdown_cases() -> list[Change]:
    """A spread of real edits across vendors, for the Markdown snapshot."""
    changes: list[Change] = []
    for name in (
        "max_length tightened / loosened",
        "field renamed, keeping its description (rule follows it)",
        "field moved from body to query",
        "enum value added / removed",
        "auth header changed",
        "description changed only",
        "response field made nullable / non-nullable",
    ):
        case = CASES[name]
        changes += diff_texts(case.vendor, spec(case.vendor), edited(case.vendor, *case.edits))
    # A long group (collapsed): many enum values added to Spott's nationality at once.
    added = "".join(f"      - Nation{index}\n" for index in range(7))
    changes += diff_texts(
        "spott",
        spec("spott"),
        edited("spott", Edit("      - Zimbabwean\n", "      - Zimbabwean\n" + added)),
    )
    order = {vendor: index for index, vendor in enumerate(sorted({c.vendor for c in changes}))}
    return sorted(changes, key=lambda c: order[c.vendor])


def test_markdown_snapshot(snapshot: SnapshotAssertion) -> None:
    assert report.render_markdown(markdown_cases(), "main (merge base)", "working tree") == snapshot


def test_markdown_escapes_spec_text() -> None:
    hostile = "Pipe | <script>alert(1)</script> `tick` ** _x_ [link](http://x) &amp;\n- item"
    after = edited(
        "talynce",
        Edit(
            "          description: Name or email\n",
            f"          description: {json.dumps(hostile)}\n",
        ),
    )
    changes = diff_texts("talynce", spec("talynce"), after)
    out = report.render_markdown(changes, "a|b", "<head>")
    assert out.splitlines()[0] == "## Spec changes: <code>a\\|b</code> → `<head>`"
    assert "<script>" not in out
    (row,) = [line for line in out.splitlines() if line.startswith("| `query.search`")]
    _, change, why = split_row(row)
    assert change.startswith("description `Name or email` → <code>Pipe \\| \\<script\\>")
    assert why == "documentation only"


def test_long_markdown_groups_are_collapsed() -> None:
    out = report.render_markdown(markdown_cases(), "a", "b")
    # Spott's seven new nationalities, in the request and in the response model: one group of 14.
    assert "<details><summary>14 changes</summary>" in out
    assert out.count("<details>") == out.count("</details>") == 1


def test_breaking_changes_come_first_in_markdown() -> None:
    out = report.render_markdown(markdown_cases(), "a", "b")
    positions = [
        out.index(f"### {title} changes") for title in ("Breaking", "Compatible", "Documentation")
    ]
    assert positions == sorted(positions)


def test_text_draws_control_characters() -> None:
    after = edited(
        "talynce",
        Edit(
            "          description: Name or email\n", '          description: "Name \\e[31mred"\n'
        ),
    )
    out = report.render_text(diff_texts("talynce", spec("talynce"), after), "a", "b")
    assert "\x1b" not in out and "␛[31mred" in out


@pytest.mark.parametrize(
    ("edits", "fail_on", "status"),
    [
        ((BASE_URL_EDIT,), "breaking", 1),
        ((ENUM_EDIT,), "breaking", 0),
        ((DESCRIPTION_EDIT,), "breaking", 0),
        ((DESCRIPTION_EDIT,), "any", 1),
        ((BASE_URL_EDIT,), "none", 0),
        ((), "any", 0),
    ],
)
def test_fail_on(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    edits: tuple[Edit, ...],
    fail_on: str,
    status: int,
) -> None:
    monkeypatch.chdir(tmp_path)
    write_specs(tmp_path / "old", {"hirempire": spec("hirempire")})
    write_specs(tmp_path / "new", {"hirempire": edited("hirempire", *edits)})
    assert run(capsys, "old", "new", "--fail-on", fail_on)[0] == status


def test_default_fail_on_is_none(
    two_folders: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, *two_folders)[0] == 0


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_no_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_specs(tmp_path / "old", {"talynce": spec("talynce")})
    write_specs(tmp_path / "new", {"talynce": spec("talynce")})
    status, out, err = run(capsys, "old", "new", "--format", fmt, "--fail-on", "any")
    assert status == 0 and err == ""
    expected = {
        "text": "atsgen diff: old -> new: no changes\n",
        "markdown": "## Spec changes: `old` → `new`\n\nNo changes.\n",
        "json": "[]\n",
    }
    assert out == expected[fmt]


def test_the_real_specs_against_themselves(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, str(SPECS), str(SPECS))
    assert status == 0 and out.endswith(": no changes\n")


# -- specs that do not load, usage errors ------------------------------------------------------------------


def test_unloadable_head_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_specs(tmp_path / "old", {"hirempire": spec("hirempire")})
    write_specs(
        tmp_path / "new",
        {"hirempire": edited("hirempire", Edit("    method: PATCH\n", "    method: PATCHY\n"))},
    )
    status, out, err = run(capsys, "old", "new")
    assert status == 2 and out == ""
    assert err.startswith("atsgen diff: HEAD (new): 1 spec error; nothing compared\n")
    assert re.search(r"new/hirempire\.yaml:\d+:\d+: operations\.update_candidate\.method: ", err)
    assert "Traceback" not in err


def test_unloadable_specs_on_both_sides_are_each_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_specs(tmp_path / "old", {"hirempire": "spec_version: 1\nvendor: [\n"})
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "hirempire.yaml").write_bytes(b"spec_version: 1\nvendor: caf\xe9\n")
    status, out, err = run(capsys, "old", "new")
    assert status == 2 and out == ""
    assert "atsgen diff: BASE (old): 1 spec error" in err
    assert "atsgen diff: HEAD (new): 1 spec error" in err
    assert "new/hirempire.yaml:2:12: the file is not UTF-8 text" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch-revision", "new"], "unknown revision 'nosuch-revision' (and no such spec path)"),
        (["old", "new", "--specs-dir", "missing"], None),
        (["empty", "new"], "no specs (*.yaml) in empty/"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str | None,
) -> None:
    repo = git_repo(tmp_path / "repo", monkeypatch)
    write_specs(repo / "old", {"talynce": spec("talynce")})
    write_specs(repo / "new", {"talynce": spec("talynce")})
    (repo / "empty").mkdir()
    status, _, err = run(capsys, *args)
    if message is None:  # two paths need no specs folder
        assert status == 0
        return
    assert status == 2
    assert err == f"atsgen diff: {message}\n"


def test_revisions_outside_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for args in ([], ["main"], ["main", "HEAD"]):
        status, out, err = run(capsys, *args)
        assert status == 2 and out == ""
        assert "not a git repository: give two spec paths" in err
        assert "Traceback" not in err


def test_the_installed_command_end_to_end(tmp_path: Path) -> None:
    """As a user runs it: a real process, a broken spec on one side, then a breaking change."""
    write_specs(tmp_path / "old", {"hirempire": spec("hirempire")})
    write_specs(tmp_path / "broken", {"hirempire": "spec_version: 1\nvendor: {id: hirempire\n"})
    write_specs(tmp_path / "new", {"hirempire": edited("hirempire", BASE_URL_EDIT)})
    command = [sys.executable, "-m", "generator", "diff"]
    broken = subprocess.run(
        [*command, "old", "broken"], check=False, cwd=tmp_path, capture_output=True, text=True
    )
    assert broken.returncode == 2 and broken.stdout == ""
    assert "broken/hirempire.yaml:" in broken.stderr and "Traceback" not in broken.stderr
    result = subprocess.run(
        [*command, "old", "new", "--fail-on", "breaking", "--format", "markdown"],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and result.stderr == ""
    assert "### Breaking changes (1)" in result.stdout


def test_a_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "--format", "html"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'html'" in capsys.readouterr().err


# -- git revisions -----------------------------------------------------------------------------------------


def git_repo(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path.mkdir(parents=True)
    monkeypatch.chdir(path)
    for name, value in {
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }.items():
        monkeypatch.setenv(name, value)
    git("init", "-q", "-b", "main")
    return path


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, vendor: str, text: str, message: str) -> str:
    write_specs(repo / "specs", {vendor: text})
    git("add", "-A")
    git("commit", "-q", "-m", message)
    return git("rev-parse", "HEAD")


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: the real Hirempire spec, then a description edit made on main after the branch point;
    feature (checked out): the base URL changed; the working tree: an enum value added on top."""
    path = git_repo(tmp_path / "repo", monkeypatch)
    commit(path, "hirempire", spec("hirempire"), "spec")
    git("checkout", "-q", "-b", "feature")
    commit(path, "hirempire", edited("hirempire", BASE_URL_EDIT), "new base URL")
    git("checkout", "-q", "main")
    commit(path, "hirempire", edited("hirempire", DESCRIPTION_EDIT), "reword on main")
    git("checkout", "-q", "feature")
    write_specs(path / "specs", {"hirempire": edited("hirempire", BASE_URL_EDIT, ENUM_EDIT)})
    return path


def kinds(out: str) -> list[str]:
    return [item["kind"] for item in json.loads(out)]


def test_default_is_merge_base_to_working_tree(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--format", "json")
    assert status == 0
    # The feature's base URL and the working tree's enum value; not main's later rewording.
    assert kinds(out) == ["base_url", "enum_value_added"]
    status, out, _ = run(capsys)
    merge_base = git("merge-base", "HEAD", "main")
    assert (
        out.splitlines()[0]
        == f"atsgen diff: merge base of HEAD and main ({merge_base[:10]}) -> working tree"
    )


def test_default_base_falls_back_to_master(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = git_repo(tmp_path / "repo", monkeypatch)
    git("checkout", "-q", "-b", "master")
    commit(path, "hirempire", spec("hirempire"), "spec")
    write_specs(path / "specs", {"hirempire": edited("hirempire", ENUM_EDIT)})
    status, out, _ = run(capsys, "--format", "json")
    assert status == 0 and kinds(out) == ["enum_value_added"]


def test_no_main_branch_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = git_repo(tmp_path / "repo", monkeypatch)
    git("checkout", "-q", "-b", "trunk")
    commit(path, "hirempire", spec("hirempire"), "spec")
    status, _, err = run(capsys)
    assert status == 2
    assert (
        err
        == "atsgen diff: no main branch to compare with (tried main, origin/main, master): give BASE\n"
    )


def test_two_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "main", "feature", "--format", "json")
    assert status == 0
    # main's tip has the rewording the feature lacks: comparing tips shows it undone.
    assert kinds(out) == ["base_url", "description"]
    status, out, _ = run(capsys, "main~1", "feature", "--format", "json", "--fail-on", "breaking")
    assert status == 1 and kinds(out) == ["base_url"]


def test_one_revision_against_the_working_tree(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "HEAD", "--format", "json")
    assert status == 0 and kinds(out) == ["enum_value_added"]


def test_revisions_are_read_without_touching_the_checkout(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (
        git("rev-parse", "HEAD"),
        git("status", "--porcelain"),
        (repo / "specs" / "hirempire.yaml").read_text(),
    )
    run(capsys, "main", "feature")
    run(capsys)
    after = (
        git("rev-parse", "HEAD"),
        git("status", "--porcelain"),
        (repo / "specs" / "hirempire.yaml").read_text(),
    )
    assert before == after


def test_a_spec_that_does_not_load_at_a_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(
        repo,
        "hirempire",
        spec("hirempire").replace("    method: PATCH\n", "    method: PATCHY\n"),
        "broken",
    )
    status, out, err = run(capsys, "HEAD~1", "HEAD")
    assert status == 2 and out == ""
    assert err.startswith("atsgen diff: HEAD (HEAD (")
    assert re.search(
        r"^HEAD:specs/hirempire\.yaml:\d+:\d+: operations\.update_candidate\.method",
        err,
        re.MULTILINE,
    )
    assert "Traceback" not in err


def test_a_revision_without_specs_adds_every_vendor(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = git("hash-object", "-t", "tree", "-w", os.devnull)
    first = git("commit-tree", empty, "-m", "empty")
    status, out, _ = run(capsys, first, "HEAD", "--format", "json")
    assert status == 0 and kinds(out) == ["vendor_added"]


def test_specs_dir_option_with_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git("mv", "specs", "api-specs")
    git("commit", "-q", "-m", "move")
    status, out, _ = run(capsys, "HEAD~1", "HEAD", "--specs-dir", "api-specs", "--format", "json")
    assert status == 0 and kinds(out) == ["vendor_added"]  # HEAD~1 had no api-specs/
    status, out, _ = run(capsys, "main", "HEAD", "--specs-dir", "api-specs", "--format", "json")
    assert status == 0 and kinds(out) == ["vendor_added"]
