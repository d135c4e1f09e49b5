"""Core TF1 losses: ``tf.compat.v1.losses.sparse_softmax_cross_entropy`` -> Keras's
``SparseCategoricalCrossentropy(from_logits=True)`` (the dense ``softmax_cross_entropy`` is in
``migrate.rules.losses``)."""

from __future__ import annotations

from migrate.engine.calls import CORE_SPARSE_SIGNATURE
from migrate.engine.symbols import CORE_SPARSE
from migrate.report.results import Action
from migrate.rules._loss import LossRule
from migrate.rules.base import Example
from migrate.rules.keras_rewrite import LossSpec

__all__ = ["SparseSoftmaxCrossEntropyRule"]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT


class SparseSoftmaxCrossEntropyRule(LossRule):
    code = "TFC102"
    name = "losses-sparse-softmax-cross-entropy"
    brief = "`tf.compat.v1.losses.sparse_softmax_cross_entropy` -> `SparseCategoricalCrossentropy(from_logits=True)` when exact, else the shim."
    summary = (
        "`tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, logits, ...)` becomes "
        "`tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ...)(labels, logits, "
        "...)` under the same preconditions as TFC101 (integer labels carry no gradient, so "
        "they are not wrapped); otherwise `tfcompat_losses.sparse_softmax_cross_entropy`."
    )
    targets = CORE_SPARSE
    shim_target = "sparse_softmax_cross_entropy"
    signature = CORE_SPARSE_SIGNATURE
    spec = LossSpec("SparseCategoricalCrossentropy", "labels", sparse=True, contrib=False)

    EXAMPLES = (
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=3)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits, sample_weight=3)\n",
            (("TFC102", _R),),
            title="a non-zero literal weight",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(\n"
            "    logits=logits, labels=labels, weights=w,\n"
            "    reduction=tf.compat.v1.losses.Reduction.NONE)\n",
            "import tensorflow as tf\n"
            "loss_labels = tf.squeeze(labels, [-1]) if len(labels.shape) == len(logits.shape) else labels  # TF1 squeezes [batch, 1] labels\n"
            "loss_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=loss_labels, logits=logits)\n"
            "loss_weights = tf.cast(tf.squeeze(w, [-1]) if len(w.shape) == len(logits.shape) else w, tf.float32)  # TF1 squeezes [batch, 1] weights\n"
            "# TF1's sparse_softmax_cross_entropy (NONE: no division)\n"
            "loss = tf.cast(tf.cast(loss_xent, tf.float32) * loss_weights, loss_xent.dtype)\n",
            (("TFC102", _R),),
            title="NONE with a weights tensor: TF1 squeezes [batch, 1] weights, Keras 3 keeps [batch, 1] losses; plain ops squeeze as TF1",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(\n"
            "    labels, logits, weights=2.0, reduction=tf.compat.v1.losses.Reduction.NONE)\n",
            "import tensorflow as tf\n"
            'loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")(\n'
            "    labels, logits, sample_weight=2.0)\n",
            (("TFC102", _R),),
            title='NONE maps to "none" with a literal weight',
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=w)\n",
            "import tensorflow as tf\n"
            "loss_labels = tf.squeeze(labels, [-1]) if len(labels.shape) == len(logits.shape) else labels  # TF1 squeezes [batch, 1] labels\n"
            "loss_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=loss_labels, logits=logits)\n"
            "loss_weights = tf.cast(tf.squeeze(w, [-1]) if len(w.shape) == len(logits.shape) else w, tf.float32)  # TF1 squeezes [batch, 1] weights\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32) * loss_weights)\n"
            "loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_xent)), dtype=tf.float32)\n"
            "# TF1's sparse_softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_xent.dtype)\n",
            (("TFC102", _R),),
            title="tensor weights with the default reduction: plain ops, the labels and weights squeezed as TF1 does",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=0.0)\n",
            "import tensorflow as tf\n"
            "loss_labels = tf.squeeze(labels, [-1]) if len(labels.shape) == len(logits.shape) else labels  # TF1 squeezes [batch, 1] labels\n"
            "loss_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=loss_labels, logits=logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32) * 0.0)\n"
            "# TF1's sparse_softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights (none)\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, 0.0), loss_xent.dtype)\n",
            (("TFC102", _R),),
            title="a zero weight: TF1 divides by zero non-zero weights (returns 0), so do plain ops",
        ),
    )
    NOOPS = (
        "import tensorflow as tf\nloss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
        "import tensorflow as tf\nloss = tf.keras.losses.sparse_categorical_crossentropy(y, x, from_logits=True)\n",
    )
