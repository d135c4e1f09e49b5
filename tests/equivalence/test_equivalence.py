"""Semantic equivalence: every generated TF1 call form and its rewrite agree on TF 2.21.

Value, dtype and gradients w.r.t. logits, labels and weights are compared eagerly; a subset
is also built in a TF1 graph (values, gradients, GraphKeys.LOSSES bookkeeping); the native
rewrites are re-run under tf-keras (Keras 2) in one subprocess.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from migrate.engine.options import Denominator, Fallback, Options, TF1Mode
from migrate.engine.transform import transform_source
from migrate.report.results import Action, SourceResult

tf = pytest.importorskip("tensorflow")

from _equiv_cases import Case, all_cases  # noqa: E402
from _equiv_harness import compare_all, differences, run_function, run_graph  # noqa: E402
from _subprocess_env import python_env  # noqa: E402
from _versions import legacy_keras_path  # noqa: E402

HERE = Path(__file__).parent


def _shim_available() -> bool:
    try:
        module = importlib.import_module("tfcompat_losses")
        importlib.import_module("tfcompat_losses.contrib")
    except ImportError:
        return False
    return all(
        hasattr(module, name) for name in ("softmax_cross_entropy", "sparse_softmax_cross_entropy")
    )


SHIM = _shim_available()
CASES = all_cases()


def _options(case: Case, fallback: Fallback = Fallback.PLAIN) -> Options:
    tf1 = TF1Mode(case.options.get("tf1", "auto"))
    return Options(tf1=tf1, fallback=fallback)


@pytest.fixture(scope="module")
def transformed() -> list[tuple[Case, SourceResult]]:
    return [(case, transform_source(case.source, options=_options(case))) for case in CASES]


@pytest.fixture(scope="module")
def shimmed(transformed: list[tuple[Case, SourceResult]]) -> list[tuple[Case, SourceResult]]:
    """With ``--fallback shim``, the calls that plain ops write out (Keras not exact)."""
    return [
        (case, transform_source(case.source, options=_options(case, Fallback.SHIM)))
        for case, result in transformed
        if result.changed
        and "keras" not in result.output
        and "tfcompat_losses" not in result.output
    ]


def _comparable(case: Case, result: SourceResult) -> bool:
    actions = {f.action for f in result.findings}
    return result.changed and (SHIM or Action.SHIM not in actions)


def _payload(pairs: list[tuple[Case, SourceResult]]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "before": c.oracle or c.source, "after": r.output, "rank": c.rank}
        for c, r in pairs
    ]


def test_every_case_is_decided(transformed: list[tuple[Case, SourceResult]]) -> None:
    actions: Counter[str] = Counter()
    for case, result in transformed:
        assert result.error is None, case.id
        assert result.findings, f"{case.id}: no finding"
        actions.update(f.action.value for f in result.findings)
        again = transform_source(result.output, options=_options(case))
        assert again.output == result.output, f"{case.id}: not idempotent"
    # The harness must exercise Keras, plain ops and the shim, in numbers.
    outputs = [r.output for _, r in transformed]
    keras = sum("keras.losses" in o for o in outputs)
    plain = sum("divide_no_nan" in o or "reduce_sum" in o for o in outputs)
    assert actions["rewrite"] >= 200 and keras >= 80 and plain >= 50, (actions, keras, plain)


def test_shim_fallback_is_decided(shimmed: list[tuple[Case, SourceResult]]) -> None:
    actions = Counter(f.action.value for _, r in shimmed for f in r.findings)
    assert actions["shim"] >= 60, actions
    for case, result in shimmed:
        again = transform_source(result.output, options=_options(case, Fallback.SHIM))
        assert again.output == result.output, f"{case.id}: not idempotent"


def test_eager_equivalence_of_the_shim_fallback(shimmed: list[tuple[Case, SourceResult]]) -> None:
    if not SHIM:
        pytest.skip("tfcompat_losses is not importable")
    failures = compare_all(_payload(shimmed))
    assert failures == [], "\n".join(failures)


def test_eager_equivalence(transformed: list[tuple[Case, SourceResult]]) -> None:
    pairs = [(c, r) for c, r in transformed if _comparable(c, r)]
    assert len(pairs) >= 150
    failures = compare_all(_payload(pairs))
    assert failures == [], "\n".join(failures)


def test_shim_cases_are_compared_when_the_shim_exists(
    transformed: list[tuple[Case, SourceResult]],
) -> None:
    shimmed = [c.id for c, r in transformed if any(f.action is Action.SHIM for f in r.findings)]
    assert shimmed
    if not SHIM:
        pytest.skip("tfcompat_losses.softmax_cross_entropy does not exist yet")


def _plain(result: SourceResult) -> bool:
    """Written out in plain TF2 ops (neither Keras nor the shim)."""
    out = result.output
    return (
        result.changed
        and "keras" not in out
        and "tfcompat_losses" not in out
        and ("divide_no_nan" in out or "reduce_sum" in out)
    )


@pytest.mark.parametrize("jit_compile", [False, True], ids=["tf.function", "xla"])
def test_plain_ops_in_tf_function_and_xla(
    transformed: list[tuple[Case, SourceResult]], jit_compile: bool
) -> None:
    """Plain ops give TF1's value, dtype and gradients when traced, and under XLA (where TF1
    skips its shape assertions)."""
    plain = [(c, r) for c, r in transformed if _plain(r) and not c.oracle]
    assert len(plain) >= 200
    # a spread of about 90 cases traced and 40 compiled by XLA, every kind of case present
    plain = plain[:: (len(plain) // 40) if jit_compile else (len(plain) // 90)]
    failures = []
    for case, result in plain:
        try:
            before = run_function(case.source, case.rank, jit_compile=jit_compile)
        except Exception as exc:  # TF1's own code cannot be traced: the rewrite must not either
            with pytest.raises(type(exc)):
                run_function(result.output, case.rank, jit_compile=jit_compile)
            continue
        try:
            after = run_function(result.output, case.rank, jit_compile=jit_compile)
            failures += [f"{case.id}: {p}" for p in differences(before, after)]
        except Exception as exc:
            failures.append(f"{case.id}: {type(exc).__name__}: {exc}")
    assert failures == [], "\n".join(failures)


GRAPH_IDS = (
    "softmax_cross_entropy-compat-keyword-w_none-r_default-s_none",
    "softmax_cross_entropy-tf-keyword-w_half-r_SUM-s_s01",
    "softmax_cross_entropy-tf-keyword-w_tensor-r_default-s_none",
    "softmax_cross_entropy-tf-keyword-w_tensor-r_NONE-s_none",
    "softmax_cross_entropy-tf-permuted-w_tensor-r_NONE-s_none",
    "sparse_softmax_cross_entropy-tf-keyword-w_int2-r_MEAN-s_none",
    "sparse_softmax_cross_entropy-tf-keyword-w_tensor-r_SBNZ-s_none",
    "sce-collection-none",
    "sce-collection-read",
    "sce-float16",
    "slim-sce-positional-w_none-s_none",
    "slim-sce-keyword-w_tensor-s_s01",
    "nn-v1-tf.nn-keyword",
    "nn-v2-tf.compat.v1.nn-dim",
    "absolute_difference-tf-w_none-r_default",
    "mean_squared_error-tf-w_el-r_default",
    "huber_loss-tf-w_col-r_SUM",
    "log_loss-tf-w_half-r_MEAN",
    "hinge_loss-tf-w_el-r_NONE",
    "cosine_distance-tf-w_col-r_default",
    "mean_pairwise_squared_error-tf-w_half-r_default",
    "mean_pairwise_squared_error-tf-w_col-r_default",
    "sigmoid_cross_entropy-tf-w_el-r_SBNZ",
    "el-sigmoid-smoothing",
    "el-cwl-float64-mean",
    "slim-log_loss-w_half",
    "slim-hinge_loss-w_none",
    "slim-compute_weighted_loss-w_col",
    "nn-weighted-targets",
)


def test_graph_equivalence(transformed: list[tuple[Case, SourceResult]]) -> None:
    by_id = {c.id: (c, r) for c, r in transformed}
    failures = []
    compared = 0
    for case_id in GRAPH_IDS:
        case, result = by_id[case_id]
        if not _comparable(case, result):
            continue
        compared += 1
        before = run_graph(case.oracle or case.source, case.rank)
        after = run_graph(result.output, case.rank)
        native = all(f.action is Action.REWRITE for f in result.findings)
        if native and "get_losses" not in case.source:
            # Not collected by Keras; proven unread in the module (the precondition).
            before.collected = after.collected = None
        failures += [f"{case_id}: {p}" for p in differences(before, after)]
    assert compared >= 20
    assert failures == [], "\n".join(failures)


def _run_harness(
    cases: list[dict[str, Any]], tmp_path: Path, *args: str, **env: str
) -> dict[str, Any]:
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    process = subprocess.run(
        [sys.executable, str(HERE / "_equiv_harness.py"), *args, str(cases_file)],
        capture_output=True,
        text=True,
        env=python_env(**env),
        timeout=300,
        check=False,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    report: dict[str, Any] = json.loads(process.stdout.strip().splitlines()[-1])
    return report


STRATEGY_LINE = "strategy = tf.distribute.get_strategy()\n"
STRATEGY_ELEMENTWISE = (
    "absolute_difference-tf-w_el-r_default",
    "mean_squared_error-tf-w_none-r_default",
    "huber_loss-tf-w_col-r_default",
    "log_loss-tf-w_el-r_MEAN",
    "hinge_loss-tf-w_col-r_default",
    "cosine_distance-tf-w_col-r_default",
    "mean_pairwise_squared_error-tf-w_col-r_default",
    "sigmoid_cross_entropy-tf-w_half-r_default",
    "slim-mean_squared_error-w_half",
    "slim-log_loss-w_col",
)
"""Issue 11's losses under the same strategy: every weighting kind, core and contrib."""


