"""The supervised worker pool: order, crashes, timeouts, permits, Ctrl-C, no leftovers.

The work functions live at module level (workers are forked; they must also be picklable).
Side effects the parent must see go through files in a directory given in the item.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrate.cli.supervisor import Failure, FailureKind, Permit, supervised_map

Item = tuple[str, int, str]
"""(what to do, a number, a directory for side effects)"""


def _work(item: Item, permit: Permit) -> str:
    action, number, where = item
    if action == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif action == "abort":
        os.abort()
    elif action == "exit":
        os._exit(3)
    elif action == "sleep":
        time.sleep(number)
    elif action == "nap":  # slower than its neighbours: results arrive out of order
        time.sleep(0.05)
    elif action == "raise":
        raise ValueError(f"bad item {number}")
    elif action == "noise":
        os.write(1, b"noise on stdout\n")
        os.write(2, b"Traceback (most recent call last): noise on stderr\n")
    elif action == "write_slowly":  # permitted, then slower than the timeout
        if permit():
            time.sleep(number)
            Path(where, "written").write_text("yes")
    elif action == "interrupt_then_ask":  # Ctrl-C reaches the parent, then the worker asks
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(0.2)
        Path(where, f"answer-{number}").write_text(str(permit()))
    elif action == "ask_then_interrupt":  # permitted; Ctrl-C arrives during the write
        if permit():
            os.kill(os.getppid(), signal.SIGINT)
            time.sleep(0.5)
            Path(where, f"written-{number}").write_text("yes")
    elif action == "count":  # how many items were started while this one was held back
        time.sleep(number)
        return str(len(os.listdir(where)))
    elif action == "log":
        Path(where, f"started-{number:05d}").touch()
    return f"ok {number}"


def _failed(item: Item, failure: Failure) -> str:
    return f"failed {item[1]}: {failure.kind.value}: {failure.detail}"


def _map(items: list[Item], *, jobs: int, timeout: float | None = None) -> list[str]:
    return list(supervised_map(_work, items, jobs=jobs, timeout=timeout, on_failure=_failed))


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_item_order(jobs: int, tmp_path: Path) -> None:
    items = [("nap" if i % 7 == 0 else "ok", i, str(tmp_path)) for i in range(60)]
    assert _map(items, jobs=jobs) == [f"ok {i}" for i in range(60)]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(
    ("action", "detail"),
    [("crash", "killed by SIGSEGV"), ("abort", "killed by SIGABRT"), ("exit", "exit code 3")],
)
def test_a_dead_worker_costs_its_item_only(
    jobs: int, action: str, detail: str, tmp_path: Path
) -> None:
    items: list[Item] = [("ok", i, str(tmp_path)) for i in range(12)]
    items[1] = (action, 1, str(tmp_path))
    items[7] = (action, 7, str(tmp_path))
    results = _map(items, jobs=jobs)
    expected = [f"ok {i}" for i in range(12)]
    expected[1] = f"failed 1: crashed: {detail}"
    expected[7] = f"failed 7: crashed: {detail}"
    assert results == expected
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_item_past_the_timeout_costs_itself_only(jobs: int, tmp_path: Path) -> None:
    items: list[Item] = [("ok", i, str(tmp_path)) for i in range(6)]
    items[2] = ("sleep", 60, str(tmp_path))
    started = time.monotonic()
    results = _map(items, jobs=jobs, timeout=0.5)
    assert time.monotonic() - started < 20
    assert results[2] == "failed 60: timed out: no result within 0.5 s"
    assert results[:2] + results[3:] == [f"ok {i}" for i in (0, 1, 3, 4, 5)]


def test_the_timeout_never_stops_a_permitted_write(tmp_path: Path) -> None:
    items: list[Item] = [("write_slowly", 1, str(tmp_path)), ("ok", 1, str(tmp_path))]
    assert _map(items, jobs=1, timeout=0.3) == ["ok 1", "ok 1"]
    assert (tmp_path / "written").read_text() == "yes"


def test_an_exception_is_reported_for_its_item_and_the_worker_goes_on(tmp_path: Path) -> None:
    items: list[Item] = [("raise", 0, str(tmp_path)), ("ok", 1, str(tmp_path))]
    assert _map(items, jobs=1) == ["failed 0: raised: ValueError: bad item 0", "ok 1"]


def test_workers_never_print_not_even_when_they_crash(tmp_path: Path) -> None:
    """With faulthandler on (``-X faulthandler``, PYTHONFAULTHANDLER=1) a crash would dump a
    traceback; workers print nothing at all."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from test_supervisor import _map\n"
        "print(_map([('noise', 0, '.'), ('crash', 1, '.'), ('ok', 2, '.')], jobs=1))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", script, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "['ok 0', 'failed 1: crashed: killed by SIGSEGV', 'ok 2']\n"
    assert proc.stderr == ""


def test_memory_is_bounded_by_a_window_when_one_item_is_slow(tmp_path: Path) -> None:
    """Item 0 is slow; the others are fast: at most a window of them run meanwhile."""
    from migrate.cli.pool import _DEPTH, _WINDOW_PER_JOB

    jobs = 2
    window = max(256, _WINDOW_PER_JOB * jobs)
    items: list[Item] = [("log", i, str(tmp_path)) for i in range(window * 3)]
    items[0] = ("count", 2, str(tmp_path))
    results = _map(items, jobs=jobs)
    started_meanwhile = int(results[0])
    assert window // 2 < started_meanwhile <= window + _DEPTH * jobs
    assert results[1:] == [f"ok {i}" for i in range(1, len(items))]


def test_ctrl_c_refuses_writes_and_raises_keyboard_interrupt(tmp_path: Path) -> None:
    items: list[Item] = [("interrupt_then_ask", i, str(tmp_path)) for i in range(5)]
    with pytest.raises(KeyboardInterrupt):
        _map(items, jobs=1)
    answers = sorted(p.name for p in tmp_path.iterdir())
    assert answers in ([], ["answer-0"])  # killed before asking, or asked and was refused
    if answers:
        assert (tmp_path / "answer-0").read_text() == "False"
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_waits_for_the_permitted_write_in_flight(jobs: int, tmp_path: Path) -> None:
    items: list[Item] = [("ask_then_interrupt", i, str(tmp_path)) for i in range(6)]
    with pytest.raises(KeyboardInterrupt):
        _map(items, jobs=jobs)
    written = sorted(p.name for p in tmp_path.iterdir())
    # The item that sent Ctrl-C had permission: its write completed; no item started later.
    assert 1 <= len(written) <= jobs, written
    assert multiprocessing.active_children() == []


def test_stopping_early_stops_the_workers(tmp_path: Path) -> None:
    items: list[Item] = [("sleep", 0, str(tmp_path))] * 50
    results = supervised_map(_work, items, jobs=2, timeout=None, on_failure=_failed)
    assert next(results) == "ok 0"
    results.close()
    assert multiprocessing.active_children() == []


def test_no_items_start_no_worker() -> None:
    assert _map([], jobs=4) == []


def test_failure_kinds_are_typed() -> None:
    assert {k.value for k in FailureKind} == {"crashed", "timed out", "raised", "no worker"}


def test_the_previous_ctrl_c_handler_is_restored(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGINT)
    assert _map([("ok", 0, str(tmp_path))], jobs=1) == ["ok 0"]
    assert signal.getsignal(signal.SIGINT) is before
