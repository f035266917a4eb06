"""`python -m benchmarks [--quick] [--suite NAME ...]`: run the benchmark suites and print their tables.

The tables are also written to benchmarks/.results/latest.txt (git-ignored). `--quick` runs a reduced
version of every suite (fewer repetitions, smaller payloads and specs) in under a minute: a smoke test of
the harness, not figures to quote.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import generation, importtime, peer, scaling, validation
from benchmarks._common import (
    RESULTS_DIR,
    ROOT,
    Report,
    Settings,
    Table,
    fmt_bytes,
    fmt_time,
    median,
)

SUITES = ("validators", "import", "generate", "scaling", "peer")
PACKAGES = (
    "atsgen",
    "fastjsonschema",
    "jsonschema-rs",
    "jsonschema",
    "datamodel-code-generator",
    "openapi-python-client",
    "black",
)


def machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return "\n".join(
        [
            f"python {platform.python_version()} ({sys.executable}), {platform.platform()}",
            f"{os.cpu_count()} CPUs ({cpu}); load average at start {load}",
            "; ".join(versions),
        ]
    )


def summary(data: dict[str, Any]) -> Table:
    rows = []
    if "validators" in data:
        results = data["validators"]
        valid = [r for r in results if r.case.kind != "invalid"]
        invalid = [r for r in results if r.case.kind == "invalid"]
        for label, rows_of, peer in (
            ("valid payloads as fast as fastjsonschema", valid, validation.FJS),
            (
                "invalid payloads as fast as jsonschema-rs iter_errors",
                invalid,
                validation.RS_ERRORS,
            ),
        ):
            ratios = [r.seconds[peer] / r.seconds[validation.ATSGEN] for r in rows_of]
            slower = sum(1 for x in ratios if x < 1)
            rows.append(
                [
                    label,
                    f"peer/atsgen worst {min(ratios):.2f}x, best {max(ratios):.2f}x",
                    "met" if not slower else f"MISSED ({slower} of {len(ratios)} payloads)",
                ]
            )
    if "import" in data:
        for name, r in data["import"].items():
            if name.startswith("paradox: clean venv, bytecode cached"):
                rows.append(
                    [
                        "import ats_sdk.paradox under 10 ms (own cumulative)",
                        f"{fmt_time(r['cumulative'])} (whole process {fmt_time(r['wall'])})",
                        "met" if r["cumulative"] < importtime.TARGET_SECONDS else "MISSED",
                    ]
                )
    if "generate" in data:
        results = data["generate"]["results"]
        cold = median(results["atsgen generate --no-cache (cold)"])
        warm = median(results["atsgen generate, nothing changed"])
        rows.append(
            [
                "full generation of all vendors under 1 s",
                fmt_time(cold),
                "met" if cold < 1 else "MISSED",
            ]
        )
        rows.append(
            ["no-change run under 0.2 s", fmt_time(warm), "met" if warm < 0.2 else "MISSED"]
        )
    if "scaling" in data:
        scaled = data["scaling"]
        measured, marginal = scaled["measured"], scaled["marginal"]
        first, last = min(measured), max(measured)
        rows.append(
            [
                "generation time linear in operations",
                f"{fmt_time(scaled['fixed'])} + {fmt_time(scaled['per_op'])}/op; marginal per op "
                f"{fmt_time(marginal[0])} (N {first}..) -> {fmt_time(marginal[-1])} (..{last})",
                (
                    f"{marginal[-1] / marginal[0]:.2f}x marginal-cost growth"
                    if len(marginal) > 1
                    else "-"
                ),
            ]
        )
    if "peer" in data:
        for size, ratio in sorted(data["peer"]["ratio"].items()):
            rows.append(
                [
                    f"N={size} synthetic: atsgen / openapi-python-client <= 1.00",
                    f"{ratio:.2f}x (peak RSS {fmt_bytes(data['peer']['memory'][size])})",
                    "met" if ratio <= 1 else "MISSED",
                ]
            )
        edit = data["peer"]["edit"]
        rows.append(
            [
                f"one field edited at N={data['peer']['edit_size']} under 2 s",
                fmt_time(edit),
                "met" if edit < 2 else "MISSED",
            ]
        )
    return Table(
        "Summary of the performance targets", ["target", "measured (medians)", "verdict"], rows
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="a reduced run (under a minute): a smoke test"
    )
    parser.add_argument(
        "--suite", action="append", choices=SUITES, help="run only these suites (repeatable)"
    )
    parser.add_argument(
        "--scaling-sizes",
        type=lambda text: tuple(int(n) for n in text.split(",")),
        help="operation counts for the scaling suite (default 100,250,500,1000; quick 3,6,12)",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR / "latest.txt", help="where to write the tables"
    )
    args = parser.parse_args(argv)
    settings = Settings(quick=args.quick)
    chosen = args.suite or list(SUITES)
    report = Report(args.output)
    started = time.perf_counter()
    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    report.add(
        f"atsgen benchmarks{' (QUICK: smoke test, not figures to quote)' if settings.quick else ''}\n"
        f"{time.strftime('%Y-%m-%d %H:%M:%S %Z')}; `{command.strip()}` in {ROOT}\n{machine()}"
    )
    data: dict[str, Any] = {}
    if "validators" in chosen:
        data["validators"] = validation.run(settings, report)
    if "import" in chosen:
        data["import"] = importtime.run(settings, report)
    if "generate" in chosen:
        data["generate"] = generation.run(settings, report)
    if "scaling" in chosen:
        data["scaling"] = scaling.run(settings, report, sizes=args.scaling_sizes)
    if "peer" in chosen:
        data["peer"] = peer.run(settings, report)
    report.add(summary(data))
    report.add(f"total benchmark time {fmt_time(time.perf_counter() - started)}")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
