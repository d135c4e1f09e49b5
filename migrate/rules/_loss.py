"""The common ``decide`` of the four loss rules (core and contrib, dense and sparse)."""

from __future__ import annotations

from typing import ClassVar

from migrate.engine.calls import BindError, Signature
from migrate.engine.options import Fallback
from migrate.engine.reductions import Unmappable
from migrate.report.results import Action
from migrate.rules.base import CallSite, Decision, Rule
from migrate.rules.keras_rewrite import LossSpec, plan_native
from migrate.rules.plain_rewrite import plan_plain

__all__ = ["LossRule"]


class LossRule(Rule):
    """Rewrites a bound TF1 loss call to Keras when exact, else falls back."""

    spec: ClassVar[LossSpec]
    signature: ClassVar[Signature]

    def decide(self, site: CallSite) -> Decision:
        bound = site.bind(self.signature)
        if isinstance(bound, BindError):
            return Decision(Action.REPORT, f"{bound.message}; left unchanged")
        plan = plan_native(site, self.spec)
        if isinstance(plan, Unmappable):
            if site.options.fallback is not Fallback.PLAIN:
                return self.fallback(site, plan.reason, dict(self.signature.aliases))
            plain = plan_plain(site, self.spec)
            if isinstance(plain, Unmappable):
                reason = plan.reason
                if plain.reason != plan.reason:
                    reason += f"; no exact plain-ops form either: {plain.reason}"
                return self.fallback(site, reason, dict(self.signature.aliases))
            return Decision(
                Action.REWRITE,
                f"`{self.signature.name}` written out in plain TF2 ops (Keras is not exact here: "
                f"{plan.reason}); TF1 divides by {plain.divides_by}",
                plain.replacement,
                prelude=plain.prelude,
                postlude=plain.postlude,
                comment=plain.comment,
            )
        notes = "; ".join(plan.notes)
        message = (
            f"`{self.signature.name}` rewritten to "
            f"`tf.keras.losses.{self.spec.keras_class}(from_logits=True)`"
        )
        return Decision(
            Action.REWRITE, f"{message} ({notes})" if notes else message, plan.replacement
        )
