"""What went wrong with an item's worker: the kinds of failure ``supervised_map`` reports, and
how a worker process ended, in words."""

from __future__ import annotations

import enum
import signal
from dataclasses import dataclass
from typing import Any

__all__ = ["Failure", "FailureKind", "how_it_ended"]


class FailureKind(str, enum.Enum):
    CRASHED = "crashed"
    """The worker process died (a signal or an exit) while working on the item."""
    TIMED_OUT = "timed out"
    """The item took longer than the timeout; the worker was killed."""
    RAISED = "raised"
    """The work function raised (a bug: it should return a result for every input)."""
    NO_WORKER = "no worker"
    """No worker process could be started."""


@dataclass(frozen=True)
class Failure:
    kind: FailureKind
    detail: str
    """What happened, e.g. ``killed by SIGSEGV``, ``exit code 1``, ``ValueError: ...``."""
    seconds: float | None = None
    """The timeout that was exceeded (``TIMED_OUT`` only)."""


def how_it_ended(process: Any) -> str:
    """``killed by SIGSEGV``, ``exit code 1``: how a worker process that stopped ended."""
    code = process.exitcode
    if code is None:
        return "the worker process stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}"
    return f"exit code {code}"
