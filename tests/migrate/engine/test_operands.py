"""Generated code reads as the tree it was built from (migrate/engine/operands.py).

Random arithmetic trees are printed with ``binary`` and re-read by Python: the value must be
the tree's. A replacement that binds more loosely than the call it stood for (a plain-ops loss
``losses * weights`` put in ``1.0 / <call>``) must keep its meaning after ``guard``.
"""

from __future__ import annotations

import ast
import random
from fractions import Fraction

import libcst as cst
import pytest

from migrate.engine.operands import binary, guard
from migrate.engine.transform import transform_source

_OPS: dict[type[cst.BaseBinaryOp], object] = {
    cst.Add: lambda a, b: a + b,
    cst.Subtract: lambda a, b: a - b,
    cst.Multiply: lambda a, b: a * b,
    cst.Divide: lambda a, b: a / b,
}


def _tree(rng: random.Random, depth: int) -> tuple[cst.BaseExpression, Fraction]:
    if depth == 0 or rng.random() < 0.25:
        value = rng.randint(1, 9)
        return cst.Integer(str(value)), Fraction(value)
    if rng.random() < 0.15:
        inner, value = _tree(rng, depth - 1)
        node = cst.UnaryOperation(operator=cst.Minus(), expression=inner)
        if not isinstance(inner, cst.Integer | cst.UnaryOperation) and not inner.lpar:
            node = node.with_changes(
                expression=inner.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            )
        return node, -value
    op = rng.choice(list(_OPS))
    left, a = _tree(rng, depth - 1)
    right, b = _tree(rng, depth - 1)
    if op is cst.Divide and b == 0:
        op = cst.Add
    return binary(left, op(), right), _OPS[op](a, b)  # type: ignore[operator]


def _value(code: str) -> Fraction:
    tree = ast.parse(code, mode="eval")
    # every literal an exact fraction: Python's own precedence, no float rounding
    text = ast.unparse(_Exact().visit(tree))
    return eval(text, {"F": Fraction})


class _Exact(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Call(ast.Name("F", ast.Load()), [node], [])


@pytest.mark.parametrize("seed", range(300))
def test_binary_prints_what_the_tree_means(seed: int) -> None:
    node, value = _tree(random.Random(seed), 5)
    code = cst.Module(body=[]).code_for_node(node)
    assert _value(code) == value, code


@pytest.mark.parametrize("seed", range(300))
def test_a_guarded_replacement_keeps_its_meaning_in_any_operand_position(seed: int) -> None:
    rng = random.Random(seed)
    loose, inner = _tree(rng, 3)
    other, b = _tree(rng, 2)
    op = rng.choice(list(_OPS))
    if op is cst.Divide and (inner == 0 or b == 0):
        op = cst.Multiply
    left_side = rng.random() < 0.5
    call = cst.Call(func=cst.Name("loss"))  # the source: `<other> op loss()`, then replaced
    if left_side:
        parent = binary(call, op(), other).with_changes(left=loose)
    else:
        parent = binary(other, op(), call).with_changes(right=loose)
    expected = _OPS[op](inner, b) if left_side else _OPS[op](b, inner)  # type: ignore[operator]
    code = cst.Module(body=[]).code_for_node(guard(parent, {id(loose)}))
    assert _value(code) == expected, code


def test_operands_the_source_wrote_are_never_touched() -> None:
    source = cst.parse_expression("a ** b ** c - (d - e)")
    assert guard(source, set()) is source


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("inv = 1.0 / {call}", "inv = 1.0 / (inv_losses * inv_weights)"),
        ("sq = {call} ** 2", "sq = (sq_losses * sq_weights) ** 2"),
        ("first = {call}[:, 0]", "first = (first_losses * first_weights)[:, 0]"),
        ("neg = -{call}", "neg = -(neg_losses * neg_weights)"),
        ("t = {call}.shape", "t = (t_losses * t_weights).shape"),
    ],
)
def test_a_written_out_loss_keeps_its_meaning_where_the_call_stood(
    line: str, expected: str
) -> None:
    # found by executing migrated code: `1.0 / losses * weights` is (1.0 / losses) * weights
    call = "tf.losses.absolute_difference(y, p, weights=w, reduction=tf.losses.Reduction.NONE)"
    source = f"import tensorflow as tf\nx = tf.placeholder(tf.float32)\n{line.format(call=call)}\n"
    output = transform_source(source).output
    assert expected + "\n" in output
    assert transform_source(output).output == output
