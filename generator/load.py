"""Load spec files: read, parse with positions, check against the spec schema, lower to the IR.

The one entry point later stages use. It never raises for a bad spec: problems come back as diagnostics, and
a spec with errors yields no vendor.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import default_paths
from generator.diagnostics import Diagnostics, Position

if TYPE_CHECKING:  # the IR's many dataclasses take milliseconds to build: not needed to find specs
    from generator import ir

DEFAULT_SPECS_DIR = default_paths.SPECS_DIR

MAX_SPEC_BYTES = 16 * 1024 * 1024
"""Far more than a spec needs (the largest is 64 KB): a file is read up to this size, never without a bound."""
NO_SUCH_FILE = "no such file"
NO_SUCH_FOLDER = "no such folder"


class SpecReadError(Exception):
    """A spec file that cannot be read: missing, not a regular file, too large, or failing to read."""


@dataclass
class Loaded:
    vendors: list[ir.Vendor] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Each loaded file's lines, by display name, to show offending lines in reports."""

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


def file_problem(path: Path) -> str | None:
    """Why `path` is not a spec file that can be read, in words; None when it is a regular file.

    A path the system cannot look up (a name too long, a folder without permission) is a problem here, not an
    exception, so every command reports it as a mistake in its arguments.
    """
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return NO_SUCH_FILE
    except OSError as exc:
        return _reason(exc)
    return _file_type_problem(mode)


def folder_problem(path: Path) -> str | None:
    """Why `path` is not a folder that can be listed, in words; None when it is a folder."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return NO_SUCH_FOLDER
    except OSError as exc:
        return _reason(exc)
    return None if stat.S_ISDIR(mode) else "not a folder"


def _file_type_problem(mode: int) -> str | None:
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    # A device or a pipe (/dev/zero, a FIFO) can be read without end, or wait forever for a writer.
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, pipe or socket)"
    return None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def unreadable_specs(paths: Iterable[Path]) -> list[str]:
    """What is wrong with each spec path that cannot be read, one message each (empty when all can be)."""
    problems = [(path, file_problem(path)) for path in paths]
    return [
        (
            f"no such spec file: {path}"
            if problem == NO_SUCH_FILE
            else f"cannot read {path}: {problem}"
        )
        for path, problem in problems
        if problem is not None
    ]


def read_spec(path: Path) -> bytes:
    """The bytes of a spec file, or SpecReadError saying why they cannot be read."""
    try:
        # O_NONBLOCK: opening a named pipe does not wait for a writer; it is then refused as not a file.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        raise SpecReadError(NO_SUCH_FILE) from None
    except OSError as exc:
        raise SpecReadError(f"cannot read the file: {_reason(exc)}") from None
    try:
        problem = _file_type_problem(os.fstat(descriptor).st_mode)
        if problem is not None:
            raise SpecReadError(problem)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise SpecReadError(f"cannot read the file: {_reason(exc)}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_SPEC_BYTES:
        raise SpecReadError(
            f"the file is larger than {MAX_SPEC_BYTES // 2**20} MB, far more than any spec; is it the "
            "right file?"
        )
    return data


def discover(specs_dir: Path = DEFAULT_SPECS_DIR) -> list[Path]:
    """Every spec in a folder, in a stable order."""
    return sorted(specs_dir.glob("*.yaml"))


def display_name(path: Path) -> str:
    """The path as reports show it: relative to the working folder when inside it, with forward slashes."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    return shown.as_posix()


def seeds_dir(specs: Path) -> Path | None:
    """The vendor documents' folder for specs in `specs`: $ATSGEN_SEEDS, else ../shared/seeds beside the
    project that holds the specs folder. None when it is not there (the file checks are then skipped).
    """
    configured = os.environ.get("ATSGEN_SEEDS")
    candidate = (
        Path(configured) if configured else specs.resolve().parent.parent / "shared" / "seeds"
    )
    return candidate if folder_problem(candidate) is None else None


