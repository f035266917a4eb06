"""The real specs and unified declarations, loaded once for every unified test (parametrization needs them
at collection time, so this is a module rather than a fixture)."""

from __future__ import annotations

import functools
from pathlib import Path

from generator import ir
from generator.diagnostics import Diagnostics
from generator.load import discover, load
from generator.unified.load import load as load_unified
from generator.unified.model import OperationMapping, Unified

SPECS = Path(__file__).resolve().parents[2] / "specs"


@functools.cache
def vendors() -> tuple[ir.Vendor, ...]:
    return tuple(load(discover(SPECS)).vendors)


@functools.cache
def declarations() -> tuple[Unified, Diagnostics]:
    diagnostics = Diagnostics()
    return load_unified(SPECS / "unified", vendors(), diagnostics, {}), diagnostics


def operation(mapping: OperationMapping) -> ir.Operation:
    """The vendor operation a mapping is declared for."""
    [vendor] = [v for v in vendors() if v.id == mapping.vendor]
    [found] = [op for op in vendor.operations if op.id == mapping.operation]
    return found
