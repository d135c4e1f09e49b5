"""TFC100: a target used without being called (assigned, passed, wrapped in ``partial``)."""

from __future__ import annotations

import libcst as cst

from migrate.engine.options import Fallback, Options
from migrate.engine.symbols import (
    CONTRIB,
    CONTRIB_SCE,
    CONTRIB_SPARSE,
    CORE,
    CORE_SCE,
    CORE_SPARSE,
    LOSSES_AMBIGUOUS,
    NN_AMBIGUOUS,
    NN_SIGMOID,
    NN_V1,
    NN_V2,
    NN_WEIGHTED,
    SOFTMAX_TARGETS,
)
from migrate.report.results import Action
from migrate.rules.base import (
    Decision,
    Emitter,
    Example,
    Noop,
    Rule,
    denominator_note,
    shim_target,
)
from migrate.rules.nn import tf2_function

__all__ = ["ReferenceRule"]

_SHIM = {
    **dict.fromkeys(CORE_SCE, "softmax_cross_entropy"),
    **dict.fromkeys(CORE_SPARSE, "sparse_softmax_cross_entropy"),
    **dict.fromkeys(CONTRIB_SCE, "contrib.softmax_cross_entropy"),
    **dict.fromkeys(CONTRIB_SPARSE, "contrib.sparse_softmax_cross_entropy"),
    **{name: leaf for leaf, names in CORE.items() for name in names},
    **{name: f"contrib.{leaf}" for leaf, names in CONTRIB.items() for name in names},
    **dict.fromkeys(NN_SIGMOID, "nn.sigmoid_cross_entropy_with_logits"),
    **dict.fromkeys(NN_WEIGHTED, "nn.weighted_cross_entropy_with_logits"),
    **dict.fromkeys(NN_V1 | NN_AMBIGUOUS, "nn.softmax_cross_entropy_with_logits"),
}
"""The shim function of the same signature as each target."""
_TF2_NN = frozenset(
    {
        "tensorflow.nn.sigmoid_cross_entropy_with_logits",
        "tensorflow.nn.weighted_cross_entropy_with_logits",
    }
)
"""TF2's own functions of these names, in TF2 code."""


class ReferenceRule(Rule):
    code = "TFC100"
    name = "loss-function-reference"
    brief = "A target used as a value (assigned, in `partial`, in a dict) goes to the same-signature shim, or is reported."
    summary = (
        "A target function used as a value (`loss_fn = tf.losses.softmax_cross_entropy`, "
        "`functools.partial(...)`, a dict of losses) cannot be bound to its arguments, so no "
        "native rewrite is possible. With the shim fallback the reference is replaced by the "
        "shim function of the same signature (exact by construction; the v1 "
        "`tf.nn.softmax_cross_entropy_with_logits` in TF1 code goes to "
        "`tfcompat_losses.nn.softmax_cross_entropy_with_logits`); "
        "`softmax_cross_entropy_with_logits_v2` becomes TF2's function of the same behaviour. "
        "The same holds for every loss of `tf.compat.v1.losses` and contrib's, and for TF1's "
        "`tf.nn.sigmoid_cross_entropy_with_logits` / `weighted_cross_entropy_with_logits` "
        "(whose `_sentinel`/`targets=` TF2's functions do not take). With "
        "`--fallback report` the reference is reported."
    )
    targets = (
        SOFTMAX_TARGETS
        | frozenset().union(*CORE.values(), *CONTRIB.values())
        | NN_SIGMOID
        | NN_WEIGHTED
    )

    def decide_reference(
        self, qualified_name: str, tf1: bool, options: Options, emitter: Emitter
    ) -> tuple[Decision, cst.BaseExpression | None]:
        if qualified_name in NN_V2:
            name = tf2_function(emitter.facts, labels_gradient=True)
            return (
                Decision(Action.REWRITE, f"reference renamed to TF2's `tf.{name}`"),
                emitter.tf2(name),
            )
        if qualified_name in NN_AMBIGUOUS | LOSSES_AMBIGUOUS | _TF2_NN and not tf1:
            return Decision(None), None  # TF2's function of that name, in TF2 code
        shim = _SHIM[qualified_name]
        if options.fallback is not Fallback.REPORT:
            shim = shim_target(shim, emitter.facts, options)
            return (
                Decision(
                    Action.SHIM,
                    "used as a value, its arguments cannot be bound; routed to the exact "
                    f"`tfcompat_losses.{shim}` (same signature)"
                    + denominator_note(emitter.facts, options),
                ),
                emitter.shim(shim),
            )
        return (
            Decision(
                Action.REPORT,
                f"`{qualified_name}` used as a value: its arguments cannot be bound; left unchanged",
            ),
            None,
        )

    EXAMPLES = (
        Example(
            "import tensorflow as tf\nloss_fn = tf.losses.softmax_cross_entropy\n",
            "import tfcompat_losses\nloss_fn = tfcompat_losses.softmax_cross_entropy\n",
            (("TFC100", Action.SHIM),),
            title="a reference routed to the shim",
        ),
        Example(
            "import functools\nimport tf_slim as slim\n"
            "loss_fn = functools.partial(slim.losses.softmax_cross_entropy, weights=2.0)\n",
            "import functools\nimport tfcompat_losses.contrib\n"
            "loss_fn = functools.partial(tfcompat_losses.contrib.softmax_cross_entropy, weights=2.0)\n",
            (("TFC100", Action.SHIM),),
            title="`partial` of a contrib loss; the unused `tf_slim` import is removed",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\nfns = {'xent': tf.nn.softmax_cross_entropy_with_logits}\n",
            "import tfcompat_losses.nn\nfns = {'xent': tfcompat_losses.nn.softmax_cross_entropy_with_logits}\n",
            (("TFC100", Action.SHIM),),
            title="the v1 nn function as a value: its labels cannot be wrapped, the shim keeps v1",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\nfn = tf.nn.softmax_cross_entropy_with_logits\n",
            "import tensorflow.compat.v1 as tf\nfn = tf.nn.softmax_cross_entropy_with_logits\n",
            (("TFC100", Action.REPORT),),
            options=Options(fallback=Fallback.REPORT),
            title="the same, reported with `Options.fallback=report`",
        ),
    )
    NOOPS = (
        "import tensorflow as tf\nfn = tf.nn.softmax_cross_entropy_with_logits\n",
        Noop("softmax_cross_entropy = 1\nx = softmax_cross_entropy\n", title="a local name"),
    )
