"""softmax_cross_entropy / sparse_softmax_cross_entropy against tf.compat.v1.losses (eager)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _oracle import DTYPES, REDUCTIONS, WEIGHT_KINDS, assert_same, logits_labels, v1, weights_for

import tfcompat_losses as T

SHAPE = (6, 5)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("kind", WEIGHT_KINDS)
def test_softmax_weights_and_reductions(reduction: str, kind: str) -> None:
    logits, labels, _ = logits_labels(SHAPE)
    weights = weights_for(kind, SHAPE[:1])
    expected = v1.losses.softmax_cross_entropy(labels, logits, weights, reduction=reduction)
    assert_same(T.softmax_cross_entropy(labels, logits, weights, reduction=reduction), expected)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("kind", [*WEIGHT_KINDS, "trailing_one"])
def test_sparse_weights_and_reductions(reduction: str, kind: str) -> None:
    logits, _, ids = logits_labels(SHAPE)
    weights: Any = (
        np.ones((SHAPE[0], 1), np.float32) * 2
        if kind == "trailing_one"
        else weights_for(kind, SHAPE[:1])
    )
    expected = v1.losses.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction)
    assert_same(T.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction), expected)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("label_smoothing", [0, 0.1, 0.5])
@pytest.mark.parametrize("reduction", [v1.losses.Reduction.NONE, v1.losses.Reduction.MEAN, None])
def test_dtypes_and_label_smoothing(
    dtype: tf.DType, label_smoothing: float, reduction: Any
) -> None:
    logits, labels, ids = logits_labels(SHAPE, dtype)
    weights = weights_for("full", SHAPE[:1])
    kwargs = {} if reduction is None else {"reduction": reduction}
    expected = v1.losses.softmax_cross_entropy(labels, logits, weights, label_smoothing, **kwargs)
    actual = T.softmax_cross_entropy(labels, logits, weights, label_smoothing, **kwargs)
    assert actual.dtype == dtype
    assert_same(actual, expected, f"{dtype.name} ls={label_smoothing}")
    if label_smoothing == 0:
        expected = v1.losses.sparse_softmax_cross_entropy(ids, logits, weights, **kwargs)
        assert_same(T.sparse_softmax_cross_entropy(ids, logits, weights, **kwargs), expected)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weights_shape", [(), (3, 4), (3, 1), (1, 4)])
def test_rank3_logits(reduction: str, weights_shape: tuple[int, ...]) -> None:
    logits, labels, ids = logits_labels((3, 4, 5))
    weights = tf.constant(
        np.arange(np.prod(weights_shape), dtype=np.float32).reshape(weights_shape)
    )
    expected = v1.losses.softmax_cross_entropy(labels, logits, weights, 0.1, reduction=reduction)
    assert_same(
        T.softmax_cross_entropy(labels, logits, weights, 0.1, reduction=reduction), expected
    )
    expected = v1.losses.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction)
    assert_same(T.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction), expected)


@pytest.mark.parametrize("batch", [0, 1])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_batch_zero_and_one(batch: int, reduction: str) -> None:
    logits, labels, ids = logits_labels((batch, 4))
    for weights in (1.0, tf.ones([batch])):
        expected = v1.losses.softmax_cross_entropy(labels, logits, weights, reduction=reduction)
        assert_same(T.softmax_cross_entropy(labels, logits, weights, reduction=reduction), expected)
        expected = v1.losses.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction)
        assert_same(
            T.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction), expected
        )


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
def test_large_logits_stay_finite(dtype: tf.DType) -> None:
    logits = tf.constant([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]], dtype)
    labels = tf.constant([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    actual = T.softmax_cross_entropy(labels, logits, label_smoothing=0.1)
    assert np.isfinite(tf.cast(actual, tf.float64).numpy())
    assert_same(actual, v1.losses.softmax_cross_entropy(labels, logits, label_smoothing=0.1))


def test_lists_and_numpy_inputs() -> None:
    labels, logits = [[0, 1], [1, 0]], [[1.0, 2.0], [3.0, 5.0]]
    assert_same(
        T.softmax_cross_entropy(labels, logits, [1.0, 0.0]),
        v1.losses.softmax_cross_entropy(labels, logits, [1.0, 0.0]),
    )
    np_logits = np.array(logits)  # float64: the result is float64, as in TF1
    assert_same(
        T.softmax_cross_entropy(np.eye(2), np_logits),
        v1.losses.softmax_cross_entropy(np.eye(2), np_logits),
    )
    assert_same(
        T.sparse_softmax_cross_entropy([1, 0], np_logits, np.array([2.0, 1.0])),
        v1.losses.sparse_softmax_cross_entropy([1, 0], np_logits, np.array([2.0, 1.0])),
    )
    assert_same(
        T.sparse_softmax_cross_entropy([[1], [0]], logits),
        v1.losses.sparse_softmax_cross_entropy([[1], [0]], logits),
    )


def test_hand_computed_default_reduction() -> None:
    # Uniform logits over 2 classes: each example loses log(2); weights [2, 0] -> 2*log 2 / 1.
    loss = T.softmax_cross_entropy([[0.0, 1.0], [1.0, 0.0]], tf.zeros([2, 2]), [2.0, 0.0])
    assert float(loss) == pytest.approx(2 * np.log(2), rel=1e-6)


def _grads(
    fn: Any, labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, **kw: Any
) -> list[Any]:
    with tf.GradientTape() as tape:
        tape.watch([labels, logits, weights])
        loss = fn(labels, logits, weights, **kw)
    return tape.gradient(loss, [logits, weights, labels])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64], ids=lambda d: d.name)
def test_gradients(reduction: str, dtype: tf.DType) -> None:
    logits, labels, ids = logits_labels(SHAPE, dtype)
    weights = tf.constant(weights_for("full", SHAPE[:1]))
    actual = _grads(T.softmax_cross_entropy, labels, logits, weights, reduction=reduction)
    expected = _grads(v1.losses.softmax_cross_entropy, labels, logits, weights, reduction=reduction)
    assert actual[2] is None and expected[2] is None  # no gradient into the labels
    for a, e, what in zip(actual[:2], expected[:2], ["logits", "weights"], strict=True):
        assert_same(a, e, what)

    with tf.GradientTape() as tape:
        tape.watch([logits, weights])
        loss = T.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction)
    with tf.GradientTape() as ref_tape:
        ref_tape.watch([logits, weights])
        ref = v1.losses.sparse_softmax_cross_entropy(ids, logits, weights, reduction=reduction)
    for a, e in zip(
        tape.gradient(loss, [logits, weights]),
        ref_tape.gradient(ref, [logits, weights]),
        strict=True,
    ):
        assert_same(a, e, "sparse")


class TestErrors:
    @pytest.mark.parametrize("argument", ["onehot_labels", "logits"])
    def test_none_arguments(self, argument: str) -> None:
        kwargs: dict[str, Any] = {"onehot_labels": [[1.0]], "logits": [[1.0]], argument: None}
        with pytest.raises(ValueError):
            v1.losses.softmax_cross_entropy(**kwargs)
        with pytest.raises(ValueError, match=f"argument `{argument}`.*Received: {argument}=None"):
            T.softmax_cross_entropy(**kwargs)

    @pytest.mark.parametrize("argument", ["labels", "logits"])
    def test_sparse_none_arguments(self, argument: str) -> None:
        kwargs: dict[str, Any] = {"labels": [0], "logits": [[1.0]], argument: None}
        with pytest.raises(ValueError):
            v1.losses.sparse_softmax_cross_entropy(**kwargs)
        with pytest.raises(ValueError, match=f"argument `{argument}`"):
            T.sparse_softmax_cross_entropy(**kwargs)

    def test_none_weights(self) -> None:
        logits, labels, ids = logits_labels(SHAPE)
        with pytest.raises(ValueError):
            v1.losses.softmax_cross_entropy(labels, logits, weights=None)
        with pytest.raises(ValueError, match="`weights`"):
            T.softmax_cross_entropy(labels, logits, weights=None)
        with pytest.raises(ValueError, match="`weights`"):
            T.sparse_softmax_cross_entropy(ids, logits, weights=None)

    def test_incompatible_shapes(self) -> None:
        logits, _, _ = logits_labels(SHAPE)
        labels = tf.one_hot([1, 2], 5)
        with pytest.raises(ValueError):
            v1.losses.softmax_cross_entropy(labels, logits)
        with pytest.raises(ValueError, match=r"`onehot_labels`.*\(2, 5\)"):
            T.softmax_cross_entropy(labels, logits)

    def test_sparse_rank_mismatch(self) -> None:
        logits, _, _ = logits_labels(SHAPE)
        with pytest.raises(ValueError):
            v1.losses.sparse_softmax_cross_entropy([[1, 2]], logits)
        with pytest.raises(ValueError, match="rank"):
            T.sparse_softmax_cross_entropy([[1, 2]], logits)

    def test_sparse_shape_mismatch(self) -> None:
        logits, _, _ = logits_labels(SHAPE)
        with pytest.raises(ValueError):
            v1.losses.sparse_softmax_cross_entropy([1, 2], logits)
        with pytest.raises(ValueError, match=r"labels\.shape"):
            T.sparse_softmax_cross_entropy([1, 2], logits)

    def test_weights_not_broadcastable(self) -> None:
        logits, labels, _ = logits_labels(SHAPE)
        with pytest.raises(ValueError):
            v1.losses.softmax_cross_entropy(labels, logits, [1.0, 2.0])
        with pytest.raises(ValueError, match=r"argument `weights`.*Mismatch at dim 0"):
            T.softmax_cross_entropy(labels, logits, [1.0, 2.0])

    def test_unknown_reduction(self) -> None:
        logits, labels, _ = logits_labels(SHAPE)
        with pytest.raises(ValueError, match="Received: reduction='sum'"):
            T.softmax_cross_entropy(labels, logits, reduction="sum")

    def test_integer_logits(self) -> None:
        with pytest.raises((TypeError, tf.errors.InvalidArgumentError)):
            v1.losses.softmax_cross_entropy([[0, 1]], [[1, 2]])
        with pytest.raises(TypeError, match=r"`logits`.*Received: logits.dtype=int32"):
            T.softmax_cross_entropy([[0, 1]], [[1, 2]])
        with pytest.raises(TypeError, match="`logits`"):
            T.sparse_softmax_cross_entropy([1], [[1, 2]])
        # TF1 raises InvalidArgumentError eagerly: code catching that keeps working.
        with pytest.raises(tf.errors.InvalidArgumentError, match="`logits`"):
            T.softmax_cross_entropy([[0, 1]], [[1, 2]])

    def test_out_of_range_class_id(self) -> None:
        logits, _, _ = logits_labels((2, 3))
        with pytest.raises(tf.errors.InvalidArgumentError):
            v1.losses.sparse_softmax_cross_entropy([1, 7], logits)
        with pytest.raises(tf.errors.InvalidArgumentError, match="7"):
            T.sparse_softmax_cross_entropy([1, 7], logits)


def test_variables_as_logits_and_weights() -> None:
    logits, labels, _ = logits_labels(SHAPE, seed=21)
    var_logits = tf.Variable(logits)
    var_weights = tf.Variable(weights_for("full", SHAPE[:1]))

    def run(fn: Any, read: bool) -> list[Any]:
        with tf.GradientTape() as tape:
            # TF1 itself crashes on a variable as eager weights (it calls weights._rank()).
            weights = tf.identity(var_weights) if read else var_weights
            loss = fn(labels, var_logits, weights)
        return [loss, *tape.gradient(loss, [var_logits, var_weights])]

    for actual, expected in zip(
        run(T.softmax_cross_entropy, False), run(v1.losses.softmax_cross_entropy, True), strict=True
    ):
        assert_same(actual, expected)
