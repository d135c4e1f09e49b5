"""The worker side of ``migrate.cli.supervisor``: serve items one at a time, ask before writing.

Runs in a child process: Ctrl-C is ignored (the parent handles it), nothing is printed (a
crashing native library's output must not reach the user; the parent reports the crash), and
the parent's pipe ends inherited through ``fork`` are closed so that a dead parent reads as EOF.

Messages from the parent: an index (forked: the items are inherited), ``(index, item)``
otherwise, ``("permit", bool)`` answering an ask, and ``None`` to stop. To the parent:
``("ask", index)`` before an irreversible step, then ``("done", index, result)`` or
``("raised", index, message)``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Permit", "serve"]

Permit = Callable[[], bool]
"""Called by the work function before an irreversible step; False means: do not take it."""


def serve(
    conn: Connection,
    fn: Callable[[Any, Permit], Any],
    inherited: list[int],
    items: Sequence[Any] | None,
) -> None:
    """Serve ``index`` (forked: ``items`` is inherited) or ``(index, item)`` messages until
    ``None``; one item at a time, in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash is reported by the parent, never as a dump
    for fd in inherited:  # other workers' pipe ends: a dead parent must read as EOF
        with contextlib.suppress(OSError):
            os.close(fd)
    _silence_output()
    pending: deque[Any] = deque()

    def receive() -> Any:
        return pending.popleft() if pending else conn.recv()

    while True:
        try:
            message = receive()
        except (EOFError, OSError):
            return
        if message is None:
            return
        if items is not None:
            index, item = message, items[message]
        else:
            index, item = message

        def permit(index: int = index) -> bool:
            conn.send(("ask", index))
            while True:
                reply = conn.recv()
                if isinstance(reply, tuple) and reply[0] == "permit":
                    return bool(reply[1])
                pending.append(reply)  # an item queued behind this one, or the stop

        try:
            result = fn(item, permit)
        except Exception as exc:  # a bug: report it for this item, keep serving
            conn.send(("raised", index, f"{type(exc).__name__}: {exc}"))
            continue
        conn.send(("done", index, result))


def _silence_output() -> None:
    """Workers never print: whatever a crashing library writes must not reach the user."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover
        return
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            os.dup2(devnull, fd)
    os.close(devnull)
