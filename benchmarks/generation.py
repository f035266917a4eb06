"""Suite 3: `atsgen generate` as a whole process, against datamodel-code-generator and openapi-python-client.

All runs happen in a temporary project (a copy of specs/; the working folder is what atsgen reads specs/
and keeps .atsgen-cache/ in), so the checkout's generated/ and cache are never touched:

- cold: `atsgen generate --no-cache --out OUT`, OUT a fresh copy of generated/ each run (everything is
  loaded and rendered; only files that differ are written);
- no change: `atsgen generate --out OUT` again after a run that filled the cache (the fast path: hash the
  inputs, compare generated/ with the last run's state);
- datamodel-codegen: the CLI on a copy of generated/schemas (every request and response JSON Schema, the
  same documents atsgen derives its models from), into a fresh output folder;
- openapi-python-client: `generate` on an OpenAPI 3.1 document assembled from those JSON Schemas
  (`schemas.openapi_document`), from a local file (no network), into a fresh folder; it runs its default
  post-hooks (ruff check --fix, ruff format).

Then one serial run in a fresh process, timed per stage (`benchmarks.stages`), says where the time goes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import schemas
from benchmarks._common import (
    BIN_DIR,
    GENERATED_DIR,
    ROOT,
    SPECS_DIR,
    Report,
    Settings,
    Table,
    clean_env,
    fmt_time,
    median,
    run_process,
    tool,
)

SEEDS_DIR = ROOT.parent / "shared" / "seeds"


def atsgen_env() -> dict[str, str]:
    env = clean_env(PATH=f"{BIN_DIR}:{clean_env().get('PATH', '')}")
    if SEEDS_DIR.is_dir():  # what `make generate` checks in a checkout with shared/ beside it
        env["ATSGEN_SEEDS"] = str(SEEDS_DIR)
    return env


def copy_output(destination: Path) -> None:
    shutil.copytree(
        GENERATED_DIR, destination, ignore=shutil.ignore_patterns("__pycache__", ".*cache*")
    )


def _differing(a: Path, b: Path) -> list[str]:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file()
            and "__pycache__" not in p.parts
            and not any(part.startswith(".") for part in p.parts)
        }

    left, right = files(a), files(b)
    return sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))


def stage_timings(
    project: Path, out: Path, *, env: dict[str, str], profile: bool = False
) -> dict[str, Any] | None:
    """`benchmarks.stages` in a fresh process; None (with a message) when it fails, so that a change in the
    generator's internals costs the breakdown, not the measurements already made."""
    env = {**env, "PYTHONPATH": str(ROOT)}
    args = [
        str(BIN_DIR / "python"),
        "-m",
        "benchmarks.stages",
        *(["--profile"] if profile else []),
        str(out),
    ]
    result = run_process(args, cwd=project, env=env, check=False)
    try:
        data: dict[str, Any] = json.loads(result.stdout)
    except ValueError:
        data = {}
    if result.returncode != 0 or "stages" not in data:
        print(
            f"benchmarks: the stage breakdown failed (skipped): {(result.stdout + result.stderr)[-1500:]}"
        )
        return None
    data["wall"] = result.seconds
    return data


def stage_tables(data: dict[str, Any], title: str) -> list[Table]:
    total = data["total"]
    rows = [[name, fmt_time(seconds), f"{seconds / total:.0%}"] for name, seconds in data["stages"]]
    rows.append(["total (in-process, serial)", fmt_time(total), "100%"])
    rows.append(["whole process, incl. interpreter start-up", fmt_time(data["wall"]), ""])
    hot = [
        [name, fmt_time(seconds), f"{seconds / total:.0%}"]
        for name, seconds in data["hotspots"].items()
    ]
    out = [
        Table(
            f"{title}: stages of one serial run ({data['operations']} operations, {data['files']} files, "
            f"{data['lines']:,} lines)",
            ["stage", "time", "share"],
            rows,
            [
                "one fresh process running the pipeline's steps in order (as --serial does), lazy imports timed apart"
            ],
        ),
        Table(f"{title}: where the render time goes", ["calls to", "time", "share of total"], hot),
    ]
    jobs: dict[str, dict[str, float]] = data["jobs"]
    vendors = sorted({v for per_kind in jobs.values() for v in per_kind})
    if len(vendors) > 1:
        out.append(
            Table(
                f"{title}: render time per job (kind x vendor; the parallel run's units of work)",
                ["job", *vendors],
                [
                    [kind, *(fmt_time(per_vendor.get(v, 0.0)) for v in vendors)]
                    for kind, per_vendor in jobs.items()
                ],
            )
        )
    if "profile" in data:
        top = list(data["profile"].items())[:12]
        out.append(
            Table(
                f"{title}: cProfile own time by package (load and render, under the profiler)",
                ["package", "own time"],
                [[name, fmt_time(seconds)] for name, seconds in top],
                ["`builtins (C)` holds C code, including mypyc-compiled black"],
            )
        )
    return out


