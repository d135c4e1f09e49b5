"""The runner: every file in a supervised worker, failures as typed per-file errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.cli.process import Mode, Task
from migrate.cli.runner import failure_message, run_tasks, transform_isolated
from migrate.cli.supervisor import Failure, FailureKind
from migrate.engine.options import Options
from migrate.report.results import FileStatus

TARGET = "import tensorflow as tf\n\nloss = tf.losses.softmax_cross_entropy(y, x)\n"
DEEP = f"{TARGET}z = {'(' * 20_000}1{')' * 20_000}\n"  # the native parser dies by SIGSEGV
SLOW = f"{TARGET}z = a{'.b' * 100_000}\n"  # quadratic in the parser: minutes


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crash_and_a_timeout_cost_their_files_only(tmp_path: Path, jobs: int) -> None:
    names = ["a.py", "deep.py", "b.py", "slow.py", "c.py"]
    for name in names:
        text = {"deep.py": DEEP, "slow.py": SLOW}.get(name, TARGET)
        (tmp_path / name).write_text(text)
    tasks = [Task(str(tmp_path / n), n, mode=Mode.WRITE, want_diff=False) for n in names]
    results = list(run_tasks(tasks, jobs=jobs, timeout=2))
    assert [r.path for r in results] == names
    by_name = {r.path: r for r in results}
    assert by_name["deep.py"].status is FileStatus.ERROR
    assert str(by_name["deep.py"].error).startswith("parser crashed (killed by SIGSEGV): ")
    assert by_name["slow.py"].status is FileStatus.ERROR
    assert str(by_name["slow.py"].error).startswith("timed out after 2 s: ")
    for name in ("a.py", "b.py", "c.py"):
        assert by_name[name].status is FileStatus.CHANGED and by_name[name].written, name
    assert (tmp_path / "deep.py").read_text() == DEEP
    assert (tmp_path / "slow.py").read_text() == SLOW


def test_standard_input_is_transformed_in_a_worker_too() -> None:
    crashed = transform_isolated(
        DEEP.encode(), display="-", options=Options(), notebook=False, want_diff=False
    )
    assert crashed.new_data is None
    assert crashed.result.status is FileStatus.ERROR
    assert str(crashed.result.error).startswith("parser crashed (killed by SIGSEGV): ")
    fine = transform_isolated(
        TARGET.encode(), display="-", options=Options(), notebook=False, want_diff=True
    )
    assert fine.result.status is FileStatus.CHANGED
    assert fine.new_data is not None and b"softmax_cross_entropy(" not in fine.new_data


@pytest.mark.parametrize(
    ("failure", "start"),
    [
        (Failure(FailureKind.TIMED_OUT, "no result within 1.5 s", 1.5), "timed out after 1.5 s: "),
        (Failure(FailureKind.CRASHED, "killed by SIGSEGV"), "parser crashed (killed by SIGSEGV): "),
        (Failure(FailureKind.NO_WORKER, "cannot start a worker process"), "not processed: "),
        (Failure(FailureKind.RAISED, "ValueError: x"), "internal error (please report it): "),
    ],
)
def test_failure_messages_name_the_reason_and_what_was_expected(
    failure: Failure, start: str
) -> None:
    message = failure_message(failure)
    assert message.startswith(start)
    if failure.kind in (FailureKind.TIMED_OUT, FailureKind.CRASHED):
        assert "expected" in message and "left unchanged" in message
