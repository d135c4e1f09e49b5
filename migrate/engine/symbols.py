"""Qualified names of every target and of the other TensorFlow names the engine looks for.

Every spelling of a target (``import tensorflow.compat.v1 as tf``, ``from tensorflow.contrib
import losses as L``, ``import tf_slim as slim``, ``slim = tf.contrib.slim``...) resolves
(``migrate.engine.resolver``) to one of the qualified names listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import libcst as cst

__all__ = [
    "ALL_TARGETS",
    "COLLECTION_FUNCTIONS",
    "CONTRIB",
    "CONTRIB_NAMES",
    "CONTRIB_SCE",
    "CONTRIB_SPARSE",
    "CORE",
    "CORE_SCE",
    "CORE_SPARSE",
    "ELEMENTWISE_NAMES",
    "LOSSES_AMBIGUOUS",
    "LOSS_MODULES",
    "NN_AMBIGUOUS",
    "NN_SIGMOID",
    "NN_V1",
    "NN_V2",
    "NN_WEIGHTED",
    "NO_GRADIENT_CALLS",
    "REDUCTION_AMBIGUOUS",
    "SOFTMAX_TARGETS",
    "STOP_GRADIENT",
    "TARGET_LEAVES",
    "TARGET_MARKERS",
    "TF1_ONLY",
    "canonical",
    "mentions_target",
    "reduction_member",
    "root_name",
]


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

SOFTMAX_TARGETS = (
    CORE_SCE | CORE_SPARSE | CONTRIB_SCE | CONTRIB_SPARSE | NN_V1 | NN_AMBIGUOUS | NN_V2
)
"""The softmax cross-entropy family."""

ELEMENTWISE_NAMES = (
    "absolute_difference",
    "mean_squared_error",
    "huber_loss",
    "log_loss",
    "hinge_loss",
    "cosine_distance",
    "mean_pairwise_squared_error",
    "sigmoid_cross_entropy",
    "compute_weighted_loss",
)
"""The other losses of ``tf.compat.v1.losses`` (and the funnel they all go through)."""
CONTRIB_NAMES = tuple(n for n in ELEMENTWISE_NAMES if n != "huber_loss")
"""``tf.contrib.losses`` had every one of them but ``huber_loss``."""
CORE = {name: _spellings(_CORE_PREFIXES, name) for name in ELEMENTWISE_NAMES}
"""``tf.compat.v1.losses.<name>``, by name."""
CONTRIB = {name: _spellings(_CONTRIB_PREFIXES, name) for name in CONTRIB_NAMES}
"""``tf.contrib.losses.<name>`` (predictions or logits first), by name."""
LOSSES_AMBIGUOUS = frozenset({"tensorflow.losses.mean_squared_error"})
"""TF1's function in TF1 code; in TF2 code ``tf.losses`` is Keras' and this is Keras'
``mean_squared_error(y_true, y_pred)``: no target there."""

COLLECTION_NAMES = (
    "add_loss",
    "get_losses",
    "get_total_loss",
    "get_regularization_loss",
    "get_regularization_losses",
)
_PRIVATE_COLLECTIONS = ("tensorflow.python.ops.losses.losses", "tensorflow.python.ops.losses.util")
COLLECTION_FUNCTIONS = frozenset(
    f"{prefix}.{name}"
    for prefix in ("tensorflow.losses", *_PRIVATE_COLLECTIONS, *_CONTRIB_PREFIXES)
    for name in COLLECTION_NAMES
    if not (prefix in _CONTRIB_PREFIXES and name == "get_regularization_loss")
)
"""TF1's loss-collection functions under names TF2 does not have (``tf.losses.get_total_loss``,
``tf.contrib.losses.add_loss``, the private modules'): TF2 keeps them as
``tf.compat.v1.losses.*`` (where they are no target: they stay)."""
REDUCTION_AMBIGUOUS = frozenset({"tensorflow.losses.Reduction"})
"""TF1's ``Reduction`` in TF1 code (``weighted_sum``...); in TF2 code Keras' (``sum``...)."""
NN_SIGMOID = frozenset(
    {
        "tensorflow.nn.sigmoid_cross_entropy_with_logits",
        "tensorflow.compat.v1.nn.sigmoid_cross_entropy_with_logits",
        "tensorflow.python.ops.nn.sigmoid_cross_entropy_with_logits",
        "tensorflow.python.ops.nn_impl.sigmoid_cross_entropy_with_logits",
    }
)
"""TF2's function under the same name; TF 1.x's took a ``_sentinel`` first (positional calls
were rejected; TF 0.x read them as ``(logits, targets)``)."""
NN_WEIGHTED = frozenset(
    {
        "tensorflow.nn.weighted_cross_entropy_with_logits",
        "tensorflow.compat.v1.nn.weighted_cross_entropy_with_logits",
        "tensorflow.python.ops.nn.weighted_cross_entropy_with_logits",
        "tensorflow.python.ops.nn_impl.weighted_cross_entropy_with_logits",
    }
)
"""TF1 called the labels ``targets=``; TF2 ``labels=``."""

ALL_TARGETS = (
    SOFTMAX_TARGETS
    | frozenset().union(*CORE.values(), *CONTRIB.values())
    | COLLECTION_FUNCTIONS
    | REDUCTION_AMBIGUOUS
    | NN_SIGMOID
    | NN_WEIGHTED
)

LOSS_MODULES = frozenset(
    name.rsplit(".", 1)[0] for name in ALL_TARGETS if name.rsplit(".", 1)[0].endswith("losses")
)
"""TF1's losses modules (``tensorflow.losses``, ``tensorflow.contrib.losses``, slim's...): every
member of one may be a target."""

TARGET_LEAVES = frozenset(name.rsplit(".", 1)[-1] for name in ALL_TARGETS)
"""The last component of every target's name: a module that uses a target spells one of them
(in the call, the reference or the import that binds an alias)."""
TARGET_MARKERS = tuple(sorted(TARGET_LEAVES))
"""Text contained in every module that has a target (the cheap prefilter: ``in`` tests)."""


DYNAMIC_MEMBER = re.compile(r"\bgetattr\s*\(\s*[\w.]*\blosses\s*,")
"""``getattr(tf.losses, name)``: a member of a losses module reached by a name known only at
run time (no target's name is spelled)."""


def mentions_target(text: str) -> bool:
    """Whether ``text`` contains a target's name at all (a superset test, before parsing)."""
    return any(marker in text for marker in TARGET_MARKERS) or (
        "getattr" in text and DYNAMIC_MEMBER.search(text) is not None
    )


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
        "tensorflow.losses.absolute_difference",
        "tensorflow.losses.huber_loss",
        "tensorflow.losses.log_loss",
        "tensorflow.losses.hinge_loss",
        "tensorflow.losses.cosine_distance",
        "tensorflow.losses.mean_pairwise_squared_error",
        "tensorflow.losses.sigmoid_cross_entropy",
        "tensorflow.losses.compute_weighted_loss",
        # members only TF1's `Reduction` has (Keras': AUTO, NONE, SUM, SUM_OVER_BATCH_SIZE)
        "tensorflow.losses.Reduction.MEAN",
        "tensorflow.losses.Reduction.SUM_BY_NONZERO_WEIGHTS",
        "tensorflow.losses.Reduction.SUM_OVER_NONZERO_WEIGHTS",
        "tensorflow.losses.add_loss",
        "tensorflow.losses.get_losses",
        "tensorflow.losses.get_regularization_loss",
        "tensorflow.losses.get_regularization_losses",
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
