"""TF1 names TF2 keeps under ``tf.compat.v1``: the loss collections and ``Reduction`` (TFC119);
TF1's spellings of ``tf.nn``'s sigmoid and weighted cross-entropies (TFC120)."""

from __future__ import annotations

import libcst as cst

from migrate.engine.calls import NN_SIGMOID_SIGNATURE, NN_WEIGHTED_SIGNATURE, BindError
from migrate.engine.facts import ModuleFacts
from migrate.engine.symbols import (
    COLLECTION_FUNCTIONS,
    NN_SIGMOID,
    NN_WEIGHTED,
    REDUCTION_AMBIGUOUS,
)
from migrate.report.results import Action
from migrate.rules.base import CallSite, Decision, Emitter, Example, Noop, Rule

__all__ = ["CompatLossesRule", "NnSigmoidRule"]

_R, _S, _P = Action.REWRITE, Action.SHIM, Action.REPORT


class CompatLossesRule(Rule):
    code = "TFC119"
    name = "losses-collections-and-reduction"
    brief = "`tf.losses.get_total_loss`, `add_loss`... and TF1's `tf.losses.Reduction` -> the same objects under `tf.compat.v1.losses`."
    summary = (
        "TF1's loss-collection functions (`add_loss`, `get_losses`, `get_total_loss`, "
        "`get_regularization_loss(es)`; also contrib's and slim's) are not in TF2's `tf.losses` "
        "(which is Keras'), and TF2's `tf.losses.Reduction` is Keras' (`'sum'` where TF1's is "
        "`'weighted_sum'`). In TF1 code they become the very same objects under "
        "`tf.compat.v1.losses` (calls keep their arguments). A `Reduction` inside a loss call "
        "is renamed as part of that call's rewrite."
    )
    targets = COLLECTION_FUNCTIONS | REDUCTION_AMBIGUOUS

    def semantics(self, qualified_name: str, facts: ModuleFacts, site: CallSite | None) -> str:
        if qualified_name in REDUCTION_AMBIGUOUS and not facts.tf1:
            return "Keras' `tf.losses.Reduction` (TF2 code)"
        return f"TF1's `tf.compat.v1.losses.{qualified_name.rsplit('.', 1)[-1]}`"

    def rename(
        self, qualified_name: str, facts: ModuleFacts, emitter: Emitter
    ) -> tuple[Decision, cst.BaseExpression | None]:
        """The TF2 spelling of ``qualified_name``, or ``Decision(None)`` in TF2 code."""
        leaf = qualified_name.rsplit(".", 1)[-1]
        if qualified_name in REDUCTION_AMBIGUOUS and not facts.tf1:
            return Decision(None), None
        target = f"compat.v1.losses.{leaf}"
        return (
            Decision(Action.REWRITE, f"renamed to `tf.{target}`, the same object in TF2"),
            emitter.tf2(target),
        )

    def decide(self, site: CallSite) -> Decision:
        decision, func = self.rename(site.qualified_name, site.facts, site.emitter)
        if func is None:
            return decision
        return Decision(decision.action, decision.message, site.updated.with_changes(func=func))

    EXAMPLES = (
        Example(
            "import tensorflow as tf\ntotal = tf.losses.get_total_loss()\n",
            "import tensorflow as tf\ntotal = tf.compat.v1.losses.get_total_loss()\n",
            (("TFC119", _R),),
            title="not in TF2's `tf.losses`: the same function under `tf.compat.v1`",
        ),
        Example(
            "import tf_slim as slim\nimport tensorflow as tf\ntotal = slim.losses.get_total_loss(add_regularization_losses=False)\n",
            "import tensorflow as tf\ntotal = tf.compat.v1.losses.get_total_loss(add_regularization_losses=False)\n",
            (("TFC119", _R),),
            title="slim's, which reads the same collection",
        ),
        Example(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nred = tf.losses.Reduction.MEAN\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nred = tf.compat.v1.losses.Reduction.MEAN\n",
            (("TFC119", _R),),
            title="TF1's `Reduction` in TF1 code (TF2's is Keras', without MEAN)",
        ),
    )
    NOOPS = (
        Noop(
            "import tensorflow as tf\nred = tf.losses.Reduction.SUM\n",
            title="TF2 code: Keras' `Reduction`",
        ),
        "import tensorflow as tf\ntotal = tf.compat.v1.losses.get_total_loss()\n",
        Noop(
            "class M:\n    def f(self):\n        self.add_loss(1.0)\n",
            title="Keras' `Layer.add_loss`",
        ),
    )


