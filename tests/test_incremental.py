"""Generation that scales (issue 12): what an edit redoes, and the spec module cut into statements.

Inputs come from the specs (the real ones, the fixture vendors', the small and hostile fixtures); the
counts are of work done (black calls, datamodel-code-generator calls), never of wall time.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import black
import pytest
import yaml

import ats_sdk._runtime.spec as runtime_spec
from generator import build, formatting, ir, render
from generator.cli import main
from generator.emit import models, spec_module
from generator.load import discover, load
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SPEC_FOLDERS = [
    ROOT / "specs",
    FIXTURES / "small" / "specs",
    FIXTURES / "hostile" / "specs",
    *sorted((FIXTURES / "vendors").glob("*/specs")),
]


def all_vendors() -> Iterator[ir.Vendor]:
    for folder in SPEC_FOLDERS:
        loaded = load(discover(folder))
        assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
        yield from loaded.vendors


VENDORS = list(all_vendors())


def spec_source(vendor: ir.Vendor) -> str:
    (source,) = build.run_job("spec", vendor).values()
    return source.decode("utf-8")


# -- the spec module, one statement per operation ---------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS, ids=[f"{v.spec_file}" for v in VENDORS])
def test_split_spec_module_builds_the_vendor_the_single_expression_built(vendor: ir.Vendor) -> None:
    """The module as generated (one statement per operation) and the one expression it replaced build equal
    `VENDOR` objects, operations in the same order."""
    namespace: dict[str, Any] = {}
    exec(compile(spec_source(vendor), f"{vendor.id}/_spec.py", "exec"), namespace)
    split = namespace["VENDOR"]
    whole = eval(spec_module.build(vendor).vendor_expression, vars(runtime_spec))
    assert isinstance(split, runtime_spec.VendorSpec)
    assert split == whole
    assert list(split.operations) == [op.id for op in vendor.operations]


@pytest.mark.parametrize("vendor", VENDORS, ids=[f"{v.spec_file}" for v in VENDORS])
def test_spec_module_is_cut_into_one_piece_per_operation(vendor: ir.Vendor) -> None:
    """Formatted piece by piece, the module is what black makes of it whole; it has a piece per operation
    besides the head (imports) and the tail (`VENDOR`)."""
    source = spec_source(vendor)
    pieces = render.statement_pieces(source)
    assert pieces is not None
    assert len(pieces) == len(vendor.operations) + 2
    assert black.format_str(source, mode=formatting.mode()) == source


def test_statement_pieces_leave_alone_what_black_lays_out_by_context() -> None:
    """No cut after an import, a docstring or a comment, or where two blank lines stand."""
    source = '"""Doc."""\n\nimport os\n\nA = 1\n\nB = 2\n# about C\nC = 3\n\n\nD = 4\n\nE = [\n    1,\n]\n'
    assert render.statement_pieces(source) == [
        '"""Doc."""\n\nimport os\n\nA = 1\n',
        "B = 2\n# about C\nC = 3\n\n\nD = 4\n",
        "E = [\n    1,\n]\n",
    ]
    assert render.statement_pieces("import os\n\nA = 1\n") is None


# -- an edit redoes the edited operation's work only ------------------------------------------------------------


@pytest.fixture
def edit_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ATSGEN_SEEDS", str(tmp_path / "no-seeds"))
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _largest_spec(project: Path) -> tuple[Path, dict[str, Any]]:
    """The spec with the most operations (an edit to one must leave the others' work alone)."""
    specs = {
        path: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in discover(project / "specs")
    }
    path = max(specs, key=lambda p: len(specs[p]["operations"]))
    assert len(specs[path]["operations"]) > 1
    return path, specs[path]


def test_editing_one_operation_formats_only_that_operations_code_and_reuses_the_models(
    edit_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    formatted: list[str] = []
    real_black = formatting.Formatter._black

    def counting_black(source: str) -> str:
        formatted.append(source)
        return real_black(source)

    monkeypatch.setattr(formatting.Formatter, "_black", staticmethod(counting_black))
    model_documents: list[str] = []
    real_generate = models._generate

    def counting_generate(document: str, kind: str, header: str) -> str:
        model_documents.append(document)
        return real_generate(document, kind, header)

    monkeypatch.setattr(models, "_generate", counting_generate)
    modules: list[str] = []
    real_format_module = formatting.Formatter.format_module

    def counting_format_module(
        self: formatting.Formatter, source: str, *, emitted_stable: bool = False
    ) -> str:
        if not emitted_stable:  # a module emitted black-stable is passed through, not formatted
            modules.append(source)
        return real_format_module(self, source, emitted_stable=emitted_stable)

    monkeypatch.setattr(formatting.Formatter, "format_module", counting_format_module)
    assert main(["generate", "--serial"]) == 0
    assert formatted
    assert model_documents
    path, data = _largest_spec(edit_project)
    # One operation's path gets a new static segment: its own code changes, no other operation's. The
    # first: a module's last fragment also holds what follows the last definition (tables of all operations).
    operation_id = next(iter(data["operations"]))
    operation = data["operations"][operation_id]
    marker = "/edited-by-the-test"
    operation["path"] += marker
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    formatted.clear()
    model_documents.clear()
    modules.clear()
    assert main(["generate", "--serial"]) == 0
    # A path is in no model: the vendor's model documents are as they were, and their modules come from
    # the cache without a call of datamodel-code-generator.
    assert model_documents == []
    # Modules the edit left as they were (models, types) come whole from the cache, not cut again; the
    # modules that hold the path (validators, client, spec) are emitted black-stable: not formatted.
    assert all(marker in source for source in modules)
    # Black runs, if at all, only on code that holds the edited operation's new path: every other
    # fragment comes from the cache, and the spec module's statements are laid out by the emitter
    # (`pylayout`), none by black.
    assert all(marker in source for source in formatted), "\n=====\n".join(formatted)
    assert not [s for s in formatted if s.startswith(spec_module.OPERATIONS_NAME)]
