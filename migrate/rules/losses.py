"""Core TF1 losses: ``tf.compat.v1.losses.softmax_cross_entropy`` -> Keras's
``CategoricalCrossentropy(from_logits=True)`` (the sparse one is in
``migrate.rules.losses_sparse``)."""

from __future__ import annotations

from migrate.engine.calls import CORE_SCE_SIGNATURE
from migrate.engine.options import Assumption, Fallback, Options
from migrate.engine.symbols import CORE_SCE
from migrate.report.results import Action
from migrate.rules._loss import LossRule
from migrate.rules.base import Example, Noop
from migrate.rules.keras_rewrite import LossSpec

__all__ = ["SoftmaxCrossEntropyRule"]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT


class SoftmaxCrossEntropyRule(LossRule):
    code = "TFC101"
    name = "losses-softmax-cross-entropy"
    brief = "`tf.compat.v1.losses.softmax_cross_entropy` -> `CategoricalCrossentropy(from_logits=True)` when exact, else the shim."
    summary = (
        "`tf.compat.v1.losses.softmax_cross_entropy(onehot_labels, logits, ...)` (also the TF1 "
        "spelling `tf.losses....`) becomes `tf.keras.losses.CategoricalCrossentropy(from_logits=True, "
        "...)(y_true, y_pred, sample_weight=...)` only when provably exact: the reduction's "
        "denominator is the same (TF1's default SUM_BY_NONZERO_WEIGHTS equals Keras' "
        "sum_over_batch_size only without weights or with a non-zero literal), labels keep "
        "TF1's stopped gradient through `tf.stop_gradient`, logits are float32 (Keras 3 computes "
        "in float32) and carry no Keras mask (Keras 3 applies it), and no code reads the loss "
        "collection. Otherwise the call goes to the exact "
        "shim `tfcompat_losses.softmax_cross_entropy` (or is reported, `Options.fallback`)."
    )
    targets = CORE_SCE
    shim_target = "softmax_cross_entropy"
    signature = CORE_SCE_SIGNATURE
    spec = LossSpec("CategoricalCrossentropy", "onehot_labels", sparse=False, contrib=False)

    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(onehot_labels=y, logits=logits)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), logits)\n",
            (("TFC101", _R),),
            title="default reduction without weights: Keras' default is equal",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(\n"
            "    logits=net(x),  # model output\n"
            "    onehot_labels=tf.one_hot(y, 10),\n"
            "    label_smoothing=0.1,\n"
            "    weights=0.5,\n"
            "    reduction=tf.losses.Reduction.SUM,\n"
            ")\n",
            "import tensorflow.compat.v1 as tf\n"
            "import tensorflow as tf2\n"
            'loss = tf2.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1, reduction="sum")(\n'
            "    y_pred=net(x),  # model output\n"
            "    y_true=tf.one_hot(y, 10),\n"
            "    sample_weight=0.5,\n"
            ")\n",
            (("TFC101", _R),),
            title="multi-line, keyword order kept (both arguments call functions), TF2 namespace added",
        ),
        Example(
            "from tensorflow.compat.v1.losses import softmax_cross_entropy as xent\n"
            "loss = xent(y, logits, weights=mask)\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "loss_weights = tf.cast(mask, tf.float32)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32) * loss_weights)\n"
            "loss_nonzero = tf.math.count_nonzero(tf.broadcast_to(loss_weights, tf.shape(loss_xent)), dtype=tf.float32)\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, loss_nonzero), loss_xent.dtype)\n",
            (("TFC101", _R),),
            title="tensor weights with SUM_BY_NONZERO_WEIGHTS: no Keras reduction divides by the non-zero weights; written out in plain TF2 ops",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, weights=mask)\n",
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, weights=mask)\n",
            (("TFC101", _P),),
            options=Options(fallback=Fallback.REPORT),
            title="the same with `Options.fallback=report`",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits)\n"
            "total = tf.compat.v1.losses.get_total_loss()\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(loss)  # TF1 adds the loss to its collection (graph mode)\n"
            "total = tf.compat.v1.losses.get_total_loss()\n",
            (("TFC101", _R),),
            title="the module reads GraphKeys.LOSSES: the loss must stay collected, and joins it as TF1 did (`tf.compat.v1.losses.add_loss`)",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, loss_collection=None)\n"
            "total = tf.compat.v1.losses.get_total_loss()\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), logits)\n"
            "total = tf.compat.v1.losses.get_total_loss()\n",
            (("TFC101", _R),),
            title="an explicit `loss_collection=None` is safe to drop",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, loss_collection=tf.GraphKeys.LOSSES)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), logits)\n",
            (("TFC101", _R),),
            title="TF1's default collection spelled out is no reader of it",
        ),
        Example(
            "import tensorflow as tf\n"
            "def add_loss(y, logits):\n"
            "    tf.losses.softmax_cross_entropy(y, logits)\n",
            "import tensorflow as tf\n"
            "def add_loss(y, logits):\n"
            "    xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "    total = tf.reduce_sum(tf.cast(xent, tf.float32))\n"
            "    # TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "    tf.compat.v1.losses.add_loss(tf.cast(tf.math.divide_no_nan(total, tf.cast(tf.size(xent), tf.float32)), xent.dtype))\n",
            (("TFC101", _R),),
            title="result unused: joining GraphKeys.LOSSES is the call's only effect, kept",
        ),
        Example(
            "import tensorflow as tf\n"
            "def clone_fn(images, labels):\n"
            "    logits, end_points = net(images)\n"
            "    loss = tf.losses.softmax_cross_entropy(labels, logits)\n"
            "    return end_points\n",
            "import tensorflow as tf\n"
            "def clone_fn(images, labels):\n"
            "    logits, end_points = net(images)\n"
            "    loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(labels, logits.dtype)), logits=logits)\n"
            "    loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "    # TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "    loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n"
            "    tf.compat.v1.losses.add_loss(loss)  # TF1 adds the loss to its collection (graph mode)\n"
            "    return end_points\n",
            (("TFC101", _R),),
            title="assigned to a local that is never read: unused just the same",
        ),
        Example(
            "import tensorflow as tf\n_ = tf.losses.softmax_cross_entropy(y, logits)\n",
            "import tensorflow as tf\n"
            "xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "total = tf.reduce_sum(tf.cast(xent, tf.float32))\n"
            "value = tf.cast(tf.math.divide_no_nan(total, tf.cast(tf.size(xent), tf.float32)), xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(value)  # TF1 adds the loss to its collection (graph mode)\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "_ = value\n",
            (("TFC101", _R),),
            title="result assigned to `_`: unused just the same",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, tf.cast(logits, tf.float16))\n",
            "import tensorflow as tf\n"
            "loss_logits = tf.cast(logits, tf.float16)\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, loss_logits.dtype)), logits=loss_logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n",
            (("TFC101", _R),),
            title="float16 logits: Keras 3 would compute in float32; plain ops compute in the logits dtype, as TF1 (its float32 sum included)",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, reduction=tf.losses.Reduction.MEAN)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), logits)\n",
            (("TFC101", _R),),
            title="MEAN without weights divides by the number of elements",
        ),
        Example(
            "import tensorflow as tf\n"
            "strategy = tf.distribute.MirroredStrategy()\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits)\n"
            "total = tf.losses.softmax_cross_entropy(y, logits, reduction=tf.losses.Reduction.SUM)\n",
            "import tensorflow as tf\n"
            "strategy = tf.distribute.MirroredStrategy()\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n"
            'total = tf.keras.losses.CategoricalCrossentropy(from_logits=True, reduction="sum")(tf.stop_gradient(y), logits)\n',
            (("TFC101", _R), ("TFC101", _R)),
            title="under tf.distribute Keras 3 divides sum_over_batch_size by the replicas: plain ops keep each replica own denominator, as TF1; SUM stays Keras",
        ),
        Example(
            "import tensorflow as tf\n"
            "logits = head(tf.keras.layers.Embedding(5000, 64, mask_zero=True)(tokens))\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits)\n",
            "import tensorflow as tf\n"
            "logits = head(tf.keras.layers.Embedding(5000, 64, mask_zero=True)(tokens))\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n",
            (("TFC101", _R),),
            title="Keras masks: Keras 3 weights by the mask the logits carry, TF1 and plain ops ignore it",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, reduction=reduction)\n",
            "import tfcompat_losses\n"
            "loss = tfcompat_losses.softmax_cross_entropy(y, logits, reduction=reduction)\n",
            (("TFC101", _S),),
            title="a reduction held in a variable cannot be mapped",
        ),
        Example(
            "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(**kwargs)\n",
            "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(**kwargs)\n",
            (("TFC101", _P),),
            title="`**kwargs` cannot be bound: reported, never guessed",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, scope='xent', weights=2.0)\n",
            "import tensorflow as tf\n"
            "loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.stop_gradient(y), logits, sample_weight=2.0)\n",
            (("TFC101", _R),),
            title="a non-zero literal weight; `scope` only named ops and is dropped",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(y, logits, loss_collection='my_losses')\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(loss, loss_collection='my_losses')  # TF1 adds the loss to its collection (graph mode)\n",
            (("TFC101", _R),),
            title="a custom loss collection is bookkeeping Keras does not do; plain ops join it",
        ),
        Example(
            "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)\n",
            "import tensorflow as tf\n"
            "loss_xent = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(y, logits.dtype)), logits=logits)\n"
            "loss_total = tf.reduce_sum(tf.cast(loss_xent, tf.float32))\n"
            "# TF1's softmax_cross_entropy: SUM_BY_NONZERO_WEIGHTS divides by the number of loss elements\n"
            "loss = tf.cast(tf.math.divide_no_nan(loss_total, tf.cast(tf.size(loss_xent), tf.float32)), loss_xent.dtype)\n"
            "tf.compat.v1.losses.add_loss(loss)  # TF1 adds the loss to its collection (graph mode)\n",
            (("TFC101", _R),),
            options=Options(loss_collections=Assumption.YES),
            title="`Options.loss_collections=yes`: another module reads the collection",
        ),
    )
    NOOPS = (
        "import tensorflow as tf\nloss = tf.keras.losses.categorical_crossentropy(y, logits)\n",
        "import mylib as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)\n",
        "loss = softmax_cross_entropy(y, logits)\n",
        Noop(
            "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)  # tfcompat: ignore\n",
            title="suppressed",
        ),
        Noop(
            "import tensorflow as tf\n"
            "loss = tf.losses.softmax_cross_entropy(  # tfcompat: ignore[TFC101]\n    y, logits)\n",
            title="suppressed on the first line of a multi-line call",
        ),
        Noop(
            "import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(y, logits)\n",
            options=Options(ignore=frozenset({"TFC101"})),
            title="rule not selected",
        ),
    )