class NnSigmoidRule(Rule):
    code = "TFC120"
    name = "nn-sigmoid-and-weighted-xent"
    brief = "TF1's `_sentinel`/`targets=` spellings of `tf.nn.sigmoid_cross_entropy_with_logits` and `weighted_cross_entropy_with_logits` -> TF2's."
    summary = (
        "TF2's `tf.nn.sigmoid_cross_entropy_with_logits(labels, logits)` and "
        "`weighted_cross_entropy_with_logits(labels, logits, pos_weight)` compute what TF1's did "
        "(neither stops the labels' gradient); only the spelling changed. TF 1.x's "
        "`_sentinel=None` is dropped, TF1's (and TF 0.x's) `targets=` becomes `labels=`; calls "
        "already in TF2's spelling are left alone. A positional sigmoid call in TF1 code is "
        "reported (TF 1.x rejected it; TF 0.x read it as `(logits, targets)`)."
    )
    targets = NN_SIGMOID | NN_WEIGHTED

    def decide(self, site: CallSite) -> Decision:
        weighted = site.qualified_name in NN_WEIGHTED
        signature = NN_WEIGHTED_SIGNATURE if weighted else NN_SIGMOID_SIGNATURE
        args = site.original.args
        compat = not site.qualified_name.startswith("tensorflow.nn.")  # TF1's own spelling
        if not weighted and args and args[0].keyword is None and not args[0].star:
            if site.facts.tf1 or compat:
                return Decision(
                    Action.REPORT,
                    "positional arguments in TF1 code: TF 1.x rejected them (`_sentinel`), TF 0.x "
                    "read them as (logits, targets) and TF2 reads (labels, logits); name them "
                    "(`labels=`, `logits=`) to migrate; left unchanged",
                )
            return Decision(None)
        keywords = {a.keyword.value for a in args if a.keyword is not None}
        if not compat and not keywords & {"_sentinel", "targets"}:
            return Decision(None)  # TF2's function, in TF2's spelling already
        bound = site.bind(signature)
        if isinstance(bound, BindError):
            return Decision(Action.REPORT, f"{bound.message}; left unchanged")
        new_args = []
        for arg in site.updated.args:
            if arg.keyword is not None and arg.keyword.value == "_sentinel":
                continue
            if arg.keyword is not None and arg.keyword.value == "targets":
                arg = arg.with_changes(keyword=cst.Name("labels"))
            new_args.append(arg)
        if new_args:
            new_args[-1] = new_args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        leaf = site.qualified_name.rsplit(".", 1)[-1]
        what = "`_sentinel`/`targets=`" if keywords & {"_sentinel", "targets"} else "`compat.v1`"
        return Decision(
            Action.REWRITE,
            f"TF1's spelling of `tf.nn.{leaf}` ({what}) rewritten to TF2's (the same computation)",
            site.updated.with_changes(func=site.emitter.tf2(f"nn.{leaf}"), args=new_args),
        )

    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "loss = tf.nn.weighted_cross_entropy_with_logits(targets=y, logits=x, pos_weight=3.0)\n",
            "import tensorflow as tf\n"
            "loss = tf.nn.weighted_cross_entropy_with_logits(labels=y, logits=x, pos_weight=3.0)\n",
            (("TFC120", _R),),
            title="TF1's `targets=` is TF2's `labels=`",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.nn.sigmoid_cross_entropy_with_logits(_sentinel=None, labels=y, logits=x)\n",
            "import tensorflow as tf\n"
            "loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x)\n",
            (("TFC120", _R),),
            title="TF 1.x's `_sentinel=None` dropped",
        ),
        Example(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
            "loss = tf.nn.sigmoid_cross_entropy_with_logits(x, y)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
            "loss = tf.nn.sigmoid_cross_entropy_with_logits(x, y)\n",
            (("TFC120", _P),),
            title="positional in TF1 code: reported",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, targets=y)\n",
            "import tensorflow as tf\n"
            "loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=y)\n",
            (("TFC120", _R),),
            title="TF 0.x's `targets=` on the sigmoid one too",
        ),
    )
    NOOPS = (
        "import tensorflow as tf\nloss = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x)\n",
        "import tensorflow as tf\nloss = tf.nn.weighted_cross_entropy_with_logits(y, x, 2.0)\n",
    )
