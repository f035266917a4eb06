"""The worker processes that build job pieces side by side, and the order they take them in.

A run on two cores should take little more than its longest piece. How the workers get going depends on
what the run is likely to need:

- When datamodel-code-generator will run for most model pieces (no model output kept: a first run, a
  check, `--no-cache`), the workers start before the specs are loaded and warm up (import black, Jinja2
  and datamodel-code-generator: 0.3 s of CPU in each) while the parent reads and checks the specs on the
  other core. The vendors then travel once: the parent pickles them into a file of the run's own
  temporary folder, and each worker reads and unpickles them once, with its first piece. (Pickling them
  with every piece cost more than some pieces: 0.17 s a piece at 500 operations.)
- Otherwise (an edit: most pieces are read back from the cache), the workers start once the specs are
  loaded and inherit the vendors by forking: nothing is pickled, and the little warming up left (black
  and Jinja2, 0.1 s) does not slow the loading down. A worker that meets a model piece to generate pays
  for datamodel-code-generator's first use then.

Pieces go out most expensive first (`build.piece_cost`), so no long piece starts last while the other
worker idles. Where forking is not available, or there is a single processor, pieces run one after another
in the calling process, in the same order, with the same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from generator import ir

Task = tuple[str, int, int]
"""One piece to build: (job kind, index of the vendor in the run's list, piece index)."""

_vendors: tuple[int, list[ir.Vendor]] | None = None
"""The run's vendors by the run's token: in a worker started after loading, inherited by forking; in one
started before, unpickled from the run's file with its first piece."""


def _warm_up(models_too: bool) -> None:
    """Import what building pieces needs, in a worker, before any piece arrives; `models_too`: make
    datamodel-code-generator ready as well."""
    import black  # noqa: F401  (imported for its import cost only)

    from generator import render
    from generator.emit import models

    render.environment()
    if models_too:
        models.warm_up()


def _build_piece(token: int, vendors_file: str | None, task: Task) -> Any:
    from generator import build

    global _vendors
    if _vendors is None or _vendors[0] != token:
        assert vendors_file is not None, "a worker forked after loading inherits the vendors"
        _vendors = (token, pickle.loads(Path(vendors_file).read_bytes()))
    kind, vendor_index, piece = task
    return build.run_piece(kind, _vendors[1][vendor_index], piece)


@dataclass
class Pool:
    """The run's worker processes: started early (`executor` set, vendors pickled into `folder`) or on
    the first submission (after loading: vendors inherited)."""

    count: int
    early: bool
    folder: Path | None = None
    executor: ProcessPoolExecutor | None = None
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def start(self, warm_models: bool) -> ProcessPoolExecutor:
        import multiprocessing  # here: a no-change run renders nothing and should not pay for it
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(
            max_workers=self.count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_warm_up,
            initargs=(warm_models,),
        )
        # Nothing to wait for when the run failed before rendering: no warm-up holds it up.
        self._stack.callback(executor.shutdown, wait=True, cancel_futures=True)
        # The first submission forks every worker; each warms up before taking this no-op.
        executor.submit(int)
        self.executor = executor
        return executor


@contextlib.contextmanager
def started(*, parallel: bool, warm_models: bool = True) -> Iterator[Pool | None]:
    """The run's workers (None: build pieces in this process). Enter before loading the specs, inside any
    `using(...)` block the pieces need: workers inherit it by forking. `warm_models`: the run will likely
    call datamodel-code-generator for most model pieces, so the workers start now (see the module).
    """
    count = os.cpu_count() or 1
    if not parallel or count < 2 or sys.platform != "linux":
        yield None
        return
    pool = Pool(count, early=warm_models)
    with pool._stack:
        if pool.early:
            import tempfile

            pool.folder = Path(
                pool._stack.enter_context(tempfile.TemporaryDirectory(prefix="atsgen-"))
            )
            pool.start(warm_models=True)
        yield pool


@dataclass
class Batch:
    """Pieces sent to the workers; `results` waits for them, in the order they were given."""

    futures: list[Future[Any]] | None
    finished: list[Any] | None = None

    def results(self) -> list[Any]:
        if self.futures is None:
            assert self.finished is not None
            return self.finished
        return [future.result() for future in self.futures]


_next_token = 0


def submit(
    pool: Pool | None,
    vendors: Sequence[ir.Vendor],
    tasks: Sequence[Task],
    cost: Callable[[Task], float],
) -> Batch:
    """Start building `tasks` (most expensive first) on `pool`, or build them here when it is None."""
    from generator import build

    # Stable: ties keep their order.
    order = sorted(range(len(tasks)), key=lambda i: -cost(tasks[i]))
    if pool is None or not tasks:
        finished: list[Any] = [None] * len(tasks)
        for index in order:
            kind, vendor_index, piece = tasks[index]
            finished[index] = build.run_piece(kind, vendors[vendor_index], piece)
        return Batch(None, finished)
    global _next_token, _vendors
    _next_token += 1
    vendors_file: str | None = None
    if pool.executor is None:
        _vendors = (_next_token, list(vendors))  # the workers forked next inherit them
        executor = pool.start(warm_models=False)
    else:
        assert pool.folder is not None
        path = pool.folder / f"vendors-{_next_token}.pickle"
        path.write_bytes(pickle.dumps(list(vendors), protocol=pickle.HIGHEST_PROTOCOL))
        vendors_file, executor = str(path), pool.executor
    futures: list[Future[Any] | None] = [None] * len(tasks)
    for index in order:
        futures[index] = executor.submit(_build_piece, _next_token, vendors_file, tasks[index])
    return Batch([future for future in futures if future is not None])
