"""Every loss family beyond softmax against tf.compat.v1.losses, eagerly, bit for bit.

Every function x reduction x weight kind x dtype: the value, its dtype, and the gradients with
respect to the predictions (or logits), the labels and the weights. ``mean_pairwise_squared_error``
is compared with TF1's graph numbers (see ``test_pairwise_eager_quirk_of_tf_2_21``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import tensorflow as tf
from _families import (
    TF1,
    TF1_BY_NAME,
    WEIGHT_KINDS,
    Family,
    assert_all_same,
    inputs,
    value_and_grads,
    weights_for,
)
from _oracle import DTYPES, REDUCTIONS, assert_same, v1

import tfcompat_losses as T

REDUCED = [f for f in TF1 if f.reduction]
PAIRWISE = TF1_BY_NAME["mean_pairwise_squared_error"]


def _oracle_graph(family: Family, labels: Any, predictions: Any, weights: Any) -> list[Any]:
    """The oracle traced into a graph (TF1's semantics; see the pairwise quirk below)."""

    def run(y: tf.Tensor, p: tf.Tensor, *w: tf.Tensor) -> list[Any]:
        return value_and_grads(family, family.oracle, y, p, w[0] if w else weights)

    tensors = [weights] if isinstance(weights, tf.Tensor) else []
    return tf.function(run, autograph=False)(labels, predictions, *tensors)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", WEIGHT_KINDS)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("family", REDUCED, ids=lambda f: f.name)
def test_matches_tf1(family: Family, reduction: str, kind: str, dtype: tf.DType) -> None:
    labels, predictions = inputs(family, dtype)
    weights = weights_for(kind, family.loss_shape())
    what = f"{family.name} {reduction} {kind} {dtype.name}"
    actual = value_and_grads(family, family.shim, labels, predictions, weights, reduction=reduction)
    expected = value_and_grads(
        family, family.oracle, labels, predictions, weights, reduction=reduction
    )
    assert_all_same(actual, expected, what)
    assert actual[0].dtype == (dtype if family.keeps_dtype else tf.float32)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
@pytest.mark.parametrize("kind", WEIGHT_KINDS)
def test_pairwise_matches_tf1(kind: str, dtype: tf.DType) -> None:
    labels, predictions = inputs(PAIRWISE, dtype)
    weights = weights_for(kind, PAIRWISE.loss_shape())
    actual = value_and_grads(PAIRWISE, PAIRWISE.shim, labels, predictions, weights)
    assert_all_same(actual, _oracle_graph(PAIRWISE, labels, predictions, weights), kind)
    assert actual[0].dtype == tf.float32


PAIRWISE_SHAPES = {
    "rank2_column": ((4, 3), [[1.0], [0.0], [2.0], [1.0]]),
    "rank2_row": ((4, 3), [[0.0, 1.0, 2.0]]),
    "rank2_full": ((4, 3), [[1.0, 0.0, 2.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [3.0, 0.0, 1.0]]),
    "rank2_py_zero": ((4, 3), 0.0),
    "rank3_column": ((4, 3, 2), [[[1.0]], [[0.0]], [[2.0]], [[1.0]]]),
    "rank3_middle": ((4, 3, 2), [[[1.0], [0.0], [2.0]]]),
    "rank3_py": ((4, 3, 2), 3.0),
    "rank1": ((4,), [1.0, 0.0, 2.0, 1.0]),
    "rank1_py": ((4,), 3.0),
}


@pytest.mark.parametrize("case", list(PAIRWISE_SHAPES))
def test_pairwise_shapes(case: str) -> None:
    shape, weights = PAIRWISE_SHAPES[case]
    labels, predictions = inputs(PAIRWISE, shape=shape, seed=3)
    w = weights if isinstance(weights, float) else tf.constant(weights)
    actual = value_and_grads(PAIRWISE, PAIRWISE.shim, labels, predictions, w)
    assert_all_same(actual, _oracle_graph(PAIRWISE, labels, predictions, w), case)


def test_pairwise_eager_quirk_of_tf_2_21() -> None:
    """TF 2.21's eager tf.compat.v1 counts every element of the batch for a non-zero scalar weight
    (its graph counts each example's), so its eager and graph numbers differ: the shim gives the
    graph (TF1) numbers in every mode. If TF fixes this, the first assertion tells us."""
    labels, predictions = inputs(PAIRWISE, seed=5)
    eager = v1.losses.mean_pairwise_squared_error(labels, predictions, 2.0)
    graph = _oracle_graph(PAIRWISE, labels, predictions, 2.0)[0]
    assert float(eager) != pytest.approx(float(graph))
    assert_same(T.mean_pairwise_squared_error(labels, predictions, 2.0), graph)
    # By hand: the mean over pairs of (d_i - d_j)**2 within each example, summed over examples.
    d = (predictions - labels).numpy().astype(np.float64)
    pairs = [
        np.mean([(row[i] - row[j]) ** 2 for i in range(3) for j in range(i + 1, 3)]) for row in d
    ]
    assert float(graph) == pytest.approx(2.0 * float(np.sum(pairs)), rel=1e-5)


# --- What TF1 does to the labels' gradient, function by function ---------------------------
# softmax_cross_entropy wraps the labels in stop_gradient; every other loss lets the gradient
# flow into them (sparse softmax has integer labels). The table is checked against TF1 itself.

LABEL_GRADIENT = {
    "softmax_cross_entropy": False,
    "absolute_difference": True,
    "mean_squared_error": True,
    "huber_loss": True,
    "log_loss": True,
    "hinge_loss": True,
    "cosine_distance": True,
    "sigmoid_cross_entropy": True,
    "mean_pairwise_squared_error": True,
}


@pytest.mark.parametrize("name", list(LABEL_GRADIENT))
def test_label_gradient_policy(name: str) -> None:
    """In a graph (TF1's own mode, and where pairwise's eager quirk does not apply)."""
    family = TF1_BY_NAME.get(name) or TF1_BY_NAME["sigmoid_cross_entropy"]
    labels, predictions = inputs(family, seed=7)
    if name == "softmax_cross_entropy":
        labels = tf.nn.softmax(labels)
    kwargs = family.kwargs if name in TF1_BY_NAME else {}
    results = []
    for fn in (getattr(T, name), getattr(v1.losses, name)):

        def gradient(y: tf.Tensor, fn: Any = fn) -> Any:
            with tf.GradientTape() as tape:
                tape.watch(y)
                loss = fn(y, predictions, **kwargs)
            return tape.gradient(loss, y)

        results.append(tf.function(gradient, autograph=False)(labels))
    for result in results:
        assert (result is not None) is LABEL_GRADIENT[name], name
    assert_same(results[0], results[1], name)


@pytest.mark.parametrize("family", REDUCED, ids=lambda f: f.name)
def test_integer_and_list_inputs(family: Family) -> None:
    """Python lists and integer labels convert (and cast) as in TF1; no gradient into integers."""
    labels, predictions = inputs(family, seed=9)
    as_list = predictions.numpy().tolist()
    int_labels = tf.cast(tf.round(tf.abs(labels)), tf.int32)
    for y in (labels.numpy().tolist(), int_labels):
        p: Any = as_list
        if family.keeps_dtype and isinstance(y, tf.Tensor):
            p = predictions  # sigmoid: labels are cast to the logits' dtype
        assert_same(family.call(family.shim, y, p), family.call(family.oracle, y, p))


# --- Errors: TF1's types, with messages that name the argument -------------------------------


def _raises_like_oracle(family: Family, match: str, *args: Any, **kw: Any) -> None:
    with pytest.raises(Exception) as oracle:
        family.call(family.oracle, *args, **kw)
    with pytest.raises(type(oracle.value), match=match):
        family.call(family.shim, *args, **kw)


@pytest.mark.parametrize("family", TF1, ids=lambda f: f.name)
def test_errors(family: Family) -> None:
    labels, predictions = inputs(family)
    second = "logits" if family.name in ("hinge_loss", "sigmoid_cross_entropy") else "predictions"
    first = "multi_class_labels" if family.name == "sigmoid_cross_entropy" else "labels"
    _raises_like_oracle(family, rf"`{first}`.*Received: {first}=None", None, predictions)
    _raises_like_oracle(family, rf"`{second}`.*Received: {second}=None", labels, None)
    _raises_like_oracle(
        family, "`weights`.*Received: weights=None", labels, predictions, weights=None
    )
    bad = tf.ones([family.loss_shape()[0] + 1, 1] + [1] * (len(family.loss_shape()) - 2))
    _raises_like_oracle(
        family, "`weights`: weights can not be broadcast", labels, predictions, weights=bad
    )
    _raises_like_oracle(family, r"Shapes .* are incompatible", labels[:2], predictions)
    if family.reduction:
        _raises_like_oracle(
            family, "Received: reduction='mean'", labels, predictions, reduction="mean"
        )


def test_more_errors() -> None:
    y, x = tf.constant([[1.0, 0.0]]), tf.constant([[0.5, -1.0]])
    for lib in (v1.losses, T):  # integer logits: TypeError in a graph, InvalidArgumentError eagerly
        with pytest.raises(tf.errors.InvalidArgumentError):
            lib.sigmoid_cross_entropy([[1, 0]], [[1, 2]])
        with tf.Graph().as_default(), pytest.raises(TypeError):
            lib.sigmoid_cross_entropy([[1, 0]], tf.constant([[1, 2]]))
        with pytest.raises(tf.errors.InvalidArgumentError):  # a float64 delta meets float32
            lib.huber_loss(y, x, delta=tf.constant(1.0, tf.float64))
        with pytest.raises(ValueError, match=r"(?i)cannot specify both 'dim' and 'axis'"):
            lib.cosine_distance(y, x, axis=1, dim=1)
        with pytest.raises(ValueError, match=r"(?i)must specify argument `axis`"):
            lib.cosine_distance(y, x)
    with pytest.raises(TypeError, match=r"`logits`.*Received: logits.dtype=int32"):
        T.sigmoid_cross_entropy([[1, 0]], [[1, 2]])
    assert_same(T.cosine_distance(y, x, dim=1), v1.losses.cosine_distance(y, x, dim=1))


def test_variable_inputs_and_weights() -> None:
    """A tf.Variable as weights: TF 2.21's eager tf.compat.v1 crashes on it for the default
    reduction (it calls weights._rank()); the shim computes the loss, equal to TF1's on the
    variable's value."""
    family = TF1_BY_NAME["mean_squared_error"]
    labels, predictions = inputs(family, seed=13)
    var_p = tf.Variable(predictions)
    var_w = tf.Variable(weights_for("per_element", family.loss_shape()))
    with pytest.raises(AttributeError):
        v1.losses.mean_squared_error(labels, var_p, var_w)
    with tf.GradientTape() as tape:
        loss = T.mean_squared_error(labels, var_p, var_w)
    grads = tape.gradient(loss, [var_p, var_w])
    with tf.GradientTape() as tape:
        expected = v1.losses.mean_squared_error(labels, var_p, tf.identity(var_w))
    for a, e in zip(
        [loss, *grads], [expected, *tape.gradient(expected, [var_p, var_w])], strict=True
    ):
        assert_same(a, e)
