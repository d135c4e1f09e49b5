"""``tf.nn`` softmax cross-entropy with logits: v2 renamed, v1 made explicit in TF1 code."""

from __future__ import annotations

import libcst as cst

from migrate.engine.calls import NN_V1_SIGNATURE, NN_V2_SIGNATURE, BindError, BoundCall, Signature
from migrate.engine.facts import ModuleFacts
from migrate.engine.options import Options, TF1Mode
from migrate.engine.symbols import NN_AMBIGUOUS, NN_V1, NN_V2
from migrate.report.results import Action
from migrate.rules.base import CallSite, Decision, Example, Noop, Rule
from migrate.rules.layout import NewArg, relay

__all__ = ["NnV1Rule", "NnV2Rule", "tf2_function"]

_TF2_NAME = "nn.softmax_cross_entropy_with_logits"
_V1_KEY = "TF1's v1 `softmax_cross_entropy_with_logits` (no gradient into labels)"
_V2_KEY = "TF2's `softmax_cross_entropy_with_logits` (gradient into labels)"
_SAME_KEY = "`softmax_cross_entropy_with_logits`, v1 or v2 alike (the labels carry no gradient)"


def tf2_function(facts: ModuleFacts, *, labels_gradient: bool) -> str:
    """Where to emit TF2's function from, so that the next run reads it as TF2's.

    In TF1 code (by the module's or the project's evidence) a plain ``tf.nn.softmax_cross_
    entropy_with_logits`` is read as TF1's v1 function: it is the v1 function under TF 1.x, and
    ``tf_upgrade_v2`` reads it so too. TF2's function, when its labels may carry a gradient, is
    therefore spelled ``tf.compat.v2.nn.softmax_cross_entropy_with_logits`` there: the same
    object in TF 2.x (and in TF 1.13+), read as TF2's by every tool, this one included.
    """
    return f"compat.v2.{_TF2_NAME}" if facts.tf1 and labels_gradient else _TF2_NAME


def _labels_without_gradient(site: CallSite | None, signature: Signature) -> bool:
    if site is None:
        return False
    bound = site.bind(signature)
    if isinstance(bound, BindError):
        return False
    labels = bound[0].value("labels")
    return labels is not None and site.has_no_gradient(labels)


def _rewrite_args(
    site: CallSite, bound: BoundCall, updated: BoundCall, *, wrap_labels: bool
) -> list[cst.Arg] | str:
    """TF2 arguments: ``dim`` -> ``axis``, ``_sentinel=None`` dropped, labels optionally wrapped;
    else the reason why not."""
    if "dim" in bound and "axis" in bound:
        return "both `dim` and `axis` are given (TF1 raises); left unchanged"
    args: list[cst.Arg] = []
    sources: list[cst.Arg] = []
    for param, arg in zip(updated.order, site.updated.args, strict=True):
        if param == updated.signature.sentinel:
            continue  # TF1's no-op `_sentinel=None`: TF2's function has no such parameter
        sources.append(arg)
        if param == "labels" and wrap_labels:
            arg = arg.with_changes(value=site.emitter.stop_gradient(arg.value))
        if param in ("dim", "axis") and (arg.keyword is not None or len(args) > 3):
            arg = arg.with_changes(keyword=cst.Name("axis"))
            if param == "axis" and arg.equal is cst.MaybeSentinel.DEFAULT:
                arg = arg.with_changes(
                    equal=cst.AssignEqual(
                        whitespace_before=cst.SimpleWhitespace(""),
                        whitespace_after=cst.SimpleWhitespace(""),
                    )
                )
        args.append(arg)
    if len(args) < len(site.updated.args):  # keep the layout and the dropped argument's comments
        return relay(
            site.updated,
            [
                NewArg(a.value, None if a.keyword is None else a.keyword.value, source)
                for a, source in zip(args, sources, strict=True)
            ],
        )
    return args


