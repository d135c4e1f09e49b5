"""Run the per-file work over many files, in parallel, streaming results in a stable order.

Workers receive paths, not sources, and send back small ``FileResult`` objects, so the peak
memory does not grow with the size of the tree. Each worker writes its own files atomically
and ignores SIGINT: on Ctrl-C the parent cancels what has not started and waits for the files
in flight, so every file is left either old or new.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TextIO

from migrate.process import Task, process_task
from migrate.results import FileResult

__all__ = ["Progress", "default_jobs", "run_tasks"]


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the already imported engine (libcst) with the workers: no start-up cost.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run_tasks(tasks: Sequence[Task], *, jobs: int) -> Iterator[FileResult]:
    """Yield one result per task, in task order. ``jobs <= 1`` runs in this process."""
    jobs = min(jobs, len(tasks))
    if jobs <= 1:
        for task in tasks:
            yield process_task(task)
        return
    chunksize = max(1, min(4, len(tasks) // (jobs * 8)))
    executor = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_ignore_sigint
    )
    try:
        yield from executor.map(process_task, tasks, chunksize=chunksize)
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    else:
        executor.shutdown(wait=True)


class Progress:
    """A one-line progress bar on a terminal stream (stderr), redrawn at most 10 times a second."""

    def __init__(self, total: int, stream: TextIO, *, width: int = 30) -> None:
        self.total = total
        self.stream = stream
        self.width = width
        self.done = 0
        self._last = 0.0
        self._start = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last >= 0.1 or self.done == self.total:
            self._last = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        fraction = self.done / self.total if self.total else 1.0
        filled = int(self.width * fraction)
        rate = self.done / max(now - self._start, 1e-9)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} files ({rate:.0f}/s)"
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r\x1b[2K")
        self.stream.flush()
