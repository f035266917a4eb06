"""CPU seconds of the types and models jobs, whole-document against pieces (issue 12), in process.

Run as `python -m benchmarks.model_pieces [--two-workers]` from a folder holding specs/ with one vendor (a synthetic spec).
gc is disabled (the pipeline pauses it during render). Prints JSON lines:

- `overhead`: one datamodel-code-generator call on the documents of 1 to 500 consecutive operations
  (median CPU of up to five such documents), to read its per-call cost off;
- `job`: each module built as one call on the whole document ("whole", how the job ran before the split)
  and in pieces ("pieced", run one after another here: CPU, not wall), cold (no store) and after a
  one-field edit (the description of the first request body field of the first operation with one) with
  the store filled by the unedited run; median of three;
- and last (alone with `--two-workers`) the wall seconds of each module cold, one call in this process
  against its pieces on two forked workers.
"""

from __future__ import annotations

import gc
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import formatting, ir, render
from generator.emit import models
from generator.load import discover, load, seeds_dir

RUNS = 3


def _job(module: models.ModelModule, vendor: ir.Vendor, mode: str) -> str:
    if mode == "whole":
        source = models.generate(module.model_set(vendor), module.style, models._header(vendor))
        return render.format_python(source, module.path(vendor))
    pieces = [module.run(vendor, index) for index in range(module.pieces(vendor))]
    (output,) = module.finish(vendor, pieces).values()
    return output.decode()


def _edited(vendor: ir.Vendor) -> ir.Vendor:
    for index, op in enumerate(vendor.operations):
        body = op.request.body
        if body is not None and body.schema.properties:
            first, *rest = body.schema.properties
            first = replace(first, schema=replace(first.schema, description="Edited."))
            schema = replace(body.schema, properties=(first, *rest))
            operations = list(vendor.operations)
            operations[index] = replace(
                op, request=replace(op.request, body=replace(body, schema=schema))
            )
            return replace(vendor, operations=tuple(operations))
    raise LookupError("no request body field to edit")


def _overhead(vendor: ir.Vendor) -> None:
    operations = vendor.operations
    for module in (models.TYPES, models.MODELS):
        build = models.request_models if module.style == "typeddict" else models.response_models
        for size in (1, 5, 10, 25, 50, 100, 250, 500):
            if size > len(operations):
                break
            starts = range(0, min(len(operations) - size, size * 4) + 1, size)
            documents = [json.dumps(build(vendor, operations[s : s + size]).schema) for s in starts]
            seconds = []
            for document in documents[:5]:
                started = time.process_time()
                models._generate(document, module.style, "")
                seconds.append(time.process_time() - started)
            median = statistics.median(seconds)
            row = {"ops": size, "ms_per_call": round(median * 1000, 1)}
            print(json.dumps({"overhead": module.style, **row}), flush=True)


def _jobs(vendor: ir.Vendor) -> None:
    for module in (models.TYPES, models.MODELS):
        for mode in ("whole", "pieced"):
            for state in ("cold", "edit"):
                seconds = []
                for _ in range(RUNS):
                    folder = Path(tempfile.mkdtemp(prefix="model-pieces-"))
                    fragments = formatting.FragmentStore(folder / "fragments")
                    sources = formatting.FragmentStore(folder / "models")
                    target = vendor
                    if state == "edit":
                        with formatting.using(fragments), models.using(sources):
                            _job(module, vendor, mode)
                        target = _edited(vendor)
                    stores = (fragments, sources) if state == "edit" else (None, None)
                    with formatting.using(stores[0]), models.using(stores[1]):
                        started = time.process_time()
                        _job(module, target, mode)
                        seconds.append(time.process_time() - started)
                    shutil.rmtree(folder)
                row: dict[str, object] = {"job": module.module, "mode": mode, "state": state}
                row["cpu_s"] = [round(s, 3) for s in seconds]
                row["median"] = round(statistics.median(seconds), 3)
                print(json.dumps(row), flush=True)


_INHERITED: list[Any] = []


def _inherited_piece(index: int) -> models.ModulePiece:
    module, vendor = _INHERITED
    piece = module.run(vendor, index)
    assert isinstance(piece, models.ModulePiece)
    return piece


def _on_two_workers(module: models.ModelModule, vendor: ir.Vendor) -> None:
    """Wall seconds of the cold pieces on two forked workers (as the pipeline's pool runs them), merged
    here; against one call on the whole document in this process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    walls: dict[str, list[float]] = {"whole": [], "two workers": []}
    for _ in range(RUNS):
        # A new formatter each time: one remembers the fragments it formatted (and forked workers inherit
        # them).
        with formatting.using(None), models.using(None):
            started = time.perf_counter()
            _job(module, vendor, "whole")
            walls["whole"].append(time.perf_counter() - started)
        with formatting.using(None), models.using(None):
            # The workers inherit the vendor by fork (a 500-operation vendor pickles to 4.4 MB, 0.2 s a
            # task there and back), as the pipeline's pool does; they are started before the clock is
            # (the pipeline's pool runs every job of the run).
            _INHERITED[:] = [module, vendor]
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(2, mp_context=context) as pool:
                for warm in [pool.submit(time.sleep, 0.2) for _ in range(2)]:
                    warm.result(timeout=60)
                started = time.perf_counter()
                futures = [pool.submit(_inherited_piece, i) for i in range(module.pieces(vendor))]
                module.finish(vendor, [future.result(timeout=600) for future in futures])
                walls["two workers"].append(time.perf_counter() - started)
    for mode, seconds in walls.items():
        walled = [round(second, 3) for second in seconds]
        median = round(statistics.median(seconds), 3)
        print(json.dumps({"job": module.module, "mode": mode, "wall_s": walled, "median": median}))


def main() -> int:
    gc.disable()
    import black  # noqa: F401  (imported before timing: first-use cost is not the job's)
    import datamodel_code_generator  # noqa: F401

    folder = Path("specs")
    loaded = load(discover(folder), seeds=seeds_dir(folder))
    (vendor,) = loaded.vendors
    print(json.dumps({"operations": len(vendor.operations)}), flush=True)
    models._generate(
        json.dumps(models.request_models(vendor, vendor.operations[:1]).schema), "typeddict", ""
    )
    if "--two-workers" not in sys.argv:
        _overhead(vendor)
        _jobs(vendor)
    for module in (models.TYPES, models.MODELS):
        _on_two_workers(module, vendor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
