"""The worker pool of a generation run: vendors sent once, pieces most expensive first, the collector paused
only while a run loads and renders, and the same outputs as building everything in one process."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path
from typing import Any

import pytest

from generator import build, pipeline, workers
from generator.load import discover, load
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def vendors() -> list[Any]:
    loaded = load(discover(ROOT / "specs"))
    assert loaded.ok and loaded.vendors
    return loaded.vendors


def _tasks(vendors: list[Any]) -> list[workers.Task]:
    return [
        (kind, index, piece)
        for index, vendor in enumerate(vendors)
        for kind in build.JOB_KINDS
        for piece in range(build.job_pieces(kind, vendor))
    ]


def _cost(vendors: list[Any]) -> Any:
    return lambda task: build.piece_cost(task[0], vendors[task[1]], task[2])


@pytest.mark.parametrize(
    "warm_models", [True, False], ids=["started early", "started after loading"]
)
def test_pool_builds_what_one_process_builds(vendors: list[Any], warm_models: bool) -> None:
    tasks = _tasks(vendors)
    serial = workers.submit(None, vendors, tasks, _cost(vendors)).results()
    with workers.started(parallel=True, warm_models=warm_models) as pool:
        if pool is None:
            pytest.skip("one processor, or no fork: the pool is not used here")
        assert len(pool.lanes) == (pool.count if warm_models else 1)  # the models lane
        pooled = workers.submit(pool, vendors, tasks, _cost(vendors)).results()
    assert pooled == serial
    assert len(serial) == len(tasks)


def test_vendors_are_pickled_once_per_run_not_once_per_piece(
    vendors: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    pickled: list[int] = []
    real_dumps = pickle.dumps

    def counting_dumps(value: Any, *args: Any, **kwargs: Any) -> bytes:
        if isinstance(value, list) and value and all(v in vendors for v in value):
            pickled.append(len(value))
        return real_dumps(value, *args, **kwargs)

    monkeypatch.setattr(workers.pickle, "dumps", counting_dumps)
    tasks = _tasks(vendors)
    for warm_models, expected in ((True, [len(vendors)]), (False, [len(vendors)])):
        pickled.clear()
        with workers.started(parallel=True, warm_models=warm_models) as pool:
            if pool is None:
                pytest.skip("one processor, or no fork: the pool is not used here")
            workers.submit(pool, vendors, tasks, _cost(vendors)).results()
        # Once, into the run's file, for the lanes started before loading (the others inherit them).
        assert pickled == expected
    assert len(tasks) > 1


def test_pieces_start_most_expensive_first(
    vendors: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[str, int, int]] = []
    monkeypatch.setattr(
        build,
        "run_piece",
        lambda kind, vendor, piece: started.append((kind, vendors.index(vendor), piece)) or {},
    )
    tasks = _tasks(vendors)
    cost = _cost(vendors)
    workers.submit(None, vendors, tasks, cost).results()
    assert sorted(started) == sorted(tasks)
    costs = [cost(task) for task in started]
    assert costs == sorted(costs, reverse=True)
    assert costs[0] > costs[-1]  # the costs tell pieces apart, so the order means something


def test_collector_is_paused_while_loading_and_rendering_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, bool] = {}
    real_load, real_shared = pipeline.load, build.shared_outputs

    def watched_load(*args: Any, **kwargs: Any) -> Any:
        seen["load"] = gc.isenabled()
        return real_load(*args, **kwargs)

    def watched_shared(*args: Any, **kwargs: Any) -> Any:
        seen["render"] = gc.isenabled()
        return real_shared(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load", watched_load)
    monkeypatch.setattr(build, "shared_outputs", watched_shared)
    assert gc.isenabled()
    result = pipeline.run(ROOT / "specs", tmp_path / "out", cache=None, parallel=False)
    assert not result.failed
    assert seen == {"load": False, "render": False}
    assert gc.isenabled()


def test_collector_stays_off_after_a_run_if_it_was_off(tmp_path: Path) -> None:
    gc.disable()
    try:
        pipeline.run(ROOT / "specs", tmp_path / "out", cache=None, parallel=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_workers_warm_datamodel_code_generator_up_only_when_no_model_output_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from generator.cache import Cache

    asked: list[bool] = []
    real_started = workers.started

    def recording_started(*, parallel: bool, warm_models: bool = True) -> Any:
        asked.append(warm_models)
        return real_started(parallel=parallel, warm_models=warm_models)

    monkeypatch.setattr(workers, "started", recording_started)
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    cache = Cache(tmp_path / ".atsgen-cache")
    for _ in range(2):
        result = pipeline.run(tmp_path / "specs", tmp_path / "out", cache=cache)
        assert not result.failed
        shutil.rmtree(tmp_path / "out")  # no fast path: the second run renders, from the cache
    # A first run keeps nothing yet, a check keeps nothing at all; the run after a first finds it kept.
    pipeline.run(tmp_path / "specs", tmp_path / "out", cache=cache, check=True)
    assert asked == [True, False, True]


def test_what_pieces_read_digests_alike_in_workers_that_inherit_or_unpickle_the_vendors(
    vendors: list[Any],
) -> None:
    """A piece kept by a run whose workers unpickled the vendors (started early) must be found by a run
    whose workers inherited them (started after loading), and the other way round."""
    from dataclasses import replace

    from generator import render

    unpickled = pickle.loads(pickle.dumps(vendors, protocol=pickle.HIGHEST_PROTOCOL))
    for loaded, received in zip(vendors, unpickled, strict=True):
        assert render.digest(replace(loaded, operations=())) == render.digest(
            replace(received, operations=())
        ), loaded.id
        for op, op_received in zip(loaded.operations, received.operations, strict=True):
            assert render.digest(op) == render.digest(op_received), (loaded.id, op.id)


def _lanes_ran(tasks: list[workers.Task], cost: Any) -> dict[str, list[workers.Task]]:
    """Which lane ran which piece, with threads standing in for the worker processes."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    ran: dict[str, list[workers.Task]] = {"models": [], "templates": []}

    def work(task: workers.Task) -> workers.Task:
        ran[threading.current_thread().name.split("_")[0]].append(task)
        time.sleep(0.002)
        return task

    executors = [ThreadPoolExecutor(1, thread_name_prefix=name) for name in ran]
    lanes = [workers._Lane(executors[0], True), workers._Lane(executors[1], False)]  # type: ignore[arg-type]
    order = sorted(range(len(tasks)), key=lambda i: -cost(tasks[i]))
    batch = workers.Batch()
    batch._dispatch(lanes, tasks, order, cost, lambda task: (work, task))
    assert [future.result() for future in batch._futures if future is not None] == tasks
    for executor in executors:
        executor.shutdown()
    return ran


