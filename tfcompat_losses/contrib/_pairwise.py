"""contrib's ``mean_pairwise_squared_error``: its own denominators, unlike TF1's (private).

contrib divides the per-example sums by ``n`` and ``n**2`` (TF1's ``tf.losses`` version by
``n - 1`` and ``n * (n - 1)``), counts ``n`` with its own ``_num_present`` (scalar weights count
every element of an example, weights of rank K count their non-zero entries times the elements
each covers) and scales with ``_scale_losses`` without squeezing the weights. Nothing is divided
across examples, so under ``tf.distribute`` the per-replica losses add up to the single-device loss.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses import _ops
from tfcompat_losses import collections as _collections
from tfcompat_losses._common import check_compatible, in_scope, require, to_float32
from tfcompat_losses.contrib._legacy import accepts_old_names
from tfcompat_losses.contrib._xent import check_weights_given
from tfcompat_losses.weighting import contrib_scaled_sum

__all__ = ["mean_pairwise_squared_error"]

_F32 = _ops.F32


def _present_per_example(diffs: tf.Tensor, w: tf.Tensor) -> tf.Tensor:
    """contrib's ``_num_present(diffs, weights, per_batch=True)``: a ``[batch_size]`` vector."""
    shape = tf.shape(diffs)
    if w.shape.rank == 0:
        batch = tf.cast(shape[0], _F32)
        per_example = tf.cast(tf.size(diffs), _F32) / batch
        per_example = tf.where(tf.equal(w, 0.0), 0.0, per_example)
        return tf.ones(shape[:1]) * per_example
    nonzero = tf.reduce_sum(tf.cast(tf.not_equal(w, 0.0), _F32), axis=list(range(1, w.shape.rank)))
    return nonzero * tf.cast(tf.reduce_prod(shape[w.shape.rank :]), _F32)


@accepts_old_names(weight="weights", targets="labels")
@tf.autograph.experimental.do_not_convert
def mean_pairwise_squared_error(
    predictions: Any, labels: Any = None, weights: Any = 1.0, scope: str | None = None
) -> tf.Tensor:
    """``tf.contrib.losses.mean_pairwise_squared_error`` (TF 1.x), predictions first.

    For each example, with ``d = predictions - labels``: ``2 * sum(d**2) / n - 2 * sum(d)**2 /
    n**2`` (safe divisions), scaled by the weights and summed over the batch.

    Args:
        predictions: ``[batch_size, d0, ... dN]`` predictions; cast to float32.
        labels: The ground truth, the shape of ``predictions``; cast to float32.
        weights: Scalar, ``[batch_size]`` or ``[batch_size, d0, ... dK]`` coefficients.
        scope: Name scope (graph mode; default ``mean_pairwise_squared_error``).
        weight, targets: (keywords) The names of ``weights`` and ``labels`` before TF 1.0.

    Returns:
        A float32 scalar (0 when no element is present), added to ``GraphKeys.LOSSES``.

    Raises:
        ValueError: An argument is None, the shapes are incompatible, or a rank is unknown.
    """
    require(predictions=predictions, labels=labels)
    check_weights_given(weights)

    def body(name: str) -> tf.Tensor:
        p, y = to_float32(predictions), to_float32(labels)
        check_compatible(y, p, "labels", "predictions")
        w = to_float32(weights)
        diffs = tf.subtract(p, y)
        if diffs.shape.rank is None or w.shape.rank is None:
            raise ValueError(
                "Invalid value for argument `predictions`. Expected tensors of known rank (the "
                f"predictions' and the weights'). Received: predictions.shape={diffs.shape}, "
                f"weights.shape={w.shape}"
            )
        axis = list(range(1, diffs.shape.rank))
        n = _present_per_example(diffs, w)
        term1 = 2.0 * tf.math.divide_no_nan(
            tf.reduce_sum(tf.square(diffs), axis=axis), n, name="value"
        )
        term2 = 2.0 * tf.math.divide_no_nan(
            tf.square(tf.reduce_sum(diffs, axis=axis)), tf.square(n), name="value"
        )
        eager = tf.executing_eagerly()
        loss = contrib_scaled_sum(term1 - term2, w, w.shape.rank, False, eager)
        loss = tf.raw_ops.Select(
            condition=tf.reduce_sum(n) > 0, x=loss, y=tf.zeros_like(loss), name="value"
        )
        _collections.record(loss, _collections.LOSSES, name)
        return loss

    return in_scope(scope, "mean_pairwise_squared_error", (predictions, labels, weights), body)
