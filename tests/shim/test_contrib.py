"""tfcompat_losses.contrib against tf_slim.losses (the tf.contrib.losses code, logits first)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _oracle import DTYPES, assert_same, logits_labels, v1

import tfcompat_losses as T

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import tf_slim

SHAPE = (6, 5)
RNG = np.random.default_rng(11)
FULL = RNG.normal(size=6).astype(np.float32) * (RNG.random(6) > 0.3)
CONTRIB_WEIGHTS = {
    "py_one": 1.0,
    "py_zero": 0.0,
    "py_two": 2.0,
    "t0": tf.constant(-0.5),
    "t0_zero": tf.constant(0.0),
    "batch": tf.constant(FULL),
    "batch_1": tf.constant(FULL[:, None]),
    "zeros": tf.zeros([6]),
}


@pytest.fixture(autouse=True)
def _clear_global_losses() -> Any:
    """tf_slim adds its losses to the global graph's collection even eagerly (a leak we avoid)."""
    yield
    v1.get_default_graph().clear_collection(v1.GraphKeys.LOSSES)


def _slim_weights(weights: Any) -> Any:
    # tf_slim needs tensors (it calls .get_shape()); our shim also takes numbers.
    return weights if isinstance(weights, tf.Tensor) else tf.constant(weights)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", list(CONTRIB_WEIGHTS))
@pytest.mark.parametrize("label_smoothing", [0, 0.2])
def test_softmax_matches_tf_slim(dtype: tf.DType, kind: str, label_smoothing: float) -> None:
    logits, labels, _ = logits_labels(SHAPE, dtype, seed=4)
    weights = CONTRIB_WEIGHTS[kind]
    expected = tf_slim.losses.softmax_cross_entropy(
        logits, labels, _slim_weights(weights), label_smoothing
    )
    assert_same(T.contrib.softmax_cross_entropy(logits, labels, weights, label_smoothing), expected)


@pytest.mark.parametrize("kind", list(CONTRIB_WEIGHTS))
@pytest.mark.parametrize("labels_shape", ["flat", "column"])
def test_sparse_matches_tf_slim(kind: str, labels_shape: str) -> None:
    logits, _, ids = logits_labels(SHAPE, seed=5)
    labels = ids if labels_shape == "flat" else ids[:, None]
    weights = CONTRIB_WEIGHTS[kind]
    expected = tf_slim.losses.sparse_softmax_cross_entropy(logits, labels, _slim_weights(weights))
    assert_same(T.contrib.sparse_softmax_cross_entropy(logits, labels, weights), expected)


def test_hand_computed_mean_over_nonzero_weights() -> None:
    # Uniform logits: each example loses log(3); weights [2, 0, 1] -> (2 + 1) * log 3 / 2.
    loss = T.contrib.softmax_cross_entropy(
        tf.zeros([3, 3]), tf.eye(3), tf.constant([2.0, 0.0, 1.0])
    )
    assert float(loss) == pytest.approx(1.5 * np.log(3), rel=1e-6)


def test_gradients_match_and_skip_labels() -> None:
    logits, labels, _ = logits_labels(SHAPE, seed=6)
    weights = CONTRIB_WEIGHTS["batch"]

    def grads(fn: Any, w: Any) -> list[Any]:
        with tf.GradientTape() as tape:
            tape.watch([logits, labels, weights])
            loss = fn(logits, labels, w, 0.1)
        return tape.gradient(loss, [logits, weights, labels])

    actual = grads(T.contrib.softmax_cross_entropy, weights)
    expected = grads(tf_slim.losses.softmax_cross_entropy, weights)
    assert actual[2] is None and expected[2] is None
    assert_same(actual[0], expected[0])
    assert_same(actual[1], expected[1])


def test_logits_first_positional_order() -> None:
    logits, labels, _ = logits_labels(SHAPE, seed=7)
    assert_same(
        T.contrib.softmax_cross_entropy(logits, labels),
        v1.losses.softmax_cross_entropy(labels, logits),
    )


def test_none_weights_raise_value_error() -> None:
    logits, labels, ids = logits_labels(SHAPE)
    with pytest.raises(ValueError):
        tf_slim.losses.softmax_cross_entropy(logits, labels, weights=None)
    with pytest.raises(ValueError, match=r"`weights`.*Received: weights=None"):
        T.contrib.softmax_cross_entropy(logits, labels, weights=None)
    with pytest.raises(ValueError, match="`weights`"):
        T.contrib.sparse_softmax_cross_entropy(logits, ids, weights=None)


def test_graph_mode_collection_and_scope() -> None:
    graph = tf.Graph()
    with graph.as_default():
        logits = v1.placeholder(tf.float32, [None, 5])
        labels = v1.placeholder(tf.float32, [None, 5])
        loss = T.contrib.softmax_cross_entropy(logits, labels, scope="head")
        assert loss.name.startswith("head/")
        assert v1.losses.get_losses() == [loss]


def test_eager_loss_recorded_only_inside_collect_losses() -> None:
    logits, labels, _ = logits_labels(SHAPE)
    with T.collect_losses() as losses:
        loss = T.contrib.softmax_cross_entropy(logits, labels)
    assert list(losses) == [loss]


def test_weights_of_higher_rank_raise() -> None:
    logits, labels, _ = logits_labels((2, 5))
    weights = tf.constant([[1.0, 0.0], [2.0, 3.0]])
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
        tf_slim.losses.softmax_cross_entropy(logits, labels, weights)
    with pytest.raises(ValueError, match=r"argument `weights`.*Received: weights.shape=\(2, 2\)"):
        T.contrib.softmax_cross_entropy(logits, labels, weights)
