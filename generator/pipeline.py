"""One generation run: specs -> checked IR -> rendered outputs -> plan -> (atomic write | check).

The whole run holds the output folder's lock (`write.locked`): exclusive to write, so runs follow one another;
shared to check, so a check never reads a tree half-way through another run's commit. A writing run first
finishes the commit of a run that was killed half-way (`write.recover`).

Order of work, cheapest first:
1. Hash the inputs. If they and generated/ match the last run, stop: nothing is loaded or rendered.
2. Load and check every spec. Any spec error stops the run before anything is written.
3. Reuse the cached outputs of unchanged specs; render the rest, in parallel worker processes when there is
   more than one job and more than one processor.
4. Compare with generated/ and either report the differences (check) or write them atomically.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import cache as cache_module
from generator import formatting, workers, write
from generator.diagnostics import Diagnostics
from generator.diff import releases
from generator.load import SpecReadError, discover, display_name, load, read_spec, seeds_dir
from generator.unified import job as unified_job

if TYPE_CHECKING:
    from generator import ir
    from generator.unified.model import Unified

Outputs = dict[str, bytes]


@dataclass
class Result:
    specs: int = 0
    vendors: int = 0
    operations: int = 0
    outputs: Outputs = field(default_factory=dict)
    plan: write.Plan | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    sources: dict[str, list[str]] = field(default_factory=dict)
    up_to_date: bool = False
    """The fast path: inputs and generated/ unchanged since the last run."""
    files: int = 0
    """With `up_to_date`: how many files generated/ holds (the outputs were not rendered again)."""
    seconds: float = 0.0
    unfinished_commit: bool = False
    """With `check`: a killed run left a commit half-way, which the next writing run finishes."""
    unreleased_since: str | None = None
    """With `check`: the specs differ from those of this release (the last in the record): the SDK's
    version does not say what changed until `atsgen release` records a new one."""
    unreleased_output_since: str | None = None
    """With `check`: the specs are as released, but the generated SDK differs from this release's (a
    generator, template or runtime change): it too needs `atsgen release`."""

    @property
    def failed(self) -> bool:
        return bool(self.diagnostics.errors)


def _ignore(_: object) -> None:
    pass


def run(
    specs_dir: Path,
    out_dir: Path,
    *,
    check: bool = False,
    cache: cache_module.Cache | None = None,
    parallel: bool = True,
    on_wait: Callable[[int | None], None] = _ignore,
    on_recovered: Callable[[write.Recovery], None] = _ignore,
) -> Result:
    """One run, holding the lock; `on_wait` hears whose run it waits for, `on_recovered` what finishing a
    killed run's commit did (both as they happen, so that a later failure cannot hide them)."""
    if check:
        return _check(specs_dir, out_dir, cache=cache, parallel=parallel, on_wait=on_wait)
    with write.locked(out_dir, exclusive=True, on_wait=on_wait):
        recovered = write.recover(out_dir)
        if recovered is not None:
            on_recovered(recovered)
        return _run_locked(specs_dir, out_dir, check=False, cache=cache, parallel=parallel)


def _check(
    specs_dir: Path,
    out_dir: Path,
    *,
    cache: cache_module.Cache | None,
    parallel: bool,
    on_wait: Callable[[int | None], None],
) -> Result:
    """A check under the shared lock. Without a lock file there is nothing to lock (a check creates
    nothing); if a first writing run created one meanwhile, the tree read may be half-way through its
    commit, so the check is made again, under the lock."""
    for _ in range(2):
        with write.locked(out_dir, exclusive=False, on_wait=on_wait) as held:
            result = _run_locked(specs_dir, out_dir, check=True, cache=cache, parallel=parallel)
            result.unfinished_commit = write.unfinished_commit(out_dir)
            if not result.failed:
                started = time.perf_counter()
                _judge_release(specs_dir, out_dir, result)
                result.seconds += time.perf_counter() - started
        if held or not write.lock_exists(out_dir):
            break
    return result


