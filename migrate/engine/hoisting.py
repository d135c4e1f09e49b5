"""Which call of a statement may be computed in statements of its own just before it.

A plain-ops rewrite is readable as a few statements (``xent = ...`` then the reduction) placed
before the statement that holds the call. That moves the call's evaluation (its arguments, in
their order, and the call) to before the rest of the statement, which is exact only when:

* the statement is one simple statement on its own line, in a function or at module level
  (not a class body, whose names become attributes);
* the call is evaluated exactly once, unconditionally, whenever the statement runs: not in a
  lambda, a comprehension (beyond its first iterable), either branch of ``a if c else b``, the
  right operand of ``and``/``or``, a later operand of a chained comparison;
* nothing with an effect is evaluated before it in the statement (Python's evaluation order:
  a call's function, then its arguments in order; left before right; an augmented
  assignment's target before its value). Names, attributes, literals and operators on them
  count as free of effects, as everywhere in this codemod.

Only the first call that satisfies this in a statement is hoistable: any later one might be
overtaken by an earlier call left in place.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

__all__ = ["hoistable_call"]

_EFFECTS = (cst.Call, cst.Await, cst.Yield, cst.NamedExpr)
_DEFERRED = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class _Stop(Exception):
    """The walk met an effect or a conditional before finding a candidate."""


def hoistable_call(
    statement: cst.BaseSmallStatement, is_candidate: Callable[[cst.Call], bool]
) -> cst.Call | None:
    """The first candidate call evaluated unconditionally with no effect before it, if any."""
    if isinstance(statement, cst.Assign | cst.Expr | cst.Return):
        roots: list[cst.BaseExpression | None] = [statement.value]
    elif isinstance(statement, cst.AnnAssign):
        roots = [statement.value]
    elif isinstance(statement, cst.AugAssign):
        roots = [statement.target, statement.value]  # `self.x += C` reads `self.x` first
    else:
        return None
    walker = _Walker(is_candidate)
    try:
        for root in roots:
            if root is not None:
                walker.visit(root)
    except _Found as found:
        return found.call
    except _Stop:
        return None
    return None


class _Found(Exception):
    def __init__(self, call: cst.Call) -> None:
        super().__init__()
        self.call = call


class _Walker:
    def __init__(self, is_candidate: Callable[[cst.Call], bool]) -> None:
        self.is_candidate = is_candidate

    def visit(self, node: cst.CSTNode) -> None:
        """Walk ``node`` in evaluation order; raise ``_Found`` at a hoistable candidate."""
        if isinstance(node, cst.Call):
            if self.is_candidate(node):
                raise _Found(node)
            self.visit(node.func)
            for arg in node.args:
                self.visit(arg.value)
            raise _Stop  # the call itself has effects: nothing after it may move before it
        if isinstance(node, (*_EFFECTS, *_DEFERRED)):
            if isinstance(node, cst.ListComp | cst.SetComp | cst.DictComp | cst.GeneratorExp):
                self.visit(node.for_in.iter)  # evaluated once, first
            raise _Stop
        if isinstance(node, cst.IfExp):
            self.visit(node.test)
            raise _Stop  # either branch is conditional
        if isinstance(node, cst.BooleanOperation):
            self.visit(node.left)
            raise _Stop  # the right operand is conditional
        if isinstance(node, cst.Comparison):
            self.visit(node.left)
            if node.comparisons:
                self.visit(node.comparisons[0].comparator)
            if len(node.comparisons) > 1:
                raise _Stop  # `a < b < c`: later operands are conditional
            return
        if isinstance(node, cst.BinaryOperation):
            self.visit(node.left)
            self.visit(node.right)
            return
        if isinstance(node, cst.UnaryOperation):
            self.visit(node.expression)
            return
        if isinstance(node, cst.Attribute):
            self.visit(node.value)
            return
        if isinstance(node, cst.Subscript):
            self.visit(node.value)
            for subscript in node.slice:
                self.visit(subscript.slice)
            return
        if isinstance(node, cst.Index):
            self.visit(node.value)
            return
        if isinstance(node, cst.Slice):
            for part in (node.lower, node.upper, node.step):
                if part is not None:
                    self.visit(part)
            return
        if isinstance(node, cst.Tuple | cst.List | cst.Set):
            for item in node.elements:
                self.visit(item.value)
            return
        if isinstance(node, cst.Dict):
            for entry in node.elements:
                if isinstance(entry, cst.DictElement):
                    self.visit(entry.key)
                self.visit(entry.value)
            return
        if isinstance(node, cst.FormattedString):
            for piece in node.parts:
                if isinstance(piece, cst.FormattedStringExpression):
                    self.visit(piece.expression)
            return
        if isinstance(node, cst.ConcatenatedString):
            self.visit(node.left)
            self.visit(node.right)
            return
        if isinstance(node, cst.Name | cst.BaseNumber | cst.SimpleString):
            return
        if isinstance(node, cst.Ellipsis):
            return
        raise _Stop  # anything not modelled: be safe
