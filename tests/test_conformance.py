"""The official JSON-Schema-Test-Suite cases, run through generated validators.

For every keyword the validators support, each case's schema is read into the intermediate form, compiled
to a generated validator, and every test's data must get the verdict the suite states. The cases are read
from ../shared/jsts (not copied into the project); without that folder the tests are skipped, saying why.
Groups that use a keyword the validators do not implement are skipped with the keyword named.

Formats are asserted (not only annotated): date, date-time, email and uuid cases run too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.ecma_regex import UnsupportedPattern
from generator.emit.json_schema import Exporter
from generator.schema_import import Unsupported, from_json_schema
from tests.compile import compile_schema
from tests.conftest import SHARED_DIR

JSTS = SHARED_DIR / "jsts"
CASE_FILES = sorted(JSTS.glob("*.json")) + sorted(JSTS.glob("optional/format/*.json"))


def _groups() -> list[Any]:
    if not JSTS.is_dir():
        return [
            pytest.param(
                None, id="jsts-missing", marks=pytest.mark.skip(reason=f"{JSTS} is not present")
            )
        ]
    params = []
    for path in CASE_FILES:
        name = path.relative_to(JSTS).as_posix().removesuffix(".json")
        for index, group in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            params.append(pytest.param(group, id=f"{name}[{index}] {group['description']}"))
    return params


@pytest.mark.parametrize("group", _groups())
def test_suite_group(group: dict[str, Any]) -> None:
    try:
        schema = from_json_schema(group["schema"])
        check = compile_schema(schema)
    except (Unsupported, UnsupportedPattern) as exc:
        pytest.skip(f"not supported by the generated validators: {exc}")
    failures = []
    for case in group["tests"]:
        violations = check(case["data"])
        if (not violations) != case["valid"]:
            failures.append(
                f"{case['description']}: expected valid={case['valid']}, got {violations}"
            )
    assert not failures, "\n".join(failures)


def test_supported_groups_are_the_large_majority() -> None:
    """Guards against the suite silently skipping: most groups must be runnable."""
    if not JSTS.is_dir():
        pytest.skip(f"{JSTS} is not present")
    runnable = skipped = 0
    for path in CASE_FILES:
        for group in json.loads(path.read_text(encoding="utf-8")):
            try:
                from_json_schema(group["schema"])
                runnable += 1
            except Unsupported:
                skipped += 1
    assert runnable >= 80 and skipped <= runnable // 4, (runnable, skipped)


@pytest.mark.parametrize("group", _groups())
def test_export_round_trips(group: dict[str, Any]) -> None:
    """Reading a schema into the IR and exporting it again gives a schema with the same meaning."""
    try:
        schema = from_json_schema(group["schema"])
    except Unsupported as exc:
        pytest.skip(str(exc))
    exported = Exporter(use_refs=False).schema(schema)
    assert from_json_schema(exported) == schema


def test_cases_folder_layout_is_as_documented() -> None:
    if not JSTS.is_dir():
        pytest.skip(f"{JSTS} is not present")
    assert (JSTS / "README.md").is_file() and len(CASE_FILES) == 23, [p.name for p in CASE_FILES]
