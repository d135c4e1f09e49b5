"""``absolute_difference``, ``mean_squared_error``, ``huber_loss`` (core and contrib)."""

from __future__ import annotations

from migrate.engine.calls import CONTRIB_SIGNATURES, CORE_SIGNATURES
from migrate.engine.options import Fallback, Options
from migrate.engine.symbols import CONTRIB, CORE
from migrate.report.results import Action
from migrate.rules._elementwise import ElementwiseLossRule
from migrate.rules.base import Example, Noop
from migrate.rules.elementwise_rewrite import ElementwiseSpec
from migrate.rules.plain_elementwise import ELEMENTWISE

__all__ = [
    "AbsoluteDifferenceRule",
    "ContribAbsoluteDifferenceRule",
    "ContribMeanSquaredErrorRule",
    "HuberLossRule",
    "MeanSquaredErrorRule",
]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT

_KERAS_NOTE = (
    "Keras averages the last axis before the reduction: equal to TF1 (which reduces every "
    "element) for the averaging reductions (TF1's default and SUM_OVER_BATCH_SIZE with no "
    "weights or a non-zero literal, MEAN with none), float32, no Keras mask, no tf.distribute, "
    "a loss nothing reads from GraphKeys.LOSSES. Otherwise (a weights tensor, NONE, SUM...) "
    "the call is written out in plain TF2 ops, which compute TF1's numbers in every case."
)


class AbsoluteDifferenceRule(ElementwiseLossRule):
    code = "TFC110"
    name = "losses-absolute-difference"
    brief = "`tf.compat.v1.losses.absolute_difference` -> `MeanAbsoluteError` when exact, else plain TF2 ops."
    summary = (
        "`tf.compat.v1.losses.absolute_difference(labels, predictions, ...)` computes "
        "`abs(predictions - labels)` in float32, then TF1's weighting. It becomes "
        "`tf.keras.losses.MeanAbsoluteError()(labels, predictions)` when exact. " + _KERAS_NOTE
    )
    targets = CORE["absolute_difference"]
    shim_target = "absolute_difference"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["absolute_difference"],
        ELEMENTWISE["absolute_difference"],
        contrib=False,
        keras_class="MeanAbsoluteError",
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.losses.absolute_difference(y, pred)\n",
            "import tensorflow as tf\nloss = tf.keras.losses.MeanAbsoluteError()(y, pred)\n",
            (("TFC110", _R),),
            title="TF1's default reduction without weights: the mean, as Keras'",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.absolute_difference(y, pred, weights=mask)\n",
            "import tensorflow as tf\n"
            "loss_losses = tf.abs(tf.cast(pred, tf.float32) - tf.cast(y, tf.float32))\n"
            "loss_weights = tf.cast(mask, tf.float32)\n"
            "loss_total = tf.reduce_sum(loss_losses * loss_weights)\n"
            "loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_losses)), dtype=tf.float32)\n"
            "# TF1's absolute_difference: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
            "loss = tf.math.divide_no_nan(loss_total, loss_nonzero)\n",
            (("TFC110", _R),),
            title="a weights tensor: TF1 divides by the non-zero weights; plain TF2 ops",
        ),
    )
    NOOPS = ("import tensorflow as tf\nloss = tf.keras.losses.mean_absolute_error(y, pred)\n",)