class NnV2Rule(Rule):
    code = "TFC105"
    name = "nn-softmax-xent-v2"
    brief = "`tf.nn.softmax_cross_entropy_with_logits_v2` -> TF2 `tf.nn.softmax_cross_entropy_with_logits` (`dim` -> `axis`)."
    summary = (
        "TF1's `tf.nn.softmax_cross_entropy_with_logits_v2` is TF2's "
        "`tf.nn.softmax_cross_entropy_with_logits` under another name: the same op, the same "
        "gradients (into labels too). The call is renamed and the deprecated `dim` becomes `axis`. "
        "Always exact."
    )
    targets = NN_V2

    def decide(self, site: CallSite) -> Decision:
        bound = site.bind(NN_V2_SIGNATURE)
        if isinstance(bound, BindError):
            return Decision(Action.REPORT, f"{bound.message}; left unchanged")
        args = _rewrite_args(site, *bound, wrap_labels=False)
        if isinstance(args, str):
            return Decision(Action.REPORT, args)
        labels = bound[0].value("labels")
        name = tf2_function(
            site.facts, labels_gradient=labels is None or not site.has_no_gradient(labels)
        )
        return Decision(
            Action.REWRITE,
            f"renamed to TF2's `tf.{name}` (same op and gradients)",
            site.updated.with_changes(func=site.emitter.tf2(name), args=args),
        )

    def semantics(self, qualified_name: str, facts: ModuleFacts, site: CallSite | None) -> str:
        return _SAME_KEY if _labels_without_gradient(site, NN_V2_SIGNATURE) else _V2_KEY

    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x, dim=1)\n",
            "import tensorflow as tf\n"
            "loss = tf.compat.v2.nn.softmax_cross_entropy_with_logits(labels=y, logits=x, axis=1)\n",
            (("TFC105", Action.REWRITE),),
            title="TF1 code (`_v2` exists only in TF 1.x): TF2's function through `tf.compat.v2`, "
            "which TF 1.x, TF 2.x and the next run all read as TF2's; `dim` becomes `axis`",
        ),
        Example(
            "import tensorflow as tf\n"
            "with tf.variable_scope('loss', reuse=tf.AUTO_REUSE):\n"
            "    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=x, labels=y)\n",
            "import tensorflow as tf\n"
            "with tf.variable_scope('loss', reuse=tf.AUTO_REUSE):\n"
            "    loss = tf.compat.v2.nn.softmax_cross_entropy_with_logits(logits=x, labels=y)\n",
            (("TFC105", Action.REWRITE),),
            title="never `tf.nn.softmax_cross_entropy_with_logits` in TF1 code: a second run "
            "would read it as TF1's v1 function and stop the labels' gradient",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x, dim=1)\n",
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x, axis=1)\n",
            (("TFC105", Action.REWRITE),),
            options=Options(tf1=TF1Mode.NO),
            title="the user says the tree is TF2 code (`Options.tf1=no`): the plain TF2 name",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits_v2(y, x)\n",
            "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(y, x)\n",
            (("TFC105", Action.REWRITE),),
            title="through `tensorflow.compat.v1`, left unused: TF2's namespace replaces it",
        ),
        Example(
            "from tensorflow.compat.v1 import nn\n"
            "loss = nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x, dim=1, axis=1)\n",
            "from tensorflow.compat.v1 import nn\n"
            "loss = nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x, dim=1, axis=1)\n",
            (("TFC105", Action.REPORT),),
            title="`dim` and `axis` together is an error in TF1: reported",
        ),
    )
    NOOPS = (
        "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
        "import mylib as tf\nloss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x)\n",
        "def softmax_cross_entropy_with_logits_v2(labels, logits):\n    return 0\n"
        "loss = softmax_cross_entropy_with_logits_v2(labels=y, logits=x)\n",
    )


