"""The softmax cross-entropy losses (core and contrib, dense and sparse) in plain TF2 ops.

What TF1 does, step by step, and what is emitted for it:

* dense: ``onehot_labels`` cast to the logits' dtype; if ``label_smoothing > 0`` (a Python
  comparison), ``labels * (1 - s) + s / num_classes`` with ``num_classes`` the size of the last
  axis (contrib: of axis 1); ``tf.stop_gradient``; ``softmax_cross_entropy_with_logits``;
* sparse (core): labels ``[batch, 1]`` squeezed to ``[batch]`` when they have the logits' rank,
  then weights ``[batch, 1]`` squeezed when they have one more axis than the labels (TF1
  decides from static ranks, as the emitted code does); ``sparse_softmax_cross_entropy_with_
  logits``; (contrib): labels reshaped to ``[batch]``;
* then ``compute_weighted_loss`` (``migrate.rules.plain_ops.core_weighting``); contrib's own
  weighting, for no weights or a numeric literal: the sum of the float32 losses times the
  weight, over the number of elements (none for a zero weight).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from migrate.engine.calls import BoundCall
from migrate.engine.reductions import TF1Reduction
from migrate.rules.plain_ops import (
    Builder,
    Input,
    NotPlain,
    PlainOps,
    binary,
    core_weighting,
    float_literal,
    pure,
)

__all__ = [
    "SoftmaxInputs",
    "contrib_tensor_weighting",
    "contrib_weighting",
    "softmax_plain_ops",
]


@dataclass(frozen=True)
class SoftmaxInputs:
    sparse: bool
    contrib: bool
    labels_param: str
    reduction: TF1Reduction
    smoothing: cst.BaseExpression | None
    smoothing_literal: float | None
    weights_literal: float | None
    weights_given: bool


def _input(bound: BoundCall, updated: BoundCall, param: str) -> Input | None:
    node = updated.value(param)
    if node is None:
        return None
    return Input(node, bound.order.index(param))


def softmax_plain_ops(
    b: Builder, bound: BoundCall, updated: BoundCall, spec: SoftmaxInputs
) -> PlainOps:
    """The plain-ops form of one bound softmax cross-entropy call (raises ``NotPlain``)."""
    tensor_weights = spec.weights_given and spec.weights_literal is None
    smoothing_input = None
    if spec.smoothing is not None and spec.smoothing_literal is None:
        smoothing_input = _input(bound, updated, "label_smoothing")
    items = [
        ("labels", _input(bound, updated, spec.labels_param)),
        ("logits", _input(bound, updated, "logits")),
        ("weights", _input(bound, updated, "weights") if tensor_weights else None),
        ("smoothing", smoothing_input),
    ]
    impure = [item for _, item in items if item is not None and not pure(item.node)]
    uses = {"labels": 1 + (smoothing_input is not None) + spec.sparse, "logits": 2}
    uses["weights"] = (
        2
        if spec.reduction in (TF1Reduction.MEAN, TF1Reduction.SUM_BY_NONZERO_WEIGHTS)
        or spec.sparse
        or spec.contrib
        else 1
    )
    uses["smoothing"] = 2
    if len(impure) > 1:
        values = b.order(items)  # several inputs with effects: temporaries in source order
    else:
        values = {
            hint: (b.bind(hint, item.node) if uses[hint] > 1 else item.node)
            for hint, item in items
            if item is not None
        }
    labels, logits = values["labels"], values["logits"]
    if spec.sparse:
        losses = _sparse(b, labels, logits, contrib=spec.contrib)
    else:
        losses = _dense(b, labels, logits, spec, values.get("smoothing"))
    xent = b.bind("xent", losses, repeatable=True)
    weights: cst.BaseExpression | None = values.get("weights")
    if spec.contrib and weights is not None:
        result, why = contrib_tensor_weighting(b, xent, _dtype(b, xent, logits), weights)
    elif spec.contrib:
        result, why = contrib_weighting(b, xent, _dtype(b, xent, logits), spec.weights_literal)
    else:
        note = None
        if weights is not None and spec.sparse:
            weights = _squeeze_weights(b, weights, labels, logits)
            note = "TF1 squeezes [batch, 1] weights"
        literal = spec.weights_literal if spec.weights_given else None
        result, why = core_weighting(
            b, xent, _dtype(b, xent, logits), weights, literal, spec.reduction, note
        )
    return PlainOps(list(b.temps), result, why)


def _dtype(b: Builder, xent: cst.BaseExpression, logits: cst.BaseExpression) -> cst.BaseExpression:
    """The losses' dtype (the logits'): read from the temporary, else from the pure logits."""
    source = xent if isinstance(xent, cst.Name) else logits
    if not pure(source):
        raise NotPlain("the logits' dtype cannot be read without evaluating them twice")
    return cst.Attribute(value=source, attr=cst.Name("dtype"))


def _dense(
    b: Builder,
    labels: cst.BaseExpression,
    logits: cst.BaseExpression,
    spec: SoftmaxInputs,
    smoothing: cst.BaseExpression | None,
) -> cst.BaseExpression:
    if not pure(logits):
        raise NotPlain("the logits would be evaluated twice (their dtype and the loss)")
    dtype = cst.Attribute(value=logits, attr=cst.Name("dtype"))
    onehot: cst.BaseExpression = b.call("cast", labels, dtype)
    if spec.smoothing is not None and (
        spec.smoothing_literal is None or spec.smoothing_literal > 0
    ):
        s = smoothing if smoothing is not None else spec.smoothing
        axis = (
            cst.Integer("1")
            if spec.contrib
            else cst.UnaryOperation(operator=cst.Minus(), expression=cst.Integer("1"))
        )
        classes = b.call(
            "cast",
            cst.Subscript(
                value=b.call("shape", logits),
                slice=[cst.SubscriptElement(slice=cst.Index(value=axis))],
            ),
            dtype,
        )
        smoothed = cst.BinaryOperation(
            left=cst.BinaryOperation(
                left=onehot,
                operator=cst.Multiply(),
                right=cst.BinaryOperation(
                    left=cst.Float("1.0"),
                    operator=cst.Subtract(),
                    right=s,
                    lpar=[cst.LeftParen()],
                    rpar=[cst.RightParen()],
                ),
            ),
            operator=cst.Add(),
            right=cst.BinaryOperation(left=s, operator=cst.Divide(), right=classes),
        )
        if spec.smoothing_literal is None:  # TF1 tests `label_smoothing > 0` in Python
            assert s is not None
            onehot = cst.IfExp(
                test=cst.Comparison(
                    left=s,
                    comparisons=[
                        cst.ComparisonTarget(
                            operator=cst.GreaterThan(), comparator=cst.Integer("0")
                        )
                    ],
                ),
                body=smoothed,
                orelse=onehot,
                lpar=[cst.LeftParen()],
                rpar=[cst.RightParen()],
            )
        else:
            onehot = smoothed
    return b.call(
        "nn.softmax_cross_entropy_with_logits",
        labels=b.call("stop_gradient", onehot),
        logits=logits,
    )


def _rank(node: cst.BaseExpression) -> cst.Call:
    """``len(node.shape)``: a static rank (as TF1 reads it)."""
    return cst.Call(
        func=cst.Name("len"),
        args=[cst.Arg(value=cst.Attribute(value=node, attr=cst.Name("shape")))],
    )


def _squeezed_if(
    b: Builder, node: cst.BaseExpression, left: cst.BaseExpression, right: cst.BaseExpression
) -> cst.IfExp:
    """``tf.squeeze(node, [-1]) if left == right else node`` (in parentheses when inline)."""
    parens: list[cst.LeftParen] = [] if b.block else [cst.LeftParen()]
    return cst.IfExp(
        test=cst.Comparison(
            left=left, comparisons=[cst.ComparisonTarget(operator=cst.Equal(), comparator=right)]
        ),
        body=b.call(
            "squeeze",
            node,
            cst.List(
                [cst.Element(cst.UnaryOperation(operator=cst.Minus(), expression=cst.Integer("1")))]
            ),
        ),
        orelse=node,
        lpar=parens,
        rpar=[cst.RightParen()] if parens else [],
    )


def _sparse(
    b: Builder, labels: cst.BaseExpression, logits: cst.BaseExpression, *, contrib: bool
) -> cst.BaseExpression:
    if not pure(labels) or not pure(logits):
        raise NotPlain("the labels and logits would be evaluated twice (their ranks and the loss)")
    if contrib:  # contrib reshapes the labels to [batch]
        batch = cst.Subscript(
            value=b.call("shape", labels),
            slice=[cst.SubscriptElement(slice=cst.Index(value=cst.Integer("0")))],
        )
        ids: cst.BaseExpression = b.call("reshape", labels, cst.List([cst.Element(batch)]))
    else:  # TF1 squeezes [batch, 1] labels (static ranks)
        squeezed = _squeezed_if(b, labels, _rank(labels), _rank(logits))
        ids = b.step("labels", squeezed, "TF1 squeezes [batch, 1] labels")
    return b.call("nn.sparse_softmax_cross_entropy_with_logits", labels=ids, logits=logits)


def _squeeze_weights(
    b: Builder, weights: cst.BaseExpression, labels: cst.BaseExpression, logits: cst.BaseExpression
) -> cst.BaseExpression:
    """TF1 squeezes ``[batch, 1]`` weights when they have one more axis than the (squeezed)
    labels, whose rank is the logits' rank minus one."""
    if not pure(weights):
        raise NotPlain("the weights would be evaluated twice (their rank and the loss)")
    return _squeezed_if(b, weights, _rank(weights), _rank(logits))


