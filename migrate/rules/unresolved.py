"""TFC107: a reference that may be a target but whose meaning the tool cannot settle.

Never passed over in silence: a name bound several ways (``try``/``except``, a rebinding), a
parameter or loop variable holding ``tf.losses``, contrib's and core's functions reached
through one name, ``getattr(tf.losses, "softmax_cross_entropy")``... are reported with the
reason, and left unchanged.
"""

from __future__ import annotations

from migrate.engine.symbols import ALL_TARGETS
from migrate.report.results import Action
from migrate.rules.base import Decision, Example, Noop, Rule

__all__ = ["UnresolvedRule"]

_P = Action.REPORT


class UnresolvedRule(Rule):
    code = "TFC107"
    name = "unresolved-reference"
    brief = "A name that may be a target but whose meaning cannot be settled is reported, never guessed."
    summary = (
        "Names are resolved through imports and plain assignments of dotted names "
        "(`slim = tf.contrib.slim`, `losses = tf.losses`, `tf = tf.compat.v1`), in every "
        "scope. A reference is rewritten only when every binding of its name that can reach "
        "it means the same TF1 function. When a binding cannot be followed (a parameter, a "
        "loop target, a call's result, unpacking), when the bindings mean different functions "
        "(contrib's logits-first loss and core's, TF1's v1 `softmax_cross_entropy_with_logits` "
        "and TF2's), when a target is reached through `getattr` with a string (or a member "
        "of TF1's losses module with a name known only at run time), or when a "
        "target is imported but not used in its module (a re-export the tool cannot follow "
        "into other modules), the reference is reported with the reason and left unchanged."
    )
    targets = ALL_TARGETS

    @staticmethod
    def report(reason: str) -> Decision:
        return Decision(Action.REPORT, f"{reason}; left unchanged")

    EXAMPLES = (
        Example(
            "import tensorflow as tf\n"
            "slim = tf.contrib.slim\n"
            "slim = other\n"
            "loss = slim.losses.softmax_cross_entropy(x, y)\n",
            "import tensorflow as tf\n"
            "slim = tf.contrib.slim\n"
            "slim = other\n"
            "loss = slim.losses.softmax_cross_entropy(x, y)\n",
            (("TFC107", _P),),
            title="a name bound twice, once to something unknown",
        ),
        Example(
            "import tensorflow as tf\n"
            "def build(losses, y, logits):\n"
            "    return losses.softmax_cross_entropy(y, logits)\n"
            "build(tf.losses, y, logits)\n",
            "import tensorflow as tf\n"
            "def build(losses, y, logits):\n"
            "    return losses.softmax_cross_entropy(y, logits)\n"
            "build(tf.losses, y, logits)\n",
            (("TFC107", _P),),
            title="a module passed as a parameter",
        ),
        Example(
            "try:\n"
            "    import tf_slim as losses\n"
            "except ImportError:\n"
            "    import tensorflow.compat.v1 as losses\n"
            "loss = losses.losses.softmax_cross_entropy(a, b)\n",
            "try:\n"
            "    import tf_slim as losses\n"
            "except ImportError:\n"
            "    import tensorflow.compat.v1 as losses\n"
            "loss = losses.losses.softmax_cross_entropy(a, b)\n",
            (("TFC107", _P),),
            title="contrib's (logits first) or core's (labels first) function: which is unknown",
        ),
        Example(
            "import tensorflow as tf\n"
            "tf = tf.compat.v1\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            "import tensorflow as tf\n"
            "tf = tf.compat.v1\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            (("TFC107", _P),),
            title="TF2 code rebinding `tf`: TF2's function or TF1's v1",
        ),
        Example(
            "import tensorflow as tf\nfn = getattr(tf.losses, 'softmax_cross_entropy')\n",
            "import tensorflow as tf\nfn = getattr(tf.losses, 'softmax_cross_entropy')\n",
            (("TFC107", _P),),
            title="`getattr` with the target's name",
        ),
        Example(
            "import tensorflow as tf\n"
            "def loss(y, x):\n"
            "    return getattr(tf.losses, 'sigmoid_cross_entropy')(y, x)\n",
            "import tensorflow as tf\n"
            "def loss(y, x):\n"
            "    return getattr(tf.losses, 'sigmoid_cross_entropy')(y, x)\n",
            (("TFC107", _P),),
            title="the same in a function body",
        ),
        Example(
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32)\n"
            "def loss(name, y, p):\n"
            "    return getattr(tf.losses, name)(y, p)\n",
            "import tensorflow as tf\n"
            "x = tf.placeholder(tf.float32)\n"
            "def loss(name, y, p):\n"
            "    return getattr(tf.losses, name)(y, p)\n",
            (("TFC107", _P),),
            title="TF1 code: a member of TF1's losses module chosen at run time",
        ),
        Example(
            "from tensorflow.compat.v1.losses import softmax_cross_entropy\n",
            "from tensorflow.compat.v1.losses import softmax_cross_entropy\n",
            (("TFC107", _P),),
            title="imported and not used here: a re-export, whose users the tool cannot follow",
        ),
    )
    NOOPS = (
        Noop(
            "class Model:\n"
            "    def softmax_cross_entropy(self, y, x):\n"
            "        return 0\n"
            "    def loss(self, y, x):\n"
            "        return self.softmax_cross_entropy(y, x)\n",
            title="a method of one's own",
        ),
        Noop(
            "def softmax_cross_entropy(y, x):\n    return 0\nloss = softmax_cross_entropy(y, x)\n",
            title="a function of one's own",
        ),
        Noop(
            "import tensorflow as tf\nact = getattr(tf.nn, name)\nfn = getattr(tf.losses, name)\n",
            title="TF2 code: `tf.losses` is Keras'; `tf.nn` members by name (activations)",
        ),
    )
