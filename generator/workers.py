"""The worker processes that build job pieces side by side, and the order they take them in.

Three choices make a run on two cores take little more than its longest piece:

- The workers start before the specs are loaded, and warm up (import black, Jinja2 and
  datamodel-code-generator, which take a few tenths of a second in each process) while the parent reads and
  checks the specs on the other core.
- The vendors travel once: the parent pickles them once per run into a file of the run's own temporary
  folder, and each worker reads and unpickles them once, with its first piece. Pickling them with every
  piece cost more than some pieces (0.17 s a piece for a 500-operation vendor), and even the pickled
  bytes, sent with every piece, were 4.4 MB a piece at 500 operations.
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
from pathlib import Path
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


def _build_piece(token: int, vendors_file: str, task: Task) -> Any:
    from generator import build

    global _received
    if _received is None or _received[0] != token:
        _received = (token, pickle.loads(Path(vendors_file).read_bytes()))
    kind, vendor_index, piece = task
    return build.run_piece(kind, _received[1][vendor_index], piece)


@dataclass(frozen=True)
class Pool:
    """The run's worker processes, and its temporary folder (the pickled vendors)."""

    executor: ProcessPoolExecutor
    folder: Path


@contextlib.contextmanager
def started(*, parallel: bool) -> Iterator[Pool | None]:
    """Worker processes, started now and warming up (None: build pieces in this process). Start them before
    loading the specs, inside any `using(...)` block the pieces need: they inherit it by forking."""
    count = os.cpu_count() or 1
    if not parallel or count < 2 or sys.platform != "linux":
        yield None
        return
    import multiprocessing  # here: a no-change run renders nothing and should not pay for this import
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    with tempfile.TemporaryDirectory(prefix="atsgen-run-") as folder:
        executor = ProcessPoolExecutor(
            max_workers=count, mp_context=multiprocessing.get_context("fork"), initializer=_warm_up
        )
        try:
            # The first submission forks every worker; each warms up before taking this no-op.
            executor.submit(int)
            yield Pool(executor, Path(folder))
        finally:
            # Nothing to wait for when the run failed before rendering: no warm-up holds it up.
            executor.shutdown(wait=True, cancel_futures=True)


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
    vendors_file = pool.folder / f"vendors-{_next_token}.pickle"
    vendors_file.write_bytes(pickle.dumps(list(vendors), protocol=pickle.HIGHEST_PROTOCOL))
    futures: list[Future[Any] | None] = [None] * len(tasks)
    for index in order:
        futures[index] = pool.executor.submit(
            _build_piece, _next_token, str(vendors_file), tasks[index]
        )
    return Batch([future for future in futures if future is not None])
