"""The removed ``tf.contrib.losses`` (TF 1.x), with contrib's semantics: predictions or logits first.

``tf.contrib`` is gone from TF2; ``tf_slim.losses`` keeps the same code and is this package's test
oracle. Semantics differ from ``tf.compat.v1.losses``: the argument order is ``(predictions,
labels)`` / ``(logits, labels)``, there is no ``reduction`` (always the weighted mean over the
non-zero weights, contrib's ``compute_weighted_loss``), weights of rank > 1 lose a trailing
dimension of 1, weights scale the per-example sums before the division, ``cosine_distance`` keeps
no axis, ``mean_pairwise_squared_error`` divides by ``n`` and ``n**2``, ``hinge_loss`` is unreduced,
and every reduced loss goes into ``tf.compat.v1.GraphKeys.LOSSES``. TF 0.12's keyword names
``weight`` (and ``targets`` / ``target``) are accepted too. Unlike tf_slim, eager losses are not
pushed into the global graph's collection (a leak); they go to active ``collect_losses()`` blocks.
"""

from __future__ import annotations

from tfcompat_losses.collections import add_loss, get_losses, get_regularization_losses
from tfcompat_losses.contrib._elementwise import (
    absolute_difference,
    cosine_distance,
    hinge_loss,
    log_loss,
    mean_squared_error,
)
from tfcompat_losses.contrib._pairwise import mean_pairwise_squared_error
from tfcompat_losses.contrib._weighting import compute_weighted_loss, get_total_loss
from tfcompat_losses.contrib._xent import (
    sigmoid_cross_entropy,
    softmax_cross_entropy,
    sparse_softmax_cross_entropy,
)

__all__ = [
    "absolute_difference",
    "add_loss",
    "compute_weighted_loss",
    "cosine_distance",
    "get_losses",
    "get_regularization_losses",
    "get_total_loss",
    "hinge_loss",
    "log_loss",
    "mean_pairwise_squared_error",
    "mean_squared_error",
    "sigmoid_cross_entropy",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
]
