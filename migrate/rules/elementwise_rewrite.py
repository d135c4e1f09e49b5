"""The element-wise TF1 losses: their exact Keras rewrite where one exists, else plain TF2 ops.

Keras' ``MeanSquaredError``, ``MeanAbsoluteError``, ``Huber`` and ``BinaryCrossentropy(from_logits
=True)`` average over the last axis *before* the reduction; TF1 reduces every element. The two
agree exactly only for the averaging reductions (TF1's default and ``SUM_OVER_BATCH_SIZE`` without
weights or with a non-zero literal, ``MEAN`` without weights): the mean of equal-length means is
the mean. ``"sum"`` would be TF1's sum divided by the last axis' length and ``"none"`` a tensor of
another shape, so those, like a weights tensor, are written out in plain ops. The other
preconditions are the softmax family's: float32 (Keras 2 computes a float64 input in float64, TF1
in float32), no Keras mask, no ``tf.distribute``, a loss nothing reads from the collection, a
literal ``delta``/``label_smoothing``. ``log_loss`` (Keras clips, TF1 adds epsilon), ``hinge_loss``
(Keras maps labels to -1/1 only when they are all 0/1, TF1 always), ``cosine_distance`` (Keras
normalises and negates) have no exact Keras form: always plain ops.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from migrate.engine.calls import BindError, Signature
from migrate.engine.options import Denominator
from migrate.engine.reductions import (
    TF1Reduction,
    Unmappable,
    WeightsKind,
    keras_reduction,
    literal_number,
    tf1_reduction,
    weights_kind,
)
from migrate.rules.base import CallSite, code_of
from migrate.rules.keras_rewrite import NativePlan, collected, impure
from migrate.rules.layout import NewArg, relay
from migrate.rules.plain_elementwise import Elementwise
from migrate.rules.plain_ops import Builder, NotPlain, core_weighting, pure
from migrate.rules.plain_rewrite import PlainPlan, finish_plain, loss_collection
from migrate.rules.plain_softmax import contrib_tensor_weighting, contrib_weighting

__all__ = ["ElementwiseSpec", "plan_keras_elementwise", "plan_plain_elementwise"]


@dataclass(frozen=True)
class ElementwiseSpec:
    signature: Signature
    family: Elementwise | None
    """``None``: no plain-ops form (``mean_pairwise_squared_error``: the shim)."""
    contrib: bool
    keras_class: str | None = None
    """The exact Keras class where there is one (``None``: plain ops only)."""
    keras_args: tuple[tuple[str, str], ...] = ()
    """``(TF1 parameter, Keras constructor keyword)`` of numeric literals (``delta``)."""
    keras_fixed: tuple[tuple[str, str], ...] = ()
    """``(Keras constructor keyword, source)`` always passed (``from_logits=True``)."""
    unreduced: bool = False
    """contrib's ``hinge_loss``: the element-wise loss itself, no weights, no collection."""
    no_plain: str = ""
    """Why there is no plain-ops form, when ``family`` is ``None``."""


def _kw(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )


def plan_keras_elementwise(site: CallSite, spec: ElementwiseSpec) -> NativePlan | Unmappable:
    """``tf.keras.losses.<Class>(...)(labels, predictions)`` when provably equal, else why not."""
    if spec.keras_class is None:
        return Unmappable(f"`{spec.signature.name}` has no exact Keras counterpart")
    bound_pair = site.bind(spec.signature)
    if isinstance(bound_pair, BindError):
        return Unmappable(bound_pair.message)
    bound, updated = bound_pair
    weights = bound.value("weights")
    kind = weights_kind(weights)
    reduction = TF1Reduction.SUM_BY_NONZERO_WEIGHTS
    if not spec.contrib:
        found = tf1_reduction(bound.value("reduction"), site.resolver)
        if isinstance(found, Unmappable):
            return found
        reduction = found
    if kind is WeightsKind.OTHER or kind is WeightsKind.ZERO_LITERAL:
        return Unmappable(
            f"Keras averages the last axis before weighting; with weights here ({kind.value}) "
            "that is not TF1's weighted reduction over every element"
        )
    if reduction in (TF1Reduction.NONE, TF1Reduction.SUM):
        return Unmappable(
            f"Keras averages the last axis before reducing, so {reduction.name} would not be "
            "TF1's (a sum over every element, or a loss per element)"
        )
    keras = keras_reduction(reduction, kind)
    if isinstance(keras, Unmappable):
        return keras
    facts = site.facts
    if facts.distributed:
        return Unmappable(
            "under a multi-replica tf.distribute strategy Keras 3 divides a sum_over_batch_size "
            f"loss by the number of replicas and TF1 does not ({facts.distributed_evidence})"
        )
    where = collected(site, bound, spec.contrib)
    if isinstance(where, Unmappable):
        return where
    if where is not None and (site.statement or facts.collections_read):
        return Unmappable(f"TF1 adds the loss to {where}, which is read or is its only effect")
    ctor = [_kw(keyword, cst.parse_expression(source)) for keyword, source in spec.keras_fixed]
    ctor += [
        _kw(keyword, _literal_arg(updated.value(param)))
        for param, keyword in spec.keras_args
        if bound.value(param) is not None
    ]
    for param, _ in spec.keras_args:
        node = bound.value(param)
        if node is None:
            continue
        value = literal_number(node)
        if value is None:
            return Unmappable(f"`{param}={code_of(node)}` is not a numeric literal")
        if param == "label_smoothing" and value < 0:
            return Unmappable("a negative `label_smoothing` is ignored by TF1 but applied by Keras")
    for dropped in ("scope", "loss_collection", "reduction", "weights"):
        node = bound.value(dropped)
        if node is not None and impure(node):
            return Unmappable(
                f"`{dropped}={code_of(node)}` has effects that the rewrite would change"
            )
    if facts.non_float32:
        return Unmappable(
            "Keras 2 computes a float64 input in float64 where TF1 casts it to float32 "
            f"({facts.dtype_evidence})"
        )
    if facts.keras_masks:
        return Unmappable(
            "Keras 3 losses weight by the mask a Keras layer attaches to `y_pred`, TF1 "
            f"ignores it ({facts.masks_evidence})"
        )
    family = spec.family
    assert family is not None
    labels = updated.value(family.labels)
    predictions = updated.value(family.predictions)
    assert labels is not None and predictions is not None
    # Keras evaluates y_true then y_pred: keep the source's order when both have effects.
    order = [p for p in bound.order if p in (family.labels, family.predictions)]
    both_impure = impure(labels) and impure(predictions)
    args = [
        NewArg(
            labels,
            "y_true" if both_impure and order[0] != family.labels else None,
            updated.arguments[family.labels],
        ),
        NewArg(
            predictions,
            "y_pred" if both_impure and order[0] != family.labels else None,
            updated.arguments[family.predictions],
        ),
    ]
    if both_impure and order[0] != family.labels:
        args.reverse()
    if kind is WeightsKind.NONZERO_LITERAL:
        sample_weight = updated.value("weights")
        assert sample_weight is not None
        args.append(NewArg(sample_weight, "sample_weight", updated.arguments["weights"]))
    func = cst.Call(func=site.emitter.tf2(f"keras.losses.{spec.keras_class}"), args=ctor)
    replacement = site.updated.with_changes(func=func, args=relay(site.updated, args))
    return NativePlan(replacement, (f"reduction {reduction.name} -> {keras.value!r}",))


