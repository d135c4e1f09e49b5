"""The common shape of TF1's element-wise losses on float32 inputs (private).

``absolute_difference``, ``mean_squared_error``, ``huber_loss``, ``log_loss``, ``hinge_loss`` and
``cosine_distance`` all do the same around their formula: open the name scope, cast predictions
(or logits) and labels to float32 (so the result is float32 whatever the inputs' dtype, as in
TF1), check that their static shapes are compatible, compute the element-wise losses and funnel
them into :func:`tfcompat_losses.weighting.weighted_loss`. Nothing stops the gradient: TF1 lets it
flow into the labels as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tensorflow as tf

from tfcompat_losses._common import check_compatible, in_scope, to_float32
from tfcompat_losses.reduction import Reduction
from tfcompat_losses.weighting import weighted_loss

__all__ = ["pointwise_loss"]

Formula = Callable[[tf.Tensor, tf.Tensor], tf.Tensor]


def pointwise_loss(
    formula: Formula,
    default_scope: str,
    labels: Any,
    predictions: Any,
    weights: Any,
    scope: str | None,
    loss_collection: str | None,
    reduction: str,
    predictions_name: str = "predictions",
) -> tf.Tensor:
    """``formula(predictions, labels)`` on float32 tensors, weighted and reduced as in TF1."""
    Reduction.validate(reduction)

    def body(name: str) -> tf.Tensor:
        p = to_float32(predictions)
        y = to_float32(labels)
        check_compatible(y, p, "labels", predictions_name)
        return weighted_loss(formula(p, y), weights, reduction, loss_collection, name)

    return in_scope(scope, default_scope, (predictions, labels, weights), body)
