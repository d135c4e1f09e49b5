"""Qualified names of every target and of the other TensorFlow names the engine looks for.

Every spelling of a target (``import tensorflow.compat.v1 as tf``, ``from tensorflow.contrib
import losses as L``, ``import tf_slim as slim``, ``slim = tf.contrib.slim``...) resolves
(``migrate.resolver``) to one of the qualified names listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import libcst as cst

__all__ = [
    "ALL_TARGETS",
    "CONTRIB_SCE",
    "CONTRIB_SPARSE",
    "CORE_SCE",
    "CORE_SPARSE",
    "NN_AMBIGUOUS",
    "NN_V1",
    "NN_V2",
    "NO_GRADIENT_CALLS",
    "STOP_GRADIENT",
    "TARGET_MARKER",
    "TF1_ONLY",
    "canonical",
    "reduction_member",
    "root_name",
]

TARGET_MARKER = "softmax_cross_entropy"
"""Text contained in every module that has a target call (the CLI's cheap prefilter)."""


def _spellings(prefixes: Iterable[str], leaf: str) -> frozenset[str]:
    return frozenset(f"{prefix}.{leaf}" for prefix in prefixes)


_CORE_PREFIXES = (
    "tensorflow.losses",
    "tensorflow.compat.v1.losses",
    "tensorflow.python.ops.losses.losses",
    "tensorflow.python.ops.losses.losses_impl",
)
_CONTRIB_PREFIXES = (
    "tensorflow.contrib.losses",
    "tensorflow.contrib.losses.python.losses",
    "tensorflow.contrib.losses.python.losses.loss_ops",
    "tensorflow.contrib.slim.losses",
    "tensorflow.contrib.slim.python.slim.losses",
    "tf_slim.losses",
    "tf_slim.losses.loss_ops",
)

CORE_SCE = _spellings(_CORE_PREFIXES, "softmax_cross_entropy")
"""``tf.compat.v1.losses.softmax_cross_entropy(onehot_labels, logits, ...)``."""
CORE_SPARSE = _spellings(_CORE_PREFIXES, "sparse_softmax_cross_entropy")
"""``tf.compat.v1.losses.sparse_softmax_cross_entropy(labels, logits, ...)``."""
CONTRIB_SCE = _spellings(_CONTRIB_PREFIXES, "softmax_cross_entropy")
"""``tf.contrib.losses.softmax_cross_entropy(logits, onehot_labels, ...)`` (logits first)."""
CONTRIB_SPARSE = _spellings(_CONTRIB_PREFIXES, "sparse_softmax_cross_entropy")
"""``tf.contrib.losses.sparse_softmax_cross_entropy(logits, labels, ...)`` (logits first)."""
NN_V1 = frozenset(
    {
        "tensorflow.compat.v1.nn.softmax_cross_entropy_with_logits",
        "tensorflow.python.ops.nn_ops.softmax_cross_entropy_with_logits",
        "tensorflow.python.ops.nn.softmax_cross_entropy_with_logits",
    }
)
"""Always TF1's v1 function (stops the gradient into labels)."""
NN_AMBIGUOUS = frozenset({"tensorflow.nn.softmax_cross_entropy_with_logits"})
"""v1 in TF1 code, v2 (TF2's function) in TF2 code."""
NN_V2 = frozenset(
    {
        "tensorflow.nn.softmax_cross_entropy_with_logits_v2",
        "tensorflow.compat.v1.nn.softmax_cross_entropy_with_logits_v2",
        "tensorflow.python.ops.nn_ops.softmax_cross_entropy_with_logits_v2",
        "tensorflow.python.ops.nn.softmax_cross_entropy_with_logits_v2",
    }
)
"""TF1's name for TF2's ``tf.nn.softmax_cross_entropy_with_logits``."""

ALL_TARGETS = CORE_SCE | CORE_SPARSE | CONTRIB_SCE | CONTRIB_SPARSE | NN_V1 | NN_AMBIGUOUS | NN_V2

STOP_GRADIENT = frozenset(
    {
        "tensorflow.stop_gradient",
        "tensorflow.compat.v1.stop_gradient",
        "tensorflow.compat.v2.stop_gradient",
        "tensorflow.python.ops.array_ops.stop_gradient",
    }
)
NO_GRADIENT_CALLS = STOP_GRADIENT | frozenset(
    {"tensorflow.one_hot", "tensorflow.compat.v1.one_hot", "tensorflow.compat.v2.one_hot"}
)
"""Calls whose result carries no gradient to anything upstream (``OneHot`` is not differentiable)."""

TF1_ONLY = frozenset(
    {
        "tensorflow.placeholder",
        "tensorflow.placeholder_with_default",
        "tensorflow.Session",
        "tensorflow.InteractiveSession",
        "tensorflow.get_variable",
        "tensorflow.variable_scope",
        "tensorflow.get_collection",
        "tensorflow.add_to_collection",
        "tensorflow.GraphKeys",
        "tensorflow.global_variables_initializer",
        "tensorflow.initialize_all_variables",
        "tensorflow.trainable_variables",
        "tensorflow.to_float",
        "tensorflow.to_int32",
        "tensorflow.to_int64",
        "tensorflow.train.GradientDescentOptimizer",
        "tensorflow.train.AdamOptimizer",
        "tensorflow.train.MomentumOptimizer",
        "tensorflow.train.RMSPropOptimizer",
        "tensorflow.train.AdagradOptimizer",
        "tensorflow.train.Saver",
        "tensorflow.layers",
        "tensorflow.app",
        "tensorflow.contrib",
        "tensorflow.losses.softmax_cross_entropy",
        "tensorflow.losses.sparse_softmax_cross_entropy",
        "tensorflow.nn.softmax_cross_entropy_with_logits_v2",
        "tensorflow.disable_v2_behavior",
        "tensorflow.disable_eager_execution",
        # common TF 1.x names removed from TF2's namespace (checked against TF 2.21)
        "tensorflow.truncated_normal",
        "tensorflow.random_normal",
        "tensorflow.random_uniform",
        "tensorflow.set_random_seed",
        "tensorflow.log",
        "tensorflow.arg_max",
        "tensorflow.arg_min",
        "tensorflow.div",
        "tensorflow.squared_difference",
        "tensorflow.count_nonzero",
        "tensorflow.is_nan",
        "tensorflow.Print",
        "tensorflow.assign",
        "tensorflow.assign_add",
        "tensorflow.to_double",
        "tensorflow.reset_default_graph",
        "tensorflow.get_default_session",
        "tensorflow.global_variables",
        "tensorflow.all_variables",
        "tensorflow.model_variables",
        "tensorflow.local_variables_initializer",
        "tensorflow.tables_initializer",
        "tensorflow.variables_initializer",
        "tensorflow.get_variable_scope",
        "tensorflow.make_template",
        "tensorflow.AUTO_REUSE",
        "tensorflow.sparse_placeholder",
        "tensorflow.ConfigProto",
        "tensorflow.GPUOptions",
        "tensorflow.gfile",
        "tensorflow.logging",
        "tensorflow.flags",
        "tensorflow.python_io",
        "tensorflow.summary.FileWriter",
        "tensorflow.summary.merge_all",
        "tensorflow.train.Optimizer",
        "tensorflow.train.get_or_create_global_step",
        "tensorflow.train.get_global_step",
        "tensorflow.image.resize_images",
        "tensorflow.nn.rnn_cell",
        "tensorflow.losses.get_total_loss",
        # TF 0.x names (gone by TF 1.0): TF 0.x code is TF1 code for the v1 semantics
        "tensorflow.mul",
        "tensorflow.sub",
        "tensorflow.neg",
        "tensorflow.pack",
        "tensorflow.unpack",
        "tensorflow.select",
        "tensorflow.concat_v2",
        "tensorflow.scalar_summary",
        "tensorflow.histogram_summary",
        "tensorflow.image_summary",
        "tensorflow.merge_all_summaries",
        "tensorflow.initialize_variables",
        "tensorflow.train.SummaryWriter",
    }
)
"""Names under TF's *plain* namespace that exist only in TF 1.x: evidence that the module was
written for TF 1.x, where ``tf.nn.softmax_cross_entropy_with_logits`` is the v1 function.
``tensorflow.compat.v1.*`` is no such evidence: it exists in TF2, where ``tf.nn`` is TF2's."""

_REDUCTION_RE = re.compile(
    r"^tensorflow(?:\.compat\.v1)?(?:\.python\.ops)?\.losses(?:\.losses_impl|\.losses_utils)?"
    r"\.Reduction\.(?P<member>[A-Z_]+)$"
)


def reduction_member(qualified_name: str) -> str | None:
    """``"tensorflow.compat.v1.losses.Reduction.SUM"`` -> ``"SUM"``; anything else -> ``None``."""
    match = _REDUCTION_RE.match(qualified_name)
    return match.group("member") if match else None


_COMPAT_CHAIN = re.compile(r"^tensorflow(?:\.compat\.v[12])*(\.compat\.v[12])(?=\.|$)")


def canonical(qualified_name: str) -> str:
    """Collapse a chain of ``compat`` namespaces to the last one, which alone decides.

    ``tensorflow.compat.v1.compat.v1.losses.X`` (``tf.compat.v1.losses.X`` under
    ``import tensorflow.compat.v1 as tf``) and ``tensorflow.compat.v2.compat.v1.losses.X`` are
    the very object ``tensorflow.compat.v1.losses.X`` in TF 2.x (checked on TF 2.21): every
    ``compat.vN`` module re-exports the ``compat`` package.
    """
    return _COMPAT_CHAIN.sub(r"tensorflow\1", qualified_name, count=1)


def root_name(node: cst.CSTNode) -> str | None:
    """``tf`` for ``tf.losses.x``; ``None`` when the chain does not start with a name."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None
