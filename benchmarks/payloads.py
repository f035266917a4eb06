"""The payloads the validator suite times: typical valid, large valid and invalid request bodies.

- typical: each operation's documented example from its spec (the body `example`), or, where the vendor
  page gives none (both Paradox operations), a realistic hand-written body;
- large: a Spott update with long arrays of nested objects, Paradox interview alerts with many interviewers
  (string and object forms, so the `anyOf` unions are exercised), and a Paradox update carrying a base64
  resume of several MiB;
- invalid: one body per operation with several violations of different kinds (type, enum, format, range,
  required, unknown field, cross-field rule).

Every library is first checked to agree on which are valid (see `validation.check_agreement`).
"""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass
from typing import Any

from benchmarks._common import SPECS_DIR


@dataclass(frozen=True)
class Case:
    kind: str  # "typical", "large" or "invalid"
    vendor: str
    operation: str
    label: str
    payload: Any

    @property
    def name(self) -> str:
        return f"{self.vendor}.{self.operation}" + (f" ({self.label})" if self.label else "")

    @property
    def size(self) -> int:
        return len(json.dumps(self.payload, ensure_ascii=False).encode("utf-8"))


def spec_examples() -> dict[tuple[str, str], Any]:
    """The documented request body example of each operation that has one, from the specs."""
    from generator.load import discover, load

    loaded = load(discover(SPECS_DIR))
    if not loaded.ok:
        raise SystemExit("benchmarks: the specs do not load; run `atsgen lint`")
    examples = {}
    for vendor in loaded.vendors:
        for operation in vendor.operations:
            body = operation.request.body
            if body is not None and body.has_example:
                examples[(vendor.id, operation.id)] = body.example
    return examples


PARADOX_ALERTS = {
    "OID": 48211973,
    "job_application_id": "JA-2024-55812",
    "action": "interview",
    "interview_duration": 45,
    "interview_type": 7,
    "interviewer_emails": "maria.chen@example.com,d.okafor@example.com",
    "interviewer_ex_ids": ["e5464656", "2523525"],
    "interview_team": "u_1234,2523525,recruiting@example.com",
    "interview_jobloc_code": "DAL-017",
    "interview_instructions": "Join with the link in your invitation five minutes early; bring a photo ID.",
    "interview_owner_email": "maria.chen@example.com",
    "generate_virtual_url": True,
    "private": 0,
    "first_name": "Ana",
    "last_name": "Lopez",
    "phone": "+12144930945",
    "email": "ana.lopez@example.com",
    "job_title": "Store Associate",
    "job_req_id": "REQ-88123",
    "job_loc_code": "DAL-017",
    "candidate_journey": "Hourly Retail",
    "candidate_journey_status": "Interview: Scheduled",
    "use_paradox_status_map": "true",
    "status_map_name": "Interview Scheduled",
    "primary_contact_method": "3",
}

PARADOX_UPDATE = {
    "name": "Ana Lopez",
    "email": "ana.lopez@example.com",
    "phone": "+12144930945",
    "status": "1",
    "location": "Dallas, TX",
    "ex_step": "Interview",
    "ex_status": "Scheduled",
    "job_req_id": "REQ-88123",
    "job_title": "Store Associate",
    "primary_contact_method": "3",
    "audience_type": "Blue Collar",
    "language_preference": "es",
    "candidate_attribute_data": {
        "shift": "nights",
        "referral_source": "job fair",
        "store": "DAL-017",
    },
    "use_paradox_status_map": True,
    "status_map_name": "Interview Scheduled",
    "status_map_ex_id": "INT_SCHED",
}


def _spott_large(example: dict[str, Any]) -> dict[str, Any]:
    """The Spott example with every array made long: the shape of a bulk profile sync."""
    rng = random.Random(3)
    payload = dict(example)
    nationalities = _spott_nationalities()
    payload["languages"] = [
        {
            "language": f"Language {i}",
            "id": f"clxkq1qyr{i:04d}t7t6h1g1g1g1",
            "fluency": "Professional working",
        }
        for i in range(200)
    ]
    payload["nationality"] = nationalities
    payload["status"] = ["actively_looking", "do_not_poach"]
    payload["locations"] = [
        {
            "type": "primary_home" if i == 0 else "other",
            "street1": f"{100 + i} Main Street",
            "street2": f"Suite {i}",
            "postalCode": f"{10000 + i}",
            "city": "Springfield",
            "region": "Midwest",
            "state": "IL",
            "country": "US",
            "latitude": rng.uniform(-90, 90),
            "longitude": rng.uniform(-180, 180),
        }
        for i in range(500)
    ]
    payload["socialMedia"] = [
        {"url": f"https://social.example.com/u/{i}", "type": "LINKEDIN", "isPrimary": i == 0}
        for i in range(300)
    ]
    payload["emails"] = [
        {
            "purpose": "work" if i % 2 else "personal",
            "email": f"jsmith{i}@example.com",
            "isPrimary": i == 0,
        }
        for i in range(1000)
    ]
    payload["phoneNumbers"] = [
        {"purpose": "mobile", "phoneNumber": f"+1555{i:07d}", "isPrimary": i == 0}
        for i in range(1000)
    ]
    return payload


def _spott_nationalities() -> list[str]:
    from benchmarks.schemas import load

    values: list[str] = load("spott", "update_candidate")["$defs"]["nationality"]["enum"]
    return list(values)