class NnV1Rule(Rule):
    code = "TFC106"
    name = "nn-softmax-xent-v1"
    brief = "TF1's v1 `tf.nn.softmax_cross_entropy_with_logits` -> the TF2 function with `labels=tf.stop_gradient(...)`."
    summary = (
        "In TF1, `tf.nn.softmax_cross_entropy_with_logits` (v1) stops the gradient into `labels`; "
        "TF2's function of the same name lets it through. In TF1 code (the module uses a TF1-only "
        "API such as `tf.placeholder`, or `Options.tf1` says so) and always through "
        "`tf.compat.v1.nn`, the call becomes TF2's "
        "function with `labels=tf.stop_gradient(...)`, and `dim` becomes `axis`. Labels already "
        "wrapped (or an inline `tf.one_hot(...)`) are never wrapped twice. In TF2 code the call "
        "already has TF2 semantics and is left alone; a positional call in TF1 code is reported "
        "(TF 1.x rejected it, TF 0.x read (logits, labels), TF2 reads (labels, logits))."
    )
    targets = NN_V1 | NN_AMBIGUOUS

    def semantics(self, qualified_name: str, facts: ModuleFacts, site: CallSite | None) -> str:
        if _labels_without_gradient(site, NN_V1_SIGNATURE):
            return _SAME_KEY
        return _V1_KEY if qualified_name in NN_V1 or facts.tf1 else _V2_KEY

    def decide(self, site: CallSite) -> Decision:
        ambiguous = site.qualified_name in NN_AMBIGUOUS
        keywords = {a.keyword.value for a in site.original.args if a.keyword is not None}
        if ambiguous:
            positional = bool(site.original.args) and site.original.args[0].keyword is None
            if positional and not site.original.args[0].star:
                if site.facts.tf1:
                    return Decision(
                        Action.REPORT,
                        "positional arguments in TF1 code: TF 1.x rejected them (`_sentinel`), "
                        "TF 0.x read them as (logits, labels) and TF2 reads (labels, logits); "
                        "name them (`labels=`, `logits=`) to migrate; left unchanged",
                    )
                return Decision(None)  # positional in TF2 code: TF2's signature
            if not site.facts.tf1 and "dim" not in keywords:
                return Decision(None)  # TF2 code: already TF2's function
        bound = site.bind(NN_V1_SIGNATURE)
        if isinstance(bound, BindError):
            return Decision(Action.REPORT, f"{bound.message}; left unchanged")
        labels = bound[0].value("labels")
        assert labels is not None
        no_gradient = site.has_no_gradient(labels)
        if ambiguous and no_gradient and "dim" not in bound[0]:
            return Decision(None)  # v1 and v2 agree: nothing to do
        args = _rewrite_args(site, *bound, wrap_labels=not no_gradient)
        if isinstance(args, str):
            return Decision(Action.REPORT, args)
        if not ambiguous:
            why = "`tf.compat.v1.nn` has the v1 function"
        else:
            why = f"TF1 code: {site.facts.tf1_evidence or '`dim` is a v1-only argument'}"
        wrapped = "" if no_gradient else " with `labels=tf.stop_gradient(...)`"
        return Decision(
            Action.REWRITE,
            f"TF1's v1 `softmax_cross_entropy_with_logits` stops the gradient into labels; "
            f"rewritten to TF2's `tf.{_TF2_NAME}`{wrapped} ({why})",
            site.updated.with_changes(func=site.emitter.tf2(_TF2_NAME), args=args),
        )

    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "tf = tf.compat.v1\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x)\n",
            "import tensorflow as tf\n"
            "import tensorflow as tf2\n"
            "tf = tf.compat.v1\n"
            "loss = tf2.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x)\n",
            (("TFC106", Action.REWRITE),),
            title="`tf = tf.compat.v1` over `import tensorflow as tf`: both meanings agree (the "
            "labels carry no gradient), and TF2's function is exact for both",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x, dim=-1)\n",
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x, axis=-1)\n",
            (("TFC106", Action.REWRITE),),
            title="TF1 code through `tensorflow.compat.v1`",
        ),
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(\n"
            "    labels=y,  # one-hot\n"
            "    logits=model(x))\n",
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(\n"
            "    labels=tf.stop_gradient(y),  # one-hot\n"
            "    logits=model(x))\n",
            (("TFC106", Action.REWRITE),),
            title="TF1 code (`tf.placeholder`): labels wrapped, layout kept",
        ),
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(_sentinel=None, labels=y, logits=x)\n",
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x)\n",
            (("TFC106", Action.REWRITE),),
            title="TF 1.x's no-op `_sentinel=None` dropped (TF2's function has no `_sentinel`)",
        ),
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(x, y)\n",
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(x, y)\n",
            (("TFC106", Action.REPORT),),
            title="positional in TF1 code: TF 1.x rejected it, TF 0.x read (logits, labels): reported",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x)\n",
            "import tensorflow.compat.v1 as tf\n"
            "import tensorflow as tf2\n"
            "loss = tf2.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x)\n",
            (("TFC106", Action.REWRITE),),
            title="never wrapped twice",
        ),
        Example(
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            "import tensorflow as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=x)\n",
            (("TFC106", Action.REWRITE),),
            options=Options(tf1=TF1Mode.YES),
            title="the user says the tree is TF1 code (`Options.tf1=yes`)",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(**kwargs)\n",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(**kwargs)\n",
            (("TFC106", Action.REPORT),),
            title="`**kwargs` cannot be bound: reported",
        ),
        Example(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(_sentinel=y, labels=y, logits=x)\n",
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(_sentinel=y, labels=y, logits=x)\n",
            (("TFC106", Action.REPORT),),
            title="a `_sentinel` other than `None` raises in TF1: reported",
        ),
    )
    NOOPS = (
        Noop(
            "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            title="TF2 code: already TF2's function",
        ),
        Noop(
            "import tensorflow as tf\nimport tensorflow.compat.v1 as tf1\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            title="TF2's namespace beside `compat.v1`: `tf.nn` is TF2's function there",
        ),
        Noop(
            "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(y, x)\n",
            title="positional in TF2 code: TF2's signature",
        ),
        Noop(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.one_hot(y, 10), logits=x)\n",
            title="inline `tf.one_hot(...)` has no gradient: v1 and v2 agree",
        ),
        Noop(
            "import tensorflow.compat.v1 as tf\n"
            "loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            title="the sparse nn function already has TF2 semantics",
        ),
    )
