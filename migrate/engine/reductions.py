"""TF1 ``Reduction`` values, weight kinds, and when a Keras string reduction is exactly equal.

What each reduction divides the weighted sum ``S = sum(losses * weights)`` by:

============================  ============================================  =====================
TF1 ``Reduction``             divides ``S`` by                              exact Keras string
============================  ============================================  =====================
``NONE``                      nothing (per-element ``losses * weights``)    ``"none"``
``SUM``                       1                                             ``"sum"``
``SUM_OVER_BATCH_SIZE``       number of loss elements                       ``"sum_over_batch_size"``
``SUM_BY_NONZERO_WEIGHTS``    number of non-zero (broadcast) weights        only without weights
                                                                            or a non-zero literal
``MEAN``                      sum of (broadcast) weights                    only without weights
============================  ============================================  =====================

Keras' ``"sum_over_batch_size"`` divides by the number of elements. Keras 3.7+'s
``"mean_with_sample_weight"`` divides by the sum of weights but, unlike TF1's ``MEAN``,
not of the *broadcast* weights, and tf-keras rejects it: it is never emitted.
"""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass

import libcst as cst

from migrate.engine.resolver import NameResolver
from migrate.engine.symbols import reduction_member

__all__ = [
    "KerasReduction",
    "TF1Reduction",
    "Unmappable",
    "WeightsKind",
    "keras_reduction",
    "literal_number",
    "tf1_reduction",
    "weights_kind",
]


class TF1Reduction(str, enum.Enum):
    """``tf.compat.v1.losses.Reduction`` members, valued by their TF1 strings."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"


_ALIASES = {"SUM_OVER_NONZERO_WEIGHTS": TF1Reduction.SUM_BY_NONZERO_WEIGHTS}


class WeightsKind(enum.Enum):
    DEFAULT = "default"
    """Absent, or the literal ``1``/``1.0`` (TF1's default): no ``sample_weight`` is emitted."""
    NONZERO_LITERAL = "nonzero literal"
    """A non-zero numeric literal: broadcast, it makes every weight non-zero."""
    ZERO_LITERAL = "zero literal"
    OTHER = "tensor"
    """Anything else (a tensor, a variable): may contain zeros, has a gradient."""


@dataclass(frozen=True)
class Unmappable:
    """Why a value cannot be mapped exactly."""

    reason: str


@dataclass(frozen=True)
class KerasReduction:
    value: str
    """A Keras string reduction: ``"none"``, ``"sum"`` or ``"sum_over_batch_size"``."""

    @property
    def is_default(self) -> bool:
        return self.value == "sum_over_batch_size"


def literal_number(node: cst.BaseExpression | None) -> float | None:
    """The value of a (possibly signed) int/float literal, else ``None``."""
    if node is None:
        return None
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus | cst.Plus):
        inner = literal_number(node.expression)
        if inner is None:
            return None
        return -inner if isinstance(node.operator, cst.Minus) else inner
    if isinstance(node, cst.Integer | cst.Float):
        return float(ast.literal_eval(node.value))
    return None


def weights_kind(node: cst.BaseExpression | None) -> WeightsKind:
    if node is None:
        return WeightsKind.DEFAULT
    value = literal_number(node)
    if value is None:
        return WeightsKind.OTHER
    if value == 1.0:
        return WeightsKind.DEFAULT
    return WeightsKind.ZERO_LITERAL if value == 0.0 else WeightsKind.NONZERO_LITERAL


def tf1_reduction(
    node: cst.BaseExpression | None, resolver: NameResolver
) -> TF1Reduction | Unmappable:
    """The TF1 reduction an argument means (``None``: the default, SUM_BY_NONZERO_WEIGHTS)."""
    if node is None:
        return TF1Reduction.SUM_BY_NONZERO_WEIGHTS
    if isinstance(node, cst.SimpleString):
        text = node.evaluated_value
        for member in TF1Reduction:
            if text == member.value:
                return member
        return Unmappable(
            f"Invalid value for argument `reduction`. Expected one of "
            f"{tuple(m.value for m in TF1Reduction)}. Received: reduction={node.value}"
        )
    for name in sorted(resolver.names(node)):
        found = reduction_member(name)
        if found is None:
            continue
        if found in _ALIASES:
            return _ALIASES[found]
        if found in TF1Reduction.__members__:
            return TF1Reduction[found]
        return Unmappable(f"unknown reduction `{name}`")
    code = cst.Module(body=[]).code_for_node(node)
    return Unmappable(
        f"`reduction={code}` is not a `tf.compat.v1.losses.Reduction` constant or string "
        "literal; its value is only known at run time"
    )


_NAMES = {
    TF1Reduction.NONE: "none",
    TF1Reduction.SUM: "sum",
    TF1Reduction.SUM_OVER_BATCH_SIZE: "sum_over_batch_size",
}


def keras_reduction(reduction: TF1Reduction, weights: WeightsKind) -> KerasReduction | Unmappable:
    """The Keras string reduction equal to ``reduction`` with these weights, or why none is."""
    if reduction in _NAMES:
        return KerasReduction(_NAMES[reduction])
    if reduction is TF1Reduction.SUM_BY_NONZERO_WEIGHTS:
        if weights in (WeightsKind.DEFAULT, WeightsKind.NONZERO_LITERAL):
            return KerasReduction("sum_over_batch_size")
        return Unmappable(
            "SUM_BY_NONZERO_WEIGHTS divides by the number of non-zero weights, Keras' "
            f"sum_over_batch_size by the number of elements; equal only when weights are absent "
            f"or a non-zero literal (weights here: {weights.value})"
        )
    if weights is WeightsKind.DEFAULT:
        return KerasReduction("sum_over_batch_size")
    return Unmappable(
        "MEAN divides by the sum of the broadcast weights; no Keras 2/3 reduction does "
        f"(weights here: {weights.value})"
    )
