"""``absolute_difference``, ``mean_squared_error`` and ``huber_loss`` with TF1's exact semantics.

Drop-in replacements for their ``tf.compat.v1.losses`` namesakes: same signatures and defaults,
numbers (bit for bit), float32 results, exception types, graph collections and name scopes.
Predictions and labels are cast to float32 first, as TF1 does, and the gradient flows into both.
Unlike Keras' ``MeanAbsoluteError`` / ``MeanSquaredError`` / ``Huber``, nothing is averaged over the
last axis before the reduction, and TF1's default reduction divides by the count of non-zero
weights (Keras' ``"sum_over_batch_size"``: by the batch size).
``mean_pairwise_squared_error`` has its own module (:mod:`tfcompat_losses.pairwise`).
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._common import require
from tfcompat_losses._pointwise import pointwise_loss
from tfcompat_losses.collections import LOSSES
from tfcompat_losses.reduction import Reduction

__all__ = ["absolute_difference", "huber_loss", "mean_squared_error"]

_DEFAULT = Reduction.SUM_BY_NONZERO_WEIGHTS


def absolute_formula(p: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
    return tf.abs(tf.subtract(p, y))


def squared_formula(p: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
    if tf.executing_eagerly():
        return tf.raw_ops.SquaredDifference(x=p, y=y)
    return tf.math.squared_difference(p, y)


@tf.autograph.experimental.do_not_convert
def absolute_difference(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = _DEFAULT,
) -> tf.Tensor:
    """``|predictions - labels|``, exactly as ``tf.compat.v1.losses.absolute_difference``.

    Args:
        labels: The ground truth, the shape of ``predictions``; cast to float32.
        predictions: The predicted values; cast to float32.
        weights: Python number, or tensor broadcastable to the predictions by TF1's rule.
        scope: Name scope of the ops (graph mode; default ``absolute_difference``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        float32 loss: the predictions' shape with ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: ``labels`` or ``predictions`` is None, their shapes are incompatible,
            ``weights`` is not broadcastable, or ``reduction`` is unknown.

    Unlike Keras' ``MeanAbsoluteError``: no mean over the last axis, TF1's reductions and float32.

    >>> float(absolute_difference([1.0, 2.0, 3.0], [2.0, 2.0, 5.0], weights=[1.0, 1.0, 0.0]))
    0.5
    """
    require(labels=labels, predictions=predictions)
    return pointwise_loss(
        absolute_formula,
        "absolute_difference",
        labels,
        predictions,
        weights,
        scope,
        loss_collection,
        reduction,
    )


@tf.autograph.experimental.do_not_convert
def mean_squared_error(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = _DEFAULT,
) -> tf.Tensor:
    """``(predictions - labels)**2``, exactly as ``tf.compat.v1.losses.mean_squared_error``.

    Args:
        labels: The ground truth, the shape of ``predictions``; cast to float32.
        predictions: The predicted values; cast to float32.
        weights: Python number, or tensor broadcastable to the predictions by TF1's rule.
        scope: Name scope of the ops (graph mode; default ``mean_squared_error``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        float32 loss: the predictions' shape with ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: ``labels`` or ``predictions`` is None, their shapes are incompatible,
            ``weights`` is not broadcastable, or ``reduction`` is unknown.

    Unlike Keras' ``MeanSquaredError``: no mean over the last axis, and TF1's default reduction
    divides by the count of non-zero weights (zero-weighted examples do not count).

    >>> float(mean_squared_error([1.0, 2.0, 3.0], [1.0, 3.0, 5.0], weights=[0.0, 1.0, 0.25]))
    1.0
    """
    require(labels=labels, predictions=predictions)
    return pointwise_loss(
        squared_formula,
        "mean_squared_error",
        labels,
        predictions,
        weights,
        scope,
        loss_collection,
        reduction,
    )


@tf.autograph.experimental.do_not_convert
def huber_loss(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    delta: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = _DEFAULT,
) -> tf.Tensor:
    """Huber loss, exactly as ``tf.compat.v1.losses.huber_loss``.

    For each ``x = predictions - labels``: ``0.5 * x**2`` if ``|x| <= delta``, else
    ``0.5 * delta**2 + delta * (|x| - delta)``, computed as TF1 does (``quadratic =
    min(|x|, delta)``, ``0.5 * quadratic**2 + delta * (|x| - quadratic)``).

    Args:
        labels: The ground truth, the shape of ``predictions``; cast to float32.
        predictions: The predicted values; cast to float32.
        weights: Python number, or tensor broadcastable to the predictions by TF1's rule.
        delta: Where the loss changes from quadratic to linear (a float32-compatible number).
        scope: Name scope of the ops (graph mode; default ``huber_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        float32 loss: the predictions' shape with ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: ``labels`` or ``predictions`` is None, their shapes are incompatible,
            ``weights`` is not broadcastable, or ``reduction`` is unknown.

    Unlike Keras' ``Huber(delta)``: no mean over the last axis, and TF1's reductions.

    >>> float(huber_loss([0.0, 0.0], [0.5, 3.0], reduction="weighted_sum"))  # 0.125 + 2.5
    2.625
    """
    require(labels=labels, predictions=predictions)

    def formula(p: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        abs_error = tf.abs(tf.subtract(p, y))
        quadratic = tf.minimum(abs_error, delta)
        linear = tf.subtract(abs_error, quadratic)
        half = tf.constant(0.5, dtype=quadratic.dtype)
        return tf.add(
            tf.multiply(half, tf.multiply(quadratic, quadratic)), tf.multiply(delta, linear)
        )

    return pointwise_loss(
        formula, "huber_loss", labels, predictions, weights, scope, loss_collection, reduction
    )
