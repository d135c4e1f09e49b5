"""Executed before/after: programs on which an audit found a native rewrite changing behaviour.

Each program runs in its own interpreter, before and after migration (graph-mode switches such
as ``disable_v2_behavior`` are process-wide), and prints what it computed; the outputs must be
identical. Each also states the finding that keeps it exact: each was routed to the shim, and
is now written out in plain TF2 ops (``Fallback.PLAIN``), which compute what TF1 computed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from migrate.engine.transform import transform_source
from migrate.report.results import Action

pytest.importorskip("tensorflow")

from _subprocess_env import python_env

PROGRAMS = {
    # disable_v2_behavior() turns tf.Variable into ref variables (float32_ref): Keras 3 raised
    # "Invalid dtype: float32_ref" for one passed as y_pred or sample_weight.
    "ref_variables": (
        "import numpy as np\n"
        "import tensorflow.compat.v1 as tf\n"
        "tf.disable_v2_behavior()\n"
        "logits = tf.Variable(np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], np.float32))\n"
        "labels = tf.one_hot([0, 1], 3)\n"
        "lam = tf.Variable(0.7)\n"
        "a = tf.losses.softmax_cross_entropy(labels, logits, reduction=tf.losses.Reduction.SUM)\n"
        "b = tf.losses.softmax_cross_entropy(\n"
        "    labels, logits * 1.0, weights=lam, reduction=tf.losses.Reduction.SUM)\n"
        "with tf.Session() as s:\n"
        "    s.run(tf.global_variables_initializer())\n"
        "    print([repr(v) for v in s.run([a, b])], a.dtype, b.dtype)\n",
        {"TFC101": Action.REWRITE},
    ),
    # float64 from NumPy with no dtype word: Keras 3 computed in float32, and adding the
    # float64 L2 term then raised.
    "numpy_float64": (
        "import numpy as np\n"
        "import tensorflow.compat.v1 as tf\n"
        "tf.disable_v2_behavior()\n"
        "rng = np.random.RandomState(0)\n"
        "W = tf.Variable(rng.randn(4, 3), name='weight')\n"
        "logits = tf.matmul(tf.constant(rng.randn(2, 4)), W)\n"
        "loss = tf.losses.softmax_cross_entropy(tf.one_hot([0, 2], 3), logits)\n"
        "total = loss + 1e-3 * tf.nn.l2_loss(W)\n"
        "grad = tf.gradients(total, W)[0]\n"
        "with tf.Session() as s:\n"
        "    s.run(tf.global_variables_initializer())\n"
        "    t, g = s.run([total, grad])\n"
        "    print(loss.dtype, repr(t), g.tolist())\n",
        {"TFC101": Action.REWRITE},
    ),
    # TF1's sparse loss squeezes [B, 1] weights; Keras 3 returned [B, 1] losses for "none",
    # which then broadcast silently against a [B] mask.
    "sparse_none_b1_weights": (
        "import tensorflow as tf\n"
        "logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [0.1, 0.2, 3.0]])\n"
        "labels = tf.constant([[0], [1], [2]])\n"
        "w = tf.constant([[1.0], [0.0], [2.0]])\n"
        "per_ex = tf.compat.v1.losses.sparse_softmax_cross_entropy(\n"
        "    labels, logits, weights=w, reduction=tf.compat.v1.losses.Reduction.NONE)\n"
        "valid = tf.constant([1.0, 1.0, 0.0])\n"
        "print(per_ex.shape, repr(float(tf.reduce_sum(per_ex * valid))))\n",
        {"TFC102": Action.REWRITE},
    ),
}


def _run(source: str) -> str:
    process = subprocess.run(
        [sys.executable, "-c", source],
        capture_output=True,
        text=True,
        env=python_env(TF_CPP_MIN_LOG_LEVEL="3"),
        timeout=300,
        check=False,
    )
    assert process.returncode == 0, process.stderr[-3000:]
    return process.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program_computes_the_same_after_migration(name: str) -> None:
    source, expected = PROGRAMS[name]
    result = transform_source(source)
    assert {f.code: f.action for f in result.findings} == expected
    assert result.changed
    assert "tfcompat_losses" not in result.output and "keras" not in result.output
    assert _run(result.output) == _run(source)
