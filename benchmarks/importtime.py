"""Suite 2: import time of the generated vendor modules, each in a fresh interpreter.

`python -X importtime -c "import ats_sdk.<vendor>"` reports, per module, its own (self) time and its
cumulative time, which includes every module first imported on its behalf. The module's own cost is the
cumulative time of the `ats_sdk.<vendor>` line: the SDK code plus the standard-library modules it pulls in
that the interpreter had not already loaded at start-up. The whole-process time is the wall clock of
`python -c "import ats_sdk.<vendor>"` (no -X importtime), beside `python -c "pass"`.

Measured on a copy of generated/ats_sdk put on PYTHONPATH, in three situations:
- clean venv, bytecode cached: a new venv with nothing installed (as an SDK user's interpreter: the SDK's
  validators need only the standard library), bytecode written by an untimed warm-up run (as after
  `pip install`); every vendor module;
- clean venv, no bytecode: every SDK module compiled from source on each import, as in a checkout run with
  PYTHONDONTWRITEBYTECODE=1 (this sandbox's setting); the standard library keeps its cached bytecode;
- project .venv: the project's own interpreter, whose editable installs (atsgen's setuptools finder) import
  pathlib, re, ipaddress, urllib... at start-up, so the SDK finds them already loaded: a lower figure that
  an SDK user would not see.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks._common import (
    BIN_DIR,
    GENERATED_DIR,
    Report,
    Settings,
    Table,
    clean_env,
    fmt_time,
    median,
    run_process,
)

TARGET_SECONDS = 0.010


def vendors() -> list[str]:
    return sorted(p.parent.name for p in (GENERATED_DIR / "ats_sdk").glob("*/validators.py"))


def parse_importtime(stderr: str) -> list[tuple[str, int, float, float]]:
    """(module, depth, self seconds, cumulative seconds) per `import time:` line."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line[len("import time:") :].split("|")
        self_us, cumulative_us, raw = int(parts[0]), int(parts[1]), parts[2]
        stripped = raw.lstrip(" ")
        depth = (len(raw) - len(stripped) - 1) // 2
        rows.append((stripped.strip(), depth, self_us / 1e6, cumulative_us / 1e6))
    return rows


def _measure(vendor: str, runs: int, env: dict[str, str], python: list[str]) -> dict[str, float]:
    module = f"ats_sdk.{vendor}"
    cumulative, sdk_self, stdlib = [], [], []
    for _ in range(runs):
        result = run_process([*python, "-X", "importtime", "-c", f"import {module}"], env=env)
        rows = parse_importtime(result.stderr)
        top = [r for r in rows if r[0] == module]
        if not top:
            raise SystemExit(
                f"benchmarks: no import time line for {module}:\n{result.stderr[-2000:]}"
            )
        cumulative.append(top[-1][3])
        own = sum(r[2] for r in rows if r[0] == "ats_sdk" or r[0].startswith("ats_sdk."))
        sdk_self.append(own)
        stdlib.append(top[-1][3] - own)
    wall = [run_process([*python, "-c", f"import {module}"], env=env).seconds for _ in range(runs)]
    return {
        "cumulative": median(cumulative),
        "sdk_self": median(sdk_self),
        "stdlib": median(stdlib),
        "wall": median(wall),
    }


def breakdown(
    vendor: str, runs: int, env: dict[str, str], python: list[str]
) -> list[tuple[str, float, float]]:
    """Median self and cumulative time of every module imported on behalf of ats_sdk.<vendor>."""
    module = f"ats_sdk.{vendor}"
    samples: dict[tuple[int, str], list[tuple[float, float]]] = {}
    order: list[tuple[int, str]] = []
    for _ in range(runs):
        rows = parse_importtime(
            run_process([*python, "-X", "importtime", "-c", f"import {module}"], env=env).stderr
        )
        end = max(i for i, r in enumerate(rows) if r[0] == module)
        start = end
        while start > 0 and rows[start - 1][1] > rows[end][1]:
            start -= 1
        for index, (name, depth, own, cumulative) in enumerate(rows[start : end + 1]):
            key = (index, f"{'  ' * (depth - rows[end][1])}{name}")
            if key not in samples:
                samples[key] = []
                order.append(key)
            samples[key].append((own, cumulative))
    return [
        (key[1], median([s[0] for s in samples[key]]), median([s[1] for s in samples[key]]))
        for key in order
        if len(samples[key]) == runs
    ]


