"""TF1's losses written out in plain TF2 ops: exact by construction, no Keras, no shim.

TF1 computes every loss as ``compute_weighted_loss(per_element_losses, weights, reduction)``:
cast the losses and the weights to float32, multiply, reduce, divide by the reduction's
denominator with ``div_no_nan``, cast back to the losses' dtype. Written out with
``tf.nn.softmax_cross_entropy_with_logits``, ``tf.cast``, ``tf.reduce_sum``,
``tf.math.count_nonzero`` and ``tf.math.divide_no_nan``, the same ops in the same order give the
same numbers in every dtype, under ``tf.distribute`` (each replica divides by its own
denominator, as TF1 did) and whatever Keras mask the logits carry (TF1 ignores it).

A ``PlainOps`` is built for one call: ``temps`` (statements to place before the call's
statement, in the order the call evaluated its arguments) and ``result`` (the expression that
replaces the call). In a context where nothing may be placed before the statement (a lambda,
a comprehension, a conditional branch...), every input used twice must be free of effects, and
the whole computation is one expression.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import libcst as cst

from migrate.engine.operands import binary
from migrate.engine.reductions import TF1Reduction
from migrate.rules.base import Emitter, code_of

__all__ = [
    "Builder",
    "Input",
    "PlainOps",
    "binary",
    "core_weighting",
    "float_literal",
    "pure",
]


def pure(node: cst.BaseExpression) -> bool:
    """Evaluating ``node`` twice is the same as once: names, attributes, subscripts, literals
    (attribute and item access count as free of effects, as everywhere in this codemod)."""
    if isinstance(node, cst.Name | cst.BaseNumber | cst.SimpleString):
        return True
    if isinstance(node, cst.Attribute):
        return pure(node.value)
    if isinstance(node, cst.UnaryOperation):
        return pure(node.expression)
    if isinstance(node, cst.Subscript):  # `logits[0]`, `batch["labels"]`, `x[:, 1]`
        return pure(node.value) and all(_pure_slice(element.slice) for element in node.slice)
    return False


def _pure_slice(node: cst.BaseSlice) -> bool:
    if isinstance(node, cst.Index):
        return pure(node.value)
    if isinstance(node, cst.Slice):
        return all(part is None or pure(part) for part in (node.lower, node.upper, node.step))
    return False


@dataclass
class Temp:
    name: str | None
    """``None``: an expression statement (``tf.compat.v1.losses.add_loss(...)``)."""
    value: cst.BaseExpression
    comment: str | None = None
    """A trailing comment saying why the step is there."""


@dataclass
class PlainOps:
    temps: list[Temp]
    result: cst.BaseExpression
    divides_by: str
    """What TF1 divides by, for the comment and the finding (``"the number of non-zero
    weights"``)."""


@dataclass
class Input:
    """One argument of the source call, as the plain ops will use it."""

    node: cst.BaseExpression
    """The argument (built from the updated call)."""
    position: int
    """Where the source call evaluated it (its index among the call's arguments)."""


@dataclass
class Builder:
    """Allocates temporaries (block form) or inlines pure inputs (expression form)."""

    emitter: Emitter
    block: bool
    """Statements may be placed before the call's statement."""
    taken: Callable[[str], bool]
    """Names already used in the module (never chosen for a temporary)."""
    prefix: str | None = None
    """The name the statement assigns the loss to: temporaries are called ``<prefix>_xent``..."""
    float32_inputs: bool = False
    """The inputs are assumed float32 (no dtype evidence): casting one to float32 twice is then
    the identity twice, and its gradients do not round twice."""
    temps: list[Temp] = field(default_factory=list)
    following: list[Temp] = field(default_factory=list)
    """Expression statements to place just after the call's statement."""

    def tf(self, dotted: str) -> cst.BaseExpression:
        return self.emitter.tf2(dotted)

    def call(
        self, dotted: str, *args: cst.BaseExpression, **keywords: cst.BaseExpression
    ) -> cst.Call:
        arguments = [cst.Arg(value=a) for a in args]
        arguments += [
            cst.Arg(value=v, keyword=cst.Name(k), equal=_NO_SPACE) for k, v in keywords.items()
        ]
        return cst.Call(func=self.tf(dotted), args=arguments)

    def fresh(self, hint: str) -> str:
        used = {t.name for t in self.temps if t.name is not None}
        if self.prefix:
            hint = f"{self.prefix}_{hint}"
        candidate, index = hint, 1
        while self.taken(candidate) or candidate in used:
            candidate, index = f"{hint}_{index}", index + 1
        return candidate

    def bind(
        self, hint: str, value: cst.BaseExpression, *, repeatable: bool = False
    ) -> cst.BaseExpression:
        """A temporary holding ``value`` (block form); ``value`` itself when it is pure, or
        ``repeatable`` (a computation on pure inputs: computing it twice gives the same
        values, and gradients flow through the copy that is used for values only) in the
        expression form."""
        if pure(value) or (repeatable and not self.block):
            return value
        if not self.block:
            raise NotPlain(
                f"`{code_of(value)}` would be evaluated more than once in a one-expression form "
                "(here no statement can be placed before the call's)"
            )
        name = self.fresh(hint)
        self.temps.append(Temp(name, value))
        return cst.Name(name)

    def step(
        self, hint: str, value: cst.BaseExpression, comment: str | None = None
    ) -> cst.BaseExpression:
        """A named intermediate result in the block form (one short line each), the value
        itself in the expression form. ``value`` must be free of effects or used once."""
        if not self.block:
            return value
        name = self.fresh(hint)
        self.temps.append(Temp(name, value, comment))
        return cst.Name(name)

    def effect(self, value: cst.BaseExpression, comment: str | None = None) -> None:
        """An expression statement placed before the call's statement (block form only)."""
        assert self.block
        self.temps.append(Temp(None, value, comment))

    def after(self, value: cst.BaseExpression, comment: str | None = None) -> None:
        """An expression statement placed just after the call's statement (block form only)."""
        assert self.block
        self.following.append(Temp(None, value, comment))

    def order(self, inputs: Sequence[tuple[str, Input | None]]) -> dict[str, cst.BaseExpression]:
        """Each input as an expression to use any number of times, evaluated in the call's
        order: impure inputs become temporaries, in source order, before anything else."""
        present = sorted(
            ((hint, item) for hint, item in inputs if item is not None),
            key=lambda pair: pair[1].position,
        )
        return {hint: self.bind(hint, item.node) for hint, item in present}


_NO_SPACE = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


class NotPlain(Exception):
    """This call has no exact plain-ops form here (the message says why)."""


def float_literal(value: float) -> cst.BaseExpression:
    """``2.0``, ``-1.5``: a numeric literal as Python writes it."""
    if value < 0:
        return cst.UnaryOperation(operator=cst.Minus(), expression=cst.Float(repr(float(-value))))
    return cst.Float(repr(float(value)))


def core_weighting(
    b: Builder,
    losses: cst.BaseExpression,
    dtype: cst.BaseExpression | None,
    weights: cst.BaseExpression | None,
    weights_literal: float | None,
    reduction: TF1Reduction,
    weights_note: str | None = None,
) -> tuple[cst.BaseExpression, str]:
    """``tf.compat.v1.losses.compute_weighted_loss(losses, weights, reduction=...)``, written out.

    ``losses`` must be a name (or repeatable) when the reduction needs it twice; ``dtype`` is
    theirs (``None``: float32, so TF1's casts to float32 and back are identities and are left
    out); ``weights`` is a tensor expression, ``weights_literal`` a numeric literal; both
    ``None`` for TF1's default ``1.0``. Returns the expression and what TF1 divides by.
    """
    losses32 = losses if dtype is None else b.call("cast", losses, b.tf("float32"))
    weights32: cst.BaseExpression | None = None
    if weights is not None:
        weights32 = b.step("weights", b.call("cast", weights, b.tf("float32")), weights_note)
    elif weights_literal is not None and weights_literal != 1.0:
        weights32 = float_literal(weights_literal)
    weighted: cst.BaseExpression = losses32
    if weights32 is not None:
        weighted = binary(losses32, cst.Multiply(), weights32)

    def back(value: cst.BaseExpression) -> cst.BaseExpression:
        """Cast back to the losses' dtype (``None``: float32 already, as TF1 computed)."""
        return value if dtype is None else b.call("cast", value, dtype)

    if reduction is TF1Reduction.NONE:
        return back(weighted), "nothing (one loss per element)"
    if reduction is TF1Reduction.SUM:
        return back(b.call("reduce_sum", weighted)), "nothing (the weighted sum)"
    total = b.step("total", b.call("reduce_sum", weighted))
    if reduction is TF1Reduction.SUM_OVER_BATCH_SIZE or (
        reduction is TF1Reduction.SUM_BY_NONZERO_WEIGHTS
        and (weights32 is None or (weights_literal is not None and weights_literal != 0.0))
    ):
        count: cst.BaseExpression = b.call("cast", b.call("size", losses), b.tf("float32"))
        why = "the number of loss elements"
    elif reduction is TF1Reduction.SUM_BY_NONZERO_WEIGHTS:
        assert weights32 is not None
        if weights_literal is not None:  # a zero literal: no element counts
            count, why = float_literal(0.0), "the number of non-zero weights (none)"
        else:
            count = b.step(
                "nonzero",
                b.call(
                    "math.count_nonzero",
                    b.call("broadcast_to", weights32, b.call("shape", losses)),
                    dtype=b.tf("float32"),
                ),
            )
            why = "the number of non-zero weights"
    else:  # MEAN
        if weights32 is None:
            count = b.call("cast", b.call("size", losses), b.tf("float32"))
        else:
            count = b.step(
                "weight_sum",
                b.call(
                    "reduce_sum",
                    binary(b.call("ones_like", losses32), cst.Multiply(), weights32),
                ),
            )
        why = "the sum of the weights"
    return back(b.call("math.divide_no_nan", total, count)), why
