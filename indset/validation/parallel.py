"""Run a suite's column groups in forked worker processes; results come back to the parent.

GE's pandas metrics are Python-bound and hold the GIL (threads were measured: no gain), and on a
long table a few groups (uniqueness, compound uniqueness, regex) cost seconds each. Forked workers
inherit the pandas batches without copying them (numpy and Arrow buffers, only read, stay shared
copy-on-write) and send back each group's pickled result; the parent merges them as before.

The workers run GE and pandas only, never polars (polars' thread pool does not survive a fork).
Where ``fork`` is unavailable, for small tables, or with ``INDSET_VALIDATION_WORKERS=1``, the groups
run in the calling process. A worker that dies (e.g. killed for memory) makes the remaining groups
run in the calling process instead, so validation completes or raises as it would without workers. On Linux a
worker is killed with the process that forked it (:func:`die_with_parent`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

WORKERS_ENV = "INDSET_VALIDATION_WORKERS"
MIN_ROWS = 500_000  # below this a group takes milliseconds: forking costs more than it saves

# Relative cost per row of GE's pandas implementations (measured on 10M readings: regex 1.3 s, a set or range
# check 0.1-0.2 s; the uniqueness conditions of indset.validation.uniqueness 0.2-0.8 s, GE's 1.5-3.3 s); the
# heavy groups start first.
_COST = {"expect_compound_columns_to_be_unique": 5.0, "expect_select_column_values_to_be_unique_within_record": 30.0,
         "expect_column_values_to_be_unique": 2.0, "expect_column_values_to_match_regex": 15.0,
         "expect_column_values_to_not_match_regex": 15.0, "expect_column_values_to_match_regex_list": 15.0,
         "expect_column_values_to_match_strftime_format": 15.0}

Job = Callable[[], Any]
_JOBS: Sequence[Job] = ()  # the running Run's jobs (one Run at a time), inherited by its forked workers


def workers(rows: int, groups: int) -> int:
    """How many worker processes to use for a table of ``rows`` rows split into ``groups`` groups."""
    setting = os.environ.get(WORKERS_ENV, "").strip()
    if setting.isdigit():
        wanted = int(setting)
    elif rows < MIN_ROWS:
        return 1
    else:
        wanted = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(wanted, groups))


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent ``parent`` ends (a worker of a validating process killed for
    memory must not live on holding its memory and its pipes); elsewhere nothing. Exits at once if the parent is
    already gone."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def cost(types: Sequence[str]) -> float:
    """Estimated relative cost of a group of expectation types (for scheduling, not for results)."""
    return sum(_COST.get(t, 1.0) for t in types)


class Run:
    """Jobs started in forked workers (costliest first), or deferred to :meth:`results` with one worker; jobs
    marked ``here`` always run in the calling process, in :meth:`results` (those that use polars: see
    :func:`indset.validation.uniqueness.in_caller`)."""

    def __init__(self, jobs: Sequence[Job], costs: Sequence[float], n_workers: int,
                 here: Sequence[bool] = ()) -> None:
        global _JOBS
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[int, Future[Any]] = {}
        forked = [i for i in range(len(jobs)) if not (here and here[i])]
        if n_workers <= 1 or len(forked) <= 1:
            return
        _JOBS = jobs  # the workers fork on the first submit (all of them: fork pools do not grow later)
        with warnings.catch_warnings():  # 3.12+: fork of a process with (idle) threads; workers avoid polars
            warnings.simplefilter("ignore", DeprecationWarning)
            self._pool = ProcessPoolExecutor(n_workers, mp_context=multiprocessing.get_context("fork"),
                                             initializer=die_with_parent, initargs=(os.getpid(),))
            for i in sorted(forked, key=lambda i: (-costs[i], i)):
                self._futures[i] = self._pool.submit(_run, i)

    def results(self) -> list[Any]:
        """Every job's result in job order; a job whose worker died runs here instead."""
        global _JOBS
        results: dict[int, Any] = {i: job() for i, job in enumerate(self.jobs) if self._pool and i not in self._futures}
        try:
            for i, future in self._futures.items():
                results[i] = future.result()
        except BrokenProcessPool as err:
            log.warning("a validation worker died (%s); validating the remaining column groups here", err)
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
                _JOBS = ()
        return [results[i] if i in results else job() for i, job in enumerate(self.jobs)]


def start(jobs: Sequence[Job], costs: Sequence[float], n_workers: int, here: Sequence[bool] = ()) -> Run:
    """Start ``jobs`` (but those marked ``here``) in ``n_workers`` forked processes; :meth:`Run.results` collects
    them."""
    return Run(jobs, costs, n_workers, here)


def _run(i: int) -> Any:
    return _JOBS[i]()