def run(settings: Settings, report: Report) -> dict[str, dict[str, float]]:
    runs = settings.pick(21, 5)
    results: dict[str, dict[str, float]] = {}
    baselines: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="atsgen-bench-import-") as temp:
        work = Path(temp)
        shutil.copytree(
            GENERATED_DIR / "ats_sdk",
            work / "sdk" / "ats_sdk",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        # A clean interpreter, as an SDK user has: a new venv with empty site-packages, the SDK on PYTHONPATH.
        run_process([sys._base_executable, "-m", "venv", "--without-pip", str(work / "venv")])  # type: ignore[attr-defined]
        clean = [str(work / "venv" / "bin" / "python")]
        project = [str(BIN_DIR / "python")]
        cached = clean_env(PYTHONPATH=str(work / "sdk"))
        uncached = {k: v for k, v in cached.items() if k != "PYTHONPYCACHEPREFIX"}
        uncached["PYTHONDONTWRITEBYTECODE"] = "1"
        check = run_process([*clean, "-c", "import ats_sdk; print(ats_sdk.__file__)"], env=cached)
        if not check.stdout.strip().startswith(str(work / "sdk")):
            raise SystemExit(
                f"benchmarks: the copy of ats_sdk is not the one imported: {check.stdout}"
            )
        scenarios = [
            (f"{vendor}: clean venv, bytecode cached", vendor, clean, cached)
            for vendor in vendors()
        ]
        scenarios += [
            ("paradox: clean venv, no bytecode", "paradox", [*clean, "-B"], uncached),
            ("paradox: project .venv, bytecode cached", "paradox", project, clean_env()),
        ]
        for name, vendor, python, env in scenarios:
            key = (tuple(python), tuple(sorted(env.items())))
            # Warm-up: bytecode, disk cache.
            run_process([*python, "-c", f"import ats_sdk.{vendor}"], env=env)
            if str(key) not in baselines:
                baselines[str(key)] = median(
                    [run_process([*python, "-c", "pass"], env=env).seconds for _ in range(runs)]
                )
            results[name] = {**_measure(vendor, runs, env, python), "baseline": baselines[str(key)]}
        detail = breakdown("paradox", runs, cached, clean)

    rows = []
    for name, r in results.items():
        rows.append(
            [
                name,
                fmt_time(r["cumulative"]),
                fmt_time(r["sdk_self"]),
                fmt_time(r["stdlib"]),
                fmt_time(r["wall"]),
                fmt_time(r["baseline"]),
                fmt_time(r["wall"] - r["baseline"]),
                "met" if r["cumulative"] < TARGET_SECONDS else "MISSED",
            ]
        )
    report.add(
        Table(
            f"Import time of a generated vendor module (fresh process each, median of {runs})",
            [
                "ats_sdk.<vendor>: where",
                "own cumulative",
                "ats_sdk self",
                "stdlib pulled in",
                "whole process",
                "python -c pass",
                "difference",
                "< 10 ms",
            ],
            rows,
            [
                "own cumulative: -X importtime cumulative of the ats_sdk.<vendor> line (= ats_sdk self + stdlib pulled in)",
                'whole process: wall clock of `python -c "import ats_sdk.<vendor>"` (no -X importtime)',
                "clean venv: new venv, empty site-packages, SDK on PYTHONPATH (what an SDK user has);",
                "project .venv: the editable installs' finders already import pathlib, re, ipaddress, ... at start-up",
            ],
        )
    )
    report.add(
        Table(
            "Import of ats_sdk.paradox, clean venv, bytecode cached: modules imported on its behalf (medians)",
            [
                "module (as -X importtime: a module's imports are listed above it, indented)",
                "self",
                "cumulative",
            ],
            [
                [name, fmt_time(own), fmt_time(cumulative)]
                for name, own, cumulative in detail
                if cumulative >= 0.0002
            ],
            ["modules under 0.2 ms cumulative are left out"],
        )
    )
    return results