@pytest.mark.slow
def test_equivalence_under_a_two_replica_strategy(tmp_path: Path) -> None:
    """Issue 13: under a strategy, TF1 divides by each replica's own denominator. With strategy
    evidence in the module, plain ops (the default) and the shim (``--fallback shim``: its
    ``per_replica`` namespace) keep TF1's per-replica values, weights uneven across the two
    replicas (1 and 2 non-zero); the global denominator (``--denominator global``, an opt-in)
    and a Keras rewrite without the evidence (Keras 3 divides by the replicas) do not."""
    selected = [
        c
        for c in CASES
        if c.rank == 2
        and not c.oracle
        and (("-keyword-" in c.id and "-s_s0" not in c.id) or c.id.startswith("slim-sce-key"))
        and ("w_none" in c.id or "w_half" in c.id or "w_tensor" in c.id)
    ]
    selected += [c for c in CASES if c.id in STRATEGY_ELEMENTWISE]
    exact, differ = [], []
    per_mode: Counter[str] = Counter()
    for case in selected:
        header, _, call = case.source.partition("loss = ")
        source = f"import tensorflow as tf\n{header}{STRATEGY_LINE}loss = {call}"
        for mode, options in (
            ("plain", Options()),
            ("shim", Options(fallback=Fallback.SHIM)),
            ("global", Options(denominator=Denominator.GLOBAL)),
        ):
            result = transform_source(source, options=options)
            if not _comparable(case, result):
                continue
            # (the harness's `red` variable holds Reduction.SUM; the pairwise loss sums its
            # per-example terms: no denominator across examples, so none across replicas)
            normalising = not any(
                r in case.id
                for r in ("r_SUM-", "r_NONE-", "r_str_sum-", "r_variable-", "mean_pairwise")
            )
            item = {"id": f"{case.id}/{mode}", "before": source, "after": result.output, "rank": 2}
            if mode == "global" and normalising and "tfcompat_losses" in result.output:
                assert "per_replica" not in result.output
                differ.append(item)
            elif mode != "global":
                assert "keras.losses" not in result.output or not normalising
                if mode == "shim" and "tfcompat_losses" in result.output:
                    assert "tfcompat_losses.per_replica." in result.output
                exact.append(item)
            per_mode[mode] += 1
        plain = transform_source(case.source)
        scaled = 'reduction="none"' not in plain.output and 'reduction="sum"' not in plain.output
        if "keras.losses" in plain.output and scaled and len(differ) < 12:
            differ.append(
                {"id": f"{case.id}/keras", "before": case.source, "after": plain.output, "rank": 2}
            )
    assert len(exact) >= 40 and len(differ) >= 6, (len(exact), len(differ), per_mode)
    report = _run_harness(exact + differ, tmp_path, "--replicas", "2")
    failed = {f.split(":")[0] for f in report["failures"]}
    assert failed == {d["id"] for d in differ}, "\n".join(report["failures"])