def contrib_weighting(
    b: Builder, losses: cst.BaseExpression, dtype: cst.BaseExpression | None, literal: float | None
) -> tuple[cst.BaseExpression, str]:
    """contrib's ``compute_weighted_loss`` for no weights or a numeric literal: the float32 sum
    times the weight, over the number of elements (none when the weight is zero). ``dtype``
    ``None``: float32 losses (no casts)."""
    losses32 = losses if dtype is None else b.call("cast", losses, b.tf("float32"))
    total: cst.BaseExpression = b.call("reduce_sum", losses32)
    if literal is not None and literal != 1.0:
        total = binary(total, cst.Multiply(), float_literal(literal))
    if literal == 0.0:
        count: cst.BaseExpression = cst.Float("0.0")
        why = "the number of elements with a non-zero weight (none)"
    else:
        count = b.call("cast", b.call("size", losses), b.tf("float32"))
        why = "the number of loss elements"
    divided = b.call("math.divide_no_nan", total, count)
    return (divided if dtype is None else b.call("cast", divided, dtype)), why


def contrib_tensor_weighting(
    b: Builder,
    losses: cst.BaseExpression,
    dtype: cst.BaseExpression | None,
    weights: cst.BaseExpression,
) -> tuple[cst.BaseExpression, str]:
    """contrib's ``compute_weighted_loss`` for a weights tensor, as TF 1.x's ``loss_ops.py``
    computes it from static ranks (``len(x.shape)``, read when the code runs, as TF1 read
    them when it built the graph): weights ``[..., 1]`` squeezed; the losses summed over their
    axes past the weights' rank, times the weights, summed; over the non-zero weights times
    the number of elements each one broadcasts to. ``dtype`` ``None``: float32 losses."""
    if not b.block or not isinstance(losses, cst.Name):
        raise NotPlain("contrib's weighting of a weights tensor takes several statements")
    cast = b.step("weights", b.call("cast", weights, b.tf("float32")))
    minus_one = cst.UnaryOperation(operator=cst.Minus(), expression=cst.Integer("1"))
    last = cst.Subscript(
        value=cst.Attribute(value=cast, attr=cst.Name("shape")),
        slice=[cst.SubscriptElement(slice=cst.Index(value=minus_one))],
    )
    squeezable = cst.BooleanOperation(
        left=_compare(_rank(cast), cst.GreaterThan(), cst.Integer("1")),
        operator=cst.And(),
        right=_compare(
            last,
            cst.In(),
            cst.Tuple([cst.Element(cst.Name("None")), cst.Element(cst.Integer("1"))]),
        ),
    )
    squeezed = cst.IfExp(
        test=squeezable,
        body=b.call("squeeze", cast, cst.List([cst.Element(minus_one)])),
        orelse=cast,
    )
    w = b.step("w", squeezed, "contrib squeezes [..., 1] weights (static ranks)")
    losses32 = losses if dtype is None else b.call("cast", losses, b.tf("float32"))
    per_weight = b.call("reduce_sum", losses32, axis=_axes(_rank(w), _rank(losses)))
    total = b.step("total", b.call("reduce_sum", binary(per_weight, cst.Multiply(), w)))
    nonzero = b.call(
        "reduce_sum",
        b.call("cast", b.call("not_equal", w, cst.Integer("0")), b.tf("float32")),
        axis=_axes(cst.Integer("1"), _rank(w)),
    )
    spread = b.call(
        "cast",
        b.call(
            "reduce_prod",
            cst.Subscript(
                value=b.call("shape", losses),
                slice=[cst.SubscriptElement(slice=cst.Slice(lower=_rank(w), upper=None))],
            ),
        ),
        b.tf("float32"),
    )
    count = b.step("present", b.call("reduce_sum", binary(nonzero, cst.Multiply(), spread)))
    divided = b.call("math.divide_no_nan", total, count)
    why = "the number of non-zero weights times the elements each one weighs"
    return (divided if dtype is None else b.call("cast", divided, dtype)), why


def _compare(
    left: cst.BaseExpression, operator: cst.BaseCompOp, right: cst.BaseExpression
) -> cst.Comparison:
    return cst.Comparison(left=left, comparisons=[cst.ComparisonTarget(operator, right)])


def _axes(start: cst.BaseExpression, stop: cst.BaseExpression) -> cst.Call:
    """``list(range(start, stop))``: axes known from static ranks."""
    span = cst.Call(func=cst.Name("range"), args=[cst.Arg(start), cst.Arg(stop)])
    return cst.Call(func=cst.Name("list"), args=[cst.Arg(span)])
