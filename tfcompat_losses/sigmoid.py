"""``sigmoid_cross_entropy`` with TF1's exact semantics.

Drop-in replacement for ``tf.compat.v1.losses.sigmoid_cross_entropy``: same signature and defaults,
same numbers (bit for bit), exception types, graph collections and name scopes. The element-wise
loss is computed in the logits' dtype (float16 stays float16, as in TF1), reduced in float32 by
:func:`tfcompat_losses.compute_weighted_loss` and cast back.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._common import as_float_logits, check_compatible, in_scope, require
from tfcompat_losses._xent import sigmoid_xent
from tfcompat_losses.collections import LOSSES
from tfcompat_losses.reduction import Reduction
from tfcompat_losses.weighting import weighted_loss

__all__ = ["sigmoid_cross_entropy"]


def smoothed_sigmoid_loss(labels: Any, logits: Any, label_smoothing: Any) -> tf.Tensor:
    """Labels cast to the logits' dtype, smoothed towards 1/2, then TF's logistic loss.

    Shared with ``contrib``. No ``stop_gradient``: TF1 lets the gradient flow into the labels.
    """
    logits = as_float_logits(logits)
    if not (isinstance(labels, tf.Tensor) and labels.dtype == logits.dtype):
        labels = tf.cast(labels, logits.dtype)
    check_compatible(labels, logits, "multi_class_labels")
    if label_smoothing > 0:
        labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
    return sigmoid_xent(labels, logits, name="xentropy")


@tf.autograph.experimental.do_not_convert
def sigmoid_cross_entropy(
    multi_class_labels: Any,
    logits: Any,
    weights: Any = 1.0,
    label_smoothing: Any = 0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
) -> tf.Tensor:
    """Sigmoid cross-entropy, exactly as ``tf.compat.v1.losses.sigmoid_cross_entropy``.

    With ``label_smoothing > 0`` the labels become
    ``multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing``.

    Args:
        multi_class_labels: Labels in ``[0, 1]`` of the shape of ``logits``; cast to its dtype.
        logits: Floating-point logits ``[batch_size, num_classes]`` (any shape).
        weights: Python number, or tensor broadcastable to the logits by TF1's rule.
        label_smoothing: Smooth the labels towards 1/2 when greater than 0.
        scope: Name scope of the ops (graph mode; default ``sigmoid_cross_entropy_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.

    Returns:
        Loss of the logits' dtype: the logits' shape with ``Reduction.NONE``, else a scalar.

    Raises:
        ValueError: An argument is None, the shapes of labels and logits are incompatible,
            ``weights`` is not broadcastable, or ``reduction`` is unknown.
        TypeError: ``logits`` is not floating point (also a ``tf.errors.InvalidArgumentError``,
            what TF1 raises eagerly).

    Unlike Keras' ``BinaryCrossentropy(from_logits=True)``: no mean over the last axis, TF1's
    default reduction divides by the count of non-zero weights, the gradient flows into the
    labels as in TF1, and smoothing is applied in the logits' dtype.

    >>> loss = sigmoid_cross_entropy([[1.0, 0.0]], [[0.0, 0.0]], weights=[[1.0, 0.0]])
    >>> round(float(loss), 4)  # log(2), over 1 non-zero weight
    0.6931
    """
    require(multi_class_labels=multi_class_labels, logits=logits)
    Reduction.validate(reduction)

    def body(name: str) -> tf.Tensor:
        losses = smoothed_sigmoid_loss(multi_class_labels, logits, label_smoothing)
        return weighted_loss(losses, weights, reduction, loss_collection, name)

    return in_scope(
        scope, "sigmoid_cross_entropy_loss", (logits, multi_class_labels, weights), body
    )
