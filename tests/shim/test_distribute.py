"""tfcompat_losses under tf.distribute: exact global-batch semantics, and TF1's per-replica switch.

The fast tests below run in-process (no strategy). The slow ones run real engines in fresh
interpreters (logical devices and collective groups are fixed per process):
``_distribute_scenarios.py`` records the shim's per-replica results next to the oracle
(``tf.compat.v1.losses`` / ``tf_slim.losses`` on the global batch on one device, or on each shard
for the per-replica mode), and the assertions here combine the replicas and compare:

* MirroredStrategy over 2 and 4 logical CPU devices;
* MultiWorkerMirroredStrategy with two worker processes on 127.0.0.1 (TF_CONFIG with free ports).

Each scenario process runs once per test session even under ``pytest -n 2`` (a file lock and a
JSON cache in the session's shared temporary directory).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from tfcompat_losses import distribute
from tfcompat_losses.distribute import (
    DenominatorMode,
    denominator_mode,
    get_denominator_mode,
    reduce_denominator,
    set_denominator_mode,
)

SCRIPT = Path(__file__).with_name("_distribute_scenarios.py")
ROOT = Path(__file__).resolve().parents[2]
SCENARIO_TIMEOUT = 300.0  # seconds, per scenario process (normally ~20 s)


# --------------------------------------------------------------------------------------------
# Fast, in-process: the mode switch and the no-strategy path.
# --------------------------------------------------------------------------------------------


def test_no_strategy_returns_the_denominator_itself() -> None:
    denominator = tf.constant(3.0)
    assert reduce_denominator(denominator) is denominator

    @tf.function
    def traced(x: tf.Tensor) -> tf.Tensor:
        return reduce_denominator(x)

    assert float(traced(tf.constant(4.0))) == 4.0


def test_default_mode_is_global() -> None:
    assert get_denominator_mode() is DenominatorMode.GLOBAL


def test_mode_context_nests_and_restores() -> None:
    with denominator_mode("per_replica") as mode:
        assert mode is DenominatorMode.PER_REPLICA
        assert get_denominator_mode() is DenominatorMode.PER_REPLICA
        with denominator_mode(DenominatorMode.GLOBAL):
            assert get_denominator_mode() is DenominatorMode.GLOBAL
        assert get_denominator_mode() is DenominatorMode.PER_REPLICA
    assert get_denominator_mode() is DenominatorMode.GLOBAL


def test_mode_context_restores_after_an_exception() -> None:
    with pytest.raises(KeyError), denominator_mode("per_replica"):
        raise KeyError("boom")
    assert get_denominator_mode() is DenominatorMode.GLOBAL


def test_set_denominator_mode_returns_previous_default() -> None:
    previous = set_denominator_mode("per_replica")
    try:
        assert previous is DenominatorMode.GLOBAL
        assert get_denominator_mode() is DenominatorMode.PER_REPLICA
        with denominator_mode("global"):
            assert get_denominator_mode() is DenominatorMode.GLOBAL
    finally:
        assert set_denominator_mode(previous) is DenominatorMode.PER_REPLICA
    assert get_denominator_mode() is DenominatorMode.GLOBAL


@pytest.mark.parametrize("bad", ["GLOBAL", "mean", "", None, 1])
def test_invalid_mode_names_argument_expected_and_received(bad: Any) -> None:
    expected = (
        "Invalid value for argument `mode`. Expected one of ('global', 'per_replica'). "
        f"Received: mode={bad!r}"
    )
    with pytest.raises(ValueError) as info:
        set_denominator_mode(bad)
    assert str(info.value) == expected
    with pytest.raises(ValueError) as info, denominator_mode(bad):
        pass
    assert str(info.value) == expected
    assert get_denominator_mode() is DenominatorMode.GLOBAL


def _in_thread(fn: Any) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as error:  # surfaced to the test below
            box["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(10)
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_threads_without_override_inherit_the_active_mode() -> None:
    # MirroredStrategy runs each replica function in a thread of its own.
    with denominator_mode("per_replica"):
        assert _in_thread(get_denominator_mode) is DenominatorMode.PER_REPLICA
    assert _in_thread(get_denominator_mode) is DenominatorMode.GLOBAL


def test_thread_override_is_local_to_the_thread() -> None:
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with denominator_mode("global"):
            entered.set()
            release.wait(10)

    other = threading.Thread(target=hold)
    with denominator_mode("per_replica"):
        other.start()
        assert entered.wait(10)
        try:
            # This thread's own override wins over the other thread's.
            assert get_denominator_mode() is DenominatorMode.PER_REPLICA
            # A third thread without an override cannot tell which one is meant: it raises.
            with pytest.raises(
                RuntimeError, match="conflicting modes \\('global', 'per_replica'\\)"
            ):
                _in_thread(get_denominator_mode)
        finally:
            release.set()
            other.join(10)
    assert not distribute._active


# --------------------------------------------------------------------------------------------
# Real engines, in fresh processes.
# --------------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env.pop("TF_CONFIG", None)
    return env


def _last_json_line(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            report: dict[str, Any] = json.loads(line)
            return report
    raise AssertionError("no JSON report in the scenario's output")


def _run_mirrored(replicas: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "mirrored", str(replicas)],
        capture_output=True,
        text=True,
        timeout=SCENARIO_TIMEOUT,
        env=_env(),
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"scenario failed (exit {done.returncode}):\n{done.stderr[-6000:]}")
    return _last_json_line(done.stdout)


def _free_loopback_ports(count: int) -> list[int]:
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]


def _run_multiworker(workers: int = 2) -> dict[str, Any]:
    """Two MultiWorkerMirroredStrategy workers on 127.0.0.1, bounded in time, killed on failure."""
    ports = _free_loopback_ports(workers)
    cluster = {"worker": [f"127.0.0.1:{port}" for port in ports]}
    with tempfile.TemporaryDirectory(prefix="tfcompat-mwms-") as logs_dir:
        logs = [
            (Path(logs_dir, f"worker{i}.out"), Path(logs_dir, f"worker{i}.err"))
            for i in range(workers)
        ]
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for index, (out, err) in enumerate(logs):
                env = _env()
                env["TF_CONFIG"] = json.dumps(
                    {"cluster": cluster, "task": {"type": "worker", "index": index}}
                )
                with open(out, "wb") as stdout, open(err, "wb") as stderr:
                    processes.append(
                        subprocess.Popen(
                            [sys.executable, str(SCRIPT), "multiworker"],
                            stdout=stdout,
                            stderr=stderr,
                            env=env,
                            cwd=ROOT,
                        )
                    )
            deadline = time.monotonic() + SCENARIO_TIMEOUT
            for process in processes:
                try:
                    process.wait(timeout=max(1.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired as error:
                    raise AssertionError(
                        f"multi-worker scenario did not finish within {SCENARIO_TIMEOUT:.0f} s"
                    ) from error
                if process.returncode != 0:
                    break  # its peer would wait for it forever: fail now
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait(30)
        failed = [
            f"worker {i} failed (exit {p.returncode}):\n{err.read_text(errors='replace')[-4000:]}"
            for i, (p, (_, err)) in enumerate(zip(processes, logs, strict=True))
            if p.returncode != 0
        ]
        if failed:
            raise AssertionError("\n".join(failed))
        return {"workers": [_last_json_line(out.read_text()) for out, _ in logs]}


def _run_multiworker_with_retry() -> dict[str, Any]:
    """One retry with fresh ports: another process may take a port between probe and bind."""
    try:
        return _run_multiworker()
    except AssertionError as first:
        try:
            return _run_multiworker()
        except AssertionError as second:
            raise AssertionError(f"{second}\n--- first attempt ---\n{first}") from None


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _cached(tmp_path_factory: pytest.TempPathFactory, key: str, run: Any) -> dict[str, Any]:
    """Run a scenario once per session, shared by pytest-xdist workers (or the failure)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this session's directory, common to its xdist workers
    cache = shared / f"tfcompat-distribute-{key}.json"
    with _file_lock(shared / f"tfcompat-distribute-{key}.lock"):
        if not cache.exists():
            try:
                result = {"ok": True, "report": run()}
            except Exception as error:
                result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            cache.write_text(json.dumps(result))
        result = json.loads(cache.read_text())
    if not result["ok"]:
        raise AssertionError(result["error"])
    report: dict[str, Any] = result["report"]
    return report


