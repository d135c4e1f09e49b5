"""``cosine_distance``, ``mean_pairwise_squared_error``, ``compute_weighted_loss`` (core, contrib)."""

from __future__ import annotations

from migrate.engine.calls import CONTRIB_SIGNATURES, CORE_SIGNATURES
from migrate.engine.symbols import CONTRIB, CORE
from migrate.report.results import Action
from migrate.rules._elementwise import ElementwiseLossRule
from migrate.rules.base import Example
from migrate.rules.elementwise_rewrite import ElementwiseSpec
from migrate.rules.plain_elementwise import ELEMENTWISE

__all__ = [
    "ComputeWeightedLossRule",
    "ContribComputeWeightedLossRule",
    "ContribCosineDistanceRule",
    "ContribMeanPairwiseSquaredErrorRule",
    "CosineDistanceRule",
    "MeanPairwiseSquaredErrorRule",
]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT

_PAIRWISE = (
    "no Keras loss compares pairs of elements, and TF1's per-example pair counts (with their "
    "eager and graph differences for scalar weights) are the shim's to reproduce"
)


class CosineDistanceRule(ElementwiseLossRule):
    code = "TFC115"
    name = "losses-cosine-distance"
    brief = "`tf.compat.v1.losses.cosine_distance` -> plain TF2 ops (Keras' CosineSimilarity normalises and negates)."
    summary = (
        "`tf.compat.v1.losses.cosine_distance(labels, predictions, axis, ...)` (or the deprecated "
        "`dim=`) computes `1 - reduce_sum(predictions * labels, axis=(axis,), keepdims=True)` in "
        "float32 and does not normalise its inputs; Keras' `CosineSimilarity` normalises them and "
        "returns minus the cosine: never equal. The call is written out in plain TF2 ops."
    )
    targets = CORE["cosine_distance"]
    shim_target = "cosine_distance"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["cosine_distance"], ELEMENTWISE["cosine_distance"], contrib=False
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.losses.cosine_distance(y, pred, axis=1)\n",
            "import tensorflow as tf\n"
            "loss_losses = 1 - tf.reduce_sum(tf.cast(pred, tf.float32) * tf.cast(y, tf.float32), axis=(1,), keepdims=True)\n"
            "loss_total = tf.reduce_sum(loss_losses)\n"
            "# TF1's cosine_distance: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_losses), tf.float32))\n",
            (("TFC115", _R),),
            title="one minus the dot product along `axis`, unnormalised",
        ),
        Example(
            "import tensorflow as tf\nloss = tf.losses.cosine_distance(y, pred, dim=-1)\n",
            "import tensorflow as tf\n"
            "loss_losses = 1 - tf.reduce_sum(tf.cast(pred, tf.float32) * tf.cast(y, tf.float32), axis=(-1,), keepdims=True)\n"
            "loss_total = tf.reduce_sum(loss_losses)\n"
            "# TF1's cosine_distance: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_losses), tf.float32))\n",
            (("TFC115", _R),),
            title="the deprecated `dim`",
        ),
    )
    NOOPS = ()


class MeanPairwiseSquaredErrorRule(ElementwiseLossRule):
    code = "TFC116"
    name = "losses-mean-pairwise-squared-error"
    brief = "`tf.compat.v1.losses.mean_pairwise_squared_error` -> the shim (no Keras counterpart)."
    summary = (
        "`tf.compat.v1.losses.mean_pairwise_squared_error(labels, predictions, weights)` divides "
        "each example by its own counts of element pairs and has no `reduction`; Keras has no "
        "counterpart, and its plain-ops form would be a long block, so the call goes to the "
        "exact shim `tfcompat_losses.mean_pairwise_squared_error` (or the report)."
    )
    targets = CORE["mean_pairwise_squared_error"]
    shim_target = "mean_pairwise_squared_error"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["mean_pairwise_squared_error"], None, contrib=False, no_plain=_PAIRWISE
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.losses.mean_pairwise_squared_error(y, pred)\n",
            "import tfcompat_losses\nloss = tfcompat_losses.mean_pairwise_squared_error(y, pred)\n",
            (("TFC116", _S),),
            title="its own denominators: the shim",
        ),
    )
    NOOPS = ()


