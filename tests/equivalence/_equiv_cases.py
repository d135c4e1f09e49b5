"""Generated TF1-style call forms for the semantic-equivalence harness (no TensorFlow here).

Each case is a small module: imports, optional set-up lines, and ``loss = <call>``. The
names it may use are provided by the harness: ``labels`` (one-hot, a variable), ``ids``
(class ids), ``logits`` (a variable), ``w`` (per-example weights with zeros, a variable),
``w_col`` (``[batch, 1]`` weights, rank-3 cases only) and ``red`` (a reduction held in a
variable).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

__all__ = ["Case", "all_cases"]


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    sparse: bool = False
    rank: int = 2
    graph_ok: bool = True
    """The call can also be built in a TF1 graph (placeholders + Session)."""
    options: dict[str, str] = field(default_factory=dict)
    oracle: str | None = None
    """What the source means in TF1 when TF 2.21 runs it differently (``None``: the source)."""


_HEADERS = {
    "compat": ("import tensorflow.compat.v1 as tf\n", "tf.losses"),
    "tf": ("import tensorflow as tf\n", "tf.compat.v1.losses"),
    "from": ("from tensorflow.compat.v1 import losses as L\n", "L"),
}
_WEIGHTS = {
    "none": None,
    "one": "1.0",
    "half": "0.5",
    "int2": "2",
    "neg": "-1.5",
    "zero": "0.0",
    "tensor": "w",
}
_REDUCTIONS = {
    "default": None,
    "NONE": "Reduction.NONE",
    "SUM": "Reduction.SUM",
    "SOBS": "Reduction.SUM_OVER_BATCH_SIZE",
    "MEAN": "Reduction.MEAN",
    "SBNZ": "Reduction.SUM_BY_NONZERO_WEIGHTS",
    "str_sum": '"weighted_sum"',
    "variable": "red",
}


def _core(sparse: bool) -> list[Case]:
    cases = []
    name = "sparse_softmax_cross_entropy" if sparse else "softmax_cross_entropy"
    first = "ids" if sparse else "labels"
    first_kw = "labels" if sparse else "onehot_labels"
    smoothings = {"none": None} if sparse else {"none": None, "s01": "0.1", "s0": "0"}
    for (hname, (header, ns)), (wname, weights), (rname, reduction), (
        sname,
        smoothing,
    ) in itertools.product(
        _HEADERS.items(), _WEIGHTS.items(), _REDUCTIONS.items(), smoothings.items()
    ):
        # Keep the product small but cover every axis against every other at least once.
        # The full product is spelled `import tensorflow as tf` + `tf.compat.v1.losses`; the other
        # spellings (same semantics) cover a slice.
        if hname != "tf" and (rname not in ("default", "SUM") or sname != "none"):
            continue
        if sname != "none" and (rname not in ("default", "SUM") or wname in ("int2", "neg")):
            continue
        if wname in ("int2", "neg", "one") and rname not in ("default", "MEAN", "SUM"):
            continue
        for form in ("positional", "keyword", "permuted"):
            if form != "keyword" and (rname not in ("default", "NONE") or hname != "tf"):
                continue
            extra: list[tuple[str, str]] = []
            if weights is not None:
                extra.append(("weights", weights))
            if smoothing is not None:
                extra.append(("label_smoothing", smoothing))
            if reduction is not None:
                value = reduction if not reduction.startswith("Reduction") else f"{ns}.{reduction}"
                if hname == "from" and reduction.startswith("Reduction"):
                    value = f"L.{reduction}"
                extra.append(("reduction", value))
            if form == "positional":
                args = [first, "logits"] + [f"{k}={v}" for k, v in extra]
            elif form == "keyword":
                args = [f"{first_kw}={first}", "logits=logits"] + [f"{k}={v}" for k, v in extra]
            else:
                args = [f"{k}={v}" for k, v in reversed(extra)] + [
                    "logits=logits",
                    f"{first_kw}={first}",
                ]
            call = f"{ns}.{name}({', '.join(args)})"
            cases.append(
                Case(
                    f"{name}-{hname}-{form}-w_{wname}-r_{rname}-s_{sname}",
                    f"{header}loss = {call}\n",
                    sparse=sparse,
                )
            )
    return cases


def _special() -> list[Case]:
    cases = [
        Case(
            "sce-multiline-comments",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(\n"
            "    logits=logits,  # the model\n"
            "    onehot_labels=labels,  # one-hot\n"
            "    scope='xent',  # names ops only\n"
            "    weights=2.0,\n"
            ")\n",
        ),
        Case(
            "sce-rank3-weights-col-sum",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(labels, logits, weights=w_col,\n"
            "    reduction=tf.losses.Reduction.SUM)\n",
            rank=3,
        ),
        Case(
            "sce-rank3-default",
            "import tensorflow.compat.v1 as tf\nloss = tf.losses.softmax_cross_entropy(labels, logits)\n",
            rank=3,
        ),
        Case(
            "sce-rank3-smoothing-sobs",
            "import tensorflow.compat.v1 as tf\nloss = tf.losses.softmax_cross_entropy(labels, logits,"
            " label_smoothing=0.2, reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE)\n",
            rank=3,
        ),
        Case(
            "sparse-rank3-weights-col-none",
            "import tensorflow.compat.v1 as tf\nloss = tf.losses.sparse_softmax_cross_entropy(ids, logits,"
            " weights=w_col, reduction=tf.losses.Reduction.NONE)\n",
            sparse=True,
            rank=3,
        ),
        Case(
            "sce-float16",
            "import tensorflow.compat.v1 as tf\nlogits = tf.cast(logits, tf.float16)\n"
            "loss = tf.losses.softmax_cross_entropy(labels, logits)\n",
        ),
        Case(
            "sce-float64",
            "import tensorflow.compat.v1 as tf\nlogits = tf.cast(logits, tf.float64)\n"
            "loss = tf.losses.softmax_cross_entropy(labels, logits, reduction=tf.losses.Reduction.SUM)\n",
        ),
        Case(
            "sparse-float16",
            "import tensorflow.compat.v1 as tf\nlogits = tf.cast(logits, tf.float16)\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(ids, logits)\n",
            sparse=True,
        ),
        Case(
            "sce-one-hot-inline",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(tf.one_hot(ids, 5), logits, weights=3.0)\n",
        ),
        Case(
            "sce-int-onehot-labels",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(tf.cast(labels, tf.int32), logits, weights=2.0)\n",
        ),
        Case(
            "sce-python-list-labels",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy([[0.0, 1.0, 0.0, 0.0, 0.0]] * 6, logits)\n",
        ),
        Case(
            "sparse-int64-ids-rank2-labels",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(tf.cast(ids[:, None], tf.int64), logits,"
            " reduction=tf.losses.Reduction.SUM_OVER_BATCH_SIZE)\n",
            sparse=True,
        ),
        Case(
            "sce-tf-function",
            "import tensorflow as tf\n"
            "@tf.function\n"
            "def f(y, x):\n"
            "    return tf.compat.v1.losses.softmax_cross_entropy(y, x, label_smoothing=0.2)\n"
            "loss = f(labels, logits)\n",
        ),
        Case(
            "sce-lambda",
            "import tensorflow.compat.v1 as tf\n"
            "f = lambda y, x: tf.losses.softmax_cross_entropy(y, x, weights=0.5)\n"
            "loss = f(labels, logits)\n",
        ),
        Case(
            "sce-dict-comprehension",
            "import tensorflow.compat.v1 as tf\n"
            "d = {k: tf.losses.softmax_cross_entropy(labels, logits * k) for k in (1.0, 2.0)}\n"
            "loss = d[1.0] + d[2.0]\n",
        ),
        Case(
            "sce-collection-none",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(labels, logits, loss_collection=None)\n",
        ),
        Case(
            "sce-collection-read",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.losses.softmax_cross_entropy(labels, logits)\n"
            "total = tf.losses.get_losses()\n",
        ),
        Case(
            "sce-partial-reference",
            "import functools\nimport tensorflow.compat.v1 as tf\n"
            "fn = functools.partial(tf.losses.softmax_cross_entropy, weights=w)\n"
            "loss = fn(labels, logits)\n",
        ),
    ]
    # tf_slim: logits first.
    for (wname, weights), (sname, smoothing), form in itertools.product(
        [("none", None), ("one", "1.0"), ("half", "0.5"), ("zero", "0.0"), ("tensor", "w")],
        [("none", None), ("s01", "0.1")],
        ["positional", "keyword"],
    ):
        extra = [(k, v) for k, v in (("weights", weights), ("label_smoothing", smoothing)) if v]
        head = (
            ["logits", "labels"]
            if form == "positional"
            else ["onehot_labels=labels", "logits=logits"]
        )
        args = ", ".join(head + [f"{k}={v}" for k, v in extra])
        cases.append(
            Case(
                f"slim-sce-{form}-w_{wname}-s_{sname}",
                f"import tf_slim as slim\nloss = slim.losses.softmax_cross_entropy({args})\n",
            )
        )
        if smoothing is None:
            head = ["logits", "ids"] if form == "positional" else ["labels=ids", "logits=logits"]
            args = ", ".join(head + [f"{k}={v}" for k, v in extra])
            cases.append(
                Case(
                    f"slim-sparse-{form}-w_{wname}",
                    f"import tf_slim as slim\nloss = slim.losses.sparse_softmax_cross_entropy({args})\n",
                    sparse=True,
                )
            )
    # tf.nn.
    for header, ns in (
        ("import tensorflow.compat.v1 as tf\n", "tf.nn"),
        ("import tensorflow as tf\n", "tf.compat.v1.nn"),
    ):
        cases += [
            Case(
                f"nn-v2-{ns}-dim",
                f"{header}loss = {ns}.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, dim=-1)\n",
            ),
            Case(
                f"nn-v2-{ns}-positional",
                f"{header}loss = {ns}.softmax_cross_entropy_with_logits_v2(labels, logits)\n",
            ),
            Case(
                f"nn-v1-{ns}-keyword",
                f"{header}loss = {ns}.softmax_cross_entropy_with_logits(logits=logits, labels=labels)\n",
            ),
            Case(
                f"nn-v1-{ns}-dim0-rank3",
                f"{header}loss = {ns}.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=1)\n",
                rank=3,
            ),
            Case(
                f"nn-v1-{ns}-wrapped",
                f"{header}loss = {ns}.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels), logits=logits)\n",
            ),
        ]
    cases.append(
        Case(
            "nn-v1-tf1-mode-option",
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n",
            options={"tf1": "yes"},
            oracle="import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n",
        )
    )
    return cases


def all_cases() -> list[Case]:
    from _equiv_cases_elementwise import elementwise_cases

    return _core(sparse=False) + _core(sparse=True) + _special() + elementwise_cases()
