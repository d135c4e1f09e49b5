"""The losses with TF1's per-replica denominators under ``tf.distribute``, whatever the mode.

``tfcompat_losses.softmax_cross_entropy`` and friends divide by the *global* denominator inside
a multi-replica replica context (see :mod:`tfcompat_losses.distribute`): a better number than
TF1's, but a different one. The functions here are the same functions, each computed in
``denominator_mode("per_replica")``: each replica divides by its own denominator, exactly as
TF1 did. ``tfcompat-migrate`` routes calls it finds under a strategy here (unless asked for
``--denominator global``), so a migrated program keeps its numbers. Outside a multi-replica
replica context both are the same.

>>> import tfcompat_losses.per_replica  # doctest: +SKIP
>>> loss = tfcompat_losses.per_replica.softmax_cross_entropy(onehot, logits, weights=w)  # doctest: +SKIP
"""

from __future__ import annotations

from tfcompat_losses import classification, cosine, pairwise, regression, sigmoid, softmax
from tfcompat_losses import weighting as _weighting
from tfcompat_losses.per_replica import contrib
from tfcompat_losses.per_replica._wrap import per_replica

__all__ = [
    "absolute_difference",
    "compute_weighted_loss",
    "contrib",
    "cosine_distance",
    "hinge_loss",
    "huber_loss",
    "log_loss",
    "mean_pairwise_squared_error",
    "mean_squared_error",
    "per_replica",
    "sigmoid_cross_entropy",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
]

absolute_difference = per_replica(regression.absolute_difference)
compute_weighted_loss = per_replica(_weighting.compute_weighted_loss)
cosine_distance = per_replica(cosine.cosine_distance)
hinge_loss = per_replica(classification.hinge_loss)
huber_loss = per_replica(regression.huber_loss)
log_loss = per_replica(classification.log_loss)
mean_pairwise_squared_error = per_replica(pairwise.mean_pairwise_squared_error)
mean_squared_error = per_replica(regression.mean_squared_error)
sigmoid_cross_entropy = per_replica(sigmoid.sigmoid_cross_entropy)
softmax_cross_entropy = per_replica(softmax.softmax_cross_entropy)
sparse_softmax_cross_entropy = per_replica(softmax.sparse_softmax_cross_entropy)