def _merge_workers(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report with every replica, from per-worker reports holding their local replicas."""
    merged = json.loads(json.dumps(reports[0]))
    for group in (
        "loss_uneven",
        "loss_even",
        "eager",
        "eager_even",
        "per_replica_mode",
        "collections",
    ):
        for field in ("per_replica", "outer", "inner", "traced", "eager"):
            if field not in merged[group]:
                continue
            pairs = [
                (rid, value)
                for report in reports
                for rid, value in zip(
                    report[group]["replica_ids"], report[group][field], strict=True
                )
            ]
            merged[group][field] = [value for _, value in sorted(pairs, key=lambda p: p[0])]
        merged[group]["replica_ids"] = sorted(
            rid for report in reports for rid in report[group]["replica_ids"]
        )
    for field in ("global", "per_replica"):
        pairs = [
            (rid, value)
            for r in reports
            for rid, value in zip(
                r["docs_example"]["replica_ids"], r["docs_example"][field], strict=True
            )
        ]
        merged["docs_example"][field] = [value for _, value in sorted(pairs, key=lambda p: p[0])]
    # A collect_losses() block around strategy.run sees the replicas of its own worker.
    merged["collections"]["outside_count"] = sum(r["collections"]["outside_count"] for r in reports)
    merged["collections"]["outside_total"] = sum(r["collections"]["outside_total"] for r in reports)
    return merged


@pytest.fixture(scope="module", params=["mirrored2", "mirrored4", "multiworker"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """MirroredStrategy over 2 and 4 logical CPUs; MultiWorkerMirroredStrategy with 2 workers."""
    key = request.param
    if key == "multiworker":
        raw = _cached(tmp_path_factory, key, _run_multiworker_with_retry)
        return _merge_workers(raw["workers"])
    replicas = int(key.removeprefix("mirrored"))
    return _cached(tmp_path_factory, key, lambda: _run_mirrored(replicas))


# --------------------------------------------------------------------------------------------
# How replicas combine.
# --------------------------------------------------------------------------------------------


def _concat_shards(arrays: list[np.ndarray]) -> np.ndarray:
    # JSON turns an empty shard ([0, classes]) into [], so it is left out (it adds no rows).
    return np.concatenate([a for a in arrays if a.size] or arrays[:1], axis=0)


def _global_value(case_id: str, per_replica: list[dict[str, Any]]) -> np.ndarray:
    values = [np.asarray(replica[case_id]["value"], np.float64) for replica in per_replica]
    if "/NONE/" in case_id:  # unreduced: the replicas' shards, in order
        return _concat_shards(values)
    return np.asarray(np.sum(values))  # what a SUM all-reduce of the per-replica losses adds up


def _global_grad(case_id: str, key: str, per_replica: list[dict[str, Any]]) -> np.ndarray:
    return _concat_shards(
        [np.asarray(replica[case_id][key], np.float64) for replica in per_replica]
    )


def _mismatches(group: dict[str, Any], what: str) -> list[str]:
    failures = []
    per_replica = group["per_replica"]
    assert len(per_replica) == len(group["split"]), "one result per replica"
    for case_id, expected in group["oracle"].items():
        if what == "value":
            pairs = [("value", _global_value(case_id, per_replica), expected["value"])]
        else:
            pairs = [
                (key, _global_grad(case_id, key, per_replica), expected[key])
                for key in ("grad_x", "grad_w")
                if key in expected
            ]
        for key, actual, want in pairs:
            want = np.asarray(want, np.float64)
            if actual.shape != want.shape or not np.allclose(actual, want, rtol=2e-6, atol=1e-6):
                failures.append(
                    f"{case_id} {key}: shim {actual.tolist()} != oracle {want.tolist()}"
                )
    return failures


# --------------------------------------------------------------------------------------------
# Slow: real engines.
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("group", ["loss_uneven", "loss_even", "eager", "eager_even"])
def test_per_replica_losses_sum_to_single_device_loss(report: Any, group: str) -> None:
    failures = _mismatches(report[group], "value")
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("group", ["loss_uneven", "loss_even", "eager", "eager_even"])
def test_per_replica_gradients_are_the_single_device_gradients(report: Any, group: str) -> None:
    # Gradients w.r.t. per-example inputs (logits, or the losses of compute_weighted_loss) and the
    # weights (MEAN divides by their sum): each replica gets its slice of the global gradient.
    failures = _mismatches(report[group], "grad")
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_scenarios_cover_the_contract(report: Any) -> None:
    uneven = report["loss_uneven"]
    cases = set(uneven["oracle"])
    reductions = {case.split("/")[1] for case in cases}
    assert reductions == {
        "NONE",
        "SUM",
        "MEAN",
        "SUM_OVER_BATCH_SIZE",
        "SUM_BY_NONZERO_WEIGHTS",
        "SUM_OVER_NONZERO_WEIGHTS",
        "contrib",
    }
    families = {case.split("/")[0] for case in cases}
    assert {
        "softmax",
        "sparse",
        "compute_weighted_loss",
        "contrib_softmax",
        "contrib_sparse",
        # The other families of tf.compat.v1.losses and contrib (see _distribute_scenarios.py).
        "sigmoid",
        "mean_squared_error",
        "absolute_difference",
        "huber_loss",
        "log_loss",
        "hinge_loss",
        "cosine_distance",
        "pairwise",
        "contrib_mse",
        "contrib_sigmoid",
        "contrib_pairwise",
    } <= families
    # Uneven non-zero counts per replica, and a replica whose weights are all zero.
    assert len(set(uneven["split"])) > 1
    assert "softmax/SUM_BY_NONZERO_WEIGHTS/zero_replica" in cases
    assert report["num_replicas"] == len(uneven["split"])


@pytest.mark.slow
def test_tf1_per_replica_numbers_differ_from_single_device(report: Any) -> None:
    # Guards the oracle: the issue's case is wrong under TF1's per-replica semantics, so the exact
    # results above are not a coincidence of the data.
    group = report["per_replica_mode"]
    case = "softmax/SUM_BY_NONZERO_WEIGHTS/issue"
    per_shard = sum(shard["value"] for shard in group["oracle_per_shard"][case])
    single = report["loss_uneven"]["oracle"][case]["value"]
    assert abs(per_shard - single) > 0.1


@pytest.mark.slow
@pytest.mark.parametrize("where", ["outer", "inner"])
def test_per_replica_mode_reproduces_tf1_per_replica_numbers(report: Any, where: str) -> None:
    # outer: `denominator_mode("per_replica")` around the traced strategy.run (replica threads
    # inherit it); inner: entered inside the replica function.
    group = report["per_replica_mode"]
    failures = []
    for case_id, shards in group["oracle_per_shard"].items():
        for replica, (result, shard) in enumerate(zip(group[where], shards, strict=True)):
            for key in ("value", "grad_x", "grad_w"):
                if key not in shard:
                    continue
                actual = np.asarray(result[case_id][key], np.float64)
                want = np.asarray(shard[key], np.float64)
                if actual.shape != want.shape or not np.allclose(
                    actual, want, rtol=2e-6, atol=1e-6
                ):
                    failures.append(f"{case_id} replica {replica} {key}: {actual} != {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_sgd_steps_give_single_device_variables(report: Any) -> None:
    failures = []
    for reduction, run in report["sgd"].items():
        if reduction == "split":
            continue
        for key in ("losses", "kernel", "bias"):
            actual = np.asarray(run[key], np.float64)
            want = np.asarray(run["oracle_" + key], np.float64)
            if not np.allclose(actual, want, rtol=1e-5, atol=1e-6):
                failures.append(f"{reduction} {key}: {actual.tolist()} != {want.tolist()}")
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["traced", "eager"])
def test_collections_are_per_replica(report: Any, mode: str) -> None:
    # Inside the replica function, a collect_losses() block and (in a graph) TF1's get_losses() /
    # get_total_loss() hold that replica's two losses only, although MirroredStrategy runs the
    # replicas concurrently in one graph; their totals add up to the single-device total.
    group = report["collections"]
    replicas = group[mode]
    assert len(replicas) == report["num_replicas"]
    for replica in replicas:
        own = replica["first"] + replica["second"]
        assert replica["block_count"] == 2
        assert replica["block_total"] == pytest.approx(own, rel=1e-6, abs=1e-6)
        if mode == "traced":
            assert replica["graph_count"] == 2
            assert replica["graph_total"] == pytest.approx(own, rel=1e-6, abs=1e-6)
    summed = sum(replica["block_total"] for replica in replicas)
    assert summed == pytest.approx(group["oracle_total"], rel=2e-6, abs=1e-6)


@pytest.mark.slow
def test_collect_losses_around_strategy_run_sees_every_replica(report: Any) -> None:
    group = report["collections"]
    assert group["outside_count"] == 2 * report["num_replicas"]
    assert group["outside_total"] == pytest.approx(group["oracle_total"], rel=2e-6, abs=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("replicas", [2, 4])
def test_tf1_graph_and_session(replicas: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    # A TF1 program: tf.compat.v1 MirroredStrategy in a Graph, call_for_each_replica, Session.run.
    key = f"mirrored{replicas}"
    group = _cached(tmp_path_factory, key, lambda: _run_mirrored(replicas))["tf1_graph"]
    assert set(group["values"]) == set(group["oracle"])
    for case_id, want in group["oracle"].items():
        assert group["values"][case_id] == pytest.approx(want, rel=2e-6, abs=1e-6), case_id


@pytest.mark.slow
@pytest.mark.parametrize("replicas", [2, 4])
def test_keras_fit_with_the_shim_as_loss(
    replicas: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Model.fit under MirroredStrategy with the shim as the compiled loss (no sample weights):
    # the variables after two steps are those of single-device TF1 training.
    key = f"mirrored{replicas}"
    group = _cached(tmp_path_factory, key, lambda: _run_mirrored(replicas))["keras_fit"]
    for key in ("kernel", "bias"):
        np.testing.assert_allclose(group[key], group["oracle_" + key], rtol=1e-5, atol=1e-6)


# The worked example of docs/distributed.md, computed by hand: per-example losses 1..8, weights
# [1,0,1,0,1,1,0,1] (5 non-zero, weighted sum 1+3+5+6+8 = 23), split evenly over the replicas.
DOCS_PER_REPLICA = {
    2: [4 / 2, 19 / 3],  # [1,0,3,0] -> 4 over 2 non-zero; [5,6,0,8] -> 19 over 3
    4: [1 / 1, 3 / 1, 11 / 2, 8 / 1],  # [1,0] [3,0] [5,6] [0,8]
}


@pytest.mark.slow
def test_docs_worked_example(report: Any) -> None:
    example = report["docs_example"]
    n = report["num_replicas"]
    assert sum(example["global"]) == pytest.approx(23 / 5, rel=1e-6)  # single device: 4.6
    assert example["per_replica"] == pytest.approx(DOCS_PER_REPLICA[n], rel=1e-6)  # TF1


@pytest.mark.slow
def test_distributed_training_example_matches_single_device() -> None:
    example = ROOT / "examples" / "distributed_training.py"
    done = subprocess.run(
        [sys.executable, str(example)],
        capture_output=True,
        text=True,
        timeout=SCENARIO_TIMEOUT,
        env=_env(),
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert "OK: distributed training matches single-device training." in done.stdout
