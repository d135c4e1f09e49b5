"""What a replacement must keep of the code it replaces: its meaning where it stands
(operator precedence) and the comments written inside it.

libcst prints a tree as it is given, so an expression put where a tighter-binding one stood
reads differently: ``(a - b) * w`` built from ``a - b`` and ``w`` prints ``a - b * w``, and a
plain-ops loss ``losses * weights`` that replaces a call in ``1.0 / <call>`` prints
``1.0 / losses * weights``. ``binary`` builds operations with the parentheses Python needs;
``guard`` adds them around a replaced operand of a node the source already had.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable
from typing import TypeVar, cast

import libcst as cst

__all__ = ["ATOM", "binary", "dropped_comments", "guard", "paren", "precedence"]

_BINARY: dict[type[cst.BaseBinaryOp], int] = {
    cst.BitOr: 1,
    cst.BitXor: 2,
    cst.BitAnd: 3,
    cst.LeftShift: 4,
    cst.RightShift: 4,
    cst.Add: 5,
    cst.Subtract: 5,
    cst.Multiply: 6,
    cst.Divide: 6,
    cst.FloorDivide: 6,
    cst.Modulo: 6,
    cst.MatrixMultiply: 6,
    cst.Power: 8,
}
_UNARY = 7
_POWER = 8
ATOM = 9
"""Names, calls, subscripts, literals, displays and anything in parentheses."""
_ATOMS = (
    cst.Name,
    cst.Attribute,
    cst.Call,
    cst.Subscript,
    cst.BaseNumber,
    cst.BaseString,
    cst.List,
    cst.Tuple,
    cst.Dict,
    cst.Set,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
)


def precedence(node: cst.BaseExpression) -> int:
    """How tightly ``node`` binds as an operand (higher: tighter; 0: must be parenthesised)."""
    if node.lpar or isinstance(node, _ATOMS):
        return ATOM
    if isinstance(node, cst.BinaryOperation):
        return _BINARY[type(node.operator)]
    if isinstance(node, cst.UnaryOperation) and not isinstance(node.operator, cst.Not):
        return _UNARY
    return 0  # comparisons, `not`, `and`/`or`, `a if c else b`, lambdas, `:=`, `await`...


_E = TypeVar("_E", bound=cst.BaseExpression)


def paren(node: _E) -> _E:
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _left_needs(node: cst.BaseExpression, level: int) -> bool:
    return precedence(node) < level or (level == _POWER and precedence(node) <= level)


def _right_needs(node: cst.BaseExpression, level: int) -> bool:
    return precedence(node) <= level and not (level == _POWER and precedence(node) == _UNARY)


def binary(
    left: cst.BaseExpression, operator: cst.BaseBinaryOp, right: cst.BaseExpression
) -> cst.BinaryOperation:
    """``left <operator> right``, each operand parenthesised where Python would otherwise read
    it differently. The right operand of an equal precedence is parenthesised too, so the
    evaluation order (and float rounding) stays the tree's."""
    level = _BINARY[type(operator)]
    if _left_needs(left, level):
        left = paren(left)
    if _right_needs(right, level):
        right = paren(right)
    return cst.BinaryOperation(left=left, operator=operator, right=right)


_N = TypeVar("_N", bound=cst.CSTNode)


def guard(node: _N, replaced: Container[int]) -> _N:
    """``node`` with its replaced operands (ids in ``replaced``) parenthesised where they would
    otherwise bind differently: an operand of a binary or unary operator, the value of an
    attribute, a subscript or a call. Operands the source wrote are never touched."""
    if isinstance(node, cst.BinaryOperation):
        level = _BINARY[type(node.operator)]
        changes: dict[str, cst.BaseExpression] = {}
        if id(node.left) in replaced and _left_needs(node.left, level):
            changes["left"] = paren(node.left)
        if id(node.right) in replaced and _right_needs(node.right, level):
            changes["right"] = paren(node.right)
        return node.with_changes(**changes) if changes else node
    if isinstance(node, cst.UnaryOperation):
        inner = node.expression
        if id(inner) in replaced and precedence(inner) < _UNARY:
            return node.with_changes(expression=paren(inner))
        return node
    if isinstance(node, cst.Attribute | cst.Subscript):
        if id(node.value) in replaced and precedence(node.value) < ATOM:
            return cast(_N, node.with_changes(value=paren(node.value)))
        return node
    if isinstance(node, cst.Call) and id(node.func) in replaced and precedence(node.func) < ATOM:
        return node.with_changes(func=paren(node.func))
    return node


def _comments(node: cst.CSTNode, into: Counter[str]) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Comment):
            into[current.value] += 1
        stack.extend(current.children)


def dropped_comments(original: cst.CSTNode, replacements: Iterable[cst.CSTNode]) -> list[str]:
    """The comments written inside ``original`` that none of ``replacements`` carries (a call
    written out in plain ops is built anew; its arguments' comments would be lost), in source
    order."""
    before: Counter[str] = Counter()
    _comments(original, before)
    after: Counter[str] = Counter()
    for node in replacements:
        _comments(node, after)
    missing = before - after
    ordered: list[str] = []
    stack: list[cst.CSTNode] = [original]
    while stack:  # depth first, children in order: the source's order
        current = stack.pop()
        if isinstance(current, cst.Comment) and missing[current.value] > 0:
            missing[current.value] -= 1
            ordered.append(current.value)
        stack.extend(reversed(current.children))
    return ordered
