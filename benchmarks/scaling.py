"""Suite 4: how `atsgen generate --no-cache` scales with the number of operations.

A synthetic spec (`synthetic.spec`) with N operations is written into specs/ of a fresh temporary project,
and the installed atsgen runs there as a whole process (it reads ./specs and writes ./generated). Linear
scaling shows as a flat time per operation once the fixed cost (start-up, imports, shared files) is
subtracted: the fixed cost and per-operation cost are fitted by least squares over the sizes, and each
size's residual says how far it is from the line.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import synthetic
from benchmarks._common import (
    Report,
    Settings,
    Table,
    clean_env,
    fmt_time,
    median,
    run_process,
    tool,
)
from benchmarks.generation import stage_tables, stage_timings

FULL_SIZES = (100, 250, 500, 1000)
QUICK_SIZES = (3, 6, 12)


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares line seconds = fixed + per_op * n."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0
    return mean_y - slope * mean_x, slope


def run(
    settings: Settings, report: Report, sizes: tuple[int, ...] | None = None, breakdown: bool = True
) -> dict[str, Any]:
    sizes = sizes or (QUICK_SIZES if settings.quick else FULL_SIZES)
    runs = 1 if max(sizes) > 50 else settings.pick(3, 1)
    atsgen = tool("atsgen")
    env = clean_env()  # no ATSGEN_SEEDS: the synthetic source names a file no seeds folder has
    measured: dict[int, float] = {}
    lines: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="atsgen-bench-scale-") as temp:
        work = Path(temp)
        warm = work / "warm-up"
        (warm / "specs").mkdir(parents=True)
        (warm / "specs" / "synthetic.yaml").write_text(synthetic.spec(2), encoding="utf-8")
        # Untimed: bytecode, disk cache.
        run_process([atsgen, "generate", "--no-cache"], cwd=warm, env=env)
        for size in sizes:
            project = work / f"n{size}"
            (project / "specs").mkdir(parents=True)
            (project / "specs" / "synthetic.yaml").write_text(
                synthetic.spec(size), encoding="utf-8"
            )
            times = []
            for _ in range(runs):
                shutil.rmtree(project / "generated", ignore_errors=True)
                result = run_process([atsgen, "generate", "--no-cache"], cwd=project, env=env)
                if f"{size} operations" not in result.stdout:
                    raise SystemExit(
                        f"benchmarks: unexpected atsgen output for N={size}: {result.stdout}"
                    )
                times.append(result.seconds)
            measured[size] = median(times)
            lines[size] = sum(
                p.read_bytes().count(b"\n") for p in (project / "generated").rglob("*.py")
            )

    fixed, per_op = _fit(sorted(measured.items()))
    rows = []
    previous: tuple[int, float] | None = None
    marginal: list[float] = []
    for size, seconds in sorted(measured.items()):
        predicted = fixed + per_op * size
        if previous is not None:
            marginal.append((seconds - previous[1]) / (size - previous[0]))
        rows.append(
            [
                str(size),
                fmt_time(seconds),
                fmt_time(seconds / size),
                fmt_time(marginal[-1]) if previous is not None else "",
                f"{(seconds - predicted) / predicted:+.1%}",
                f"{lines[size]:,}",
            ]
        )
        previous = (size, seconds)
    growth = marginal[-1] / marginal[0] if len(marginal) > 1 else float("nan")
    report.add(
        Table(
            f"Scaling: atsgen generate --no-cache on a synthetic spec of N operations ({runs} run(s) each, median)",
            [
                "N",
                "whole process",
                "per op",
                "marginal per op",
                "off the fitted line",
                "lines of Python",
            ],
            rows,
            [
                f"least-squares fit: {fmt_time(fixed)} fixed + {fmt_time(per_op)} per operation",
                "marginal per op: (time - previous time) / (N - previous N), flat when linear; last interval / "
                f"first = {growth:.2f}x (1.00x = linear)",
                "each operation: body of 11 fields (strings with limits, pattern, email and date formats, integer "
                "range, number, boolean, nullable enum, nested object, unique array), one rule, a 200 body, a 4XX envelope",
            ],
        )
    )
    if breakdown and not settings.quick:
        with tempfile.TemporaryDirectory(prefix="atsgen-bench-scale-") as temp:
            project = Path(temp) / "project"
            (project / "specs").mkdir(parents=True)
            (project / "specs" / "synthetic.yaml").write_text(
                synthetic.spec(sizes[0]), encoding="utf-8"
            )
            stages = stage_timings(project, Path(temp) / "stages-out", env=env)
        if stages is not None:
            for table in stage_tables(stages, f"Synthetic spec, N={stages['operations']}"):
                report.add(table)
    return {"measured": measured, "fixed": fixed, "per_op": per_op, "marginal": marginal}