def _literal_arg(node: cst.BaseExpression | None) -> cst.BaseExpression:
    assert node is not None
    return node


def plan_plain_elementwise(site: CallSite, spec: ElementwiseSpec) -> PlainPlan | Unmappable:
    """TF1's element-wise loss and weighting written out in plain TF2 ops, or why not."""
    bound_pair = site.bind(spec.signature)
    if isinstance(bound_pair, BindError):
        return Unmappable(bound_pair.message)
    bound, updated = bound_pair
    if (
        site.facts.distributed
        and site.options.denominator is Denominator.GLOBAL
        and not spec.unreduced
    ):
        return Unmappable(
            "the global denominator under tf.distribute was asked for "
            "(`Options.denominator=global`): only the shim computes it"
        )
    collection = None if spec.unreduced else loss_collection(site, bound, updated, spec.contrib)
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
    family = spec.family
    assert family is not None
    b = Builder(
        site.emitter,
        block=site.hoistable,
        taken=site.taken,
        prefix=site.assigned,
        float32_inputs=not site.facts.non_float32,
    )
    try:
        names = list(dict.fromkeys([family.labels, family.predictions, *family.extras]))
        if kind is WeightsKind.OTHER:
            names.append("weights")
        items = []
        for param in names:
            node = updated.value(param)
            if node is not None:
                items.append((param, node, bound.order.index(param)))
        values = _order(b, items, family.uses)
        extra = {p: values[p] for p in family.extras if p in values}
        losses = family.build(b, values[family.labels], values[family.predictions], extra)
        if spec.unreduced:
            return finish_plain(site, b, losses, "nothing (the element-wise loss)", None, None)
        twice = spec.contrib or reduction not in (TF1Reduction.NONE, TF1Reduction.SUM)
        if twice and not b.block:
            effects = [code_of(v) for v in values.values() if impure(v)]
            if effects:  # the one expression computes the losses twice: their sum and count
                raise NotPlain(
                    f"one expression would evaluate `{effects[0]}` twice (the losses' sum and "
                    "their count), and no statement can be placed before this one"
                )
        xent = b.bind("losses", losses, repeatable=True)
        dtype = None if family.float32 else _dtype(xent, values[family.predictions], family)
        literal = literal_number(weights) if kind is not WeightsKind.OTHER else None
        if spec.contrib and kind is WeightsKind.OTHER:
            result, why = contrib_tensor_weighting(b, xent, dtype, values["weights"])
        elif spec.contrib:
            result, why = contrib_weighting(b, xent, dtype, literal)
        else:
            result, why = core_weighting(b, xent, dtype, values.get("weights"), literal, reduction)
    except NotPlain as exc:
        return Unmappable(str(exc))
    what = reduction.name if not spec.contrib else "contrib's weighting"
    return finish_plain(site, b, result, why, what, collection)


def _dtype(
    xent: cst.BaseExpression, predictions: cst.BaseExpression, family: Elementwise
) -> cst.BaseExpression:
    """The losses' dtype, to cast the result back to as TF1 does: the temporary's, else the
    logits' (sigmoid: the same dtype), else the repeatable losses expression's own."""
    if isinstance(xent, cst.Name) or family.labels == family.predictions:
        return cst.Attribute(value=xent, attr=cst.Name("dtype"))
    if not pure(predictions):
        raise NotPlain("the logits' dtype cannot be read without evaluating them twice")
    return cst.Attribute(value=predictions, attr=cst.Name("dtype"))


def _order(
    b: Builder, items: list[tuple[str, cst.BaseExpression, int]], uses: dict[str, int]
) -> dict[str, cst.BaseExpression]:
    """Inputs as expressions to use: several with effects become temporaries in the source's
    order; a single one is inlined where it is used once."""
    impure_items = [item for item in items if impure(item[1])]
    if len(impure_items) > 1:
        return {p: b.bind(p, node) for p, node, _ in sorted(items, key=lambda i: i[2])}
    return {p: b.bind(p, node) if uses.get(p, 1) > 1 else node for p, node, _ in items}
