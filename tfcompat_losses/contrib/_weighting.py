"""contrib's ``compute_weighted_loss`` and ``get_total_loss`` (private).

The loss collection functions contrib shared with ``tf.losses`` (``add_loss``, ``get_losses``,
``get_regularization_losses``) are :mod:`tfcompat_losses.collections`' own.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from tfcompat_losses import collections as _collections
from tfcompat_losses._common import in_scope, require
from tfcompat_losses.contrib._legacy import accepts_old_names
from tfcompat_losses.contrib._xent import check_weights_given
from tfcompat_losses.weighting import contrib_weighted_mean

__all__ = ["compute_weighted_loss", "get_total_loss"]


@accepts_old_names(weight="weights")
@tf.autograph.experimental.do_not_convert
def compute_weighted_loss(losses: Any, weights: Any = 1.0, scope: str | None = None) -> tf.Tensor:
    """``tf.contrib.losses.compute_weighted_loss`` (TF 1.x): the mean over the non-zero weights.

    Args:
        losses: ``[batch_size, d1, ... dN]`` losses of known rank.
        weights: Scalar, ``[batch_size]`` or ``[batch_size, d1, ... dK]`` (K < N) coefficients; a
            trailing dimension of 1 is squeezed. The losses are summed down to the weights' rank,
            scaled, summed, and divided by the count of non-zero weights times the elements each
            covers (0 when there is none).
        scope: Name scope (graph mode; default ``weighted_loss``).
        weight: (keyword) The name of ``weights`` before TF 1.0.

    Returns:
        A scalar of the losses' dtype (computed in float32), added to ``GraphKeys.LOSSES``.

    Raises:
        ValueError: ``losses`` or ``weights`` is None, a rank is unknown, or the weights do not
            fit the losses.

    Unlike ``tfcompat_losses.compute_weighted_loss`` (``tf.compat.v1``) there is no reduction
    argument, and weights scale the per-example sums before the division.
    """
    require(losses=losses)
    check_weights_given(weights)
    return in_scope(
        scope, "weighted_loss", (losses, weights), lambda _: contrib_weighted_mean(losses, weights)
    )


@tf.autograph.experimental.do_not_convert
def get_total_loss(add_regularization_losses: bool = True, name: str = "total_loss") -> tf.Tensor:
    """``tf.contrib.losses.get_total_loss`` (TF 1.x): the losses plus the regularization losses.

    Same as :func:`tfcompat_losses.get_total_loss` without a scope (contrib had none).
    """
    return _collections.get_total_loss(add_regularization_losses, name)
