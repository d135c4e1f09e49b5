"""``tf.contrib.losses`` / slim / tf_slim losses (logits first) -> Keras."""

from __future__ import annotations

from migrate.engine.calls import CONTRIB_SCE_SIGNATURE, CONTRIB_SPARSE_SIGNATURE
from migrate.engine.symbols import CONTRIB_SCE, CONTRIB_SPARSE
from migrate.report.results import Action
from migrate.rules._loss import LossRule
from migrate.rules.base import Example, Noop
from migrate.rules.keras_rewrite import LossSpec

__all__ = ["ContribSoftmaxCrossEntropyRule", "ContribSparseSoftmaxCrossEntropyRule"]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT


class ContribSoftmaxCrossEntropyRule(LossRule):
    code = "TFC103"
    name = "contrib-softmax-cross-entropy"
    brief = "`tf.contrib`/slim `softmax_cross_entropy` (logits first) -> `CategoricalCrossentropy` when exact, else `tfcompat_losses.contrib`."
    summary = (
        "`tf.contrib.losses.softmax_cross_entropy(logits, onehot_labels, ...)`, also through "
        "`tf.contrib.slim.losses`, `slim.losses` and `tf_slim.losses`, takes **logits first**: "
        "arguments are bound to that signature before they are mapped. It averages over non-zero "
        "weights and always adds the loss to GraphKeys.LOSSES, so the Keras rewrite is exact "
        "only without weights (or with a non-zero literal), without label smoothing (contrib "
        "counts classes along axis 1), with float32 logits and when nothing reads the "
        "collection; otherwise `tfcompat_losses.contrib.softmax_cross_entropy` (same signature)."
    )
    targets = CONTRIB_SCE
    shim_target = "contrib.softmax_cross_entropy"
    signature = CONTRIB_SCE_SIGNATURE
    spec = LossSpec("CategoricalCrossentropy", "onehot_labels", sparse=False, contrib=True)

    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "loss = tf.contrib.losses.softmax_cross_entropy(logits, labels)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(labels), logits)\n",
            (("TFC103", _R),),
            title="logits first: bound by the contrib signature, emitted labels first",
        ),
        Example(
            "import tensorflow as tf\n"
            "slim = tf.contrib.slim\n"
            "loss = slim.losses.softmax_cross_entropy(net, labels, label_smoothing=0.1)\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, net.dtype) * (1.0 - 0.1) + 0.1 / tf.cast(tf.shape(net)[1], net.dtype)), logits=net)\n"
            "# TF1's softmax_cross_entropy: contrib's weighting divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(tf.reduce_sum(tf.cast(loss_xent, tf.float32)), tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n",
            (("TFC103", _R),),
            title="`slim = tf.contrib.slim` alias (removed once unused: TF2 has no tf.contrib); contrib smooths over axis 1 (Keras the last axis): plain ops",
        ),
        Example(
            "import tensorflow as tf\n"
            "slim = tf.contrib.slim  # TF 1.x's slim\n"
            "loss = slim.losses.softmax_cross_entropy(net, labels)\n",
            "import tensorflow as tf\n"
            "slim = tf.contrib.slim  # TF 1.x's slim\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(labels), net)\n",
            (("TFC103", _R), ("TFC103", _P)),
            title="an alias left unused but with a comment stays (the comment may say why it is there): reported, since TF2 has no tf.contrib",
        ),
        Example(
            "import tensorflow as tf\n"
            "import tf_slim as slim\n"
            "loss = slim.losses.softmax_cross_entropy(net, labels)\n"
            "total = tf.compat.v1.losses.get_total_loss()\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, net.dtype)), logits=net)\n"
            "# TF1's softmax_cross_entropy: contrib's weighting divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(tf.reduce_sum(tf.cast(loss_xent, tf.float32)), tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(loss)  # TF1 adds the loss to its collection (graph mode)\n"
            "total = tf.compat.v1.losses.get_total_loss()\n",
            (("TFC103", _R),),
            title="the loss is collected and read by `get_total_loss()`: plain ops add it, as contrib did",
        ),
        Example(
            "import tensorflow as tf\n"
            "def build(logits, labels):\n"
            "    tf.contrib.losses.softmax_cross_entropy(logits, labels)\n",
            "import tensorflow as tf\n"
            "def build(logits, labels):\n"
            "    xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, logits.dtype)), logits=logits)\n"
            "    # TF1's softmax_cross_entropy: contrib's weighting divides by the number of loss elements\n"
            "    tf.compat.v1.losses.add_loss(tf.cast(tf.math.divide_no_nan(tf.reduce_sum(tf.cast(xent, tf.float32)), tf.cast(tf.size(xent), tf.float32)), xent.dtype))\n",
            (("TFC103", _R),),
            title="result unused: the loss lives only in the collection (read in another file)",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.contrib.losses.softmax_cross_entropy(net, labels, weight=0.5)\n"
            "aux = tf.contrib.losses.softmax_cross_entropy(net, labels, weight=w)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(labels), net, sample_weight=0.5)\n"
            "aux_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, net.dtype)), logits=net)\n"
            "aux_weights = tf.cast(w, tf.float32)\n"
            "aux_w = tf.squeeze(aux_weights, [-1]) if len(aux_weights.shape) > 1 and aux_weights.shape[-1] in (None, 1) else aux_weights  # contrib squeezes [..., 1] weights (static ranks)\n"
            "aux_total = tf.reduce_sum(tf.reduce_sum(tf.cast(aux_xent, tf.float32), axis=list(range(len(aux_w.shape), len(aux_xent.shape)))) * aux_w)\n"
            "aux_present = tf.reduce_sum(tf.reduce_sum(tf.cast(tf.not_equal(aux_w, 0), tf.float32), axis=list(range(1, len(aux_w.shape)))) * tf.cast(tf.reduce_prod(tf.shape(aux_xent)[len(aux_w.shape):]), tf.float32))\n"
            "# TF1's softmax_cross_entropy: contrib's weighting divides by the number of non-zero weights times the elements each one weighs\n"
            "aux = tf.cast(tf.math.divide_no_nan(aux_total, aux_present), aux_xent.dtype)\n",
            (("TFC103", _R), ("TFC103", _R)),
            title="TF 0.x's `weight=` is `weights=`",
        ),
    )
    NOOPS = (
        "import tf_slim as slim\nnet = slim.fully_connected(x, 10)\n",
        "from mylib import losses\nloss = losses.softmax_cross_entropy(logits, labels)\n",
    )


