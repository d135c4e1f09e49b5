"""``mean_pairwise_squared_error`` with TF1's exact semantics and its own denominators.

Drop-in replacement for ``tf.compat.v1.losses.mean_pairwise_squared_error``. For each example, with
``d = predictions - labels`` over its ``n`` present elements (non-zero broadcast weights), the loss
is the mean over the ``n * (n - 1) / 2`` pairs of ``(d_i - d_j)**2``, computed as TF1 does::

    2 * sum(d**2) / (n - 1)  -  2 * sum(d)**2 / (n * (n - 1))

(each division safe: 0 when its denominator is 0). The per-example losses are scaled by the weights
and **summed** over the batch (TF1 divides by nothing across examples; there is no ``reduction``
argument), through :func:`tfcompat_losses.weighting.weighted_loss` with ``Reduction.SUM``.

TF1 counts ``n`` per example in a graph. TF 2.21's ``tf.compat.v1`` executing eagerly with a
non-zero scalar weight counts every element of the batch instead (a shortcut meant for whole-batch
counts), so its eager numbers differ from its graph numbers; the shim gives the graph (TF1) numbers
in every mode. Under ``tf.distribute`` no denominator spans examples: the per-replica losses add up
to the single-device loss in both denominator modes, with no all-reduce.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses import _ops
from tfcompat_losses import collections as _collections
from tfcompat_losses._broadcast import check_weights
from tfcompat_losses._common import check_compatible, in_scope, none_error, require, to_float32
from tfcompat_losses.reduction import Reduction
from tfcompat_losses.weighting import weighted_loss

__all__ = ["mean_pairwise_squared_error"]

_F32 = _ops.F32


def example_axes(x: tf.Tensor) -> Any:
    """Every axis but the batch axis: a list when the rank is known, else a tensor (as TF1)."""
    if x.shape.rank is not None:
        return list(range(1, x.shape.rank))
    return tf.range(1, tf.rank(x))


def _present_per_example(diffs: tf.Tensor, w: tf.Tensor) -> tf.Tensor:
    """TF1's ``_num_present(diffs, weights, per_batch=True)`` in graph mode: exact 0/1 sums."""
    present = tf.where(tf.equal(w, 0.0), tf.zeros_like(w), tf.ones_like(w))
    if not (diffs.shape.is_fully_defined() and present.shape == diffs.shape):
        present = tf.broadcast_to(present, _ops.shape_of(diffs))
    return tf.reduce_sum(present, axis=example_axes(present), keepdims=True)


@tf.autograph.experimental.do_not_convert
def mean_pairwise_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = _collections.LOSSES,
) -> tf.Tensor:
    """Mean pairwise squared error, exactly as ``tf.compat.v1.losses.mean_pairwise_squared_error``.

    Pairs are drawn within each example (over every dimension but the first), never across
    examples; the per-example losses are weighted and summed over the batch.

    Args:
        labels: The ground truth, the shape of ``predictions``; cast to float32.
        predictions: ``[batch_size, d0, ... dN]`` predictions; cast to float32.
        weights: Python number, or tensor broadcastable to the labels by TF1's rule (e.g.
            ``[batch_size, 1, ...]`` or the labels' shape); zero weights remove elements from
            the pairs.
        scope: Name scope of the ops (graph mode; default ``mean_pairwise_squared_error``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).

    Returns:
        A float32 scalar: the sum over examples of their weighted pairwise loss (0 when no
        element is present).

    Raises:
        ValueError: ``labels`` or ``predictions`` is None, their shapes are incompatible, or
            ``weights`` is not broadcastable to the labels.

    Keras has no counterpart.

    >>> float(mean_pairwise_squared_error([[0.0, 0.0, 0.0]], [[1.0, 2.0, 3.0]]))  # (1+4+1) / 3
    2.0
    """
    require(labels=labels, predictions=predictions)
    if weights is None:
        raise none_error("weights", "a number or a tensor broadcastable to the labels")

    def body(name: str) -> tf.Tensor:
        eager = tf.executing_eagerly()
        python_weight = type(weights) is float or type(weights) is int
        y = to_float32(labels)
        w = _ops.scalar(float(weights), eager) if python_weight else to_float32(weights)
        if not python_weight:
            w = check_weights(w, y, eager)  # against the labels, as TF1
        p = to_float32(predictions)
        check_compatible(y, p, "labels", "predictions")
        diffs = tf.subtract(p, y)
        axes = example_axes(diffs)
        sum_squares = tf.reduce_sum(tf.square(diffs), axis=axes, keepdims=True)
        n = _present_per_example(diffs, w)
        term1 = 2.0 * tf.math.divide_no_nan(sum_squares, tf.maximum(n - 1, 0), name="value")
        sum_diff = tf.reduce_sum(diffs, axis=axes, keepdims=True)
        term2 = 2.0 * tf.math.divide_no_nan(
            tf.square(sum_diff), tf.maximum(tf.multiply(n, n - 1), 0), name="value"
        )
        weight: Any = float(weights) if python_weight else w
        total = weighted_loss(term1 - term2, weight, Reduction.SUM, None, name, checked=True)
        loss = tf.raw_ops.Select(
            condition=tf.reduce_sum(n) > 0, x=total, y=tf.zeros_like(total), name="value"
        )
        if loss_collection:
            _collections.record(loss, loss_collection, name)
        return loss

    return in_scope(scope, "mean_pairwise_squared_error", (predictions, labels, weights), body)
