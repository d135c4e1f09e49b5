"""The element-by-element TF1 losses in plain TF2 ops: what each computes before the weighting.

TF1 (``losses_impl.py``; contrib's ``loss_ops.py`` is the same unless said) computes, then hands
the losses to ``compute_weighted_loss``:

==========================  ======================================================  =========
loss                        per element                                             dtype
==========================  ======================================================  =========
``absolute_difference``     ``abs(p - l)``                                          float32
``mean_squared_error``      ``squared_difference(p, l)``                            float32
                            (contrib: ``square(p - l)``)
``huber_loss``              ``0.5 * q * q + delta * (|p - l| - q)``,                float32
                            ``q = minimum(|p - l|, delta)``
``log_loss``                ``-(l * log(p + eps)) - (1 - l) * log(1 - p + eps)``    float32
``hinge_loss``              ``relu(1 - (2 * l - 1) * logits)``                      float32
``cosine_distance``         ``1 - reduce_sum(p * l, axis=(axis,), keepdims=True)``  float32
                            (contrib: ``axis=[axis]``, no ``keepdims``)
``sigmoid_cross_entropy``   ``sigmoid_cross_entropy_with_logits`` of the labels     the
                            cast to the logits' dtype, smoothed towards 1/2 when    logits'
                            ``label_smoothing > 0``
==========================  ======================================================  =========

``p`` and ``l`` are the predictions and labels cast to float32 (TF1's ``math_ops.cast``). No
label's gradient is stopped. contrib's ``hinge_loss`` is the element-wise loss itself, unweighted
and unreduced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from migrate.rules.plain_ops import Builder, NotPlain, binary, float_literal, pure

__all__ = ["ELEMENTWISE", "Elementwise"]


def _f32(b: Builder, node: cst.BaseExpression) -> cst.BaseExpression:
    return b.call("cast", node, b.tf("float32"))


def _op(
    left: cst.BaseExpression, op: cst.BaseBinaryOp, right: cst.BaseExpression
) -> cst.BinaryOperation:
    return binary(left, op, right)


def _paren(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


Build = Callable[
    [Builder, cst.BaseExpression, cst.BaseExpression, dict[str, cst.BaseExpression]],
    cst.BaseExpression,
]
"""``(builder, labels, predictions, other arguments) -> per-element losses``."""


@dataclass(frozen=True)
class Elementwise:
    labels: str
    """The labels' parameter name."""
    predictions: str
    """The predictions' parameter name (``predictions`` or ``logits``)."""
    build: Build
    float32: bool
    """TF1 casts the inputs to float32: the losses and the result are float32."""
    uses: dict[str, int]
    """How many times ``build`` evaluates each input (an input used twice must be free of
    effects, or a temporary)."""
    extras: tuple[str, ...] = ()
    """Other parameters ``build`` reads (``delta``, ``epsilon``, ``axis``...)."""


def _absolute(
    b: Builder, labels: cst.BaseExpression, p: cst.BaseExpression, _: dict[str, cst.BaseExpression]
) -> cst.BaseExpression:
    return b.call("abs", _op(_f32(b, p), cst.Subtract(), _f32(b, labels)))


def _squared(
    b: Builder, labels: cst.BaseExpression, p: cst.BaseExpression, _: dict[str, cst.BaseExpression]
) -> cst.BaseExpression:
    return b.call("math.squared_difference", _f32(b, p), _f32(b, labels))


def _square(
    b: Builder, labels: cst.BaseExpression, p: cst.BaseExpression, _: dict[str, cst.BaseExpression]
) -> cst.BaseExpression:
    """contrib's ``mean_squared_error``: ``square(p - l)`` (the same numbers as core's
    ``squared_difference``, written as contrib wrote it)."""
    return b.call("square", _op(_f32(b, p), cst.Subtract(), _f32(b, labels)))


def _huber(
    b: Builder,
    labels: cst.BaseExpression,
    p: cst.BaseExpression,
    extra: dict[str, cst.BaseExpression],
) -> cst.BaseExpression:
    delta = b.bind("delta", extra.get("delta", float_literal(1.0)))
    error = b.step("error", b.call("abs", _op(_f32(b, p), cst.Subtract(), _f32(b, labels))))
    if not b.block:
        raise NotPlain("the Huber loss reads its absolute error three times")
    quadratic = b.step("quadratic", b.call("minimum", error, delta))
    linear = _paren(_op(error, cst.Subtract(), quadratic))
    return _op(
        _op(float_literal(0.5), cst.Multiply(), _paren(_op(quadratic, cst.Multiply(), quadratic))),
        cst.Add(),
        _op(delta, cst.Multiply(), linear),
    )


def _log(
    b: Builder,
    labels: cst.BaseExpression,
    p: cst.BaseExpression,
    extra: dict[str, cst.BaseExpression],
) -> cst.BaseExpression:
    eps = extra.get("epsilon", cst.Float("1e-07"))
    if not (pure(labels) and pure(p) and pure(eps)):
        raise NotPlain("the labels, predictions and epsilon would be evaluated twice")
    if not (b.block or b.float32_inputs):
        # TF1 casts each input to float32 once and reads it twice: their gradients add up in
        # float32 and round once to a float16/float64 input; two casts would round each
        raise NotPlain(
            "TF1 casts the labels and predictions once and reads each twice; one expression "
            "would cast them twice, which rounds a float16/float64 input's gradient twice"
        )
    labels32 = b.step("labels32", _f32(b, labels))
    preds = b.step("predictions32", _f32(b, p))
    first = _paren(_op(labels32, cst.Multiply(), b.call("math.log", _op(preds, cst.Add(), eps))))
    rest = _op(
        _paren(_op(cst.Integer("1"), cst.Subtract(), labels32)),
        cst.Multiply(),
        b.call("math.log", _op(_op(cst.Integer("1"), cst.Subtract(), preds), cst.Add(), eps)),
    )
    return _op(cst.UnaryOperation(operator=cst.Minus(), expression=first), cst.Subtract(), rest)


