"""Generated TF1-style calls of the other ``tf.compat.v1.losses`` (issue 11), for the harness.

Names the harness provides besides the softmax ones: ``probs`` (probabilities in (0, 1), a
variable), ``w_el`` (one weight per element, with zeros, a variable). ``labels`` (0/1, a
variable) serve as regression targets, binary labels and hinge labels; ``logits`` as
predictions and logits (their errors against the labels fall on both sides of a Huber delta).
"""

from __future__ import annotations

from _equiv_cases import Case

__all__ = ["elementwise_cases"]

_CORE = {
    # name: (labels, predictions, extra keyword arguments, label keyword, prediction keyword)
    "absolute_difference": ("labels", "logits", "", "labels", "predictions"),
    "mean_squared_error": ("labels", "logits", "", "labels", "predictions"),
    "huber_loss": ("labels", "logits", ", delta=2.0", "labels", "predictions"),
    "log_loss": ("labels", "probs", "", "labels", "predictions"),
    "hinge_loss": ("labels", "logits", "", "labels", "logits"),
    "cosine_distance": ("labels", "logits", ", axis=1", "labels", "predictions"),
    "mean_pairwise_squared_error": ("labels", "logits", "", "labels", "predictions"),
    "sigmoid_cross_entropy": ("labels", "logits", "", "multi_class_labels", "logits"),
}
_WEIGHTS = {
    "none": None,
    "half": "0.5",
    "int2": "2",
    "zero": "0.0",
    "col": "w_col",
    "el": "w_el",
}
_REDUCTIONS = {
    "default": None,
    "NONE": "Reduction.NONE",
    "SUM": "Reduction.SUM",
    "SOBS": "Reduction.SUM_OVER_BATCH_SIZE",
    "MEAN": "Reduction.MEAN",
    "SBNZ": "Reduction.SUM_BY_NONZERO_WEIGHTS",
    "variable": "red",
}
_HEADERS = {
    "compat": ("import tensorflow.compat.v1 as tf\n", "tf.losses"),
    "tf": ("import tensorflow as tf\n", "tf.compat.v1.losses"),
    "from": ("from tensorflow.compat.v1 import losses as L\n", "L"),
}


def _core() -> list[Case]:
    cases = []
    for name, (labels, predictions, extra, _, _) in _CORE.items():
        pairwise = name == "mean_pairwise_squared_error"
        for (wname, weights), (rname, reduction) in (
            (w, r) for w in _WEIGHTS.items() for r in _REDUCTIONS.items()
        ):
            if rname not in ("default", "SUM", "NONE") and wname not in ("none", "el", "half"):
                continue
            if pairwise and (rname != "default" or wname == "el"):
                continue  # no reduction argument; weights per example at most
            if name == "cosine_distance" and wname == "el":
                continue  # one loss per example: element weights do not broadcast (TF1 raises)
            header, ns = _HEADERS["tf"]
            args = f"{labels}, {predictions}"
            if weights is not None:
                args += f", weights={weights}"
            args += extra
            if reduction is not None:
                where = reduction if reduction == "red" else f"{ns}.{reduction}"
                args += f", reduction={where}"
            oracle = None
            if pairwise and wname != "col":
                # TF 2.21's eager `_num_present` takes a scalar weight for all elements at once,
                # TF1's graphs (and the shim) count per example: the per-example weights say so.
                per_example = f"tf.ones_like(labels[:, :1]) * {weights or 1.0}"
                oracle = (
                    f"{header}loss = {ns}.{name}({labels}, {predictions}, weights={per_example})\n"
                )
            cases.append(
                Case(
                    f"{name}-tf-w_{wname}-r_{rname}",
                    f"{header}loss = {ns}.{name}({args})\n",
                    oracle=oracle,
                )
            )
        for hname in ("compat", "from"):
            header, ns = _HEADERS[hname]
            source = f"{header}loss = {ns}.{name}({labels}, {predictions}{extra})\n"
            oracle = None
            if pairwise:  # as above: the default weight 1.0 is a scalar
                oracle = source.replace(")\n", ", weights=tf.ones_like(labels[:, :1]))\n")
                oracle = "import tensorflow as tf\n" + oracle
            cases.append(Case(f"{name}-{hname}-w_none-r_default", source, oracle=oracle))
    return cases


