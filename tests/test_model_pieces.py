"""The types and models modules built in pieces of operations (`emit.models.ModelModule`).

Every vendor of the real specs, of the fixture spec folders and of a small synthetic vendor is split one
operation to a piece (so that every spec with two operations has pieces to merge). The merged module must
hold what one datamodel-code-generator call on the whole document writes (classes and imports; their order
may differ), be what black makes of it (also with hostile descriptions), define each name once and above its
first use at definition time; an edit must call datamodel-code-generator for its piece only; the bytes must
not depend on where the pieces ran; and two pieces that define one class name differently must send the job
back to one call on the whole document.
"""

from __future__ import annotations

import ast
import builtins
import itertools
import json
import multiprocessing
import sys
import types
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import black
import pytest

from benchmarks import synthetic
from generator import build, formatting, ir, naming, render
from generator.emit import models
from generator.load import discover, load, seeds_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SPEC_FOLDERS = [
    ROOT / "specs",
    *(path for path in sorted(FIXTURES.glob("*/specs")) if path.parent.name != "diff"),
    *sorted((FIXTURES / "vendors").glob("*/specs")),
]
HOSTILE = [
    "He said \"\"\"stop\"\"\" and '''then''' \\ left.",
    "Two breaks\n\n\nclass Injected:\n    pass\nfrom os import path",
    "# not a comment {{ }} \u00e9\u0301 \u4e2d\u6587 " + "long " * 40,
]
MODULES = [models.TYPES, models.MODELS]
SYNTHETIC_OPERATIONS = 4
WORKER_TIMEOUT = 120


@pytest.fixture(scope="module")
def vendors(tmp_path_factory: pytest.TempPathFactory) -> list[ir.Vendor]:
    """Every vendor with two operations or more: the real specs, the fixture vendors, a synthetic one."""
    synthetic_folder = tmp_path_factory.mktemp("synthetic") / "specs"
    synthetic_folder.mkdir()
    (synthetic_folder / "synthetic.yaml").write_text(
        synthetic.spec(SYNTHETIC_OPERATIONS), encoding="utf-8"
    )
    found: list[ir.Vendor] = []
    for folder in [*SPEC_FOLDERS, synthetic_folder]:
        loaded = load(discover(folder), seeds=seeds_dir(folder))
        assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
        found += [vendor for vendor in loaded.vendors if len(vendor.operations) > 1]
    assert found
    return found


@pytest.fixture(autouse=True)
def one_operation_a_piece(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(models, "PIECE_OPERATIONS", 1)
    with formatting.using(None), models.using(None):
        yield


def _whole(module: models.ModelModule, vendor: ir.Vendor) -> str:
    """The module from one datamodel-code-generator call on the vendor's whole document."""
    source = models.generate(module.model_set(vendor), module.style, models._header(vendor))
    return render.format_python(source, module.path(vendor))


def _pieced(module: models.ModelModule, vendor: ir.Vendor) -> tuple[list[models.ModulePiece], str]:
    pieces = [module.run(vendor, index) for index in range(module.pieces(vendor))]
    (output,) = module.finish(vendor, pieces).values()
    return pieces, output.decode("utf-8")


def _defined_before_use(source: str) -> None:
    """Every name a class needs when it is defined (its bases: a root model's subscript) is defined or
    imported above it; annotations wait (`from __future__ import annotations`)."""
    tree = ast.parse(source)
    assert any(
        isinstance(node, ast.ImportFrom) and node.module == "__future__" for node in tree.body
    )
    known = set(dir(builtins))
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            known.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ClassDef):
            needed = {
                n.id
                for base in [*node.bases, *node.keywords, *node.decorator_list]
                for n in ast.walk(base)
                if isinstance(n, ast.Name)
            }
            assert needed <= known, (node.name, needed - known)
            known.add(node.name)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.module)
