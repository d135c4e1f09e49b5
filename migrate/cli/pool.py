"""The worker pool behind ``migrate.cli.supervisor.supervised_map`` (the parent's side; the
workers' side is ``migrate.cli.supervisor_worker``).

The parent keeps a few items queued per worker, sized by how long items take, holds at most a
window of out-of-order results, replaces a worker that crashes or overruns its item's timeout
(its queue goes to the others first), answers each worker's ask before an irreversible step, and
on Ctrl-C kills the workers with no permission and awaits those writing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any, Generic, TypeVar

from migrate.cli.failures import Failure, FailureKind, how_it_ended
from migrate.cli.supervisor_worker import Permit, serve

__all__ = ["WorkerPool"]

T = TypeVar("T")
R = TypeVar("R")


_DEPTH = 16
"""Most items queued per worker, so a worker does not wait for a busy parent between two items
(a file without targets takes about a millisecond)."""
_QUEUED_SECONDS = 0.02
"""Work queued per worker: deep for fast items, 2 for slow ones, so that the last items do not
wait in one worker's queue while another worker is idle."""
_WINDOW_PER_JOB = 128
"""Results held (out of order) per worker at most: bounds the parent's memory."""
_POLL = 1.0
"""Longest wait (s) without re-checking for Ctrl-C (a signal can slip in just before a wait)."""


@dataclass
class _Worker:
    process: Any
    conn: Connection
    queue: deque[int] = field(default_factory=deque)
    """Indexes sent to the worker and not finished, in the order it works on them."""
    started: float = 0.0
    """When the worker started on ``queue[0]`` (as seen by the parent)."""
    writing: bool = False
    """``queue[0]`` was permitted an irreversible step: never kill the worker now."""