def _special() -> list[Case]:
    v1 = "import tensorflow.compat.v1 as tf\n"
    calls = {
        "huber-delta-half-keyword": "tf.losses.huber_loss(predictions=logits, labels=labels, delta=0.5)",
        "huber-delta-variable": "tf.losses.huber_loss(labels, logits, delta=tf.constant(0.7))",
        "huber-rank1": "tf.losses.huber_loss(labels[:, 0], logits[:, 0])",
        "log-epsilon": "tf.losses.log_loss(labels, probs, epsilon=1e-3)",
        "log-epsilon-weights": "tf.losses.log_loss(labels, probs, w_el, 1e-4)",
        # TF1 casts each input once and reads it twice: a float16/float64 input's gradient
        # rounds once (two casts would round each half: the audit measured 7.5% on d/dlabels)
        "log-float16-weights": "tf.losses.log_loss(tf.cast(labels, tf.float16), tf.cast(probs, tf.float16), w_el)",
        "log-float64": "tf.losses.log_loss(tf.cast(labels, tf.float64), tf.cast(probs, tf.float64))",
        "cosine-dim": "tf.losses.cosine_distance(labels, logits, dim=-1)",
        "cosine-axis0-weights": "tf.losses.cosine_distance(labels, logits, axis=0, weights=w_col[:1])",
        "sigmoid-smoothing": "tf.losses.sigmoid_cross_entropy(labels, logits, label_smoothing=0.2)",
        "sigmoid-smoothing-weights": "tf.losses.sigmoid_cross_entropy(labels, logits, w_el, 0.1)",
        "sigmoid-smoothing-variable": "tf.losses.sigmoid_cross_entropy(labels, logits, label_smoothing=tf.constant(0.3))",
        "sigmoid-int-labels": "tf.losses.sigmoid_cross_entropy(tf.cast(labels, tf.int32), logits)",
        "sigmoid-float64": "tf.losses.sigmoid_cross_entropy(labels, tf.cast(logits, tf.float64), weights=w_el)",
        "sigmoid-float16-sum": "tf.losses.sigmoid_cross_entropy(labels, tf.cast(logits, tf.float16), reduction=tf.losses.Reduction.SUM)",
        "mse-float64-inputs": "tf.losses.mean_squared_error(tf.cast(labels, tf.float64), tf.cast(logits, tf.float64))",
        "mse-scope-collection": "tf.losses.mean_squared_error(labels, logits, scope='mse', loss_collection=None)",
        "cwl-default": "tf.losses.compute_weighted_loss(tf.square(logits - labels))",
        "cwl-weights": "tf.losses.compute_weighted_loss(tf.square(logits - labels), w_el)",
        "cwl-float64-mean": "tf.losses.compute_weighted_loss(tf.cast(logits, tf.float64), weights=w_col, reduction=tf.losses.Reduction.MEAN)",
        "cwl-none": "tf.losses.compute_weighted_loss(logits, w_col, reduction=tf.losses.Reduction.NONE)",
        "hinge-weights-mean": "tf.losses.hinge_loss(labels, logits, weights=w_el, reduction=tf.losses.Reduction.MEAN)",
        "pairwise-weights-col": "tf.losses.mean_pairwise_squared_error(labels, logits, weights=w_col)",
        "abs-in-lambda": "(lambda: tf.losses.absolute_difference(labels, logits, weights=w_el))()",
        "log-in-comprehension": "[tf.losses.log_loss(labels, p) for p in [probs]][0]",
        "mse-in-expression": "2.0 * tf.losses.mean_squared_error(labels, logits, weights=w_col) + 1.0",
        # an unreduced loss is `losses * weights`: where the call stood it must keep its meaning
        "mse-none-squared": "tf.losses.mean_squared_error(labels, logits, weights=w_col, reduction=tf.losses.Reduction.NONE) ** 2",
        "abs-none-sliced": "tf.losses.absolute_difference(labels, logits, weights=w_el, reduction=tf.losses.Reduction.NONE)[:, 0]",
        "abs-none-divides": "3.0 / (1.0 + tf.losses.absolute_difference(labels, logits, weights=w_col, reduction=tf.losses.Reduction.NONE))",
        "log-none-lambda-scaled": "(lambda: 2.0 * tf.losses.log_loss(labels, probs, reduction=tf.losses.Reduction.NONE))()",
        "cosine-none-lambda-divides": "(lambda: 0.5 / tf.losses.cosine_distance(labels, logits, axis=1, weights=2.0, reduction=tf.losses.Reduction.NONE))()",
    }
    cases = [Case(f"el-{key}", f"{v1}loss = {call}\n") for key, call in calls.items()]
    nn = {
        "nn-sigmoid-sentinel": "tf.nn.sigmoid_cross_entropy_with_logits(_sentinel=None, labels=labels, logits=logits)",
        "nn-sigmoid-compat": "tf.compat.v1.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=labels)",
        "nn-weighted-targets": "tf.nn.weighted_cross_entropy_with_logits(targets=labels, logits=logits, pos_weight=3.0)",
        "nn-weighted-positional": "tf.compat.v1.nn.weighted_cross_entropy_with_logits(labels, logits, 0.5)",
    }
    cases += [Case(key, f"{v1}loss = {call}\n") for key, call in nn.items()]
    # TF 1.x took `_sentinel=None`; TF 2.21's tf.compat.v1 no longer does.
    cases[-4] = Case(
        cases[-4].id,
        cases[-4].source,
        oracle=cases[-4].source.replace("_sentinel=None, ", ""),
    )
    return cases


_CONTRIB = {
    # name: (arguments: predictions or logits first, extra)
    "absolute_difference": ("logits, labels", ""),
    "mean_squared_error": ("logits, labels", ""),
    "log_loss": ("probs, labels", ""),
    "hinge_loss": ("logits, labels", ""),
    "cosine_distance": ("logits, labels", ", axis=1"),
    "mean_pairwise_squared_error": ("logits, labels", ""),
    "sigmoid_cross_entropy": ("logits, labels", ""),
    "compute_weighted_loss": ("tf.square(logits - labels)", ""),
}


def _contrib() -> list[Case]:
    cases = []
    header = "import tensorflow as tf\nimport tf_slim as slim\n"
    for name, (args, extra) in _CONTRIB.items():
        weights = (
            {"none": None}
            if name == "hinge_loss"
            else {"none": None, "half": "0.5", "zero": "0.0", "col": "w_col"}
        )
        for wname, w in weights.items():
            call = f"slim.losses.{name}({args}{extra}" + (f", weights={w}" if w else "") + ")"
            cases.append(Case(f"slim-{name}-w_{wname}", f"{header}loss = {call}\n"))
    cases.append(
        Case(
            "slim-sigmoid-smoothing",
            f"{header}loss = slim.losses.sigmoid_cross_entropy(logits, labels, label_smoothing=0.1)\n",
        )
    )
    cases.append(
        Case(
            "slim-cosine-dim",
            f"{header}loss = slim.losses.cosine_distance(logits, labels, dim=1)\n",
        )
    )
    return cases


def elementwise_cases() -> list[Case]:
    return _core() + _special() + _contrib()