def _run_locked(
    specs_dir: Path,
    out_dir: Path,
    *,
    check: bool,
    cache: cache_module.Cache | None,
    parallel: bool,
) -> Result:
    started = time.perf_counter()
    result = Result()
    spec_paths = discover(specs_dir)
    result.specs = len(spec_paths)
    fingerprint = cache_module.generator_fingerprint()
    spec_bytes = _read_specs(spec_paths, result.diagnostics)
    if result.diagnostics.errors:
        result.seconds = time.perf_counter() - started
        return result
    record = _read_record(specs_dir, result.diagnostics)
    if result.diagnostics.errors:
        result.seconds = time.perf_counter() - started
        return result
    record_input = () if record is None else ((releases.RECORD_NAME, record),)
    unified_input = unified_job.inputs(specs_dir)
    run_key = cache_module.input_key(
        fingerprint,
        "run",
        *((display_name(p), b) for p, b in spec_bytes.items()),
        *record_input,
        *unified_input,
    )
    # The record is read only to render (the fast path below needs just its bytes, in the run key); a
    # check judges it afterwards (`_judge_release`).
    history = None
    last = (
        cache_module.unchanged_since_last_run(cache, run_key, out_dir)
        if cache is not None
        else None
    )
    if last is not None:
        result.up_to_date = True
        result.vendors, result.operations, result.files = (
            len(spec_paths),
            last.operations,
            last.files,
        )
        result.seconds = time.perf_counter() - started
        return result

    if record is not None:
        history = _history(specs_dir, record, result.diagnostics)
        if history is None:
            result.seconds = time.perf_counter() - started
            return result
    with _rendering(cache, parallel=parallel, store=not check) as pool:
        _load_and_render(
            result,
            specs_dir,
            spec_paths,
            spec_bytes,
            fingerprint,
            cache,
            pool,
            store=not check,
            history=(history, record_input),
            unified_input=unified_input,
        )
    if result.failed:
        result.seconds = time.perf_counter() - started
        return result
    result.plan = write.plan(out_dir, result.outputs)
    if not check:
        if not result.plan.is_noop:
            write.apply(out_dir, result.outputs, result.plan)
        if cache is not None:
            cache.save_state(run_key, out_dir, result.outputs, operations=result.operations)
    result.seconds = time.perf_counter() - started
    return result


@contextlib.contextmanager
def _rendering(
    cache: cache_module.Cache | None, *, parallel: bool, store: bool
) -> Iterator[workers.Pool | None]:
    """What loading and rendering run inside: the caches of formatted fragments and model sources (an edit
    formats only the fragments it changed, and calls datamodel-code-generator only for a model document it
    changed; a check writes no cache, as it stores no outputs), the cyclic garbage collector paused, and
    the workers, started first so that they warm up while the specs load."""
    from generator.emit import models

    fragments = cache.fragments() if cache is not None and store else None
    model_sources = cache.models() if cache is not None and store else None
    # With model output kept from earlier runs, an edit re-runs datamodel-code-generator for a piece or
    # two at most: the worker that meets one pays for its first use then.
    warm_models = model_sources is None or model_sources.is_empty()
    with (
        formatting.using(fragments),
        models.using(model_sources),
        _gc_paused(),
        workers.started(parallel=parallel, warm_models=warm_models) as pool,
    ):
        yield pool


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading and rendering build millions of small objects and free few; the cyclic collector's passes
    over them were a third of a cold run. A run is short-lived, so its cycles wait until it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_and_render(
    result: Result,
    specs_dir: Path,
    spec_paths: list[Path],
    spec_bytes: dict[Path, bytes],
    fingerprint: str,
    cache: cache_module.Cache | None,
    pool: workers.Pool | None,
    *,
    store: bool,
    history: tuple[releases.History | None, tuple[tuple[str, bytes], ...]],
    unified_input: tuple[tuple[str, bytes], ...],
) -> None:
    """Load and check the specs into `result`, and render them into `result.outputs` unless they fail."""
    loaded = load(spec_paths, seeds=seeds_dir(specs_dir))
    result.diagnostics, result.sources = loaded.diagnostics, loaded.sources
    if not loaded.ok:
        return
    # The unified declarations map onto every vendor: their errors stop the run like a spec's.
    declarations = unified_job.load(specs_dir, loaded.vendors, result.diagnostics, result.sources)
    if result.diagnostics.errors:
        return
    result.vendors = len(loaded.vendors)
    result.operations = sum(len(v.operations) for v in loaded.vendors)
    result.outputs = _render(
        loaded.vendors,
        spec_bytes,
        fingerprint,
        cache,
        pool,
        store=store,
        history=history,
        unified=(declarations, unified_input),
    )


def _read_specs(paths: list[Path], diagnostics: Diagnostics) -> dict[Path, bytes]:
    """Each spec's bytes; one that cannot be read (a folder, a link to a device) is that file's error."""
    spec_bytes = {}
    for path in paths:
        try:
            spec_bytes[path] = read_spec(path)
        except SpecReadError as exc:
            diagnostics.error(display_name(path), None, (), str(exc))
    return spec_bytes


def _read_record(specs_dir: Path, diagnostics: Diagnostics) -> bytes | None:
    """The release record's bytes (None: the specs were never released); unreadable, it is an error."""
    path = releases.record_path(specs_dir)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        diagnostics.error(display_name(path), None, (), f"cannot read it: {exc.strerror or exc}")
        return None


def _history(specs_dir: Path, record: bytes, diagnostics: Diagnostics) -> releases.History | None:
    name = display_name(releases.record_path(specs_dir))
    try:
        return releases.parse(record, name)
    except releases.ReleaseRecordError as exc:
        # The message starts with the file's name already; the diagnostic shows it once.
        diagnostics.error(name, None, (), str(exc).removeprefix(f"{name}: "))
        return None


