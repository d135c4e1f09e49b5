"""``sigmoid_cross_entropy``, ``log_loss``, ``hinge_loss`` (core and contrib)."""

from __future__ import annotations

from migrate.engine.calls import CONTRIB_SIGNATURES, CORE_SIGNATURES
from migrate.engine.symbols import CONTRIB, CORE
from migrate.report.results import Action
from migrate.rules._elementwise import ElementwiseLossRule
from migrate.rules.base import Example
from migrate.rules.elementwise_rewrite import ElementwiseSpec
from migrate.rules.plain_elementwise import ELEMENTWISE

__all__ = [
    "ContribHingeLossRule",
    "ContribLogLossRule",
    "ContribSigmoidCrossEntropyRule",
    "HingeLossRule",
    "LogLossRule",
    "SigmoidCrossEntropyRule",
]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT


class SigmoidCrossEntropyRule(ElementwiseLossRule):
    code = "TFC117"
    name = "losses-sigmoid-cross-entropy"
    brief = "`tf.compat.v1.losses.sigmoid_cross_entropy` -> `BinaryCrossentropy(from_logits=True)` when exact, else plain TF2 ops."
    summary = (
        "`tf.compat.v1.losses.sigmoid_cross_entropy(multi_class_labels, logits, ...)` casts the "
        "labels to the logits' dtype, smooths them towards 1/2 when `label_smoothing > 0` "
        "(`labels * (1 - s) + 0.5 * s`, as Keras does), and lets the labels' gradient through "
        "(unlike the softmax loss). It becomes `tf.keras.losses.BinaryCrossentropy("
        "from_logits=True, label_smoothing=...)(labels, logits)` under the element-wise "
        "preconditions (Keras averages the last axis first: only the averaging reductions, no "
        "weights tensor, float32, no mask, no tf.distribute, nothing reading the collection); "
        "otherwise plain TF2 ops, in the logits' dtype, as TF1."
    )
    targets = CORE["sigmoid_cross_entropy"]
    shim_target = "sigmoid_cross_entropy"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["sigmoid_cross_entropy"],
        ELEMENTWISE["sigmoid_cross_entropy"],
        contrib=False,
        keras_class="BinaryCrossentropy",
        keras_args=(("label_smoothing", "label_smoothing"),),
        keras_fixed=(("from_logits", "True"),),
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.sigmoid_cross_entropy(y, logits, label_smoothing=0.1)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)(y, logits)\n",
            (("TFC117", _R),),
            title="smoothing towards 1/2, as Keras smooths",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.sigmoid_cross_entropy(y, logits, weights=mask)\n",
            "import tensorflow as tf\n"
            "loss_losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.cast(y, logits.dtype), logits=logits)\n"
            "loss_weights = tf.cast(mask, tf.float32)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_losses, tf.float32) * loss_weights)\n"
            "loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_losses)), dtype=tf.float32)\n"
            "# TF1's sigmoid_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_losses.dtype)\n",
            (("TFC117", _R),),
            title="a weights tensor: plain TF2 ops",
        ),
    )
    NOOPS = (
        "import tensorflow as tf\nloss = tf.keras.losses.binary_crossentropy(y, p, from_logits=True)\n",
    )


class LogLossRule(ElementwiseLossRule):
    code = "TFC113"
    name = "losses-log-loss"
    brief = "`tf.compat.v1.losses.log_loss` -> plain TF2 ops (Keras clips where TF1 adds epsilon)."
    summary = (
        "`tf.compat.v1.losses.log_loss(labels, predictions, weights, epsilon)` computes "
        "`-(l * log(p + eps)) - (1 - l) * log(1 - p + eps)` in float32. Keras' "
        "`BinaryCrossentropy` clips the probabilities instead: never equal. The call is written "
        "out in plain TF2 ops."
    )
    targets = CORE["log_loss"]
    shim_target = "log_loss"
    spec = ElementwiseSpec(CORE_SIGNATURES["log_loss"], ELEMENTWISE["log_loss"], contrib=False)
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.losses.log_loss(y, probs, epsilon=1e-5)\n",
            "import tensorflow as tf\n"
            "loss_labels32 = tf.cast(y, tf.float32)\n"
            "loss_predictions32 = tf.cast(probs, tf.float32)\n"
            "loss_losses = -(loss_labels32 * tf.math.log(loss_predictions32 + 1e-5)) - (1 - loss_labels32) * tf.math.log(1 - loss_predictions32 + 1e-5)\n"
            "loss_total = tf.reduce_sum(loss_losses)\n"
            "# TF1's log_loss: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_losses), tf.float32))\n",
            (("TFC113", _R),),
            title="epsilon inside the log, as TF1",
        ),
    )
    NOOPS = ()


