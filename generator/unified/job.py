"""The unified layer as a generation job: its inputs, its declarations checked, and what it renders.

Everything generated from `specs/unified/` depends on every vendor spec too (targets, validators, client
classes), so the job runs once per generation, after the vendors loaded, and its outputs are cached under
the bytes of both. A specs folder without `unified/` has no unified layer: no inputs, no outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator.load import SpecReadError, display_name, folder_problem, read_spec
from generator.unified.files import FOLDER, declaration_files

if TYPE_CHECKING:
    from generator import ir
    from generator.diagnostics import Diagnostics
    from generator.unified.model import Unified

Outputs = dict[str, bytes]


def folder(specs_dir: Path) -> Path | None:
    unified_dir = specs_dir / FOLDER
    return unified_dir if folder_problem(unified_dir) is None else None


def inputs(specs_dir: Path) -> tuple[tuple[str, bytes], ...]:
    """The declarations' names and bytes, for the run's input key (an unreadable one is keyed as empty:
    loading it reports the error)."""
    unified_dir = folder(specs_dir)
    if unified_dir is None:
        return ()
    found = []
    for path in declaration_files(unified_dir):
        try:
            found.append((display_name(path), read_spec(path)))
        except SpecReadError:
            found.append((display_name(path), b""))
    return tuple(found)


def load(
    specs_dir: Path,
    vendors: Sequence[ir.Vendor],
    diagnostics: Diagnostics,
    sources: dict[str, list[str]],
) -> Unified | None:
    """The checked declarations (errors go to `diagnostics`, and stop the run), or None without any."""
    # Here, not at the top: a no-change run never loads YAML (this imports the loader and jsonschema).
    from generator.unified.load import load as load_declarations

    unified_dir = folder(specs_dir)
    if unified_dir is None:
        return None
    return load_declarations(unified_dir, vendors, diagnostics, sources)


def outputs(unified: Unified | None, vendors: Sequence[ir.Vendor]) -> Outputs:
    """`ats_sdk/unified.py`, `docs/unified.md` and the canonical candidate's JSON Schema."""
    if unified is None or unified.model is None:
        return {}
    from generator import render
    from generator.emit import unified as unified_module
    from generator.emit import unified_docs

    module = unified_module.build(unified, vendors)
    source = render.render(
        "unified/unified.py.jinja",
        origin="specs/unified/",
        edit="the declarations",
        module=module,
    )
    formatted = render.format_python(source, unified_module.MODULE)
    produced = {unified_module.MODULE: formatted.encode("utf-8")}
    produced.update(unified_docs.outputs(unified, vendors))
    return produced
