"""The worker processes that build job pieces side by side, and which piece goes where.

A run on two cores should take little more than its share of the work. Three choices get it there:

- **When the workers start.** The worker for the model pieces (below) starts before the specs are loaded
  and makes datamodel-code-generator ready on the core the loading leaves free. The others start then too
  when datamodel-code-generator will run for most model pieces (no model output kept: a first run, a
  check, `--no-cache`); otherwise (an edit: most pieces are read back from the cache) they start once
  the specs are loaded and inherit the vendors by forking, so that no warm-up competes with the loading.
  A worker started early reads the vendors from a file of the run's temporary folder, pickled once by
  the parent (pickling them with every piece cost 0.17 s a piece at 500 operations).
- **One worker for the models.** Making datamodel-code-generator ready costs 0.2 s of CPU in each process
  that uses it, as much as a whole small vendor's models. So each worker is a *lane* of its own: the
  first takes the model pieces (`build.MODEL_JOB_KINDS`) and warms up for them; the others take the rest
  and warm up for templates only. A lane with nothing of its own left takes the other's pieces: a template
  lane takes model pieces only when enough model work is left to be worth its own warm-up.
- **The longest first.** Each lane takes its pieces most expensive first (`build.piece_cost`), so no long
  piece starts last while another lane idles. A dispatcher thread keeps two pieces queued at each lane,
  so the lanes stay busy while the parent renders the shared files.

Where forking is not available, or there is a single processor, pieces run one after another in the calling
process, most expensive first, with the same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from generator import ir

Task = tuple[str, int, int]
"""One piece to build: (job kind, index of the vendor in the run's list, piece index)."""

MODELS_WARM_UP_COST = 200.0
"""What making datamodel-code-generator ready costs a process, in `build.piece_cost` units (ms of CPU)."""
IN_FLIGHT = 2
"""Pieces queued at each lane at a time: one running, one ready to start when it ends."""

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


def _build_piece(token: int, vendors_file: str, task: Task) -> Any:
    from generator import build

    global _vendors
    if _vendors is None or _vendors[0] != token:  # started before loading: not inherited
        _vendors = (token, pickle.loads(Path(vendors_file).read_bytes()))
    kind, vendor_index, piece = task
    return build.run_piece(kind, _vendors[1][vendor_index], piece)


@dataclass
class _Lane:
    """One worker process, and whether it is the lane of the model pieces."""

    executor: ProcessPoolExecutor
    models: bool


@dataclass
class Pool:
    """The run's lanes: the models lane, started with the pool; the template lanes, started with it too or
    (`early` False) on the first submission, once the specs are loaded."""

    count: int
    early: bool
    folder: Path
    lanes: list[_Lane] = field(default_factory=list)
    used: bool = False
    """Whether any piece was submitted: lanes never used are stopped, not waited for."""
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)

    def start(self, *, models: bool, at_most: int | None = None) -> None:
        """Start the models lane (`models`) or the template lanes (`at_most` of them)."""
        import multiprocessing  # here: a no-change run renders nothing and should not pay for it
        from concurrent.futures import ProcessPoolExecutor

        count = 1 if models else self.count - 1
        for _ in range(count if at_most is None else max(1, min(count, at_most))):
            executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_warm_up,
                initargs=(models,),
            )
            self._stack.callback(self._stop, executor)
            executor.submit(int)  # forks the worker now, to warm up before any piece arrives
            self.lanes.append(_Lane(executor, models))

    def _stop(self, executor: ProcessPoolExecutor) -> None:
        """Wait for a lane's worker to exit; one that never got a piece (the run failed to load, or every
        output was cached) is stopped instead of waited for: its warm-up (up to half a second) cannot be
        cancelled otherwise."""
        if not self.used:
            # The executor keeps its processes in a private mapping; stopping them is what its own
            # `terminate_workers` (Python 3.14) does.
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)


def release(pool: Pool | None) -> None:
    """Let the workers exit while the parent goes on (writing the output): every piece is built. Leaving
    `started` then only waits for what is left of their exit. The parent forgets the vendors it kept for
    workers forked after loading."""
    global _vendors
    _vendors = None
    for lane in pool.lanes if pool is not None else ():
        lane.executor.shutdown(wait=False)


