"""The real specs and unified declarations, loaded once for every unified test (parametrization needs them
at collection time, so this is a module rather than a fixture)."""

from __future__ import annotations

import functools
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.load import discover, load
from generator.unified.load import load as load_unified
from generator.unified.model import Unified

SPECS = Path(__file__).resolve().parents[2] / "specs"


@functools.cache
def declarations() -> tuple[Unified, Diagnostics]:
    diagnostics = Diagnostics()
    vendors = load(discover(SPECS)).vendors
    return load_unified(SPECS / "unified", vendors, diagnostics, {}), diagnostics