def _judge_release(specs_dir: Path, out_dir: Path, result: Result) -> None:
    """A check fails while the specs or the SDK generated from them differ from the last release's, so
    that the SDK's version always says what changed (see `generator/diff/releases.py`)."""
    record = _read_record(specs_dir, result.diagnostics)
    history = None if record is None else _history(specs_dir, record, result.diagnostics)
    if history is None:
        return
    try:
        inputs = releases.release_inputs(specs_dir)
    except SpecReadError as exc:
        result.diagnostics.error(display_name(specs_dir), None, (), str(exc))
        return
    if not history.last.covers_specs(inputs):
        result.unreleased_since = history.version
        return
    files = releases.output_files(expected_outputs(result, out_dir), history.version)
    if releases.output_digest(files) != history.last.output_digest:
        result.unreleased_output_since = history.version


def expected_outputs(result: Result, out_dir: Path) -> Outputs:
    """What the specs produce, after a check: as rendered, or, on the fast path, generated/ itself (which
    the fast path found to hold exactly the last run's output for the same inputs)."""
    if not result.up_to_date:
        return result.outputs
    return {path: (out_dir / path).read_bytes() for path in write.existing_files(out_dir)}


def _render(
    vendors: list[ir.Vendor],
    spec_bytes: dict[Path, bytes],
    fingerprint: str,
    cache: cache_module.Cache | None,
    pool: workers.Pool | None,
    *,
    store: bool,
    history: tuple[releases.History | None, tuple[tuple[str, bytes], ...]],
    unified: tuple[Unified | None, tuple[tuple[str, bytes], ...]] = (None, ()),
) -> Outputs:
    from generator import build, render

    outputs: Outputs = {}
    by_file = {display_name(path): content for path, content in spec_bytes.items()}
    pending: list[tuple[ir.Vendor, str]] = []
    keys: list[str] = []
    for vendor in vendors:
        key = cache_module.input_key(
            fingerprint, "vendor", (vendor.spec_file, by_file[vendor.spec_file])
        )
        keys.append(key)
        cached = cache.outputs(key) if cache is not None else None
        if cached is None:
            pending.append((vendor, key))
        else:
            outputs.update(cached)

    rendering = [vendor for vendor, _ in pending]
    tasks = [
        (kind, index, piece)
        for index, vendor in enumerate(rendering)
        for kind in build.JOB_KINDS
        for piece in range(build.job_pieces(kind, vendor))
    ]

    def cost(task: workers.Task) -> float:
        kind, index, piece = task
        return build.piece_cost(kind, rendering[index], piece)

    batch = workers.submit(pool, rendering, tasks, cost)

    # The release record decides the version and CHANGELOG.md, so it is an input of the shared files.
    # They are rendered here while the workers build the vendors' pieces.
    record, record_input = history
    declarations, unified_input = unified
    shared_key = cache_module.input_key(
        fingerprint, "shared", *sorted(by_file.items()), *record_input, *unified_input
    )
    shared = cache.outputs(shared_key) if cache is not None else None
    if shared is None:
        shared = build.shared_outputs(vendors, record, unified=declarations is not None)
        shared.update(unified_job.outputs(declarations, vendors))
        if cache is not None and store:
            cache.store(shared_key, shared)

    pieces = dict(zip(tasks, batch.results(), strict=True))
    workers.release(pool)
    render.forget_digests()  # digests of this run's vendors, when pieces were built in this process
    for index, (vendor, key) in enumerate(pending):
        produced: Outputs = {}
        for kind in build.JOB_KINDS:
            count = build.job_pieces(kind, vendor)
            parts = [pieces[(kind, index, piece)] for piece in range(count)]
            produced.update(build.finish_job(kind, vendor, parts))
        outputs.update(produced)
        if cache is not None and store:
            cache.store(key, produced)
    outputs.update(shared)
    if cache is not None and store:
        cache.prune(keep=[shared_key, *keys])
    return dict(sorted(outputs.items()))


def describe_differences(
    result: Result, out_dir: Path, *, show_diff: bool = False, limit: int = 40
) -> Iterable[str]:
    """What --check prints: each file that differs, and optionally the start of its diff."""
    plan = result.plan
    assert plan is not None
    shown = out_dir.as_posix().rstrip("/")
    for label, paths in (
        ("changed", plan.changed),
        ("missing", plan.created),
        ("not produced by the specs", plan.removed),
    ):
        for path in paths:
            yield f"  {label}: {shown}/{path}"
            if show_diff and label == "changed":
                old = (out_dir / path).read_text(encoding="utf-8", errors="replace").splitlines()
                new = result.outputs[path].decode("utf-8").splitlines()
                diff = list(
                    difflib.unified_diff(old, new, f"{shown}/{path}", "expected", lineterm="", n=2)
                )
                yield from (f"    {line}" for line in diff[:limit])
                if len(diff) > limit:
                    yield f"    ... ({len(diff) - limit} more diff lines)"