def _hinge(
    b: Builder,
    labels: cst.BaseExpression,
    logits: cst.BaseExpression,
    _: dict[str, cst.BaseExpression],
) -> cst.BaseExpression:
    signed = _paren(
        _op(
            _op(cst.Integer("2"), cst.Multiply(), _f32(b, labels)),
            cst.Subtract(),
            float_literal(1.0),
        )
    )
    return b.call(
        "nn.relu",
        _op(float_literal(1.0), cst.Subtract(), _op(signed, cst.Multiply(), _f32(b, logits))),
    )


def _cosine(keepdims: bool) -> Build:
    def build(
        b: Builder,
        labels: cst.BaseExpression,
        p: cst.BaseExpression,
        extra: dict[str, cst.BaseExpression],
    ) -> cst.BaseExpression:
        if "axis" in extra and "dim" in extra:
            raise NotPlain("both `axis` and `dim` are given (TF1 raises)")
        axis = extra.get("axis") or extra.get("dim")
        if axis is None:
            raise NotPlain("no `axis` (TF1 raises)")
        product = _op(_f32(b, p), cst.Multiply(), _f32(b, labels))
        if keepdims:
            axes = cst.Tuple([cst.Element(axis)])
            summed = b.call("reduce_sum", product, axis=axes, keepdims=cst.Name("True"))
        else:
            summed = b.call("reduce_sum", product, axis=cst.List([cst.Element(axis)]))
        return _op(cst.Integer("1"), cst.Subtract(), summed)

    return build


def _sigmoid(
    b: Builder,
    labels: cst.BaseExpression,
    logits: cst.BaseExpression,
    extra: dict[str, cst.BaseExpression],
) -> cst.BaseExpression:
    if not pure(logits):
        raise NotPlain("the logits would be evaluated twice (their dtype and the loss)")
    cast = b.call("cast", labels, cst.Attribute(value=logits, attr=cst.Name("dtype")))
    target: cst.BaseExpression = cast
    s = extra.get("label_smoothing")
    literal = _literal(s)
    if s is not None and (literal is None or literal > 0):
        s = b.bind("smoothing", s)
        smoothed = _op(
            _op(cast, cst.Multiply(), _paren(_op(cst.Integer("1"), cst.Subtract(), s))),
            cst.Add(),
            _op(float_literal(0.5), cst.Multiply(), s),
        )
        target = smoothed
        if literal is None:  # TF1 tests `label_smoothing > 0` in Python
            if not pure(labels):
                raise NotPlain("the labels would be evaluated twice")
            test = cst.Comparison(
                left=s,
                comparisons=[
                    cst.ComparisonTarget(operator=cst.GreaterThan(), comparator=cst.Integer("0"))
                ],
            )
            target = _paren(cst.IfExp(test=test, body=smoothed, orelse=cast))
    return b.call("nn.sigmoid_cross_entropy_with_logits", labels=target, logits=logits)


def _given(
    b: Builder,
    labels: cst.BaseExpression,
    _p: cst.BaseExpression,
    _extra: dict[str, cst.BaseExpression],
) -> cst.BaseExpression:
    """``compute_weighted_loss``: the losses as given (a tensor, for their dtype)."""
    return b.call("convert_to_tensor", labels)


def _literal(node: cst.BaseExpression | None) -> float | None:
    from migrate.engine.reductions import literal_number

    return literal_number(node)


ELEMENTWISE: dict[str, Elementwise] = {
    "absolute_difference": Elementwise("labels", "predictions", _absolute, True, {}),
    "mean_squared_error": Elementwise("labels", "predictions", _squared, True, {}),
    "contrib.mean_squared_error": Elementwise("labels", "predictions", _square, True, {}),
    "huber_loss": Elementwise("labels", "predictions", _huber, True, {}, ("delta",)),
    "log_loss": Elementwise(
        "labels", "predictions", _log, True, {"labels": 2, "predictions": 2}, ("epsilon",)
    ),
    "hinge_loss": Elementwise("labels", "logits", _hinge, True, {}),
    "cosine_distance": Elementwise(
        "labels", "predictions", _cosine(True), True, {}, ("axis", "dim")
    ),
    "contrib.cosine_distance": Elementwise(
        "labels", "predictions", _cosine(False), True, {}, ("axis", "dim")
    ),
    "compute_weighted_loss": Elementwise("losses", "losses", _given, False, {}),
    "sigmoid_cross_entropy": Elementwise(
        "multi_class_labels",
        "logits",
        _sigmoid,
        False,
        {"logits": 2, "multi_class_labels": 2},
        ("label_smoothing",),
    ),
}
"""TF1's element-wise losses by name (``contrib.`` where contrib's differ)."""
