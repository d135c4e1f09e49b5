"""``hinge_loss`` and ``log_loss`` with TF1's exact semantics.

Drop-in replacements for their ``tf.compat.v1.losses`` namesakes: same signatures and defaults,
numbers (bit for bit), float32 results, exception types, graph collections and name scopes. Inputs
are cast to float32 first, as TF1 does, and the gradient flows into the labels too.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._common import require
from tfcompat_losses._pointwise import pointwise_loss
from tfcompat_losses.collections import LOSSES
from tfcompat_losses.reduction import Reduction

__all__ = ["hinge_loss", "log_loss"]

_DEFAULT = Reduction.SUM_BY_NONZERO_WEIGHTS


def hinge_formula(logits: tf.Tensor, labels: tf.Tensor) -> tf.Tensor:
    """TF1's ``relu(1 - (2 * labels - 1) * logits)`` (labels in {0, 1} become {-1, 1})."""
    all_ones = tf.ones_like(labels)
    signs = tf.subtract(2 * labels, all_ones)
    return tf.nn.relu(tf.subtract(all_ones, tf.multiply(signs, logits)))


def log_loss_formula(epsilon: Any) -> Any:
    """TF1's ``-y log(p + eps) - (1 - y) log(1 - p + eps)``, with its operation order."""

    def formula(p: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        return -tf.multiply(y, tf.math.log(p + epsilon)) - tf.multiply(
            1 - y, tf.math.log(1 - p + epsilon)
        )

    return formula


@tf.autograph.experimental.do_not_convert
def hinge_loss(
    labels: Any,
    logits: Any,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = _DEFAULT,
) -> tf.Tensor:
    """Hinge loss, exactly as ``tf.compat.v1.losses.hinge_loss``.

    Labels in {0, 1} are mapped to {-1, 1}; the loss is ``max(0, 1 - label * logit)``.

    Args:
        labels: Labels in {0, 1}, the shape of ``logits``; cast to float32.
        logits: Unbounded, 0-centred scores; cast to float32.
        weights: Python number, or tensor broadcastable to the logits by TF1's rule.
        scope: Name scope of the ops (graph mode; default ``hinge_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        float32 loss: the logits' shape with ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: ``labels`` or ``logits`` is None, their shapes are incompatible, ``weights``
            is not broadcastable, or ``reduction`` is unknown.

    Unlike Keras' ``Hinge``: labels must be in {0, 1} (Keras also accepts {-1, 1} as is), no mean
    over the last axis, TF1's reductions, and a gradient into the labels.

    >>> float(hinge_loss([1.0, 0.0], [0.5, -2.0]))  # (0.5 + 0) / 2
    0.25
    """
    require(labels=labels, logits=logits)
    return pointwise_loss(
        hinge_formula,
        "hinge_loss",
        labels,
        logits,
        weights,
        scope,
        loss_collection,
        reduction,
        predictions_name="logits",
    )


@tf.autograph.experimental.do_not_convert
def log_loss(
    labels: Any,
    predictions: Any,
    weights: Any = 1.0,
    epsilon: Any = 1e-7,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = _DEFAULT,
) -> tf.Tensor:
    """Log loss, exactly as ``tf.compat.v1.losses.log_loss``.

    ``-labels * log(predictions + epsilon) - (1 - labels) * log(1 - predictions + epsilon)``.

    Args:
        labels: The ground truth in [0, 1], the shape of ``predictions``; cast to float32.
        predictions: Probabilities in [0, 1]; cast to float32.
        weights: Python number, or tensor broadcastable to the predictions by TF1's rule.
        epsilon: Added inside both logarithms (never a clip).
        scope: Name scope of the ops (graph mode; default ``log_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        float32 loss: the predictions' shape with ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: ``labels`` or ``predictions`` is None, their shapes are incompatible,
            ``weights`` is not broadcastable, or ``reduction`` is unknown.

    Unlike Keras' ``BinaryCrossentropy``: epsilon is added inside the logarithms where Keras clips
    the probabilities, no mean over the last axis, and TF1's reductions.

    >>> round(float(log_loss([1.0], [0.5])), 4)  # -log(0.5 + 1e-7)
    0.6931
    """
    require(labels=labels, predictions=predictions)
    return pointwise_loss(
        log_loss_formula(epsilon),
        "log_loss",
        labels,
        predictions,
        weights,
        scope,
        loss_collection,
        reduction,
    )
