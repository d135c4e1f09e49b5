"""``cosine_distance`` with TF1's exact semantics.

Drop-in replacement for ``tf.compat.v1.losses.cosine_distance``: ``1 - sum(predictions * labels)``
along ``axis`` (kept as a dimension of 1), on float32 inputs that are assumed to be unit-normalised
already (nothing is normalised, as in TF1). Unlike Keras' ``CosineSimilarity``, which is minus the
cosine of normalised inputs and averages over the batch, this is one minus the dot product, reduced
by TF1's reductions.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses._common import require
from tfcompat_losses._pointwise import pointwise_loss
from tfcompat_losses.collections import LOSSES
from tfcompat_losses.reduction import Reduction

__all__ = ["cosine_distance"]


def resolve_axis(axis: Any, dim: Any) -> Any:
    """TF1's ``deprecated_argument_lookup("axis", axis, "dim", dim)`` and its ``None`` check."""
    if axis is not None and dim is not None:
        raise ValueError(
            "Invalid value for argument `axis`: Cannot specify both 'dim' and 'axis' (`dim` is the "
            f"deprecated name of `axis`). Received: axis={axis!r}, dim={dim!r}"
        )
    chosen = axis if axis is not None else dim
    if chosen is None:
        raise ValueError(
            "Invalid value for argument `axis`. Expected the dimension along which the cosine "
            "distance is computed (you must specify argument `axis`). Received: axis=None"
        )
    return chosen


@tf.autograph.experimental.do_not_convert
def cosine_distance(
    labels: Any,
    predictions: Any,
    axis: Any = None,
    weights: Any = 1.0,
    scope: str | None = None,
    loss_collection: str | None = LOSSES,
    reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS,
    dim: Any = None,
) -> tf.Tensor:
    """Cosine distance, exactly as ``tf.compat.v1.losses.cosine_distance``.

    Args:
        labels: Unit-normalised ground truth, the shape of ``predictions``; cast to float32.
        predictions: Unit-normalised predictions; cast to float32.
        axis: The dimension along which the distance is computed (required).
        weights: Python number, or tensor broadcastable to the per-example losses (the inputs'
            shape with ``axis`` reduced to 1) by TF1's rule.
        scope: Name scope of the ops (graph mode; default ``cosine_distance_loss``).
        loss_collection: Collection the loss is added to (see ``compute_weighted_loss``).
        reduction: A :class:`Reduction` key; TF1's default divides by the non-zero weight count.
        dim: The deprecated name of ``axis``.

    Returns:
        float32 loss: the inputs' shape with ``axis`` of size 1 with ``Reduction.NONE``, else a
        scalar.

    Raises:
        ValueError: ``axis`` (and ``dim``) is None or both are given, ``labels`` or
            ``predictions`` is None, their shapes are incompatible, ``weights`` is not
            broadcastable, or ``reduction`` is unknown.

    >>> loss = cosine_distance([[0.0, 1.0], [1.0, 0.0]], [[0.0, 1.0], [0.6, 0.8]], axis=1)
    >>> round(float(loss), 4)  # (0 + 0.4) / 2
    0.2
    """
    axis = resolve_axis(axis, dim)
    require(labels=labels, predictions=predictions)

    def formula(p: tf.Tensor, y: tf.Tensor) -> tf.Tensor:
        return 1 - tf.reduce_sum(tf.multiply(p, y), axis=(axis,), keepdims=True)

    return pointwise_loss(
        formula,
        "cosine_distance_loss",
        labels,
        predictions,
        weights,
        scope,
        loss_collection,
        reduction,
    )
