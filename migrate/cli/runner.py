"""Run the per-file work over many files in supervised worker processes, results in a stable order.

Every file is processed in a worker process, with ``--jobs 1`` too (and standard input), so
that nothing a file does to the parser (a native stack overflow on deeply nested code kills
the process) or to the clock can take the run down: a worker that crashes or runs past the
timeout costs its file only, which is reported as an error; the worker is replaced and the
other files go on (see ``migrate.cli.supervisor``). The parent parses nothing.

Workers receive paths, not sources, and send back small ``FileResult`` objects, so the peak
memory does not grow with the size of the tree. Each worker writes its own files atomically,
after asking the parent; on Ctrl-C the parent refuses further writes, stops the workers that
are not writing and waits for those that are, so every file is left either old or new.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from migrate.cli.process import Task, process_task, transform_bytes
from migrate.cli.supervisor import Failure, FailureKind, Permit, supervised_map
from migrate.engine.options import Options
from migrate.report.results import FileResult, FileStatus, Outcome

__all__ = [
    "DEFAULT_TIMEOUT",
    "Progress",
    "default_jobs",
    "failure_message",
    "run_tasks",
    "transform_isolated",
]

DEFAULT_TIMEOUT = 60.0
"""Seconds one file may take (``--timeout``); a hand-written module takes well under one."""


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def failure_message(failure: Failure) -> str:
    """What the user reads for a file whose worker crashed or timed out."""
    if failure.kind is FailureKind.TIMED_OUT:
        seconds = f"{failure.seconds:g}" if failure.seconds is not None else "?"
        return (
            f"timed out after {seconds} s: expected every file to be processed within "
            f"--timeout {seconds} seconds; left unchanged (a larger --timeout gives very "
            "large files more time)"
        )
    if failure.kind is FailureKind.CRASHED:
        return (
            f"parser crashed ({failure.detail}): expected source the parser can handle, "
            "received one that killed the worker process (e.g. code nested thousands of "
            "levels deep overflows the native parser's stack); left unchanged"
        )
    if failure.kind is FailureKind.NO_WORKER:
        return f"not processed: {failure.detail}; left unchanged"
    return f"internal error (please report it): {failure.detail}"


def run_tasks(
    tasks: Sequence[Task], *, jobs: int, timeout: float | None = DEFAULT_TIMEOUT
) -> Iterator[FileResult]:
    """Yield one result per task, in task order, from ``jobs`` supervised worker processes.

    ``timeout`` (seconds; ``None`` or 0 for none) bounds each file. Raises
    ``KeyboardInterrupt`` after Ctrl-C, once every file is either old or new.
    """
    yield from supervised_map(
        process_task, tasks, jobs=jobs, timeout=timeout, on_failure=_task_failed
    )


def _task_failed(task: Task, failure: Failure) -> FileResult:
    return FileResult(task.display, FileStatus.ERROR, error=failure_message(failure))


@dataclass(frozen=True)
class _Bytes:
    data: bytes
    display: str
    options: Options
    notebook: bool
    want_diff: bool


def transform_isolated(
    data: bytes,
    *,
    display: str,
    options: Options,
    notebook: bool,
    want_diff: bool,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Outcome:
    """``transform_bytes`` in a supervised worker process (for standard input)."""
    job = _Bytes(data, display, options, notebook, want_diff)
    for outcome in supervised_map(
        _transform_job, [job], jobs=1, timeout=timeout, on_failure=_bytes_failed
    ):
        return outcome
    raise AssertionError("supervised_map yields one result per item")  # pragma: no cover


def _transform_job(job: _Bytes, permit: Permit) -> Outcome:
    return transform_bytes(
        job.data,
        display=job.display,
        options=job.options,
        notebook=job.notebook,
        want_diff=job.want_diff,
    )


def _bytes_failed(job: _Bytes, failure: Failure) -> Outcome:
    return Outcome(FileResult(job.display, FileStatus.ERROR, error=failure_message(failure)))


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
