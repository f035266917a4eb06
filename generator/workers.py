"""The worker processes that build job pieces side by side, and the order they take them in.

Three choices make a run on two cores take little more than its longest piece:

- The workers start before the specs are loaded, and warm up (import black, Jinja2 and
  datamodel-code-generator, which take a few tenths of a second in each process) while the parent reads and
  checks the specs on the other core.
- The vendors travel once: the parent pickles them once per run, and each worker unpickles them once, with
  its first piece. Pickling them with every piece cost more than some pieces (0.17 s a piece for a
  500-operation vendor).
- Pieces go out most expensive first (`build.piece_cost`), so no long piece starts last while the other
  worker idles.

Where forking is not available, or there is a single processor, pieces run one after another in the calling
process, in the same order, with the same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from generator import ir

Task = tuple[str, int, int]
"""One piece to build: (job kind, index of the vendor in the run's list, piece index)."""

_received: tuple[int, list[ir.Vendor]] | None = None
"""In a worker: the run's vendors, unpickled once, by the run's token."""


def _warm_up() -> None:
    """Import what building pieces needs, in a worker, before any piece arrives."""
    import black  # noqa: F401  (imported for its import cost only)

    from generator import render
    from generator.emit import models

    render.environment()
    models.warm_up()


def _build_piece(token: int, payload: bytes, task: Task) -> Any:
    from generator import build

    global _received
    if _received is None or _received[0] != token:
        _received = (token, pickle.loads(payload))
    kind, vendor_index, piece = task
    return build.run_piece(kind, _received[1][vendor_index], piece)


@contextlib.contextmanager
def started(*, parallel: bool) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes, started now and warming up (None: build pieces in this process). Start them before
    loading the specs, inside any `using(...)` block the pieces need: they inherit it by forking."""
    count = os.cpu_count() or 1
    if not parallel or count < 2 or sys.platform != "linux":
        yield None
        return
    import multiprocessing  # here: a no-change run renders nothing and should not pay for this import
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=multiprocessing.get_context("fork"), initializer=_warm_up
    )
    try:
        # The first submission forks every worker; each warms up before taking this no-op.
        pool.submit(int)
        yield pool
    finally:
        # Nothing left to wait for when the run failed before rendering: do not let a warm-up hold it.
        pool.shutdown(wait=True, cancel_futures=True)


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
    pool: ProcessPoolExecutor | None,
    vendors: Sequence[ir.Vendor],
    tasks: Sequence[Task],
    cost: Callable[[Task], float],
) -> Batch:
    """Start building `tasks` (most expensive first) on `pool`, or build them here when it is None."""
    from generator import build

    order = sorted(
        range(len(tasks)), key=lambda i: -cost(tasks[i])
    )  # stable: ties keep their order
    if pool is None:
        finished: list[Any] = [None] * len(tasks)
        for index in order:
            kind, vendor_index, piece = tasks[index]
            finished[index] = build.run_piece(kind, vendors[vendor_index], piece)
        return Batch(None, finished)
    global _next_token
    _next_token += 1
    payload = pickle.dumps(list(vendors), protocol=pickle.HIGHEST_PROTOCOL)
    futures: list[Future[Any] | None] = [None] * len(tasks)
    for index in order:
        futures[index] = pool.submit(_build_piece, _next_token, payload, tasks[index])
    return Batch([future for future in futures if future is not None])
