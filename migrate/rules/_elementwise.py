"""The common ``decide`` of the element-wise loss rules: Keras when exact, plain ops, the shim."""

from __future__ import annotations

from typing import ClassVar

from migrate.engine.calls import BindError
from migrate.engine.facts import ModuleFacts
from migrate.engine.options import Fallback
from migrate.engine.reductions import Unmappable
from migrate.engine.symbols import LOSSES_AMBIGUOUS
from migrate.report.results import Action
from migrate.rules.base import CallSite, Decision, Rule
from migrate.rules.elementwise_rewrite import (
    ElementwiseSpec,
    plan_keras_elementwise,
    plan_plain_elementwise,
)

__all__ = ["ElementwiseLossRule"]


class ElementwiseLossRule(Rule):
    """One TF1 element-wise loss: Keras when provably equal, else plain TF2 ops, else the shim."""

    spec: ClassVar[ElementwiseSpec]

    def semantics(self, qualified_name: str, facts: ModuleFacts, site: CallSite | None) -> str:
        if qualified_name in LOSSES_AMBIGUOUS and not facts.tf1 and not _tf1_call(site):
            return "Keras' `tf.losses.mean_squared_error` (TF2 code)"
        return super().semantics(qualified_name, facts, site)

    def decide(self, site: CallSite) -> Decision:
        if site.qualified_name in LOSSES_AMBIGUOUS and not site.facts.tf1 and not _tf1_call(site):
            return Decision(None)  # TF2 code: Keras' function of that name
        spec = self.spec
        signature = spec.signature
        bound = site.bind(signature)
        if isinstance(bound, BindError):
            return Decision(Action.REPORT, f"{bound.message}; left unchanged")
        aliases = dict(signature.aliases)
        name = f"`{signature.name}`"
        keras = plan_keras_elementwise(site, spec)
        if not isinstance(keras, Unmappable):
            notes = "; ".join(keras.notes)
            return Decision(
                Action.REWRITE,
                f"{name} rewritten to `tf.keras.losses.{spec.keras_class}` ({notes})",
                keras.replacement,
            )
        if site.options.fallback is not Fallback.PLAIN:
            return self.fallback(site, keras.reason, aliases)
        if spec.family is None:
            return self.fallback(site, spec.no_plain, aliases)
        plain = plan_plain_elementwise(site, spec)
        if isinstance(plain, Unmappable):
            reason = keras.reason
            if plain.reason != keras.reason:
                reason += f"; no exact plain-ops form either: {plain.reason}"
            return self.fallback(site, reason, aliases)
        why = "" if spec.keras_class is None else f" (Keras is not exact here: {keras.reason})"
        return Decision(
            Action.REWRITE,
            f"{name} written out in plain TF2 ops{why}; TF1 divides by {plain.divides_by}",
            plain.replacement,
            prelude=plain.prelude,
            postlude=plain.postlude,
            comment=plain.comment,
        )


_KERAS_MSE_KEYWORDS = frozenset({"y_true", "y_pred"})


def _tf1_call(site: CallSite | None) -> bool:
    """The call is TF1's ``mean_squared_error`` by its own arguments, whatever the module:
    Keras' ``mean_squared_error(y_true, y_pred)`` takes two arguments and no other keyword
    (``weights=``, ``reduction=``, ``labels=``... exist only in TF1's)."""
    if site is None:
        return False
    args = site.original.args
    positional = [a for a in args if a.keyword is None and not a.star]
    keywords = {a.keyword.value for a in args if a.keyword is not None}
    return len(positional) > 2 or bool(keywords - _KERAS_MSE_KEYWORDS)