class MeanSquaredErrorRule(ElementwiseLossRule):
    code = "TFC111"
    name = "losses-mean-squared-error"
    brief = "`tf.compat.v1.losses.mean_squared_error` -> `MeanSquaredError` when exact, else plain TF2 ops."
    summary = (
        "`tf.compat.v1.losses.mean_squared_error(labels, predictions, ...)` computes "
        "`squared_difference(predictions, labels)` in float32, then TF1's weighting. It becomes "
        "`tf.keras.losses.MeanSquaredError()(labels, predictions)` when exact. "
        + _KERAS_NOTE
        + " In TF2 code `tf.losses.mean_squared_error` is Keras' own function and is left alone."
    )
    targets = CORE["mean_squared_error"]
    shim_target = "mean_squared_error"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["mean_squared_error"],
        ELEMENTWISE["mean_squared_error"],
        contrib=False,
        keras_class="MeanSquaredError",
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32)\n"
            "loss = tf.losses.mean_squared_error(y, pred, weights=2.0)\n",
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32)\n"
            "loss = tf.keras.losses.MeanSquaredError()(y, pred, sample_weight=2.0)\n",
            (("TFC111", _R),),
            title="TF1 code, a non-zero literal weight",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.mean_squared_error(y, pred, reduction=tf.losses.Reduction.SUM)\n",
            "import tensorflow as tf\n"
            "loss_losses = tf.math.squared_difference(tf.cast(pred, tf.float32), tf.cast(y, tf.float32))\n"
            "# TF1's mean_squared_error (SUM: no division)\n"
            "loss = tf.reduce_sum(loss_losses)\n",
            (("TFC111", _R),),
            title="SUM: Keras' sum of per-example means is not TF1's sum of every element",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.mean_squared_error(y, pred, weights=w)\n",
            "import tfcompat_losses\n"
            "loss = tfcompat_losses.mean_squared_error(y, pred, weights=w)\n",
            (("TFC111", _S),),
            options=Options(fallback=Fallback.SHIM),
            title="`--fallback shim`: the one-line shim",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.mean_squared_error(labels=y, predictions=pred, weights=2.0)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.MeanSquaredError()(y, pred, sample_weight=2.0)\n",
            (("TFC111", _R),),
            title="no TF1-only name in the module, but TF1's keywords: Keras' function has only "
            "`(y_true, y_pred)`",
        ),
    )
    NOOPS = (
        Noop(
            "import tensorflow as tf\nloss = tf.losses.mean_squared_error(y, pred)\n",
            title="TF2 code: `tf.losses` is Keras', and so is this function",
        ),
        Noop(
            "import tensorflow as tf\nloss = tf.losses.mean_squared_error(y_true=y, y_pred=pred)\n",
            title="TF2 code, Keras' keywords",
        ),
    )


class HuberLossRule(ElementwiseLossRule):
    code = "TFC112"
    name = "losses-huber-loss"
    brief = "`tf.compat.v1.losses.huber_loss` -> `Huber(delta=...)` when exact, else plain TF2 ops."
    summary = (
        "`tf.compat.v1.losses.huber_loss(labels, predictions, weights, delta)` computes "
        "`0.5 * q**2 + delta * (|e| - q)` with `q = minimum(|e|, delta)` in float32 (the same "
        "value as Keras' piecewise form), then TF1's weighting. It becomes "
        "`tf.keras.losses.Huber(delta=...)(labels, predictions)` when exact, with a numeric "
        "literal `delta`. " + _KERAS_NOTE
    )
    targets = CORE["huber_loss"]
    shim_target = "huber_loss"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["huber_loss"],
        ELEMENTWISE["huber_loss"],
        contrib=False,
        keras_class="Huber",
        keras_args=(("delta", "delta"),),
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.losses.huber_loss(y, pred, delta=0.5)\n",
            "import tensorflow as tf\nloss = tf.keras.losses.Huber(delta=0.5)(y, pred)\n",
            (("TFC112", _R),),
            title="a literal delta, TF1's default reduction",
        ),
        Example(
            "import tensorflow as tf\n"
            "def f(y, pred, w):\n"
            "    loss = tf.losses.huber_loss(y, pred, weights=w, delta=2.0)\n"
            "    return loss\n",
            "import tensorflow as tf\n"
            "def f(y, pred, w):\n"
            "    loss_error = tf.abs(tf.cast(pred, tf.float32) - tf.cast(y, tf.float32))\n"
            "    loss_quadratic = tf.minimum(loss_error, 2.0)\n"
            "    loss_losses = 0.5 * (loss_quadratic * loss_quadratic) + 2.0 * (loss_error - loss_quadratic)\n"
            "    loss_weights = tf.cast(w, tf.float32)\n"
            "    loss_total = tf.reduce_sum(loss_losses * loss_weights)\n"
            "    loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_losses)), dtype=tf.float32)\n"
            "    # TF1's huber_loss: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
            "    loss = tf.math.divide_no_nan(loss_total, loss_nonzero)\n"
            "    return loss\n",
            (("TFC112", _R),),
            title="a weights tensor: plain TF2 ops",
        ),
    )
    NOOPS = ("import tensorflow as tf\nloss = tf.keras.losses.Huber()(y, pred)\n",)


