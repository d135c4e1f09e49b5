"""Same numbers in tf.function, XLA, with unknown dimensions, and in a TF1 graph + Session."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _oracle import REDUCTIONS, assert_same, logits_labels, v1, weights_for

import tfcompat_losses as T

SHAPE = (6, 5)
LOGITS, LABELS, IDS = logits_labels(SHAPE, seed=3)
WEIGHTS = tf.constant(weights_for("full", SHAPE[:1]))
UNKNOWN = [tf.TensorSpec([None, None]), tf.TensorSpec([None, None]), tf.TensorSpec([None])]
UNKNOWN_SPARSE = [
    tf.TensorSpec([None], tf.int32),
    tf.TensorSpec([None, None]),
    tf.TensorSpec([None]),
]


def _step(fn: Any, reduction: str, smoothing: float | None) -> Any:
    def step(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor) -> tuple[Any, ...]:
        kwargs: dict[str, Any] = {"reduction": reduction}
        if smoothing is not None:
            kwargs["label_smoothing"] = smoothing
        with tf.GradientTape() as tape:
            tape.watch([logits, weights])
            loss = fn(labels, logits, weights, **kwargs)
            total = tf.reduce_sum(loss)
        return (loss, *tape.gradient(total, [logits, weights]))

    return step


def _compile(step: Any, mode: str, sparse: bool) -> Any:
    if mode == "function":
        return tf.function(step)
    if mode == "xla":
        return tf.function(step, jit_compile=True)
    return tf.function(step, input_signature=UNKNOWN_SPARSE if sparse else UNKNOWN)


@pytest.mark.parametrize("mode", ["function", "xla", "unknown_dims"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_softmax_modes(mode: str, reduction: str) -> None:
    shim = _compile(_step(T.softmax_cross_entropy, reduction, 0.1), mode, False)
    oracle = _compile(_step(v1.losses.softmax_cross_entropy, reduction, 0.1), mode, False)
    for actual, expected in zip(
        shim(LABELS, LOGITS, WEIGHTS), oracle(LABELS, LOGITS, WEIGHTS), strict=True
    ):
        assert_same(actual, expected, mode)
    if mode == "xla":
        graph = shim.get_concrete_function(LABELS, LOGITS, WEIGHTS).graph
        assert "Assert" not in {op.type for op in graph.get_operations()}


@pytest.mark.parametrize("mode", ["function", "xla", "unknown_dims"])
@pytest.mark.parametrize("reduction", [v1.losses.Reduction.SUM_BY_NONZERO_WEIGHTS, "weighted_mean"])
def test_sparse_modes(mode: str, reduction: str) -> None:
    shim = _compile(_step(T.sparse_softmax_cross_entropy, reduction, None), mode, True)
    oracle = _compile(_step(v1.losses.sparse_softmax_cross_entropy, reduction, None), mode, True)
    for actual, expected in zip(
        shim(IDS, LOGITS, WEIGHTS), oracle(IDS, LOGITS, WEIGHTS), strict=True
    ):
        assert_same(actual, expected, mode)


def test_unknown_dims_bad_weights_fail_at_run_time_like_tf1() -> None:
    shim = tf.function(lambda y, x, w: T.softmax_cross_entropy(y, x, w), input_signature=UNKNOWN)
    oracle = tf.function(
        lambda y, x, w: v1.losses.softmax_cross_entropy(y, x, w), input_signature=UNKNOWN
    )
    with pytest.raises(tf.errors.InvalidArgumentError):
        oracle(LABELS, LOGITS, WEIGHTS[:3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="weights can not be broadcast"):
        shim(LABELS, LOGITS, WEIGHTS[:3])


def test_unknown_rank_weights() -> None:
    spec = [tf.TensorSpec([None, 5]), tf.TensorSpec([None, 5]), tf.TensorSpec(None)]
    shim = tf.function(lambda y, x, w: T.softmax_cross_entropy(y, x, w), input_signature=spec)
    oracle = tf.function(
        lambda y, x, w: v1.losses.softmax_cross_entropy(y, x, w), input_signature=spec
    )
    for weights in (WEIGHTS, tf.constant(2.0), tf.zeros([6])):
        assert_same(shim(LABELS, LOGITS, weights), oracle(LABELS, LOGITS, weights))
    with pytest.raises(tf.errors.InvalidArgumentError):
        shim(LABELS, LOGITS, tf.ones([6, 1]))


class TestTF1Graph:
    def test_session_numbers_names_and_collection(self) -> None:
        graph = tf.Graph()
        with graph.as_default():
            labels = v1.placeholder(tf.float32, [None, 5])
            logits = v1.placeholder(tf.float32, [None, 5])
            weights = v1.placeholder(tf.float32, [None])
            ids = v1.placeholder(tf.int32, [None])
            shim = T.softmax_cross_entropy(labels, logits, weights, 0.2)
            ref = v1.losses.softmax_cross_entropy(
                labels, logits, weights, 0.2, loss_collection=None
            )
            scoped = T.softmax_cross_entropy(labels, logits, scope="my_scope")
            sparse = T.sparse_softmax_cross_entropy(ids, logits, weights)
            ref_sparse = v1.losses.sparse_softmax_cross_entropy(
                ids, logits, weights, loss_collection=None
            )
            weighted = T.compute_weighted_loss(weights)
            assert shim.name.startswith("softmax_cross_entropy_loss/")
            assert scoped.name.startswith("my_scope/")
            assert sparse.name.startswith("sparse_softmax_cross_entropy_loss/")
            assert weighted.name.startswith("weighted_loss/")
            assert shim.name == ref.name.replace(
                "softmax_cross_entropy_loss_1", "softmax_cross_entropy_loss"
            )
            assert v1.losses.get_losses() == [shim, scoped, sparse, weighted]
            assert v1.losses.get_losses(scope="my_scope") == [scoped]
            total = v1.losses.get_total_loss()
            feed = {
                labels: LABELS.numpy(),
                logits: LOGITS.numpy(),
                weights: WEIGHTS.numpy(),
                ids: IDS.numpy(),
            }
            with v1.Session(graph=graph) as session:
                got = session.run([shim, ref, sparse, ref_sparse, total, scoped, weighted], feed)
        assert_same(got[0], got[1])
        assert_same(got[2], got[3])
        np.testing.assert_allclose(got[4], got[0] + got[5] + got[2] + got[6], rtol=1e-6)

    def test_dynamic_shape_error_in_session(self) -> None:
        graph = tf.Graph()
        with graph.as_default():
            logits = v1.placeholder(tf.float32, [None, 5])
            weights = v1.placeholder(tf.float32, [None])
            loss = T.softmax_cross_entropy(LABELS.numpy(), logits, weights)
            with (
                v1.Session(graph=graph) as session,
                pytest.raises(tf.errors.InvalidArgumentError, match="weights can not be broadcast"),
            ):
                session.run(loss, {logits: LOGITS.numpy(), weights: np.ones(2, np.float32)})

    def test_static_errors_in_graph(self) -> None:
        with tf.Graph().as_default():
            with pytest.raises(ValueError, match="Mismatch at dim 0"):
                T.softmax_cross_entropy(LABELS.numpy(), LOGITS.numpy(), np.ones(2, np.float32))
            with pytest.raises(ValueError, match="Received: reduction='bogus'"):
                T.softmax_cross_entropy(LABELS.numpy(), LOGITS.numpy(), reduction="bogus")


_DETERMINISM_SCRIPT = """
import numpy as np, tensorflow as tf
tf.config.experimental.enable_op_determinism()
import tfcompat_losses as T
v1 = tf.compat.v1
rng = np.random.default_rng(0)
logits = tf.constant(rng.normal(size=(6, 5)) * 3, tf.float32)
ids = tf.constant(rng.integers(0, 5, 6), tf.int32)
labels = tf.one_hot(ids, 5)
w = tf.constant(rng.random(6), tf.float32)
pairs = [
    (T.softmax_cross_entropy(labels, logits, w), v1.losses.softmax_cross_entropy(labels, logits, w)),
    (T.sparse_softmax_cross_entropy(ids, logits, w), v1.losses.sparse_softmax_cross_entropy(ids, logits, w)),
    (T.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
     v1.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)),
]
same = all(np.array_equal(a.numpy(), b.numpy()) for a, b in pairs)
# Deterministic TF runs log_softmax + gather: an out-of-range id fails in GatherV2, not in the
# fused kernel. The shim must take the same path.
errors = []
for fn in (T.sparse_softmax_cross_entropy, v1.losses.sparse_softmax_cross_entropy):
    try:
        fn(tf.constant([1, 7]), logits[:2])
        errors.append("no error")
    except tf.errors.InvalidArgumentError as error:
        errors.append("GatherV2" in str(error))
same = same and errors == [True, True]
print("SAME" if same else "DIFFERENT")
"""


@pytest.mark.slow
def test_op_determinism_follows_tf() -> None:
    # Determinism is a one-way, process-wide switch: check it in a fresh interpreter.
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "-c", _DETERMINISM_SCRIPT],
        capture_output=True,
        text=True,
        cwd=Path(T.__file__).parent.parent,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "SAME"
