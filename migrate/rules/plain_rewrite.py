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

from migrate.engine.calls import BindError, BoundCall
from migrate.engine.options import Denominator
from migrate.engine.reductions import (
    TF1Reduction,
    Unmappable,
    WeightsKind,
    literal_number,
    tf1_reduction,
    weights_kind,
)
from migrate.rules.base import CallSite, code_of
from migrate.rules.keras_rewrite import LossSpec, _signature, collected, impure
from migrate.rules.plain_ops import Builder, NotPlain, Temp
from migrate.rules.plain_softmax import SoftmaxInputs, softmax_plain_ops

__all__ = ["PlainPlan", "finish_plain", "loss_collection", "plan_plain"]


@dataclass(frozen=True)
class PlainPlan:
    replacement: cst.BaseExpression
    prelude: tuple[cst.SimpleStatementLine, ...]
    divides_by: str
    comment: str
    postlude: tuple[cst.SimpleStatementLine, ...] = ()


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
    collection = loss_collection(site, bound, updated, spec.contrib)
    if isinstance(collection, Unmappable):
        return collection
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
    what = reduction.name if not spec.contrib else "contrib's weighting"
    return finish_plain(site, builder, plain.result, plain.divides_by, what, collection)


def finish_plain(
    site: CallSite,
    b: Builder,
    result: cst.BaseExpression,
    divides_by: str,
    what: str | None,
    collection: object,
) -> PlainPlan | Unmappable:
    """The plan: the loss joining its collection where TF1's must, the statements, a comment
    naming what TF1 divides by (``what``: the reduction; ``None``: no weighting at all)."""
    try:
        if collection is not None:
            result = _collect(b, site, result, collection)
    except NotPlain as exc:
        return Unmappable(str(exc))
    name = site.qualified_name.rsplit(".", 1)[-1]
    if what is None:
        comment = f"# TF1's {name}, written out"
    elif divides_by.startswith("nothing"):
        comment = f"# TF1's {name} ({what}: no division)"
    else:
        comment = f"# TF1's {name}: {what} divides by {divides_by}"
    return PlainPlan(result, _lines(b.temps), divides_by, comment, _lines(b.following))


_DEFAULT = object()
"""TF1's default collection, ``GraphKeys.LOSSES`` (``add_loss``'s default too)."""


def loss_collection(
    site: CallSite, bound: BoundCall, updated: BoundCall, contrib: bool
) -> cst.BaseExpression | object | Unmappable | None:
    """The collection the loss must still join (``None``: none needs it): TF1 adds every loss
    to one, which only matters when something reads it or the result is discarded; a custom
    collection always matters."""
    if not contrib:
        node = bound.value("loss_collection")
        if isinstance(node, cst.Name) and node.value == "None":
            return None
    scope = bound.value("scope")
    if (
        site.scoped_reader is not None
        and scope is not None
        and not (isinstance(scope, cst.Name) and scope.value == "None")
    ):
        return Unmappable(
            f"`{site.scoped_reader}` reads the loss collection by name scope, and TF1 creates "
            f"this loss under `scope={code_of(scope)}`: only the shim keeps that name scope"
        )
    where = collected(site, bound, contrib)
    if isinstance(where, Unmappable):  # a custom collection: joined as TF1 joins it
        custom = updated.value("loss_collection")
        assert custom is not None
        if impure(custom):
            return Unmappable(f"`loss_collection={code_of(custom)}` has effects")
        return custom
    if site.statement or site.facts.collections_read:
        return _DEFAULT
    return None


def _collect(
    b: Builder, site: CallSite, result: cst.BaseExpression, collection: object
) -> cst.BaseExpression:
    """``result``, added to ``collection`` as TF1's ``add_loss`` does (graph mode only)."""
    keywords = {} if collection is _DEFAULT else {"loss_collection": collection}
    assert collection is _DEFAULT or isinstance(collection, cst.BaseExpression)
    if site.whole_statement:
        return b.call("compat.v1.losses.add_loss", result, **keywords)  # type: ignore[arg-type]
    if not b.block:
        raise NotPlain(
            "the loss must also join its collection (read elsewhere, or the result is "
            "discarded), which takes a statement, and none can be placed before this one"
        )
    if site.assigned is not None and site.whole_value:  # `loss = <call>`: add `loss` after it
        b.after(
            b.call("compat.v1.losses.add_loss", cst.Name(site.assigned), **keywords),  # type: ignore[arg-type]
            _JOINS,
        )
        return result
    value = b.step("value", result)
    b.effect(b.call("compat.v1.losses.add_loss", value, **keywords), _JOINS)  # type: ignore[arg-type]
    return value


_JOINS = "TF1 adds the loss to its collection (graph mode)"


def _lines(temps: list[Temp]) -> tuple[cst.SimpleStatementLine, ...]:
    return tuple(
        cst.SimpleStatementLine(
            body=[
                cst.Expr(t.value)
                if t.name is None
                else cst.Assign(targets=[cst.AssignTarget(target=cst.Name(t.name))], value=t.value)
            ],
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  " if t.comment else ""),
                comment=cst.Comment(f"# {t.comment}") if t.comment else None,
            ),
        )
        for t in temps
    )
