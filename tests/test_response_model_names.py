"""`models.response_model_names` names what `models.response_models` defines, for every vendor that lints
clean: the client and the spec module refer to the response classes by these names without exporting a
schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.emit import models
from generator.load import discover, load, seeds_dir
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SPEC_FOLDERS = [
    ROOT / "specs",
    ROOT / "tests" / "hostile_specs",
    *(path for path in sorted(FIXTURES.glob("*/specs")) if path.parent.name != "diff"),
    *sorted((FIXTURES / "vendors").glob("*/specs")),
]


@pytest.mark.parametrize("folder", SPEC_FOLDERS, ids=lambda path: str(path.relative_to(ROOT)))
def test_the_names_are_those_of_the_models(folder: Path) -> None:
    loaded = load(discover(folder), seeds=seeds_dir(folder))
    assert loaded.ok and loaded.vendors
    for vendor in loaded.vendors:
        named = models.response_model_names(vendor)
        defined = models.response_models(vendor)
        assert sorted(named.names) == sorted(defined.names), vendor.id
        for key, _ in defined.names:
            assert named.name(key) == defined.name(key), (vendor.id, key)