def test_merged_pieces_hold_what_one_call_on_the_whole_document_writes(
    vendors: list[ir.Vendor], module: models.ModelModule, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = 0
    for vendor in vendors:
        pieces, merged = _pieced(module, vendor)
        assert len(pieces) == len(vendor.operations) > 1
        # The classes and imports of one call, each class as that call writes it (the order may differ).
        whole = models.cut(_whole(module, vendor))
        assert sorted(models.cut(merged).statements) == sorted(whole.statements), vendor.id
        assert sorted(models.cut(merged).imports) == sorted(whole.imports), vendor.id
        assert black.format_str(merged, mode=formatting.mode()) == merged, vendor.id
        names = [name for piece in pieces for name, _ in piece.statements if name]
        # Classes, and the aliases datamodel-code-generator writes for a model that is not an object.
        in_module = Counter(name for name, _ in models.cut(merged).statements if name)
        assert set(names) == set(in_module), vendor.id
        assert max(in_module.values(), default=1) == 1, vendor.id  # each name defined once
        shared += sum(1 for count in Counter(names).values() if count > 1)
        _defined_before_use(merged)
        # It runs: every name is bound where a class definition needs it.
        executed = types.ModuleType(f"pieces_{module.module}_{vendor.id}")
        monkeypatch.setitem(sys.modules, executed.__name__, executed)
        exec(compile(merged, module.path(vendor), "exec"), executed.__dict__)
    # The specs have definitions that several operations reference: the merge kept one copy of each.
    assert (
        shared
    ), "no class is defined by two pieces: the merge of shared definitions went untested"


def _edited(vendor: ir.Vendor) -> tuple[ir.Vendor, int]:
    """The vendor with one field of one operation's request body edited (its description), and the
    operation's index."""
    for index, op in enumerate(vendor.operations):
        body = op.request.body
        if body is not None and body.schema.properties:
            first, *rest = body.schema.properties
            first = replace(first, schema=replace(first.schema, description="Edited by the test."))
            schema = replace(body.schema, properties=(first, *rest))
            edited = replace(op, request=replace(op.request, body=replace(body, schema=schema)))
            operations = list(vendor.operations)
            operations[index] = edited
            return replace(vendor, operations=tuple(operations)), index
    raise LookupError("no operation with a request body field")


def test_an_edit_calls_datamodel_code_generator_for_its_piece_only(
    vendors: list[ir.Vendor], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    vendor = max(vendors, key=lambda v: sum(op.request.body is not None for op in v.operations))
    edited, index = _edited(vendor)
    documents: list[str] = []
    real_generate = models._generate

    def counting_generate(document: str, kind: str, header: str) -> str:
        documents.append(document)
        return real_generate(document, kind, header)

    monkeypatch.setattr(models, "_generate", counting_generate)
    with models.using(formatting.FragmentStore(tmp_path)):
        before = {m.module: _pieced(m, vendor)[1] for m in MODULES}
        assert len(documents) >= len(vendor.operations)
        documents.clear()
        after = {m.module: _pieced(m, edited)[1] for m in MODULES}
    # The request types of the edited operation: one call, on its piece's document.
    assert documents == [json.dumps(models.TYPES.model_set(edited, index).schema)]
    assert "Edited by the test." in after["types"] and after["types"] != before["types"]
    assert after["models"] == before["models"]
    with models.using(None):  # as if nothing were stored
        assert after["types"] == _pieced(models.TYPES, edited)[1]


def _fork_pieces(kind: str, vendor: ir.Vendor) -> build.Outputs:
    """The job's pieces built in two worker processes, and put together here."""
    count = build.job_pieces(kind, vendor)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(build.run_piece, kind, vendor, index) for index in range(count)]
        pieces = [future.result(timeout=WORKER_TIMEOUT) for future in futures]
    return build.finish_job(kind, vendor, pieces)


@pytest.mark.skipif(sys.platform != "linux", reason="the pipeline forks workers on Linux only")
def test_the_same_bytes_whether_pieces_run_in_one_process_or_several(
    vendors: list[ir.Vendor],
) -> None:
    vendor = max(vendors, key=lambda v: len(v.operations))
    for module in MODULES:
        assert build.job_pieces(module.module, vendor) == len(vendor.operations) > 1
        assert _fork_pieces(module.module, vendor) == build.run_job(module.module, vendor)


def _colliding(vendor: ir.Vendor) -> ir.Vendor | None:
    """The vendor with a second operation renamed so that its request body class takes the first's name
    (two ids naming maps to one class name), or None if it has no two different bodies."""
    with_body = [op for op in vendor.operations if op.request.body is not None]
    for first, second in itertools.pairwise(with_body):
        if first.request.body == second.request.body:
            continue
        twin = first.id + "_"
        assert naming.part_class_name(twin, "body") == naming.part_class_name(first.id, "body")
        return replace(
            vendor,
            operations=tuple(
                replace(op, id=twin) if op is second else op for op in vendor.operations
            ),
        )
    return None


def test_pieces_that_define_one_class_differently_fall_back_to_one_call(
    vendors: list[ir.Vendor], monkeypatch: pytest.MonkeyPatch
) -> None:
    colliding = [v for v in map(_colliding, vendors) if v is not None]
    assert colliding
    whole_calls: list[int] = []
    real_generate = models.generate

    def counting_generate(model_set: models.ModelSet, kind: str, header: str) -> str:
        whole_calls.append(len(model_set.names))
        return real_generate(model_set, kind, header)

    monkeypatch.setattr(models, "generate", counting_generate)
    for vendor in colliding:
        pieces = [models.TYPES.run(vendor, i) for i in range(models.TYPES.pieces(vendor))]
        assert models.merge(pieces) is None, vendor.id
        whole_calls.clear()
        (output,) = models.TYPES.finish(vendor, pieces).values()
        # finish made one call, on the document of every request model of the vendor.
        assert whole_calls == [len(models.TYPES.model_set(vendor).names)]
        assert output.decode("utf-8") == _whole(models.TYPES, vendor)


def _hostile(vendor: ir.Vendor) -> ir.Vendor:
    """Every request body field and every object response field described with hostile text."""

    def described(schema: ir.Schema, depth: int = 0) -> ir.Schema:
        properties = tuple(
            replace(
                p,
                schema=replace(
                    described(p.schema, depth + 1),
                    description=HOSTILE[(depth + index) % len(HOSTILE)],
                ),
            )
            for index, p in enumerate(schema.properties)
        )
        return replace(schema, properties=properties)

    operations = []
    for op in vendor.operations:
        body = op.request.body
        if body is not None:
            body = replace(body, schema=described(body.schema))
        responses = tuple(
            replace(r, body=described(r.body)) if r.body is not None else r for r in op.responses
        )
        operations.append(replace(op, request=replace(op.request, body=body), responses=responses))
    return replace(vendor, operations=tuple(operations))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.module)
