"""Exact TF1 softmax cross-entropy losses on public TF2 ops.

Drop-in replacements for ``tf.compat.v1.losses.softmax_cross_entropy`` and friends: same
signatures, defaults, numbers, errors and loss collections, eagerly, in ``tf.function``, under XLA,
in a TF1 graph and under ``tf.distribute``. ``tfcompat_losses.contrib`` has the removed
``tf.contrib.losses`` functions (logits first) and ``tfcompat_losses.nn`` the v1/v2
``softmax_cross_entropy_with_logits``.
"""

from __future__ import annotations

try:
    import tensorflow as _tf  # noqa: F401
except ImportError as _error:  # pragma: no cover - exercised in a venv without TensorFlow
    raise ImportError(
        "tfcompat_losses needs TensorFlow (2.16 or newer), which is not installed. Install it "
        "with the extra that fits your machine: `pip install 'tfcompat-losses[tensorflow]'` or "
        "`pip install 'tfcompat-losses[tensorflow-cpu]'` (or keep the tensorflow / tf-nightly you "
        f"already have). Original error: {_error}"
    ) from _error

from tfcompat_losses import contrib, distribute, nn
from tfcompat_losses.collections import (
    LOSSES,
    LossCollector,
    add_loss,
    collect_losses,
    get_losses,
    get_total_loss,
)
from tfcompat_losses.losses import softmax_cross_entropy, sparse_softmax_cross_entropy
from tfcompat_losses.reduction import Reduction
from tfcompat_losses.weighting import compute_weighted_loss

__all__ = [
    "LOSSES",
    "LossCollector",
    "Reduction",
    "add_loss",
    "collect_losses",
    "compute_weighted_loss",
    "contrib",
    "distribute",
    "get_losses",
    "get_total_loss",
    "nn",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
]
