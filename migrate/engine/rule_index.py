"""The rules by what they own (private to the engine): the rule instance for each target name,
the reference and unresolved-name rules, and the names that only TF1's losses have.

Built once from ``migrate.rules.ALL_RULES``; the call transformer looks every target up here.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from migrate.engine.symbols import REDUCTION_AMBIGUOUS, SOFTMAX_TARGETS
from migrate.rules import ALL_RULES
from migrate.rules.base import Rule
from migrate.rules.compat import CompatLossesRule
from migrate.rules.references import ReferenceRule
from migrate.rules.unresolved import UnresolvedRule

__all__ = [
    "BY_TARGET",
    "DISTINCTIVE",
    "REFERENCES",
    "RENAMES",
    "RULES",
    "UNRESOLVED",
    "is_distinctive",
]

RULES: tuple[Rule, ...] = tuple(
    rule() for rule in ALL_RULES if rule not in (ReferenceRule, UnresolvedRule)
)
BY_TARGET: dict[str, Rule] = {name: rule for rule in RULES for name in rule.targets}
REFERENCES = ReferenceRule()
UNRESOLVED = UnresolvedRule()
RENAMES = cast(CompatLossesRule, BY_TARGET[next(iter(REDUCTION_AMBIGUOUS))])

DISTINCTIVE = frozenset(name.rsplit(".", 1)[-1] for name in SOFTMAX_TARGETS) | {
    "sigmoid_cross_entropy",
    "mean_pairwise_squared_error",
    "absolute_difference",
    "compute_weighted_loss",
    "get_total_loss",
    "get_regularization_loss",
    "get_regularization_losses",
}
"""Names that only TF1's losses have: one that cannot be resolved is reported (TFC107). Names
shared with Keras or common in user code (``mean_squared_error``, ``huber_loss``, ``add_loss``,
``Reduction``...) are acted on only when they resolve."""


def is_distinctive(node: cst.Name | cst.Attribute) -> bool:
    """Spelled like a TF1-only loss name in a way no method of one's own is (``self.<name>``
    is not)."""
    if isinstance(node, cst.Name):
        return node.value in DISTINCTIVE
    if node.attr.value not in DISTINCTIVE:
        return False
    return not (isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"))
