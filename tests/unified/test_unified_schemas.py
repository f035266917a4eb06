"""The declaration files' JSON Schemas work as an editor uses them: named by each file's `$schema` comment
and resolving `spec_schema.json` beside themselves, with nothing registered by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from unified.declarations import SPECS

FILES = sorted((SPECS / "unified").rglob("*.yaml"))
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SPECS).as_posix())
def test_each_declaration_names_a_schema_that_resolves_beside_itself(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = SCHEMA_LINE.search(text)
    assert match, f"{path} has no $schema line"
    schema_path = (path.parent / match[1]).resolve()

    def retrieve(uri: str) -> Resource[Any]:
        # Only files beside the schema, as an editor would read them.
        return Resource.from_contents(json.loads((schema_path.parent / uri).read_text("utf-8")))

    registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
    validator = Draft202012Validator(json.loads(schema_path.read_text("utf-8")), registry=registry)
    assert [e.message for e in validator.iter_errors(yaml.safe_load(text))] == []
    broken = {**yaml.safe_load(text), "unified_version": 2}
    assert list(validator.iter_errors(broken))