@pytest.mark.slow
@legacy_keras_path()
def test_native_rewrites_run_under_tf_keras(
    transformed: list[tuple[Case, SourceResult]], tmp_path: Path
) -> None:
    native = [
        (c, r)
        for c, r in transformed
        if r.changed and all(f.action is Action.REWRITE for f in r.findings)
    ]
    report = _run_harness(_payload(native), tmp_path, TF_USE_LEGACY_KERAS="1")
    assert report["keras"].startswith("tf_keras"), report["keras"]
    assert report["failures"] == [], "\n".join(report["failures"])


MASKED = """import tensorflow as tf
tokens = tf.constant([[3, 5, 0, 0], [2, 0, 0, 0]])  # 0 is padding
emb = tf.keras.layers.Embedding(10, 4, mask_zero=True, embeddings_initializer="glorot_uniform")
dense = tf.keras.layers.Dense(3)
logits = dense(emb(tokens))  # carries a Keras mask
tags = tf.constant([[1, 2, 0, 0], [0, 0, 0, 0]])
loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(tags, logits)
"""


def _run_masked(source: str) -> float:
    tf.keras.utils.set_random_seed(7)
    namespace: dict[str, Any] = {}
    exec(compile(source, "<masked>", "exec"), namespace)  # our own test program
    return float(namespace["loss"])


def test_keras_mask_evidence_keeps_tf1_numbers() -> None:
    """Executed before/after: Keras 3 applies the mask the logits carry, TF1 ignores it."""
    before = _run_masked(MASKED)
    for fallback in (Fallback.PLAIN, Fallback.SHIM):  # plain ops ignore masks, as TF1 does
        result = transform_source(MASKED, options=Options(fallback=fallback))
        expected = Action.REWRITE if fallback is Fallback.PLAIN else Action.SHIM
        assert [f.action for f in result.findings] == [expected]
        assert "keras.losses" not in result.output
        assert _run_masked(result.output) == before
    # The control, told there are no masks, rewrites natively and changes the number.
    from migrate.engine.options import Assumption

    native = transform_source(MASKED, options=Options(keras_masks=Assumption.NO))
    assert [f.action for f in native.findings] == [Action.REWRITE]
    assert abs(_run_masked(native.output) - before) > 1e-4