def _model_kind() -> str:
    return sorted(build.MODEL_JOB_KINDS)[0]


def _template_kind() -> str:
    return next(kind for kind in build.JOB_KINDS if kind not in build.MODEL_JOB_KINDS)


def test_model_pieces_stay_in_one_lane_when_little_model_work_is_left() -> None:
    tasks = [(_model_kind(), 0, piece) for piece in range(3)]
    tasks += [(_template_kind(), 0, piece) for piece in range(2)]
    ran = _lanes_ran(tasks, lambda task: 50.0)
    assert sorted(ran["models"]) == sorted(t for t in tasks if t[0] in build.MODEL_JOB_KINDS)


def test_a_template_lane_takes_model_pieces_when_enough_model_work_is_left() -> None:
    tasks = [(_model_kind(), 0, piece) for piece in range(40)]
    ran = _lanes_ran(tasks, lambda task: workers.MODELS_WARM_UP_COST)
    assert ran["templates"], "the template lane idled while 40 model pieces waited"
    assert sorted(ran["models"] + ran["templates"]) == sorted(tasks)


def test_a_failing_piece_fails_the_batch(
    vendors: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = _tasks(vendors)
    failing = tasks[len(tasks) // 2]

    def run_piece(kind: str, vendor: Any, piece: int) -> Any:
        if (kind, vendors.index(vendor), piece) == failing:
            raise RuntimeError("this piece fails")
        return {}

    monkeypatch.setattr(build, "run_piece", run_piece)
    with workers.started(parallel=True, warm_models=False) as pool:
        if pool is None:
            pytest.skip("one processor, or no fork: the pool is not used here")
        batch = workers.submit(pool, vendors, tasks, _cost(vendors))
        with pytest.raises(RuntimeError, match="this piece fails"):
            batch.results()


def test_workers_of_a_pool_that_built_nothing_are_stopped_not_waited_for() -> None:
    """A run that fails to load, or finds every output cached, does not wait for the warm-ups."""
    import signal

    with workers.started(parallel=True, warm_models=True) as pool:
        if pool is None:
            pytest.skip("one processor, or no fork: the pool is not used here")
        processes = [
            process
            for lane in pool.lanes
            for process in getattr(lane.executor, "_processes", {}).values()
        ]
    assert processes
    assert all(process.exitcode == -signal.SIGTERM for process in processes)