def test_hostile_descriptions_merge_black_stable(
    vendors: list[ir.Vendor], module: models.ModelModule
) -> None:
    hostile = [_hostile(vendor) for vendor in vendors]
    seen = 0
    for vendor in hostile:
        _, merged = _pieced(module, vendor)
        assert black.format_str(merged, mode=formatting.mode()) == merged, vendor.id
        classes = [n.name for n in ast.parse(merged).body if isinstance(n, ast.ClassDef)]
        assert "Injected" not in classes and len(classes) == len(set(classes)), vendor.id
        seen += "Injected" in merged
    assert seen, "no hostile description reached a module"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x0b"])
def test_a_piece_is_cut_where_python_ends_lines(separator: str) -> None:
    """A string literal may hold a character `str.splitlines` counts as a line end (datamodel-code-generator
    writes a key of a functional TypedDict as it is): the cut follows the parser's lines."""
    source = (
        "# header\n\nfrom __future__ import annotations\n\nfrom typing import TypedDict\n\n\n"
        f'Odd = TypedDict("Odd", {{"a{separator}b": str}})\n\n\nclass After(TypedDict):\n    x: int\n'
    )
    piece = models.cut(source)
    assert [name for name, _ in piece.statements] == ["Odd", "After"]
    assert piece.statements[0][1] == f'Odd = TypedDict("Odd", {{"a{separator}b": str}})'
    assert piece.statements[1][1].endswith("class After(TypedDict):\n    x: int")
