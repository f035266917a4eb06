"""Formatting a generated module fragment by fragment, with formatted fragments kept between runs.

The attacks: an edit to one operation made black format every module of its vendor again, whole (most of
a cold run's time); a fragment store that returned a damaged entry, or a cut that black would lay out
differently from the whole module, would put code black did not write into the SDK. Inputs are every
vendor of the real specs and of the fixture specs (the hostile one has docstrings and comments full of
code-like text), and the modules the emitters produce for them.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import black
import pytest

from generator import build, cache, formatting, ir, pipeline, relayout, render
from generator.load import discover, load, seeds_dir

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
# Every spec folder but the diff fixture's, older copies of the real specs.
SPEC_FOLDERS = [
    ROOT / "specs",
    *(path for path in sorted(FIXTURES.glob("*/specs")) if path.parent.name != "diff"),
    *sorted((FIXTURES / "vendors").glob("*/specs")),
]


def _vendors(folder: Path) -> list[ir.Vendor]:
    loaded = load(discover(folder), seeds=seeds_dir(folder))
    assert loaded.ok, [d.headline() for d in loaded.diagnostics.errors]
    return loaded.vendors


@pytest.fixture(scope="module")
def modules() -> list[tuple[str, str]]:
    """(name, source) of every Python module the emitters hand to the formatter, for every vendor."""
    handed: dict[str, str] = {}

    def record(source: str, name: str, emitted_stable: bool = False) -> str:
        # Keyed by the text: the same module from several spec folders (a copied spec) is checked once.
        handed[source] = name
        return source

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(render, "format_python", record)
        for folder in SPEC_FOLDERS:
            for vendor in _vendors(folder):
                for kind in build.JOB_KINDS:
                    build.run_job(kind, vendor)
    return [(name, source) for source, name in handed.items()]


def test_every_module_cuts_into_several_fragments_somewhere(modules: list[tuple[str, str]]) -> None:
    """Without cuts the other tests here would prove nothing about them."""
    cut = [name for name, source in modules if len(formatting.split(source) or ()) > 1]
    assert cut, "no generated module was cut into fragments"
    assert any(
        piece.method for _, source in modules for piece in formatting.split(source) or ()
    ), "no class method was cut"


def test_fragments_format_to_what_black_makes_of_the_whole_module(
    modules: list[tuple[str, str]],
) -> None:
    formatter = formatting.Formatter()
    for name, source in modules:
        # A module that is not cut is formatted whole: nothing to compare.
        if len(formatting.split(source) or ()) < 2:
            continue
        whole = black.format_str(source, mode=formatting.mode())
        assert formatter.format_module(source) == whole, name


def _most_fragments(modules: list[tuple[str, str]]) -> tuple[str, str]:
    """The module black formats in the most fragments (one `relayout` lays out skips the store)."""
    formatted_by_black = [module for module in modules if relayout.module(module[1]) is None]
    return max(formatted_by_black, key=lambda module: len(formatting.split(module[1]) or ()))


def _entries(store: Path) -> list[Path]:
    return sorted(path for path in store.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"def ", b"def  ", 1) if b"def " in data else data + b"#",
        lambda data: b"",
    ],
    ids=["truncated", "edited", "empty"],
)
def test_a_damaged_store_entry_is_formatted_again(
    modules: list[tuple[str, str]], tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    name, source = _most_fragments(modules)
    store = formatting.FragmentStore(tmp_path / "format")
    expected = formatting.Formatter(store).format_module(source)
    entries = _entries(tmp_path / "format")
    assert len(entries) > 1, name
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    assert formatting.Formatter(store).format_module(source) == expected, name
    # Formatted again, the entries are whole once more: the next run copies them.
    assert all(store.get(entry.name) is not None for entry in _entries(tmp_path / "format"))


def _first_summary_edit(specs: Path) -> tuple[ir.Vendor, Path, str, str]:
    """A vendor, its spec file, and the spec text with one operation's summary changed."""
    for vendor in _vendors(specs):
        path = specs / Path(vendor.spec_file).name
        text = path.read_text(encoding="utf-8")
        for op in vendor.operations:
            line = f"summary: {op.summary}\n"
            if line in text:
                edited = text.replace(line, f"summary: {op.summary} (edited)\n", 1)
                return vendor, path, edited, op.id
    raise AssertionError("no operation summary found as a plain line in the specs")


def test_an_edit_formats_only_what_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    specs, out = Path("specs"), Path("generated")
    first = pipeline.run(specs, out, cache=cache.Cache(), parallel=False)
    assert not first.failed
    vendor, path, edited, op_id = _first_summary_edit(specs)
    path.write_text(edited, encoding="utf-8")

    formatted: list[int] = []
    real_format_str = black.format_str

    def counting(source: str, *, mode: black.Mode) -> str:
        formatted.append(len(source))
        return real_format_str(source, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)
    second = pipeline.run(specs, out, cache=cache.Cache(), parallel=False)
    monkeypatch.undo()
    assert not second.failed
    package = f"ats_sdk/{vendor.id}/"
    python = {p: c for p, c in second.outputs.items() if p.endswith(".py")}
    vendor_python = sum(len(c) for p, c in python.items() if p.startswith(package))
    # Formatted whole, the vendor's modules alone would be all of vendor_python. A summary lands in the
    # client and spec modules, which are emitted black-stable, so black may see none of it at all.
    assert sum(formatted) < vendor_python / 2, (op_id, sum(formatted), vendor_python)
    # What the run wrote from stored fragments is what black makes of each whole file.
    assert any(b"(edited)" in content for content in python.values())
    for name, content in python.items():
        if name.startswith(package):
            text = content.decode("utf-8")
            assert black.format_str(text, mode=formatting.mode()) == text, name


def _format_into(store_dir: str, source: str, results: Any) -> None:
    results.put(
        formatting.Formatter(formatting.FragmentStore(Path(store_dir))).format_module(source)
    )


def test_concurrent_runs_share_one_store(modules: list[tuple[str, str]], tmp_path: Path) -> None:
    """Two processes fill one store with the same fragments at once: both get black's output, and every
    entry left behind is whole (written under a temporary name, then renamed)."""
    name, source = _most_fragments(modules)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=_format_into, args=(str(tmp_path / "format"), source, results))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    outputs = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0, name
    expected = black.format_str(source, mode=formatting.mode())
    assert outputs == [expected, expected], name
    store = formatting.FragmentStore(tmp_path / "format")
    entries = _entries(tmp_path / "format")
    assert entries and all(store.get(entry.name) is not None for entry in entries), name
