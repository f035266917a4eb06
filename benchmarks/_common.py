"""What every suite shares: where things are, how to time, how to print a table.

Timing follows timeit: a callable is run in loops long enough to swamp the clock's resolution (with the
garbage collector off while a loop runs), each loop gives one per-call time, and the median of the loops is
what is reported. Callables that are compared are timed round-robin (one loop of each, then again), so a
noisy spell on the machine hurts every contender alike instead of one of them.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The atsgen checkout: specs/, generated/, .venv/."""
SPECS_DIR = ROOT / "specs"
GENERATED_DIR = ROOT / "generated"
SCHEMAS_DIR = GENERATED_DIR / "schemas"
RESULTS_DIR = Path(__file__).resolve().parent / ".results"
BIN_DIR = Path(sys.executable).parent
"""The interpreter's own bin folder (the project's .venv/bin under `make bench`): atsgen and peers' CLIs."""


@dataclass(frozen=True)
class Settings:
    quick: bool

    def pick(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def pick_float(self, full: float, quick: float) -> float:
        return quick if self.quick else full


def tool(name: str) -> str:
    """A console script installed beside this interpreter (falls back to PATH)."""
    candidate = BIN_DIR / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(
            f"benchmarks: {name} is not installed; run `make bench` (pip install -e '.[bench]')"
        )
    return found


# -- in-process timing ------------------------------------------------------------------------------------


def _loop(function: Callable[[], object], number: int) -> float:
    """Seconds per call over `number` calls (gc off, as timeit does)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        clock = time.perf_counter
        start = clock()
        for _ in range(number):
            function()
        return (clock() - start) / number
    finally:
        if enabled:
            gc.enable()


def calibrate(function: Callable[[], object], min_seconds: float) -> int:
    """The number of calls one loop needs to last at least `min_seconds` (timeit's autorange)."""
    number = 1
    while True:
        if _loop(function, number) * number >= min_seconds:
            return number
        number *= 2 if number < 8 else 4


def compare(
    functions: Mapping[str, Callable[[], object]], *, repeats: int, min_seconds: float
) -> dict[str, list[float]]:
    """Per-call times (seconds) of each function, one entry per loop; loops interleaved round-robin."""
    numbers = {name: calibrate(function, min_seconds) for name, function in functions.items()}
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            samples[name].append(_loop(function, numbers[name]))
    return samples


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# -- whole-process timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


def run_process(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> Run:
    """Run a command to the end; wall-clock seconds from spawn to exit."""
    started = time.perf_counter()
    completed = subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if check and completed.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited {completed.returncode} in {cwd}:\n{completed.stdout[-3000:]}"
            f"\n{completed.stderr[-3000:]}"
        )
    return Run(seconds, completed.returncode, completed.stdout, completed.stderr)


_PYCACHE: Path | None = None


def pycache_prefix() -> Path:
    """One bytecode cache for every child process of this benchmark run, outside the checkout.

    Children run as on a developer's machine, with bytecode cached (this sandbox sets
    PYTHONDONTWRITEBYTECODE, under which generated/ and generator/ would be compiled from source by every
    process), but write it here rather than into __pycache__ folders of the checkout. Each suite makes an
    untimed warm-up run first, which fills it.
    """
    global _PYCACHE
    if _PYCACHE is None:
        _PYCACHE = Path(tempfile.mkdtemp(prefix="atsgen-bench-pycache-"))
        atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)
    return _PYCACHE


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: ours, minus what would change a tool's behaviour."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ATSGEN_"))}
    env["PYTHONPYCACHEPREFIX"] = str(pycache_prefix())
    env.update(extra)
    return env


# -- formatting -------------------------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    """A duration with a unit that keeps three or four significant digits (negative: a fitted intercept)."""
    if seconds < 0:
        return "-" + fmt_time(-seconds)
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs" if seconds < 1e-5 else f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms" if seconds < 1e-2 else f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def fmt_rate(per_second: float) -> str:
    for unit, scale in (("M", 1e6), ("k", 1e3)):
        if per_second >= scale:
            return f"{per_second / scale:.1f}{unit}/s"
    return f"{per_second:.1f}/s"


def fmt_bytes(size: int) -> str:
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def fmt_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x"


@dataclass
class Table:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    notes: Sequence[str] = ()

    def render(self) -> str:
        widths = [len(h) for h in self.headers]
        for row in self.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

        def line(cells: Sequence[str]) -> str:
            first, *rest = cells
            return "  ".join(
                [
                    first.ljust(widths[0]),
                    *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)),
                ]
            ).rstrip()

        out = [
            self.title,
            "=" * len(self.title),
            line(self.headers),
            line(["-" * w for w in widths]),
        ]
        out += [line(row) for row in self.rows]
        out += [f"  {note}" for note in self.notes]
        return "\n".join(out)


class Report:
    """Tables as they are produced: printed at once, and written to `path` (benchmarks/.results/latest.txt)
    after each one, so an interrupted run keeps what it measured."""

    def __init__(self, path: Path | None = None) -> None:
        self.parts: list[str] = []
        self.path = path

    def add(self, table: Table | str) -> None:
        text = table.render() if isinstance(table, Table) else table
        self.parts.append(text)
        print(text + "\n", flush=True)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(self.text(), encoding="utf-8")

    def text(self) -> str:
        return "\n\n".join(self.parts) + "\n"
