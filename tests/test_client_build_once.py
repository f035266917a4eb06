"""The client module is built once per vendor in a run: the client, package and docs jobs share it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import build, ir
from generator.emit import clients
from generator.load import discover, load, seeds_dir

ROOT = Path(__file__).resolve().parents[1]


def _vendors() -> list[ir.Vendor]:
    folder = ROOT / "specs"
    loaded = load(discover(folder), seeds=seeds_dir(folder))
    assert loaded.ok and loaded.vendors
    return loaded.vendors


def test_a_vendors_jobs_build_its_client_module_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real_build = clients._build

    def counting(vendor: ir.Vendor) -> clients.ClientModule:
        built.append(vendor.id)
        return real_build(vendor)

    monkeypatch.setattr(clients, "_build", counting)
    vendors = _vendors()
    for vendor in vendors:  # as a run orders its jobs: one vendor's, then the next's
        for kind in build.JOB_KINDS:
            build.run_job(kind, vendor)
    assert built == [vendor.id for vendor in vendors]


def test_another_vendor_object_gets_its_own_module() -> None:
    first, again = _vendors(), _vendors()
    for vendor, reloaded in zip(first, again, strict=True):
        module = clients.build(vendor)
        assert clients.build(vendor) is module
        # Equal content, another object (a reload after an edit): built anew, never a stale module.
        rebuilt = clients.build(reloaded)
        assert rebuilt is not module and rebuilt == module
