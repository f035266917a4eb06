"""What the server-variable tests share: every spec there is (the real ones and the fixture vendors'),
lowered, and each one's runtime spec as its generated `_spec.py` would build it."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

import atsgen_runtime.spec as runtime_spec
from atsgen_runtime.spec import VendorSpec
from generator import ir
from generator.diagnostics import Diagnostics
from generator.emit import spec_module
from generator.load import load_text

ROOT = Path(__file__).resolve().parent.parent
SPEC_FILES = sorted((ROOT / "specs").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "vendors").glob("*/specs/*.yaml")
)


def spec_data(path: Path) -> dict[str, Any]:
    """The spec as data: a fresh copy each time, for a test to change."""
    return copy.deepcopy(_parsed(path))


@functools.cache
def _parsed(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def lint(stem: str, data: dict[str, Any]) -> tuple[ir.Vendor | None, list[str]]:
    """A spec given as data, lowered: the vendor (None on errors) and every error's headline."""
    diagnostics = Diagnostics()
    vendor = load_text(f"{stem}.yaml", yaml.safe_dump(data, sort_keys=False), diagnostics)
    return vendor, [error.headline() for error in diagnostics.errors]


@functools.cache
def vendors() -> list[ir.Vendor]:
    out = []
    for path in SPEC_FILES:
        vendor, errors = lint(path.stem, spec_data(path))
        assert vendor is not None, errors
        out.append(vendor)
    return out


def with_variables() -> list[ir.Vendor]:
    """The vendors with a server variable somewhere."""
    found = [v for v in vendors() if any(env.variables for env in v.environments)]
    assert found, "no spec declares a server variable"
    return found


def runtime(vendor: ir.Vendor) -> VendorSpec:
    """The runtime spec the generated `_spec.py` holds, built from the same expression."""
    built: VendorSpec = eval(spec_module.build(vendor).vendor_expression, vars(runtime_spec))
    return built
