"""Suite 1: request validator throughput, the generated validators against JSON Schema libraries.

Every contender validates the same payload object against the same rules:

- atsgen: the generated per-operation function (`ats_sdk.<vendor>.validators.validate_<op>_body`), which
  always collects every violation (pointer, rule, message);
- fastjsonschema: compiled from the generated schema converted to draft-07 (it implements drafts 4/6/7 only;
  see `schemas.to_draft07`), `use_default=False` so it never writes defaults into the payload, formats on
  (its own `date`/`date-time`; `uuid`, which it lacks, is given the SDK's pattern; `int32` is a no-op since
  the range is in `minimum`/`maximum`). Timed twice: default first-error mode, and `fast_fail=False`, which
  collects all errors;
- jsonschema-rs: `validator_for(schema, validate_formats=True)`, `is_valid` and `list(iter_errors(...))`;
- jsonschema: `Draft202012Validator`, `list(iter_errors(...))`, without and with its FORMAT_CHECKER
  (date-time needs rfc3339-validator, in the bench extra).

Before timing, every contender must agree that the valid payloads are valid and the invalid invalid.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import payloads, schemas
from benchmarks._common import (
    Report,
    Settings,
    Table,
    compare,
    fmt_bytes,
    fmt_rate,
    fmt_ratio,
    fmt_time,
    median,
)

_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")

ATSGEN = "atsgen"
FJS = "fastjsonschema"
FJS_ALL = "fastjsonschema all"
RS_VALID = "jsonschema-rs is_valid"
RS_ERRORS = "jsonschema-rs iter_errors"
JS = "jsonschema"
JS_FMT = "jsonschema +formats"
CONTENDERS = (ATSGEN, FJS, FJS_ALL, RS_VALID, RS_ERRORS, JS, JS_FMT)
SHORT = {
    ATSGEN: "atsgen",
    FJS: "fjs",
    FJS_ALL: "fjs-all",
    RS_VALID: "rs-valid",
    RS_ERRORS: "rs-errors",
    JS: "js",
    JS_FMT: "js-fmt",
}
COLLECTS_ALL = {
    ATSGEN: True,
    FJS: False,
    FJS_ALL: True,
    RS_VALID: False,
    RS_ERRORS: True,
    JS: True,
    JS_FMT: True,
}

Check = Callable[[Any], int]
"""Validate a payload; the number of errors found (0: valid)."""


def _atsgen(vendor: str, operation: str) -> Check:
    module = importlib.import_module(f"ats_sdk.{vendor}.validators")
    function = getattr(module, f"validate_{operation}_body", None)
    if function is None:
        return lambda payload: len(module.validate(operation, payload))
    return lambda payload: len(function(payload))


def _fastjsonschema(schema: dict[str, Any], *, fast_fail: bool) -> Check:
    import fastjsonschema

    compiled = fastjsonschema.compile(
        schemas.to_draft07(schema),
        use_default=False,
        formats={"uuid": lambda v: _UUID.fullmatch(v) is not None, "int32": lambda v: True},
        fast_fail=fast_fail,
    )
    single, many = fastjsonschema.JsonSchemaValueException, fastjsonschema.JsonSchemaValuesException

    def check(payload: Any) -> int:
        try:
            compiled(payload)
        except single:
            return 1
        except many as exc:
            return len(exc.errors)
        return 0

    return check


def _jsonschema_rs(schema: dict[str, Any], *, errors: bool) -> Check:
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    if errors:
        iter_errors = validator.iter_errors
        return lambda payload: len(list(iter_errors(payload)))
    is_valid = validator.is_valid
    return lambda payload: 0 if is_valid(payload) else 1


def _jsonschema(schema: dict[str, Any], *, formats: bool) -> Check:
    from jsonschema import Draft202012Validator

    checker = Draft202012Validator.FORMAT_CHECKER if formats else None
    iter_errors = Draft202012Validator(schema, format_checker=checker).iter_errors
    return lambda payload: len(list(iter_errors(payload)))


def contenders(vendor: str, operation: str) -> dict[str, Check]:
    schema = schemas.load(vendor, operation)
    return {
        ATSGEN: _atsgen(vendor, operation),
        FJS: _fastjsonschema(schema, fast_fail=True),
        FJS_ALL: _fastjsonschema(schema, fast_fail=False),
        RS_VALID: _jsonschema_rs(schema, errors=False),
        RS_ERRORS: _jsonschema_rs(schema, errors=True),
        JS: _jsonschema(schema, formats=False),
        JS_FMT: _jsonschema(schema, formats=True),
    }


@dataclass
class Measured:
    case: payloads.Case
    errors: dict[str, int]
    seconds: dict[str, float]  # median per call


def check_agreement(case: payloads.Case, checks: dict[str, Check]) -> dict[str, int]:
    found = {name: check(case.payload) for name, check in checks.items()}
    expect_valid = case.kind != "invalid"
    wrong = [name for name, count in found.items() if (count == 0) != expect_valid]
    if wrong:
        raise SystemExit(
            f"benchmarks: {case.name} should be {'valid' if expect_valid else 'invalid'}, but {', '.join(wrong)} "
            f"disagree (errors found: {found})"
        )
    return found


def _bind(check: Check, payload: Any) -> Callable[[], int]:
    return lambda: check(payload)


def measure(settings: Settings) -> list[Measured]:
    results = []
    checkers: dict[tuple[str, str], dict[str, Check]] = {}
    cases = payloads.cases(quick=settings.quick)
    for case in cases:  # agreement first, for every case, before any timing
        key = (case.vendor, case.operation)
        if key not in checkers:
            checkers[key] = contenders(*key)
        check_agreement(case, checkers[key])
    for case in cases:
        checks = checkers[(case.vendor, case.operation)]
        errors = check_agreement(case, checks)
        payload = case.payload
        functions = {name: _bind(check, payload) for name, check in checks.items()}
        samples = compare(
            functions,
            repeats=settings.pick(11, 3),
            min_seconds=settings.pick_float(0.04, 0.004),
        )
        results.append(Measured(case, errors, {name: median(s) for name, s in samples.items()}))
    return results


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


_KIND_TITLES = {"typical": "typical valid", "large": "large valid", "invalid": "invalid"}


def tables(results: list[Measured]) -> list[Table]:
    out = []
    for kind in ("typical", "large", "invalid"):
        rows = [r for r in results if r.case.kind == kind]
        if not rows:
            continue
        headers = ["payload", "size", *(SHORT[c] for c in CONTENDERS)]
        body = [
            [r.case.name, fmt_bytes(r.case.size), *(fmt_time(r.seconds[c]) for c in CONTENDERS)]
            for r in rows
        ]
        notes = [
            "median time per call; fjs = fastjsonschema (draft-07 form; first error), fjs-all = fast_fail=False,",
            "rs = jsonschema-rs (formats on), js = jsonschema Draft202012Validator.iter_errors (-fmt: FORMAT_CHECKER)",
        ]
        if kind == "invalid":
            counts = ", ".join(
                f"{r.case.vendor}.{r.case.operation}: "
                + "/".join(str(r.errors[c]) for c in (ATSGEN, FJS_ALL, RS_ERRORS, JS_FMT))
                for r in rows
            )
            notes.append(f"errors reported (atsgen/fjs-all/rs-errors/js-fmt): {counts}")
        out.append(
            Table(
                f"Validators, {_KIND_TITLES[kind]} payloads: median per call", headers, body, notes
            )
        )

    peers = [c for c in CONTENDERS if c != ATSGEN]
    headers = ["payload", "atsgen calls/s", "atsgen MB/s", *(f"vs {SHORT[c]}" for c in peers)]
    body = []
    for r in results:
        own = r.seconds[ATSGEN]
        body.append(
            [
                f"{r.case.kind}: {r.case.name}",
                fmt_rate(1 / own),
                f"{r.case.size / own / 1e6:.1f}",
                *(fmt_ratio(r.seconds[c] / own) for c in peers),
            ]
        )
    for kind in ("typical", "large", "invalid"):
        rows = [r for r in results if r.case.kind == kind]
        if rows:
            body.append(
                [
                    f"{kind}: geometric mean",
                    "",
                    "",
                    *(
                        fmt_ratio(_geomean([r.seconds[c] / r.seconds[ATSGEN] for r in rows]))
                        for c in peers
                    ),
                ]
            )
    out.append(
        Table(
            "Validators: throughput and speed ratio (peer time / atsgen time; above 1.00x atsgen is faster)",
            headers,
            body,
        )
    )
    out.append(targets(results))
    return out


def targets(results: list[Measured]) -> Table:
    valid = [r for r in results if r.case.kind != "invalid"]
    invalid = [r for r in results if r.case.kind == "invalid"]

    def verdict(rows: list[Measured], peer: str) -> list[str]:
        ratios = [r.seconds[peer] / r.seconds[ATSGEN] for r in rows]
        slower = [
            f"{r.case.name} {fmt_ratio(x)}" for r, x in zip(rows, ratios, strict=True) if x < 1
        ]
        met = "met" if not slower else f"MISSED in {len(slower)} of {len(rows)}"
        return [met, fmt_ratio(min(ratios)), fmt_ratio(_geomean(ratios)), "; ".join(slower) or "-"]

    rows = [
        ["valid payloads: atsgen at least as fast as fastjsonschema", *verdict(valid, FJS)],
        [
            "invalid payloads: atsgen at least as fast as jsonschema-rs iter_errors",
            *verdict(invalid, RS_ERRORS),
        ],
    ]
    notes = [
        "ratio = peer median / atsgen median per call (below 1.00x atsgen is slower); atsgen collects every error"
    ]
    notes += [f"{row[0].split(':')[0]}, atsgen slower: {row[-1]}" for row in rows if row[-1] != "-"]
    return Table(
        "Validator targets",
        ["target", "verdict", "worst ratio", "geomean"],
        [row[:-1] for row in rows],
        notes,
    )


# -- what-if: where the generated validators' time goes --------------------------------------------------


def _quick_hint(key: str, known: object) -> str:
    return f"{key!r} is not a field here"


def _strict_base64(value: str) -> bool:
    import binascii

    if len(value) % 4:
        return False
    try:
        binascii.a2b_base64(value, strict_mode=True)
    except (binascii.Error, ValueError):
        return False
    return True


def run(settings: Settings, report: Report) -> list[Measured]:
    results = measure(settings)
    for table in tables(results):
        report.add(table)
    return results