class HingeLossRule(ElementwiseLossRule):
    code = "TFC114"
    name = "losses-hinge-loss"
    brief = "`tf.compat.v1.losses.hinge_loss` -> plain TF2 ops (Keras maps labels only when all are 0/1)."
    summary = (
        "`tf.compat.v1.losses.hinge_loss(labels, logits, ...)` always maps the labels to "
        "`2 * labels - 1` and computes `relu(1 - labels * logits)` in float32. Keras' `Hinge` "
        "maps them only when every label is 0 or 1: different for -1/1 labels. The call is "
        "written out in plain TF2 ops."
    )
    targets = CORE["hinge_loss"]
    shim_target = "hinge_loss"
    spec = ElementwiseSpec(CORE_SIGNATURES["hinge_loss"], ELEMENTWISE["hinge_loss"], contrib=False)
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.losses.hinge_loss(y, logits)\n",
            "import tensorflow as tf\n"
            "loss_losses = tf.nn.relu(1.0 - (2 * tf.cast(y, tf.float32) - 1.0) * tf.cast(logits, tf.float32))\n"
            "loss_total = tf.reduce_sum(loss_losses)\n"
            "# TF1's hinge_loss: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_losses), tf.float32))\n",
            (("TFC114", _R),),
            title="labels in {0, 1} become {-1, 1}, always",
        ),
    )
    NOOPS = ("import tensorflow as tf\nloss = tf.keras.losses.hinge(y, logits)\n",)


class ContribSigmoidCrossEntropyRule(ElementwiseLossRule):
    code = "TFC137"
    name = "contrib-sigmoid-cross-entropy"
    brief = "`tf.contrib.losses.sigmoid_cross_entropy` (logits first) -> Keras or plain TF2 ops."
    summary = (
        "`tf.contrib.losses.sigmoid_cross_entropy(logits, multi_class_labels, weights, "
        "label_smoothing)` (logits first) is bound to its own signature, then rewritten as the "
        "core function would be, with contrib's weighting (a weights tensor: the shim)."
    )
    targets = CONTRIB["sigmoid_cross_entropy"]
    shim_target = "contrib.sigmoid_cross_entropy"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["sigmoid_cross_entropy"],
        ELEMENTWISE["sigmoid_cross_entropy"],
        contrib=True,
        keras_class="BinaryCrossentropy",
        keras_args=(("label_smoothing", "label_smoothing"),),
        keras_fixed=(("from_logits", "True"),),
    )
    EXAMPLES = (
        Example(
            "import tf_slim as slim\nloss = slim.losses.sigmoid_cross_entropy(logits, y)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.BinaryCrossentropy(from_logits=True)(y, logits)\n",
            (("TFC137", _R),),
            title="logits first",
        ),
    )
    NOOPS = ()


class ContribLogLossRule(ElementwiseLossRule):
    code = "TFC133"
    name = "contrib-log-loss"
    brief = "`tf.contrib.losses.log_loss` (predictions first) -> plain TF2 ops."
    summary = (
        "`tf.contrib.losses.log_loss(predictions, labels, weights, epsilon)` (predictions "
        "first) is written out in plain TF2 ops with contrib's weighting (a weights tensor: the "
        "shim)."
    )
    targets = CONTRIB["log_loss"]
    shim_target = "contrib.log_loss"
    spec = ElementwiseSpec(CONTRIB_SIGNATURES["log_loss"], ELEMENTWISE["log_loss"], contrib=True)
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.contrib.losses.log_loss(probs, y)\n",
            "import tensorflow as tf\n"
            "loss_labels32 = tf.cast(y, tf.float32)\n"
            "loss_predictions32 = tf.cast(probs, tf.float32)\n"
            "loss_losses = -(loss_labels32 * tf.math.log(loss_predictions32 + 1e-07)) - (1 - loss_labels32) * tf.math.log(1 - loss_predictions32 + 1e-07)\n"
            "# TF1's log_loss: contrib's weighting divides by the number of loss elements\n"
            "loss = tf.math.divide_no_nan(tf.reduce_sum(loss_losses), tf.cast(tf.size(loss_losses), tf.float32))\n",
            (("TFC133", _R),),
            title="predictions first",
        ),
    )
    NOOPS = ()


class ContribHingeLossRule(ElementwiseLossRule):
    code = "TFC134"
    name = "contrib-hinge-loss"
    brief = "`tf.contrib.losses.hinge_loss` (logits first, unreduced) -> plain TF2 ops."
    summary = (
        "`tf.contrib.losses.hinge_loss(logits, labels)` returns the element-wise hinge loss "
        "itself (no weights, no reduction, no collection): `relu(1 - (2 * labels - 1) * logits)`, "
        "written out in plain TF2 ops."
    )
    targets = CONTRIB["hinge_loss"]
    shim_target = "contrib.hinge_loss"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["hinge_loss"], ELEMENTWISE["hinge_loss"], contrib=True, unreduced=True
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.contrib.losses.hinge_loss(logits, y)\n",
            "import tensorflow as tf\n"
            "# TF1's hinge_loss, written out\n"
            "loss = tf.nn.relu(1.0 - (2 * tf.cast(y, tf.float32) - 1.0) * tf.cast(logits, tf.float32))\n",
            (("TFC134", _R),),
            title="unreduced, as contrib returned it",
        ),
    )
    NOOPS = ()