class ContribSparseSoftmaxCrossEntropyRule(LossRule):
    code = "TFC104"
    name = "contrib-sparse-softmax-cross-entropy"
    brief = "`tf.contrib`/slim `sparse_softmax_cross_entropy` (logits first) -> `SparseCategoricalCrossentropy` when exact, else `tfcompat_losses.contrib`."
    summary = (
        "`tf.contrib.losses.sparse_softmax_cross_entropy(logits, labels, ...)` (logits first, "
        "also slim/tf_slim) becomes `tf.keras.losses.SparseCategoricalCrossentropy(from_logits="
        "True)(labels, logits)` under the preconditions of TFC103; otherwise "
        "`tfcompat_losses.contrib.sparse_softmax_cross_entropy`."
    )
    targets = CONTRIB_SPARSE
    shim_target = "contrib.sparse_softmax_cross_entropy"
    signature = CONTRIB_SPARSE_SIGNATURE
    spec = LossSpec("SparseCategoricalCrossentropy", "labels", sparse=True, contrib=True)

    EXAMPLES = (
        Example(
            "from tensorflow.contrib import losses as L\n"
            "loss = L.sparse_softmax_cross_entropy(labels=labels, logits=logits, weights=2.0)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits, sample_weight=2.0)\n",
            (("TFC104", _R),),
            title="`from ... import losses as L`: the unused import is removed",
        ),
        Example(
            "import tf_slim as slim\n"
            "loss = slim.losses.sparse_softmax_cross_entropy(logits, labels, weights=w)\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.reshape(labels, [tf.shape(labels)[0]]), logits=logits)\n"
            "loss_weights = tf.cast(w, tf.float32)\n"
            "loss_w = tf.squeeze(loss_weights, [-1]) if len(loss_weights.shape) > 1 and loss_weights.shape[-1] in (None, 1) else loss_weights  # contrib squeezes [..., 1] weights (static ranks)\n"
            "loss_total = tf.reduce_sum(tf.reduce_sum(tf.cast(loss_xent, tf.float32), axis=list(range(len(loss_w.shape), len(loss_xent.shape)))) * loss_w)\n"
            "loss_present = tf.reduce_sum(tf.reduce_sum(tf.cast(tf.not_equal(loss_w, 0), tf.float32), axis=list(range(1, len(loss_w.shape)))) * tf.cast(tf.reduce_prod(tf.shape(loss_xent)[len(loss_w.shape):]), tf.float32))\n"
            "# TF1's sparse_softmax_cross_entropy: contrib's weighting divides by the number of non-zero weights times the elements each one weighs\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_present), loss_xent.dtype)\n",
            (("TFC104", _R),),
            title="tensor weights: contrib divides by the non-zero weights times the elements each weighs; plain ops",
        ),
    )
    NOOPS = (
        Noop(
            "import tf_slim as slim\nerr = slim.metrics.streaming_mean_squared_error(p, t)\n",
            title="a metric of a similar name",
        ),
    )
