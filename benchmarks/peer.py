"""Suite 5: issue 12's figures on the synthetic vendor: atsgen against openapi-python-client, and an edit.

For N = 80 and 1,000 operations (`synthetic.spec`), in a fresh temporary project each:
- `atsgen generate --no-cache` as a whole process, with its peak memory (the largest resident set of the
  process and its workers);
- `openapi-python-client generate` on the OpenAPI document that run exported
  (generated/openapi/synthetic.json), with its default ruff post-hooks (ruff from this venv);
- the two alternately, ROUNDS[N] times (a noisy spell hits both), and the ratio of their medians
  atsgen / openapi-python-client (at or below 1.00 is the goal).
Then, on N = 500: a run that fills the cache, then EDITS runs that each change one field of one operation
(a string's max_length, to a new value each time) and time `atsgen generate`, then a run with nothing
changed; the median edit is the figure.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import synthetic
from benchmarks._common import (
    Report,
    Settings,
    Table,
    clean_env,
    fmt_bytes,
    fmt_time,
    run_process,
    tool,
)

FULL_SIZES = (80, 1000)
QUICK_SIZES = (3,)
ROUNDS = {80: 5, 1000: 3}
"""How many times each tool runs at each size (one in a quick run)."""
EDITS = 5
EDIT_SIZE = 500
QUICK_EDIT_SIZE = 6
# Runs a command and prints the largest resident set (KiB, Linux) among it and every process it waited
# for: atsgen's pool workers included.
_PEAK = (
    "import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def _project(root: Path, size: int) -> Path:
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "synthetic.yaml").write_text(synthetic.spec(size), encoding="utf-8")
    return root


def _atsgen(project: Path, env: dict[str, str], *args: str) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of one `atsgen generate` in `project`."""
    result = run_process(
        [sys.executable, "-c", _PEAK, tool("atsgen"), "generate", *args], cwd=project, env=env
    )
    return result.seconds, int(result.stderr.strip().splitlines()[-1]) * 1024


def _opc(project: Path, env: dict[str, str]) -> float:
    document = project / "generated" / "openapi" / "synthetic.json"
    out = project / "opc-out"
    shutil.rmtree(out, ignore_errors=True)
    result = run_process(
        [
            tool("openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(out),
        ],
        cwd=project,
        env=env,
    )
    if "ruff is not in PATH" in result.stdout:
        raise SystemExit("benchmarks: openapi-python-client ran without ruff; install .[bench]")
    return result.seconds


def _python_lines(folder: Path) -> int:
    return sum(path.read_bytes().count(b"\n") for path in folder.rglob("*.py"))


def run(settings: Settings, report: Report) -> dict[str, Any]:
    sizes = QUICK_SIZES if settings.quick else FULL_SIZES
    env = clean_env()  # no ATSGEN_SEEDS: the synthetic source names a file no seeds folder has
    # openapi-python-client finds ruff, its formatter, on PATH: this venv's.
    peer_env = {**env, "PATH": f"{Path(tool('ruff')).parent}{os.pathsep}{env.get('PATH', '')}"}
    results: dict[str, Any] = {"ratio": {}, "memory": {}}
    rows = []
    with tempfile.TemporaryDirectory(prefix="atsgen-bench-peer-") as temp:
        work = Path(temp)
        warm = _project(work / "warm-up", 2)
        _atsgen(warm, env, "--no-cache")  # untimed: bytecode, disk cache
        _opc(warm, peer_env)
        each: list[str] = []  # every run's time, for the notes
        for size in sizes:
            project = _project(work / f"n{size}", size)
            timings: list[float] = []
            peers: list[float] = []
            peak = 0
            try:
                for _ in range(1 if settings.quick else ROUNDS.get(size, 1)):
                    seconds, run_peak = _atsgen(project, env, "--no-cache")
                    timings.append(seconds)
                    peak = max(peak, run_peak)
                    peers.append(_opc(project, peer_env))
            except RuntimeError as exc:
                # A size the loader refuses (its limits) is a figure to report, not the end of the run.
                refusal = next((line for line in str(exc).splitlines() if ": the file" in line), "")
                rows.append([str(size), "refused", "", "", "", "", "", refusal.strip()[:120]])
                continue
            seconds, peer = statistics.median(timings), statistics.median(peers)
            each.append(
                f"N={size}: atsgen {', '.join(fmt_time(t) for t in timings)}; "
                f"opc {', '.join(fmt_time(t) for t in peers)}"
            )
            results["ratio"][size] = seconds / peer
            results["memory"][size] = peak
            rows.append(
                [
                    str(size),
                    str(len(timings)),
                    fmt_time(seconds),
                    fmt_bytes(peak),
                    f"{_python_lines(project / 'generated'):,}",
                    fmt_time(peer),
                    f"{_python_lines(project / 'opc-out'):,}",
                    f"{seconds / peer:.2f}x",
                ]
            )
        report.add(
            Table(
                "Synthetic vendor: atsgen generate --no-cache vs openapi-python-client on the exported "
                "OpenAPI document (medians of runs taken alternately)",
                [
                    "N",
                    "runs",
                    "atsgen",
                    "atsgen peak RSS",
                    "atsgen lines",
                    "opc",
                    "opc lines",
                    "ratio",
                ],
                rows,
                [
                    "ratio = atsgen / openapi-python-client, of the medians; at or below 1.00x is the "
                    "goal (issue 12)",
                    *each,
                ],
            )
        )

        size = QUICK_EDIT_SIZE if settings.quick else EDIT_SIZE
        project = _project(work / f"edit{size}", size)
        cold, _ = _atsgen(project, env)
        spec = project / "specs" / "synthetic.yaml"
        edits = []
        for value in range(121, 122 + (1 if settings.quick else EDITS) - 1):
            text = spec.read_text(encoding="utf-8")
            spec.write_text(
                text.replace(f"max_length: {value - 1}", f"max_length: {value}", 1),
                encoding="utf-8",
            )
            edits.append(_atsgen(project, env)[0])
        unchanged, _ = _atsgen(project, env)
        edit = statistics.median(edits)
        results["edit"], results["edit_size"] = edit, size
        report.add(
            Table(
                f"Synthetic vendor, N={size}: one field of one operation changed",
                ["run", "time"],
                [
                    ["cold, filling the cache", fmt_time(cold)],
                    [
                        f"one max_length changed (median of {len(edits)}: "
                        f"{', '.join(fmt_time(e) for e in edits)})",
                        fmt_time(edit),
                    ],
                    ["nothing changed", fmt_time(unchanged)],
                ],
                ["goal (issue 12): an edit under 2 s at N=500, no change under 0.2 s"],
            )
        )
    return results