def load_text(
    name: str, text: str, diagnostics: Diagnostics, *, seeds: Path | None = None
) -> ir.Vendor | None:
    # Imported here: a no-change `atsgen generate` never needs YAML or jsonschema, and skips their import time.
    from generator import lower, schema_check, yamlpos

    errors_before = len(diagnostics.errors)
    document = yamlpos.load(name, text, diagnostics)
    if document.data is None:
        # `---` or `~` alone: a document, but an empty one.
        if len(diagnostics.errors) == errors_before:
            lines = text.splitlines()
            position = document.value_position(()) or Position(1, 1)
            if position.line > len(lines):  # after a last `---` line: point at that line
                position = Position(max(len(lines), 1), 1)
            diagnostics.error(
                name,
                position,
                (),
                "the file holds an empty YAML document (null); a spec starts with `spec_version: 1`",
            )
        return None
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        diagnostics.error(
            name,
            document.value_position(()) or Position(1, 1),
            (),
            f"the file holds {found}; a spec is a mapping of top-level keys (spec_version: 1, vendor: ..., ...)",
        )
        return None
    checked = Diagnostics()
    vendor = (
        lower.lower(document, checked, seeds_dir=seeds)
        if schema_check.check(document, checked)
        else None
    )
    # What the schema and lowering say about a value the YAML reader could not read is a consequence, not news.
    diagnostics.extend(d for d in checked if not document.is_unreadable(d.path))
    # A spec with errors yields no vendor, also when the errors were found while reading the YAML (duplicate
    # or merge keys) and lowering found nothing more.
    return vendor if len(diagnostics.errors) == errors_before else None


def load(paths: Iterable[Path], *, seeds: Path | None = None) -> Loaded:
    """Load spec files; a file that cannot be read is that file's error, and the others still load."""
    files: list[tuple[str, bytes]] = []
    unreadable = Diagnostics()
    for path in paths:
        name = display_name(path)
        try:
            files.append((name, read_spec(path)))
        except SpecReadError as exc:
            unreadable.error(name, None, (), str(exc))
    result = load_files(files, seeds=seeds)
    result.diagnostics.extend(unreadable)
    return result


def load_files(files: Iterable[tuple[str, bytes]], *, seeds: Path | None = None) -> Loaded:
    """Load specs given as (display name, bytes): from disk, or from a git revision (`atsgen diff`)."""
    result = Loaded()
    for name, data in files:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            result.sources[name] = data.decode("utf-8", errors="replace").splitlines()
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            position = Position(
                data.count(b"\n", 0, exc.start) + 1,
                len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1,
            )
            result.diagnostics.error(
                name,
                position,
                (),
                f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} here is not valid UTF-8 ({exc.reason}); "
                "save the file as UTF-8",
            )
            continue
        result.sources[name] = text.splitlines()
        vendor = load_text(name, text, result.diagnostics, seeds=seeds)
        if vendor is not None:
            result.vendors.append(vendor)
    _check_unique_vendors(result)
    return result


def _check_unique_vendors(result: Loaded) -> None:
    seen: dict[str, str] = {}
    for vendor in result.vendors:
        if vendor.id in seen:
            result.diagnostics.error(
                vendor.spec_file,
                None,
                ("vendor", "id"),
                f"vendor id {vendor.id!r} is also used by {seen[vendor.id]}",
            )
        seen.setdefault(vendor.id, vendor.spec_file)


def select(paths: Sequence[str], specs_dir: Path = DEFAULT_SPECS_DIR) -> list[Path]:
    """The specs named on a command line (files, or vendor ids), or every spec in the folder."""
    if not paths:
        return discover(specs_dir)
    chosen = []
    for item in paths:
        candidate = Path(item)
        if candidate.suffix not in (".yaml", ".yml") and file_problem(candidate) == NO_SUCH_FILE:
            candidate = specs_dir / f"{item}.yaml"
        chosen.append(candidate)
    return chosen
