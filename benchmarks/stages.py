"""Per-stage timings of one `atsgen generate --no-cache --serial`, in a fresh process.

Run as `python -m benchmarks.stages [--profile] OUT_DIR` from a folder holding specs/ (the generation suites
do so in a temporary project). Prints one JSON object: seconds per stage (the load stage in its steps: parse,
spec schema check, lowering, the rest), and per (job kind, vendor). Heavy
libraries the pipeline imports lazily are imported first, each timed on its own, so that the render stages
measure work rather than first-use import costs. With --profile, the load and render stages also run under
cProfile and the JSON gains the time spent in each package's own code (cProfile's tottime, summed by the
top-level package or stdlib module a function lives in).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_started = time.perf_counter()


def _package(filename: str) -> str:
    """The package a profiled function belongs to: `black`, `generator`, `stdlib:re`, `builtins`."""
    if filename.startswith(("~", "<")):
        return "builtins (C)"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        top = parts[parts.index("site-packages") + 1]
        return top.removesuffix(".py")
    for anchor in ("generator", "benchmarks"):
        if anchor in parts:
            return anchor
    for index, part in enumerate(parts):
        if part.startswith("python3."):
            rest = parts[index + 1 :]
            return "stdlib:" + (rest[0].removesuffix(".py") if rest else "?")
    return "other"


def by_package(profile: Any) -> dict[str, float]:
    import pstats

    totals: dict[str, float] = {}
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        key = _package(filename)
        totals[key] = totals.get(key, 0.0) + tottime
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def _wrapper(totals: dict[str, float]) -> Callable[[Any, str, str], None]:
    """`wrap(owner, attribute, label)`: replace `owner.attribute` by a function that adds the seconds
    spent in it to `totals[label]`."""

    def wrap(owner: Any, attribute: str, label: str) -> None:
        original = getattr(owner, attribute)
        totals[label] = 0.0

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - started

        setattr(owner, attribute, timed)

    return wrap


def _instrument() -> dict[str, float]:
    """Wrap the calls the render stages spend their time in, to add up their seconds (time inside a
    wrapped call counts for every wrapper around it: datamodel-code-generator's time includes the black and
    isort calls it makes, if any)."""
    import black
    import datamodel_code_generator
    import isort

    from generator import render

    totals: dict[str, float] = {}
    wrap = _wrapper(totals)

    wrap(render, "format_python", "black on every generated .py (render.format_python)")
    wrap(black, "format_str", "black.format_str, all callers")
    wrap(datamodel_code_generator, "generate", "datamodel_code_generator.generate (types, models)")
    wrap(isort, "code", "isort.code, all callers")
    wrap(render, "render", "jinja2 templates (render.render)")
    return totals


def _instrument_load() -> dict[str, float]:
    """Time the load stage's steps: parsing the YAML, the spec schema check, lowering to the IR."""
    from generator import lower, schema_check, yamlpos

    totals: dict[str, float] = {}
    wrap = _wrapper(totals)

    wrap(yamlpos, "load", "parse YAML (yamlpos.load)")
    wrap(schema_check, "check", "check against the spec schema (schema_check.check)")
    wrap(lower, "lower", "lower to the IR (lower.lower)")
    return totals


def main(argv: list[str]) -> int:
    profile_wanted = "--profile" in argv
    out_dir = Path(next(a for a in argv if not a.startswith("--")))
    stages: list[tuple[str, float]] = []
    clock = time.perf_counter

    def stage(name: str, started: float) -> float:
        now = clock()
        stages.append((name, now - started))
        return now

    t = clock()
    from generator import build, cache, ir, write
    from generator.load import discover, display_name, load, seeds_dir

    t = stage("import generator (cli, pipeline modules)", t)
    paths = discover(Path("specs"))
    fingerprint = cache.generator_fingerprint()
    spec_bytes = {p: p.read_bytes() for p in paths}
    parts = [(display_name(p), b) for p, b in spec_bytes.items()]
    # Its signature has changed (a scope argument): call it either way.
    input_key: Any = cache.input_key
    try:
        input_key(fingerprint, "run", *parts)
    except TypeError:
        input_key(fingerprint, *parts)
    t = stage("hash generator, templates and specs", t)
    for module in ("yaml", "jsonschema", "jinja2", "black", "isort", "datamodel_code_generator"):
        __import__(module)
        t = stage(f"import {module}", t)

    hotspots = _instrument()
    profiler = None
    if profile_wanted:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        t = clock()
    load_steps = _instrument_load()
    find_seeds: Any = seeds_dir  # it has come to take the specs folder: call it either way
    try:
        seeds = find_seeds(Path("specs"))
    except TypeError:
        seeds = find_seeds()
    vendors: list[ir.Vendor] = []
    for path in paths:
        loaded = load([path], seeds=seeds)
        if not loaded.ok:
            print(json.dumps({"error": f"{path} does not load"}))
            return 1
        vendors += loaded.vendors
    # The load stage, split into its steps (the rest: reading the files, finding the seeds, the vendor
    # id check).
    now = clock()
    stages.extend((f"load specs: {name}", seconds) for name, seconds in load_steps.items())
    stages.append(("load specs: the rest", now - t - sum(load_steps.values())))
    t = now
    jobs: dict[str, dict[str, float]] = {}
    outputs: dict[str, bytes] = {}
    for kind in build.JOB_KINDS:
        for vendor in vendors:
            started = clock()
            outputs.update(build.run_job(kind, vendor))
            jobs.setdefault(kind, {})[vendor.id] = clock() - started
        t = stage(f"render {kind}", t)
    outputs.update(build.shared_outputs(vendors))
    t = stage("render shared files (package, runtime)", t)
    if profiler is not None:
        profiler.disable()
    plan = write.plan(out_dir, outputs)
    write.apply(out_dir, outputs, plan)
    t = stage("plan and write output", t)
    result: dict[str, Any] = {
        "stages": stages,
        "jobs": jobs,
        "operations": sum(len(v.operations) for v in vendors),
        "files": len(outputs),
        "lines": sum(content.count(b"\n") for content in outputs.values()),
        "total": t - _started,
        "hotspots": hotspots,
    }
    if profiler is not None:
        result["profile"] = by_package(profiler)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
