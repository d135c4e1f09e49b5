"""When a loss call can be written out in plain TF2 ops, and the rewrite itself.

Plain ops are exact where Keras is not: a weights tensor under SUM_BY_NONZERO_WEIGHTS or MEAN,
under a ``tf.distribute`` strategy (each replica divides by its own denominator, as TF1 did),
for float16/bfloat16/float64 logits (the same casts as TF1), whatever Keras mask the logits
carry, a smoothing held in a variable, contrib's smoothing along axis 1. They are not exact,
and the call goes to the shim or the report, when the loss must join ``GraphKeys.LOSSES``
(something reads the collection, or the result is discarded), when the reduction is only
known at run time, when contrib weighs a weights tensor by its static rank, or when the call
sits where its inputs would be evaluated twice and have effects.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from migrate.calls import BindError
from migrate.options import Denominator
from migrate.reductions import (
    TF1Reduction,
    Unmappable,
    WeightsKind,
    literal_number,
    tf1_reduction,
    weights_kind,
)
from migrate.rules.base import CallSite, code_of
from migrate.rules.keras_rewrite import LossSpec, _signature, collected, impure
from migrate.rules.plain_ops import Builder, NotPlain
from migrate.rules.plain_softmax import SoftmaxInputs, softmax_plain_ops

__all__ = ["PlainPlan", "plan_plain"]


@dataclass(frozen=True)
class PlainPlan:
    replacement: cst.BaseExpression
    prelude: tuple[cst.SimpleStatementLine, ...]
    divides_by: str
    comment: str


def plan_plain(site: CallSite, spec: LossSpec) -> PlainPlan | Unmappable:
    """The exact plain-ops rewrite of a bound loss call, or why there is none."""
    bound_pair = site.bind(_signature(site, spec))
    if isinstance(bound_pair, BindError):
        return Unmappable(bound_pair.message)
    bound, updated = bound_pair
    if site.facts.distributed and site.options.denominator is Denominator.GLOBAL:
        return Unmappable(
            "the global denominator under tf.distribute was asked for "
            "(`Options.denominator=global`): only the shim computes it"
        )
    where = collected(site, bound, spec)
    if isinstance(where, Unmappable):
        return where
    if where is not None and site.statement:
        return Unmappable(
            f"the result is unused, so adding the loss to {where} is its only effect, which "
            "plain ops and Keras do not do"
        )
    if where is not None and site.facts.collections_read:
        return Unmappable(
            f"TF1 adds the loss to {where}, which is read ({site.facts.collections_evidence})"
        )
    reduction: TF1Reduction | Unmappable = TF1Reduction.SUM_BY_NONZERO_WEIGHTS
    if not spec.contrib:
        reduction = tf1_reduction(bound.value("reduction"), site.resolver)
    if isinstance(reduction, Unmappable):
        return reduction
    for dropped in ("scope", "loss_collection", "reduction"):
        node = bound.value(dropped)
        if node is not None and impure(node):
            return Unmappable(
                f"`{dropped}={code_of(node)}` has effects that the rewrite would drop"
            )
    weights = bound.value("weights")
    kind = weights_kind(weights)
    if spec.contrib and kind is WeightsKind.OTHER:
        return Unmappable(
            "contrib weighs a weights tensor by its static rank (summing the trailing axes "
            "first); only the shim reproduces that"
        )
    smoothing = bound.value("label_smoothing")
    inputs = SoftmaxInputs(
        sparse=spec.sparse,
        contrib=spec.contrib,
        labels_param=spec.labels,
        reduction=reduction,
        smoothing=None if smoothing is None else updated.value("label_smoothing"),
        smoothing_literal=literal_number(smoothing),
        weights_literal=literal_number(weights) if kind is not WeightsKind.OTHER else None,
        weights_given=weights is not None,
    )
    builder = Builder(site.emitter, block=site.hoistable, taken=site.taken, prefix=site.assigned)
    try:
        plain = softmax_plain_ops(builder, bound, updated, inputs)
    except NotPlain as exc:
        return Unmappable(str(exc))
    name = site.qualified_name.rsplit(".", 1)[-1]
    what = reduction.name if not spec.contrib else "contrib's weighting"
    comment = f"# TF1's {name}: {what} divides by {plain.divides_by}"
    if plain.divides_by.startswith("nothing"):
        comment = f"# TF1's {name} ({what}: no division)"
    prelude = tuple(
        cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(target=cst.Name(t.name))], value=t.value)],
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  " if t.comment else ""),
                comment=cst.Comment(f"# {t.comment}") if t.comment else None,
            ),
        )
        for t in plain.temps
    )
    return PlainPlan(plain.result, prelude, plain.divides_by, comment)
