"""One job for every commune of a province, each commune a task on ``dask.distributed``.

The tasks run on a ``LocalCluster`` of ``workers`` processes (one thread each: a commune's plan is
one process's work) made for the run, or on any running scheduler given by its address. A task
that raises is retried (:data:`RETRIES`); one whose worker dies is run again elsewhere by the
scheduler; a refusal in words is that commune's failure. What every task did is summed up in a
:class:`BatchSummary`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import dask
from distributed import Client, LocalCluster, as_completed

from patrol_map.province.jobs import JOBS, Outcome, build_commune
from patrol_map.province.summary import province_codes
from patrol_map.workspace.postgis import ServerAddress

#: Times a task that raised is tried again before its commune is said to have failed.
RETRIES = 2


@dataclass
class BatchSummary:
    """What a province run did.

    Attributes
    ----------
    job
        ``build``, ``backtest``, ``forecast`` or ``plan``.
    province, week
        The province's code and the week (empty for a build).
    communes, done
        How many communes the run was for, and how many were done.
    failed
        Each failed commune: ``{"ma_xa": ..., "reason": ...}``.
    seconds
        Wall time of the whole run.
    workers
        Dask workers the run had.
    results
        What each done commune's task returned, by commune code.

    """

    job: str
    province: str
    week: str
    communes: int
    done: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0
    results: list[Outcome] = field(default_factory=list)

    def to_json(self) -> str:
        """Return the summary as JSON (UTF-8 text, names as written here)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)


def run_batch(
    job: str,
    server: ServerAddress,
    province: str,
    week: str,
    workers: int = 2,
    scheduler: str | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> BatchSummary:
    """Run ``job`` for every commune of ``province`` on the server, one Dask task per commune.

    Parameters
    ----------
    job
        One of :data:`~patrol_map.province.jobs.JOBS`: ``backtest``, ``forecast``, ``plan``.
    server
        The province server (its address without ``?commune=``).
    province
        The province's code (``44``: Quảng Trị).
    week
        The ISO week to plan or forecast (``2026-W50``).
    workers
        Workers of the ``LocalCluster`` made for the run, when no ``scheduler`` is given.
    scheduler
        The address of a running Dask scheduler (``tcp://host:8786``) to run on instead.
    progress
        Called after each commune with (communes finished, communes, what that task returned).

    Returns
    -------
    BatchSummary

    """
    codes = province_codes(server, province)
    run = uuid.uuid4().hex
    where = server.where
    calls = [(code, JOBS[job], (where, code, week, run)) for code in codes]
    return _run(job, province, week, calls, workers, scheduler, progress)


def build_province(
    server: ServerAddress,
    province: str,
    codes: Sequence[str],
    seed: int = 0,
    workers: int = 2,
    scheduler: str | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> BatchSummary:
    """Build a synthetic workspace on the server for each commune of ``codes`` (see ``build_commune``)."""
    where = server.where
    calls = [(code, build_commune, (where, province, code, seed)) for code in codes]
    return _run("build", province, "", calls, workers, scheduler, progress)


def _run(
    job: str,
    province: str,
    week: str,
    calls: list[tuple[str, Callable[..., Outcome], tuple[Any, ...]]],
    workers: int,
    scheduler: str | None,
    progress: Callable[[int, int, Outcome], None] | None,
) -> BatchSummary:
    summary = BatchSummary(job=job, province=province, week=week, communes=len(calls))
    started = time.perf_counter()
    with _client(workers, scheduler) as client:
        summary.workers = len(client.scheduler_info()["workers"])
        futures = {
            client.submit(function, *args, key=f"{job}-{code}-{uuid.uuid4().hex}", retries=RETRIES): code
            for code, function, args in calls
        }
        for finished, future in enumerate(as_completed(futures), start=1):
            code = futures[future]
            try:
                outcome: Outcome = future.result()
            except Exception as exc:
                outcome = {"ma_xa": code, "ok": False, "reason": f"{type(exc).__name__}: {exc}"}
            if outcome["ok"]:
                summary.done += 1
                summary.results.append(outcome)
            else:
                summary.failed.append({"ma_xa": code, "reason": str(outcome["reason"])})
            if progress is not None:
                progress(finished, len(calls), outcome)
    summary.results.sort(key=lambda outcome: str(outcome["ma_xa"]))
    summary.failed.sort(key=lambda failure: failure["ma_xa"])
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


@contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """Yield a client of the given scheduler, or of a LocalCluster of ``workers`` one-thread processes."""
    if scheduler is not None:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    # No dashboard, so no use for the workers' statistical profiler: it sampled every task's stack
    # every 10 ms, taking the interpreter's lock from the task each time.
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