class ContribAbsoluteDifferenceRule(ElementwiseLossRule):
    code = "TFC130"
    name = "contrib-absolute-difference"
    brief = "`tf.contrib.losses.absolute_difference` (predictions first) -> Keras or plain TF2 ops."
    summary = (
        "`tf.contrib.losses.absolute_difference(predictions, labels, weights)` (predictions "
        "first; TF 0.12's `targets=`/`weight=` too) is bound to its own signature, then "
        "rewritten as the core function would be; contrib always collects its loss and weighs a "
        "weights tensor by its static rank (the shim)."
    )
    targets = CONTRIB["absolute_difference"]
    shim_target = "contrib.absolute_difference"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["absolute_difference"],
        ELEMENTWISE["absolute_difference"],
        contrib=True,
        keras_class="MeanAbsoluteError",
    )
    EXAMPLES = (
        Example(
            "import tf_slim as slim\nloss = slim.losses.absolute_difference(pred, y)\n",
            "import tensorflow as tf\nloss = tf.keras.losses.MeanAbsoluteError()(y, pred)\n",
            (("TFC130", _R),),
            title="predictions first, bound before rewriting",
        ),
    )
    NOOPS = ()


class ContribMeanSquaredErrorRule(ElementwiseLossRule):
    code = "TFC131"
    name = "contrib-mean-squared-error"
    brief = "`tf.contrib.losses.mean_squared_error` (predictions first) -> Keras or plain TF2 ops."
    summary = (
        "`tf.contrib.losses.mean_squared_error(predictions, labels, weights)` (predictions "
        "first; TF 0.12's `targets=`/`weight=` too) is bound to its own signature, then "
        "rewritten as the core function would be; contrib always collects its loss and weighs a "
        "weights tensor by its static rank (the shim)."
    )
    targets = CONTRIB["mean_squared_error"]
    shim_target = "contrib.mean_squared_error"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["mean_squared_error"],
        ELEMENTWISE["contrib.mean_squared_error"],
        contrib=True,
        keras_class="MeanSquaredError",
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "loss = tf.contrib.losses.mean_squared_error(pred, targets=y, weight=w)\n",
            "import tensorflow as tf\n"
            "loss_losses = tf.square(tf.cast(pred, tf.float32) - tf.cast(y, tf.float32))\n"
            "loss_weights = tf.cast(w, tf.float32)\n"
            "loss_w = tf.squeeze(loss_weights, [-1]) if len(loss_weights.shape) > 1 and loss_weights.shape[-1] in (None, 1) else loss_weights  # contrib squeezes [..., 1] weights (static ranks)\n"
            "loss_total = tf.reduce_sum(tf.reduce_sum(loss_losses, axis=list(range(len(loss_w.shape), len(loss_losses.shape)))) * loss_w)\n"
            "loss_present = tf.reduce_sum(tf.reduce_sum(tf.cast(tf.not_equal(loss_w, 0), tf.float32), axis=list(range(1, len(loss_w.shape)))) * tf.cast(tf.reduce_prod(tf.shape(loss_losses)[len(loss_w.shape):]), tf.float32))\n"
            "# TF1's mean_squared_error: contrib's weighting divides by the number of non-zero weights times the elements each one weighs\n"
            "loss = tf.math.divide_no_nan(loss_total, loss_present)\n",
            (("TFC131", _R),),
            title="TF 0.12 keywords; a weights tensor: contrib's own weighting (static rank), plain ops",
        ),
    )
    NOOPS = ()
