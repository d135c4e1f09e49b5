"""``tfcompat_losses.contrib`` with TF1's per-replica denominators under ``tf.distribute``."""

from __future__ import annotations

from tfcompat_losses import contrib as _contrib
from tfcompat_losses.per_replica._wrap import per_replica

__all__ = [
    "absolute_difference",
    "compute_weighted_loss",
    "cosine_distance",
    "log_loss",
    "mean_pairwise_squared_error",
    "mean_squared_error",
    "sigmoid_cross_entropy",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
]

absolute_difference = per_replica(_contrib.absolute_difference)
compute_weighted_loss = per_replica(_contrib.compute_weighted_loss)
cosine_distance = per_replica(_contrib.cosine_distance)
log_loss = per_replica(_contrib.log_loss)
mean_pairwise_squared_error = per_replica(_contrib.mean_pairwise_squared_error)
mean_squared_error = per_replica(_contrib.mean_squared_error)
sigmoid_cross_entropy = per_replica(_contrib.sigmoid_cross_entropy)
softmax_cross_entropy = per_replica(_contrib.softmax_cross_entropy)
sparse_softmax_cross_entropy = per_replica(_contrib.sparse_softmax_cross_entropy)
