"""Run a function over many items in worker processes that may crash or hang, one item at a time.

A worker that dies (a native parser overflowing its stack dies by SIGSEGV) or that runs past
the per-item timeout costs its item only: the item comes back as ``on_failure(item, Failure)``,
the worker is replaced, and the items queued behind it are handed to another worker. Results
are yielded in item order, and at most a window of them is held, so memory does not grow with
the number of items. Nothing here parses, prints or exits.

Irreversible steps (writing a file) are asked for: the worker calls the ``permit`` it is given
and waits for the parent's answer. The parent says yes unless the run is being interrupted, and
never kills a worker it has said yes to, so a timeout or Ctrl-C leaves every file either old or
new. On Ctrl-C (SIGINT; the workers ignore it) nothing new starts, workers with no permission
are killed at once (their files are untouched), those writing are awaited, and
``KeyboardInterrupt`` is raised to the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from migrate.cli.failures import Failure, FailureKind
from migrate.cli.pool import WorkerPool
from migrate.cli.supervisor_worker import Permit

__all__ = ["Failure", "FailureKind", "Permit", "supervised_map"]

T = TypeVar("T")
R = TypeVar("R")


def supervised_map(
    fn: Callable[[T, Permit], R],
    items: Sequence[T],
    *,
    jobs: int,
    timeout: float | None,
    on_failure: Callable[[T, Failure], R],
) -> Iterator[R]:
    """Yield ``fn(item, permit)`` for every item, in order, computed in ``jobs`` worker processes.

    ``timeout`` (seconds, ``None`` for none) bounds each item until its worker is permitted an
    irreversible step. An item whose worker crashes or times out yields ``on_failure(item,
    failure)``. ``fn`` must be a module-level function (picklable), and so must items and
    results.
    """
    if not items:
        return
    pool = WorkerPool(fn, items, max(1, min(jobs, len(items))), timeout, on_failure)
    yield from pool.run()
