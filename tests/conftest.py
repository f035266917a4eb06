"""Shared fixtures: the real specs, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.load import discover, load

ROOT = Path(__file__).resolve().parent.parent
SPECS_DIR = ROOT / "specs"
SHARED_DIR = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def vendors() -> dict[str, ir.Vendor]:
    loaded = load(discover(SPECS_DIR))
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
    return {vendor.id: vendor for vendor in loaded.vendors}
