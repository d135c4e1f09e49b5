"""The rule catalogue: one class per rewrite, each carrying its examples and look-alikes."""

from __future__ import annotations

from migrate.rules.base import Rule
from migrate.rules.classification import (
    ContribHingeLossRule,
    ContribLogLossRule,
    ContribSigmoidCrossEntropyRule,
    HingeLossRule,
    LogLossRule,
    SigmoidCrossEntropyRule,
)
from migrate.rules.compat import CompatLossesRule, NnSigmoidRule
from migrate.rules.contrib import (
    ContribSoftmaxCrossEntropyRule,
    ContribSparseSoftmaxCrossEntropyRule,
)
from migrate.rules.losses import SoftmaxCrossEntropyRule
from migrate.rules.losses_sparse import SparseSoftmaxCrossEntropyRule
from migrate.rules.nn import NnV1Rule, NnV2Rule
from migrate.rules.references import ReferenceRule
from migrate.rules.regression import (
    AbsoluteDifferenceRule,
    ContribAbsoluteDifferenceRule,
    ContribMeanSquaredErrorRule,
    HuberLossRule,
    MeanSquaredErrorRule,
)
from migrate.rules.unresolved import UnresolvedRule
from migrate.rules.weighted import (
    ComputeWeightedLossRule,
    ContribComputeWeightedLossRule,
    ContribCosineDistanceRule,
    ContribMeanPairwiseSquaredErrorRule,
    CosineDistanceRule,
    MeanPairwiseSquaredErrorRule,
)

__all__ = ["ALL_RULES", "Rule"]

ALL_RULES: tuple[type[Rule], ...] = (
    ReferenceRule,
    SoftmaxCrossEntropyRule,
    SparseSoftmaxCrossEntropyRule,
    ContribSoftmaxCrossEntropyRule,
    ContribSparseSoftmaxCrossEntropyRule,
    NnV2Rule,
    NnV1Rule,
    UnresolvedRule,
    AbsoluteDifferenceRule,
    MeanSquaredErrorRule,
    HuberLossRule,
    LogLossRule,
    HingeLossRule,
    CosineDistanceRule,
    MeanPairwiseSquaredErrorRule,
    SigmoidCrossEntropyRule,
    ComputeWeightedLossRule,
    CompatLossesRule,
    NnSigmoidRule,
    ContribAbsoluteDifferenceRule,
    ContribMeanSquaredErrorRule,
    ContribLogLossRule,
    ContribHingeLossRule,
    ContribCosineDistanceRule,
    ContribMeanPairwiseSquaredErrorRule,
    ContribSigmoidCrossEntropyRule,
    ContribComputeWeightedLossRule,
)