def run(settings: Settings, report: Report) -> dict[str, Any]:
    runs = settings.pick(7, 1)
    first_timed = 0 if settings.quick else -1  # -1: one untimed warm-up run first (quick: none)
    atsgen = tool("atsgen")
    env = atsgen_env()
    results: dict[str, list[float]] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="atsgen-bench-") as temp:
        work = Path(temp)
        project = work / "project"
        shutil.copytree(SPECS_DIR, project / "specs")

        # atsgen, cold: --no-cache into a fresh copy of generated/ (after one untimed warm-up run)
        if not settings.quick:
            copy_output(work / "warm-up")
            run_process(
                [atsgen, "generate", "--no-cache", "--out", str(work / "warm-up")],
                cwd=project,
                env=env,
            )
        cold = []
        for index in range(runs):
            out = work / f"cold-{index}"
            copy_output(out)
            cold.append(
                run_process(
                    [atsgen, "generate", "--no-cache", "--out", str(out)], cwd=project, env=env
                ).seconds
            )
        results["atsgen generate --no-cache (cold)"] = cold
        stale = _differing(work / "cold-0", GENERATED_DIR)
        notes.append(
            "the cold output is byte-identical to the checkout's generated/"
            if not stale
            else f"the cold output differs from the checkout's generated/ in {len(stale)} files "
            f"(generated/ is stale or being edited): {', '.join(stale[:4])}"
        )

        serial = []
        for index in range(settings.pick(3, 0)):
            out = work / f"serial-{index}"
            copy_output(out)
            serial.append(
                run_process(
                    [atsgen, "generate", "--no-cache", "--serial", "--out", str(out)],
                    cwd=project,
                    env=env,
                ).seconds
            )
        if serial:
            results["atsgen generate --no-cache --serial"] = serial

        # atsgen, nothing changed: fill the cache once, then time the fast path
        out = work / "warm"
        copy_output(out)
        first = run_process([atsgen, "generate", "--out", str(out)], cwd=project, env=env)
        results["atsgen generate, empty cache (fills it)"] = [first.seconds]
        warm: list[float] = []
        rerendered = 0
        while len(warm) < settings.pick(11, 3):
            result = run_process([atsgen, "generate", "--out", str(out)], cwd=project, env=env)
            if "up to date" in result.stdout:
                warm.append(result.seconds)
                continue
            # Not the fast path: the generator's code or templates (part of the cache key) changed since
            # the last run, as when someone edits the checkout during the benchmark. That run refilled the
            # cache; drop it and go on, unless it keeps happening.
            rerendered += 1
            if rerendered > 3:
                raise SystemExit(
                    f"benchmarks: atsgen keeps re-rendering with nothing changed: {result.stdout}"
                )
        if rerendered:
            notes.append(
                f"{rerendered} no-change run(s) re-rendered (generator/ changed during the run) and were dropped"
            )
        results["atsgen generate, nothing changed"] = warm
        no_change_imports = _imports_of(
            [
                str(BIN_DIR / "python"),
                "-X",
                "importtime",
                "-m",
                "generator",
                "generate",
                "--out",
                str(out),
            ],
            project,
            env,
            settings.pick(7, 1),
        )
        baseline = [
            run_process([str(BIN_DIR / "python"), "-c", "pass"], env=env).seconds
            for _ in range(settings.pick(11, 5))
        ]
        results["(python -c pass: interpreter start-up)"] = baseline

        # datamodel-code-generator on the same JSON Schemas
        inputs = work / "dmcg-in"
        copied = schemas.copy_schemas(inputs)
        dmcg = []
        for index in range(first_timed, runs):
            command = [
                tool("datamodel-codegen"),
                "--input", str(inputs),
                "--input-file-type", "jsonschema",
                "--output", str(work / f"dmcg-out-{index}"),
                "--output-model-type", "pydantic_v2.BaseModel",
                "--target-python-version", "3.11",
                "--formatters", "black", "isort",
                "--disable-timestamp",
            ]  # fmt: skip
            seconds = run_process(command, cwd=work, env=env).seconds
            if index >= 0:
                dmcg.append(seconds)
        results[f"datamodel-codegen ({len(copied)} JSON Schemas)"] = dmcg

        # openapi-python-client on an equivalent OpenAPI 3.1 document
        document = work / "openapi.json"
        document.write_text(
            json.dumps(schemas.openapi_document(_operations()), indent=2), encoding="utf-8"
        )
        opc = []
        for index in range(first_timed, runs):
            command = [
                tool("openapi-python-client"), "generate",
                "--path", str(document),
                "--output-path", str(work / f"opc-out-{index}"),
                "--overwrite",
            ]  # fmt: skip
            result = run_process(command, cwd=work, env=env)
            if index < 0:
                if "Warning" in result.stdout or "Unable" in result.stdout:
                    notes.append(
                        f"openapi-python-client warned: {' '.join(result.stdout.split())[:300]}"
                    )
                continue
            opc.append(result.seconds)
        results["openapi-python-client generate (OpenAPI 3.1)"] = opc
        stages = None if settings.quick else stage_timings(project, work / "stages-out", env=env)

    counts = f"{len(_operations())} operations in {len(list(SPECS_DIR.glob('*.yaml')))} specs"
    rows = [
        [name, str(len(times)), fmt_time(median(times)), fmt_time(min(times)), fmt_time(max(times))]
        for name, times in results.items()
    ]
    cold_median = median(results["atsgen generate --no-cache (cold)"])
    warm_median = median(results["atsgen generate, nothing changed"])
    dmcg_median = median(dmcg)
    opc_median = median(opc)
    notes += [
        f"cold atsgen / datamodel-codegen = {cold_median / dmcg_median:.2f}x, "
        f"cold atsgen / openapi-python-client = {cold_median / opc_median:.2f}x (below 1 atsgen is faster)",
        "wall-clock time of the whole process (spawn to exit), median of the runs",
    ]
    report.add(
        Table(
            f"atsgen generate, whole process ({counts})",
            ["command", "runs", "median", "min", "max"],
            rows,
            notes,
        )
    )
    report.add(
        Table(
            "Generation targets",
            ["target", "measured (median)", "verdict"],
            [
                [
                    "full generation of all vendors under 1 s",
                    fmt_time(cold_median),
                    "met" if cold_median < 1 else "MISSED",
                ],
                [
                    "a no-change run under 0.2 s",
                    fmt_time(warm_median),
                    "met" if warm_median < 0.2 else "MISSED",
                ],
            ],
        )
    )
    report.add(
        Table(
            "A no-change run: what its process imports (python -X importtime -m generator generate, medians)",
            ["module (top-level imports and theirs)", "cumulative"],
            [[name, fmt_time(seconds)] for name, seconds in no_change_imports],
            [
                f"interpreter start-up alone (python -c pass): {fmt_time(median(baseline))}; the pipeline's own "
                "work on the fast path (hash inputs, compare generated/) is the ~0.01 s atsgen reports",
                "imports above 2 ms cumulative, at the top two levels",
            ],
        )
    )
    if stages is not None:
        for table in stage_tables(stages, "Generation of specs/"):
            report.add(table)
    return {"results": results, "stages": stages}


def _imports_of(
    command: list[str], cwd: Path, env: dict[str, str], runs: int
) -> list[tuple[str, float]]:
    """Median cumulative import time of the top two levels of a process's imports (above 2 ms)."""
    from benchmarks.importtime import parse_importtime

    samples: dict[str, list[float]] = {}
    order: list[str] = []
    for _ in range(runs):
        for name, depth, _own, cumulative in parse_importtime(
            run_process(command, cwd=cwd, env=env).stderr
        ):
            if depth <= 1:
                key = "  " * depth + name
                if key not in samples:
                    order.append(key)
                samples.setdefault(key, []).append(cumulative)
    return [(key, median(samples[key])) for key in order if median(samples[key]) >= 0.002]


def _operations() -> list[tuple[str, str, str, str]]:
    from generator.load import discover, load

    loaded = load(discover(SPECS_DIR))
    return [(v.id, op.id, op.method, op.path) for v in loaded.vendors for op in v.operations]
