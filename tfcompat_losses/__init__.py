"""Exact TF1 losses on public TF2 ops: every public name of ``tf.compat.v1.losses``.

Drop-in replacements for ``tf.compat.v1.losses.softmax_cross_entropy``, ``mean_squared_error``,
``sigmoid_cross_entropy`` and the rest: same signatures, defaults, numbers, gradients, errors and
loss collections, eagerly, in ``tf.function``, under XLA, in a TF1 graph and under
``tf.distribute``. ``tfcompat_losses.contrib`` has the removed ``tf.contrib.losses`` functions
(predictions or logits first) and ``tfcompat_losses.nn`` TF1's ``tf.nn`` cross-entropies.

Modules, one per loss family, all funnelling into :mod:`tfcompat_losses.weighting`: ``softmax``,
``sigmoid``, ``regression`` (absolute, squared, Huber), ``pairwise``, ``classification`` (hinge,
log loss), ``cosine``; then ``reduction``, ``collections``, ``distribute``, ``contrib`` and ``nn``.
"""

from __future__ import annotations

try:
    import tensorflow as _tf  # noqa: F401
except ImportError as _error:  # pragma: no cover - exercised in a venv without TensorFlow
    raise ImportError(
        "tfcompat_losses needs TensorFlow (2.12 or newer), which is not installed. Install it "
        "with the extra that fits your machine: `pip install 'tfcompat-losses[tensorflow]'` or "
        "`pip install 'tfcompat-losses[tensorflow-cpu]'` (or keep the tensorflow / tf-nightly you "
        f"already have). Original error: {_error}"
    ) from _error

from tfcompat_losses import contrib, distribute, nn
from tfcompat_losses.classification import hinge_loss, log_loss
from tfcompat_losses.collections import (
    LOSSES,
    LossCollector,
    add_loss,
    collect_losses,
    get_losses,
    get_regularization_loss,
    get_regularization_losses,
    get_total_loss,
)
from tfcompat_losses.cosine import cosine_distance
from tfcompat_losses.pairwise import mean_pairwise_squared_error
from tfcompat_losses.reduction import Reduction
from tfcompat_losses.regression import absolute_difference, huber_loss, mean_squared_error
from tfcompat_losses.sigmoid import sigmoid_cross_entropy
from tfcompat_losses.softmax import softmax_cross_entropy, sparse_softmax_cross_entropy
from tfcompat_losses.weighting import compute_weighted_loss

__all__ = [
    "LOSSES",
    "LossCollector",
    "Reduction",
    "absolute_difference",
    "add_loss",
    "collect_losses",
    "compute_weighted_loss",
    "contrib",
    "cosine_distance",
    "distribute",
    "get_losses",
    "get_regularization_loss",
    "get_regularization_losses",
    "get_total_loss",
    "hinge_loss",
    "huber_loss",
    "log_loss",
    "mean_pairwise_squared_error",
    "mean_squared_error",
    "nn",
    "sigmoid_cross_entropy",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
]
