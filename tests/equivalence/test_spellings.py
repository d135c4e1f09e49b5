"""Issue 9's contract, executed: every spelling of a target is rewritten or reported, never
passed over, and what is rewritten computes the same value, dtype and gradients.

Each spelling is a small TF1 module as public repositories write it. The engine's findings are
counted against the references the spelling holds (written down here, not read from the
engine). Then the module runs before and after migration on the same inputs:

* before, as TF 1.x ran it: a plain ``import tensorflow`` gets TF 2.21's ``tf.compat.v1``
  (where ``tf.nn.softmax_cross_entropy_with_logits`` is the v1 function and ``tf.losses`` TF1's
  losses), and ``tf.contrib.slim`` / ``tf.contrib.losses`` are ``tf_slim``'s;
* after, on TF2: ``tensorflow`` is TF 2.21's own namespace; only the TF1-only names the
  migration leaves in place for other tools (``tf.placeholder``, ``tf.variable_scope``,
  ``tf.contrib``...) are lent from ``tf.compat.v1``, never a name TF2 has.

A second run over the output must change nothing.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from migrate.engine.options import Options, TF1Mode
from migrate.engine.transform import transform_source
from migrate.report.results import Action

tf = pytest.importorskip("tensorflow")
tf_slim = pytest.importorskip("tf_slim")
pytest.importorskip("tfcompat_losses")

from _equiv_harness import differences, run_eager  # noqa: E402


@dataclass(frozen=True)
class Spelling:
    id: str
    source: str
    references: int
    """Target references in the source (calls and uses as a value), counted by hand."""
    reported: int = 0
    """How many of them must be reported (their meaning cannot be settled)."""
    options: Options = field(default_factory=Options)


SPELLINGS = [
    Spelling(
        "issue9-v2-in-variable-scope",
        "import tensorflow as tf\n"
        "def f(logits, y):\n"
        "    with tf.variable_scope('loss', reuse=tf.AUTO_REUSE):\n"
        "        return tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y)\n"
        "loss = f(logits, labels)\n",
        1,
    ),
    Spelling(
        "v1-in-tf1-module",
        "import tensorflow as tf\n"
        "x = tf.placeholder_with_default(logits, logits.shape)\n"
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x)\n",
        1,
    ),
    Spelling(
        "helper-in-tf1-project",
        "import tensorflow as tf\n"
        "def xent(logits, y):\n"
        "    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=y))\n"
        "loss = xent(logits, labels)\n",
        1,
        options=Options(tf1=TF1Mode.YES, evidence=(("tf1", "train.py uses `tf.placeholder`"),)),
    ),
    Spelling(
        "slim-alias-in-function",
        "import tensorflow as tf\n"
        "def f(logits, labels, w):\n"
        "    slim = tf.contrib.slim\n"
        "    return slim.losses.softmax_cross_entropy(logits, labels, w)\n"
        "loss = f(logits, labels, w)\n",
        1,
    ),
    Spelling(
        "slim-alias-module-level",
        "import tensorflow as tf\n"
        "slim = tf.contrib.slim\n"
        "loss = slim.losses.softmax_cross_entropy(logits, labels, 2.0)\n",
        1,
    ),
    Spelling(
        "slim-try-import",
        "import tensorflow as tf\n"
        "try:\n"
        "    import tf_slim as slim\n"
        "except ImportError:\n"
        "    slim = tf.contrib.slim\n"
        "loss = slim.losses.sparse_softmax_cross_entropy(logits, ids, weights=w)\n",
        1,
    ),
    Spelling(
        "module-alias",
        "import tensorflow as tf\n"
        "losses = tf.losses\n"
        "loss = losses.softmax_cross_entropy(labels, logits, label_smoothing=0.1)\n",
        1,
    ),
    Spelling(
        "module-alias-in-function",
        "import tensorflow as tf\n"
        "def f(y, x):\n"
        "    losses = tf.compat.v1.losses\n"
        "    return losses.sparse_softmax_cross_entropy(y, x, weights=w)\n"
        "loss = f(ids, logits)\n",
        1,
    ),
    Spelling(
        "chained-alias",
        "import tensorflow as tf\nL = tf.losses\nM = L\nloss = M.softmax_cross_entropy(labels, logits)\n",
        1,
    ),
    Spelling(
        "tuple-alias",
        "import tensorflow as tf\n"
        "losses, nn = tf.losses, tf.nn\n"
        "loss = losses.softmax_cross_entropy(labels, logits, weights=w)\n",
        1,
    ),
    Spelling(
        "function-alias-v2",
        "import tensorflow as tf\n"
        "xent = tf.nn.softmax_cross_entropy_with_logits_v2\n"
        "loss = xent(labels=labels, logits=logits)\n",
        2,
    ),
    Spelling(
        "function-alias-core",
        "import tensorflow as tf\n"
        "xent = tf.losses.softmax_cross_entropy\n"
        "loss = xent(labels, logits, weights=w)\n",
        2,
    ),
    Spelling(
        "partial",
        "import functools\nimport tensorflow as tf\n"
        "fn = functools.partial(tf.losses.softmax_cross_entropy, label_smoothing=0.2)\n"
        "loss = fn(labels, logits)\n",
        1,
    ),
    Spelling(
        "dict-of-losses",
        "import tensorflow as tf\n"
        "LOSSES = {'xent': tf.losses.sparse_softmax_cross_entropy}\n"
        "loss = LOSSES['xent'](ids, logits)\n",
        1,
    ),
    Spelling(
        "passed-as-argument",
        "import tensorflow as tf\n"
        "def run(fn, y, x):\n"
        "    return fn(y, x)\n"
        "loss = run(tf.losses.softmax_cross_entropy, labels, logits)\n",
        1,
    ),
    Spelling(
        "v1-as-value-in-tf1-code",
        "import tensorflow as tf\n"
        "x = tf.placeholder_with_default(logits, logits.shape)\n"
        "fn = tf.nn.softmax_cross_entropy_with_logits\n"
        "loss = fn(labels=labels, logits=x)\n",
        2,
    ),
    Spelling(
        "tf-rebound-to-compat-v1-tf1-code",
        "import tensorflow as tf\n"
        "tf = tf.compat.v1\n"
        "x = tf.placeholder_with_default(logits, logits.shape)\n"
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x)\n",
        1,
    ),
    Spelling(
        "tf-rebound-to-compat-v1-tf2-code",
        "import tensorflow as tf\n"
        "tf = tf.compat.v1\n"
        "loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n",
        1,
        reported=1,
    ),
    Spelling(
        "tf-rebound-core-loss",
        "import tensorflow as tf\n"
        "tf = tf.compat.v1\n"
        "loss = tf.losses.softmax_cross_entropy(labels, logits)\n",
        1,
    ),
    Spelling(
        "private-nn",
        "from tensorflow.python.ops import nn\n"
        "loss = nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n",
        1,
    ),
    Spelling(
        "private-nn-v2",
        "from tensorflow.python.ops import nn_ops\n"
        "loss = nn_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)\n",
        1,
    ),
    Spelling(
        "private-losses",
        "from tensorflow.python.ops.losses import losses\n"
        "loss = losses.softmax_cross_entropy(labels, logits, weights=w)\n",
        1,
    ),
    Spelling(
        "from-import-alias",
        "from tensorflow.compat.v1.losses import sparse_softmax_cross_entropy as xent\n"
        "loss = xent(ids, logits)\n",
        1,
    ),
    Spelling(
        "contrib-import",
        "import tensorflow.contrib.slim as slim\n"
        "loss = slim.losses.softmax_cross_entropy(logits, labels, weights=0.5)\n",
        1,
    ),
    Spelling(
        "lambda",
        "import tensorflow as tf\n"
        "f = lambda y, x: tf.losses.softmax_cross_entropy(y, x, weights=w)\n"
        "loss = f(labels, logits)\n",
        1,
    ),
    Spelling(
        "method-attribute",
        "import tensorflow as tf\n"
        "class M:\n"
        "    def __init__(self):\n"
        "        self.xent = tf.losses.softmax_cross_entropy\n"
        "    def loss(self, y, x):\n"
        "        return self.xent(y, x)\n"
        "loss = M().loss(labels, logits)\n",
        1,
    ),
    Spelling(
        "module-as-parameter",
        "import tensorflow as tf\n"
        "def build(losses, y, x):\n"
        "    return losses.softmax_cross_entropy(y, x)\n"
        "loss = build(tf.losses, labels, logits)\n",
        1,
        reported=1,
    ),
    Spelling(
        "getattr-by-name",
        "import tensorflow as tf\n"
        "loss = getattr(tf.losses, 'softmax_cross_entropy')(labels, logits)\n",
        1,
        reported=1,
    ),
    Spelling(
        "slim-bound-two-ways",
        "import tensorflow as tf\n"
        "slim = tf.contrib.slim\n"
        "if tf.__version__ > '9':\n"
        "    slim = object()\n"
        "loss = slim.losses.softmax_cross_entropy(logits, labels)\n",
        1,
        reported=1,
    ),
    Spelling(
        "star-import",
        "from tensorflow.compat.v1.losses import *\nloss = softmax_cross_entropy(labels, logits)\n",
        1,
        reported=1,
    ),
]


@contextlib.contextmanager
def _tensorflow(tf1: bool) -> Iterator[None]:
    """``import tensorflow`` as TF 1.x had it (``tf1``), or TF2 lent only its missing names."""
    contrib = types.SimpleNamespace(slim=tf_slim, losses=tf_slim.losses)
    v1 = tf.compat.v1
    saved = {name: sys.modules.get(name) for name in ("tensorflow", "tensorflow.contrib")}
    added: list[tuple[object, str]] = []
    try:
        sys.modules["tensorflow.contrib"] = contrib  # type: ignore[assignment]
        sys.modules["tensorflow.contrib.slim"] = tf_slim
        target = v1 if tf1 else tf
        if tf1:
            sys.modules["tensorflow"] = v1
        for name in ("contrib", *(n for n in dir(v1) if not n.startswith("_"))):
            if not hasattr(target, name):
                setattr(target, name, contrib if name == "contrib" else getattr(v1, name))
                added.append((target, name))
        yield
    finally:
        for owner, name in added:
            delattr(owner, name)
        sys.modules.pop("tensorflow.contrib.slim", None)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


@pytest.mark.parametrize("spelling", SPELLINGS, ids=lambda s: s.id)
def test_spelling(spelling: Spelling) -> None:
    result = transform_source(spelling.source, options=spelling.options)
    assert result.error is None
    findings = [(f.code, f.action) for f in result.findings]
    assert len(findings) == spelling.references, findings  # rewritten or reported: never silent
    reported = [f for f in result.findings if f.action is Action.REPORT]
    assert len(reported) == spelling.reported, findings
    again = transform_source(result.output, options=spelling.options)
    assert again.output == result.output, "a second run changed the output"
    if spelling.reported:
        assert result.output == spelling.source
        return
    assert result.changed
    with _tensorflow(tf1=True):
        before = run_eager(spelling.source, 2)
    with _tensorflow(tf1=False):
        after = run_eager(result.output, 2)
    assert differences(before, after) == []


def test_the_legacy_namespace_is_what_it_claims() -> None:
    """The before/after environments differ where TF1 and TF2 differ, and only by lending."""
    source = "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n"
    with _tensorflow(tf1=True):
        v1 = run_eager(source, 2)
    with _tensorflow(tf1=False):
        v2 = run_eager(source, 2)
    assert not v1.grads["labels"].any()  # TF1's v1 function: no gradient into labels
    assert v2.grads["labels"].any()  # TF2's function
    assert not hasattr(tf, "placeholder")  # nothing lent is left behind