class WorkerPool(Generic[T, R]):
    """The parent's side of ``supervised_map``: workers, their queues, and results in order."""

    def __init__(
        self,
        fn: Callable[[T, Permit], R],
        items: Sequence[T],
        jobs: int,
        timeout: float | None,
        on_failure: Callable[[T, Failure], R],
    ) -> None:
        self.fn = fn
        self.items = items
        self.jobs = jobs
        self.timeout = timeout if timeout and timeout > 0 else None
        self.on_failure = on_failure
        self.window = max(256, _WINDOW_PER_JOB * jobs)
        self.mean_seconds = 1.0  # unknown yet: queue 2 per worker until items finish
        self.context = _context()
        self.forks = _forks(self.context)
        self.workers: list[_Worker] = []
        self.results: dict[int, R] = {}
        self.retry: deque[int] = deque()  # queued behind a failed item: they go first
        self.next_item = 0
        self.next_result = 0
        self.interrupted = False
        self.closing = False
        self._waiting = False

    # -- the parent's loop ------------------------------------------------------------------

    def run(self) -> Iterator[R]:
        installed, previous = self._install_sigint()
        try:
            while self.next_result < len(self.items):
                while self.next_result in self.results:
                    yield self.results.pop(self.next_result)
                    self.next_result += 1
                    self._check_interrupt()
                if self.next_result >= len(self.items):
                    break
                self._check_interrupt()
                self._dispatch()
                self._step()
            self._check_interrupt()
        finally:
            self._shutdown()
            if installed:
                signal.signal(signal.SIGINT, previous or signal.default_int_handler)

    def _check_interrupt(self) -> None:
        if self.interrupted:
            raise KeyboardInterrupt

    def _install_sigint(self) -> tuple[bool, Any]:
        """``(installed, previous handler)``; only the main thread can handle signals."""
        if threading.current_thread() is not threading.main_thread():
            return False, None
        try:
            return True, signal.signal(signal.SIGINT, self._on_sigint)
        except ValueError:  # pragma: no cover - not the main interpreter
            return False, None

    def _on_sigint(self, signum: int, frame: FrameType | None) -> None:
        # Never raise in the middle of a message exchange: only while waiting for one.
        self.interrupted = True
        if self._waiting:
            raise KeyboardInterrupt

    def _dispatch(self) -> None:
        limit = min(len(self.items), self.next_result + self.window)
        while self.retry or self.next_item < limit:
            worker = self._least_busy()
            if worker is None:
                return
            if self.retry:
                index = self.retry.popleft()
            else:
                index = self.next_item
                self.next_item += 1
            if not worker.queue:
                worker.started = time.monotonic()
            worker.queue.append(index)
            try:  # a forked worker already holds the items: it needs the index only
                worker.conn.send(index if self.forks else (index, self.items[index]))
            except OSError:  # it died: _step sees it and re-queues what it held
                return

    def _least_busy(self) -> _Worker | None:
        for worker in [w for w in self.workers if not w.queue]:
            if not worker.process.is_alive():  # died idle (killed from outside): nothing to blame
                self._stop(worker, kill=True)
        while len(self.workers) < self.jobs:
            if not self._spawn():
                break
        if not self.workers:
            self._fail_everything_left()
            return None
        worker = min(self.workers, key=lambda w: len(w.queue))
        return worker if len(worker.queue) < self._depth() else None

    def _depth(self) -> int:
        """Items to queue per worker, from the mean time an item has taken so far."""
        return max(2, min(_DEPTH, 1 + int(_QUEUED_SECONDS / max(self.mean_seconds, 1e-6))))

    def _step(self) -> None:
        """Wait for messages, deaths or a deadline, and act on them."""
        busy = [w for w in self.workers if w.queue]
        if not busy:
            return
        wait_for = _POLL
        deadlines = [self._deadline(w) for w in busy if not w.writing]
        if deadlines and self.timeout is not None:
            wait_for = max(0.0, min(wait_for, min(deadlines) - time.monotonic()))
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        self._waiting = True
        try:
            self._check_interrupt()
            ready = wait(handles, timeout=wait_for)
        finally:
            self._waiting = False
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._receive(worker)
        if self.timeout is not None:
            for worker in list(self.workers):
                if self._overdue(worker):
                    self._receive(worker)  # it may have just finished, or asked to write
                    if worker in self.workers and self._overdue(worker):
                        failure = Failure(
                            FailureKind.TIMED_OUT,
                            f"no result within {_seconds(self.timeout)} s",
                            self.timeout,
                        )
                        self._replace(worker, failure)

    def _overdue(self, worker: _Worker) -> bool:
        return (
            bool(worker.queue) and not worker.writing and time.monotonic() >= self._deadline(worker)
        )

    def _deadline(self, worker: _Worker) -> float:
        return worker.started + (self.timeout or 0.0)

    def _receive(self, worker: _Worker) -> None:
        """Read every message the worker has sent; replace it if it died."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                self._handle(worker, message)
        except (EOFError, OSError):
            pass
        else:
            if worker.process.is_alive():
                return
        if worker in self.workers:
            worker.process.join(timeout=5)
            self._replace(worker, Failure(FailureKind.CRASHED, how_it_ended(worker.process)))

    def _handle(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind, index = message[0], message[1]
        if kind == "ask":
            granted = not (self.interrupted or self.closing)
            worker.writing = granted
            worker.conn.send(("permit", granted))
            return
        finished = worker.queue.popleft()
        if finished != index:  # pragma: no cover - the protocol keeps them in order
            raise RuntimeError(f"worker answered item {index}, expected item {finished}")
        worker.writing = False
        now = time.monotonic()
        self.mean_seconds += 0.2 * (now - worker.started - self.mean_seconds)
        worker.started = now
        if kind == "done":
            self.results[index] = message[2]
        else:
            failure = Failure(FailureKind.RAISED, str(message[2]))
            self.results[index] = self.on_failure(self.items[index], failure)

    def _replace(self, worker: _Worker, failure: Failure) -> None:
        """Blame ``queue[0]`` for ``failure``, stop the worker and re-queue the rest."""
        self._stop(worker, kill=True)
        if worker.queue:
            index = worker.queue.popleft()
            self.results[index] = self.on_failure(self.items[index], failure)
            self.retry.extend(worker.queue)
            self.retry = deque(sorted(self.retry))
            worker.queue.clear()

    def _spawn(self) -> bool:
        parent, child = self.context.Pipe(duplex=True)
        inherited = []
        if self.forks:  # the child must not hold any parent end, its own included
            inherited = [parent.fileno(), *(w.conn.fileno() for w in self.workers)]
        process = self.context.Process(
            target=serve,
            args=(child, self.fn, inherited, self.items if self.forks else None),
            daemon=True,
            name="tfcompat-migrate-worker",
        )
        try:
            process.start()
        except OSError:
            parent.close()
            child.close()
            return False
        child.close()
        self.workers.append(_Worker(process, parent))
        return True

    def _fail_everything_left(self) -> None:
        failure = Failure(FailureKind.NO_WORKER, "cannot start a worker process")
        pending = sorted({*self.retry, *range(self.next_item, len(self.items))})
        for index in pending:
            self.results[index] = self.on_failure(self.items[index], failure)
        self.retry.clear()
        self.next_item = len(self.items)

    def _stop(self, worker: _Worker, *, kill: bool) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        if kill and worker.process.is_alive():
            worker.process.kill()
        else:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        worker.process.join(timeout=None if kill else 5)
        if worker.process.is_alive():  # pragma: no cover - it ignored the stop message
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def _shutdown(self) -> None:
        """Stop every worker; wait for those permitted to write, kill the others."""
        self.closing = True
        for worker in list(self.workers):
            if worker.queue and not worker.writing:
                with contextlib.suppress(EOFError, OSError):
                    while worker.conn.poll():  # an "ask" may be waiting: answer no
                        self._handle(worker, worker.conn.recv())
            while worker.writing and worker in self.workers:
                ready = wait([worker.conn, worker.process.sentinel], timeout=_POLL)
                if ready:
                    self._receive(worker)
            if worker in self.workers:
                self._stop(worker, kill=bool(worker.queue))


def _context() -> Any:
    # fork shares the already imported engine (libcst) with the workers: no start-up cost.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _forks(context: Any) -> bool:
    return bool(context.get_start_method() == "fork")


def _seconds(value: float) -> str:
    return f"{value:g}"