def _paradox_many_interviewers(count: int) -> dict[str, Any]:
    payload = dict(PARADOX_ALERTS)
    # Each list in the form the page allows: plain strings, and objects (interviewers marked optional).
    payload["interviewer_emails"] = [f"interviewer{i}@example.com" for i in range(count)]
    payload["interviewer_ex_ids"] = [
        {"ex_id": f"e{i:07d}", "optional": i % 3 == 0} if i % 2 else f"e{i:07d}"
        for i in range(count)
    ]
    payload["interviewer_ids"] = [f"u_{i}" for i in range(count)]
    payload["interview_team"] = ",".join(f"u_{i}" for i in range(25))
    payload["alternate_interview_team"] = ",".join(f"team{i}@example.com" for i in range(25))
    return payload


def _resume(size: int) -> str:
    """Base64 of `size` pseudo-random bytes (a stand-in for a PDF: incompressible, every alphabet symbol)."""
    return base64.b64encode(random.Random(7).randbytes(size)).decode("ascii")


def cases(*, quick: bool) -> list[Case]:
    examples = spec_examples()
    typical: dict[tuple[str, str], Any] = {
        ("paradox", "send_interview_alerts"): PARADOX_ALERTS,
        ("paradox", "update_candidate"): PARADOX_UPDATE,
        **examples,
    }
    out = [
        Case("typical", v, o, "spec example" if (v, o) in examples else "", p)
        for (v, o), p in sorted(typical.items())
    ]

    interviewers = 200 if quick else 1000
    resume_bytes = (1 if quick else 5) * 1024 * 1024
    out += [
        Case(
            "large",
            "spott",
            "update_candidate",
            "long arrays",
            _spott_large(examples[("spott", "update_candidate")]),
        ),
        Case(
            "large",
            "paradox",
            "send_interview_alerts",
            f"{interviewers} interviewers x3 lists",
            _paradox_many_interviewers(interviewers),
        ),
        Case(
            "large",
            "paradox",
            "update_candidate",
            f"{resume_bytes >> 20} MiB base64 resume",
            {**PARADOX_UPDATE, "resume": _resume(resume_bytes)},
        ),
    ]

    out += [
        Case(
            "invalid",
            "hirempire",
            "update_candidate",
            "5 problems",
            {
                "candidate_id": "8fc4ea3c-ecc4-4a92-96fd",  # format: not a UUID
                "status": "archived",  # enum
                "tags": "python",  # type: not an array
                "pool_stage": "lukewarm",  # enum
                "note": "call back on Monday",  # unknown field
            },
        ),
        Case(
            "invalid",
            "paradox",
            "send_interview_alerts",
            "8 problems",
            {
                **{
                    k: v
                    for k, v in PARADOX_ALERTS.items()
                    if k not in ("interview_type", "status_map_name")
                },
                "action": "delete",  # enum
                "interview_duration": 2,  # minimum
                "interviewer_ids": ["u_636", "u_12345678901"],  # maxLength of an anyOf branch
                "private": 3,  # enum
                "interview_segments": [{"duration": 30}],  # allowed only for sequential types
                "notes": "call first",  # unknown field
            },  # and: interview_type missing (required), status_map_name missing (required_when)
        ),
        Case(
            "invalid",
            "paradox",
            "update_candidate",
            "6 problems",
            {
                **{
                    k: v
                    for k, v in PARADOX_UPDATE.items()
                    if k not in ("status_map_name", "status_map_ex_id")
                },
                "status": "7",  # enum
                "email": 42,  # type
                "candidate_attribute_data": {
                    "shift": 2,
                    "store": "DAL-017",
                },  # additional value type
                "nmae": "Ana Lopez",  # unknown field (a typo)
            },  # and: status_map_name and status_map_ex_id missing (required_when)
        ),
        Case(
            "invalid",
            "spott",
            "update_candidate",
            "7 problems",
            {
                **examples[("spott", "update_candidate")],
                "gender": "unknown",  # enum
                "nationality": ["Afghan", "Martian"],  # enum
                "dateOfBirth": "1990-13-45T00:00:00Z",  # format
                "locations": [{"city": "Springfield", "latitude": "north"}],  # nested type
                "emails": [{"email": "jsmith@example.com", "isPrimary": "yes"}],  # nested type
                "compensation": {"currency": "USD", "total": 100000},  # nested unknown field
                "fullName": "John Doe",  # unknown field
            },
        ),
        Case(
            "invalid",
            "talynce",
            "create_candidate",
            "6 problems",
            {
                **{
                    k: v
                    for k, v in examples[("talynce", "create_candidate")].items()
                    if k != "full_name"
                },
                "email": None,  # type
                "total_experience_years": "six",  # type
                "last_working_day": "2024-02-30",  # format: no such day
                "application": {"status": "Applied"},  # nested required
                "skills": ["React"],  # unknown field
            },  # and: full_name missing (required)
        ),
        Case(
            "invalid",
            "talynce",
            "update_candidate",
            "6 problems",
            {
                "application": {
                    "job_id": "nope",
                    "status": "shortlisted",
                    "stage": 2,
                },  # format, unknown field
                "notice_period_days": 3.5,  # type: integer
                "in_notice_period": "no",  # type
                "primary_skills": ["React", 1],  # item type
                "current_ctc": True,  # type: a boolean is not a number
            },
        ),
    ]
    return out