def processors() -> int:
    """The processors this process may run on (its affinity, which a container's CPU limit may narrow),
    not all the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@contextlib.contextmanager
def started(*, parallel: bool, warm_models: bool = True) -> Iterator[Pool | None]:
    """The run's workers (None: build pieces in this process). Enter before loading the specs, inside any
    `using(...)` block the pieces need: workers inherit it by forking. The models lane starts now and
    warms up on the core the loading leaves free; `warm_models`: the run will likely call
    datamodel-code-generator for most model pieces, so the template lanes start now too (see the module).
    """
    count = processors()
    if not parallel or count < 2 or sys.platform != "linux":
        yield None
        return
    import tempfile

    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="atsgen-")))
        pool = Pool(count, early=warm_models, folder=folder)
        stack.enter_context(pool._stack)
        pool.start(models=True)
        if pool.early:
            pool.start(models=False)
        yield pool


class Batch:
    """Pieces on their way; `results` waits for them and returns them in the order they were given (or
    raises the first failure, in that order)."""

    def __init__(self, finished: list[Any] | None = None) -> None:
        self._finished = finished
        self._futures: list[Future[Any] | None] = []
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def results(self) -> list[Any]:
        if self._finished is not None:
            return self._finished
        assert self._thread is not None
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        for future in self._futures:
            failure = future.exception() if future is not None else None
            if failure is not None:
                raise failure
        assert all(future is not None for future in self._futures)
        return [future.result() for future in self._futures if future is not None]

    def _dispatch(
        self,
        lanes: list[_Lane],
        tasks: Sequence[Task],
        order: list[int],
        cost: Callable[[Task], float],
        call: Callable[[Task], tuple[Any, ...]],
    ) -> None:
        """Feed each lane its own pieces, then the others' (see the module); stop at the first failure."""
        from generator import build

        self._futures = [None] * len(tasks)
        is_model = [task[0] in build.MODEL_JOB_KINDS for task in tasks]
        queues = {
            flag: deque(index for index in order if is_model[index] == flag)
            for flag in (True, False)
        }
        in_flight: dict[Future[Any], _Lane] = {}

        def next_piece(lane: _Lane) -> int | None:
            if queues[lane.models]:
                return queues[lane.models].popleft()
            others = queues[not lane.models]
            if not others:
                return None
            left = sum(cost(tasks[index]) for index in others)
            if not lane.models and left < 2 * MODELS_WARM_UP_COST:
                return None  # not worth making datamodel-code-generator ready here too
            return others.popleft()

        def fill(lane: _Lane) -> None:
            while sum(1 for held in in_flight.values() if held is lane) < IN_FLIGHT:
                index = next_piece(lane)
                if index is None:
                    return
                future = lane.executor.submit(*call(tasks[index]))
                self._futures[index] = future
                in_flight[future] = lane

        try:
            for lane in lanes:
                fill(lane)
            while in_flight:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    del in_flight[future]
                    if future.exception() is not None:  # no new pieces: the run fails
                        queues[True].clear()
                        queues[False].clear()
                for lane in lanes:
                    fill(lane)
        except BaseException as exc:  # a dispatcher bug or a broken worker: reported by `results`
            self._failure = exc


_next_token = 0


def submit(
    pool: Pool | None,
    vendors: Sequence[ir.Vendor],
    tasks: Sequence[Task],
    cost: Callable[[Task], float],
) -> Batch:
    """Start building `tasks` on `pool`, or build them here when it is None (most expensive first)."""
    from generator import build

    # Stable: ties keep their order.
    order = sorted(range(len(tasks)), key=lambda i: -cost(tasks[i]))
    if pool is None or not tasks:
        finished: list[Any] = [None] * len(tasks)
        for index in order:
            kind, vendor_index, piece = tasks[index]
            finished[index] = build.run_piece(kind, vendors[vendor_index], piece)
        return Batch(finished)
    global _next_token, _vendors
    _next_token += 1
    token = _next_token
    pool.used = True
    if len(pool.lanes) < pool.count:
        _vendors = (token, list(vendors))  # the template lanes forked next inherit them
        templates = sum(1 for task in tasks if task[0] not in build.MODEL_JOB_KINDS)
        pool.start(models=False, at_most=templates)
    # The lanes started before loading read them from the run's file, once each.
    path = pool.folder / f"vendors-{token}.pickle"
    path.write_bytes(pickle.dumps(list(vendors), protocol=pickle.HIGHEST_PROTOCOL))
    vendors_file = str(path)

    def call(task: Task) -> tuple[Any, ...]:
        return (_build_piece, token, vendors_file, task)

    batch = Batch()
    batch._thread = threading.Thread(
        target=batch._dispatch,
        args=(pool.lanes, tasks, order, cost, call),
        name="atsgen-dispatch",
        daemon=True,
    )
    batch._thread.start()
    return batch