class ComputeWeightedLossRule(ElementwiseLossRule):
    code = "TFC118"
    name = "losses-compute-weighted-loss"
    brief = "`tf.compat.v1.losses.compute_weighted_loss` -> plain TF2 ops (TF1's weighting written out)."
    summary = (
        "`tf.compat.v1.losses.compute_weighted_loss(losses, weights, reduction=...)`, the funnel "
        "every TF1 loss goes through, written out: cast to float32, multiply by the weights, "
        "reduce, divide by the reduction's denominator with `divide_no_nan`, cast back to the "
        "losses' dtype."
    )
    targets = CORE["compute_weighted_loss"]
    shim_target = "compute_weighted_loss"
    spec = ElementwiseSpec(
        CORE_SIGNATURES["compute_weighted_loss"],
        ELEMENTWISE["compute_weighted_loss"],
        contrib=False,
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "def f(per_example, mask):\n"
            "    loss = tf.losses.compute_weighted_loss(per_example, weights=mask)\n"
            "    return loss\n",
            "import tensorflow as tf\n"
            "def f(per_example, mask):\n"
            "    loss_losses = tf.convert_to_tensor(per_example)\n"
            "    loss_weights = tf.cast(mask, tf.float32)\n"
            "    loss_total = tf.reduce_sum(tf.cast(loss_losses, tf.float32) * loss_weights)\n"
            "    loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_losses)), dtype=tf.float32)\n"
            "    # TF1's compute_weighted_loss: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
            "    loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_losses.dtype)\n"
            "    return loss\n",
            (("TFC118", _R),),
            title="TF1's default reduction: over the non-zero weights",
        ),
    )
    NOOPS = ()


class ContribCosineDistanceRule(ElementwiseLossRule):
    code = "TFC135"
    name = "contrib-cosine-distance"
    brief = (
        "`tf.contrib.losses.cosine_distance` (predictions first, no kept axis) -> plain TF2 ops."
    )
    summary = (
        "`tf.contrib.losses.cosine_distance(predictions, labels, axis, weights)` (predictions "
        "first) sums along `axis` without keeping it, then contrib's weighting; written out in "
        "plain TF2 ops (a weights tensor: the shim)."
    )
    targets = CONTRIB["cosine_distance"]
    shim_target = "contrib.cosine_distance"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["cosine_distance"], ELEMENTWISE["contrib.cosine_distance"], contrib=True
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.contrib.losses.cosine_distance(pred, y, dim=1)\n",
            "import tensorflow as tf\n"
            "loss_losses = 1 - tf.reduce_sum(tf.cast(pred, tf.float32) * tf.cast(y, tf.float32), axis=[1])\n"
            "# TF1's cosine_distance: contrib's weighting divides by the number of loss elements\n"
            "loss = tf.math.divide_no_nan(tf.reduce_sum(loss_losses), tf.cast(tf.size(loss_losses), tf.float32))\n",
            (("TFC135", _R),),
            title="predictions first, `dim`",
        ),
    )
    NOOPS = ()


class ContribMeanPairwiseSquaredErrorRule(ElementwiseLossRule):
    code = "TFC136"
    name = "contrib-mean-pairwise-squared-error"
    brief = "`tf.contrib.losses.mean_pairwise_squared_error` -> the shim."
    summary = (
        "`tf.contrib.losses.mean_pairwise_squared_error(predictions, labels, weights)` "
        "(predictions first, its own pair counts) goes to the exact shim "
        "`tfcompat_losses.contrib.mean_pairwise_squared_error` (or the report)."
    )
    targets = CONTRIB["mean_pairwise_squared_error"]
    shim_target = "contrib.mean_pairwise_squared_error"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["mean_pairwise_squared_error"], None, contrib=True, no_plain=_PAIRWISE
    )
    EXAMPLES = (
        Example(
            "import tf_slim as slim\nloss = slim.losses.mean_pairwise_squared_error(pred, y)\n",
            "import tfcompat_losses.contrib\n"
            "loss = tfcompat_losses.contrib.mean_pairwise_squared_error(pred, y)\n",
            (("TFC136", _S),),
            title="the shim",
        ),
    )
    NOOPS = ()


class ContribComputeWeightedLossRule(ElementwiseLossRule):
    code = "TFC138"
    name = "contrib-compute-weighted-loss"
    brief = "`tf.contrib.losses.compute_weighted_loss` -> plain TF2 ops (contrib's weighting)."
    summary = (
        "`tf.contrib.losses.compute_weighted_loss(losses, weights)`: the float32 sum times a "
        "scalar weight over the number of elements, written out in plain TF2 ops; a weights "
        "tensor (weighed by its static rank) goes to the shim."
    )
    targets = CONTRIB["compute_weighted_loss"]
    shim_target = "contrib.compute_weighted_loss"
    spec = ElementwiseSpec(
        CONTRIB_SIGNATURES["compute_weighted_loss"],
        ELEMENTWISE["compute_weighted_loss"],
        contrib=True,
    )
    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss = tf.contrib.losses.compute_weighted_loss(per_example)\n",
            "import tensorflow as tf\n"
            "loss_losses = tf.convert_to_tensor(per_example)\n"
            "# TF1's compute_weighted_loss: contrib's weighting divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(tf.reduce_sum(tf.cast(loss_losses, tf.float32)), tf.cast(tf.size(loss_losses), tf.float32)), loss_losses.dtype)\n",
            (("TFC138", _R),),
            title="contrib's weighting, no weights",
        ),
    )
    NOOPS = ()
