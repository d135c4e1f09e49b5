"""Two cost shortcuts inside libcst (private to the engine): the construction of its import
visitors, and the context manager its code generation enters around every expression.

Applied once when the engine is imported; behaviour-preserving (see the docstrings below).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from libcst._nodes.internal import CodegenState
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

__all__ = ["fast_parenthesize", "memoize_empty_matcher_scans"]


def memoize_empty_matcher_scans(also: Iterable[type] = ()) -> None:
    """Make libcst's import passes cheap to construct, with the same behaviour.

    Every ``MatcherDecoratableTransformer``/``Visitor`` scans ``dir(self)`` for matcher-decorated
    methods when built (~4.5 ms each); the import passes build about seven per changed module,
    more than a third of the engine's time on a typical one. For libcst's own import visitors
    (exact classes, none has such methods), the scan's empty answer is remembered per class;
    any other class, or a non-empty answer, takes libcst's scan every time. ``also`` names more
    classes without matcher-decorated methods (the engine's own subclasses of libcst's import
    visitors). Nothing is replaced if libcst's internals ever change name.
    """
    from libcst.codemod.visitors import (
        GatherExportsVisitor,
        GatherImportsVisitor,
        GatherUnusedImportsVisitor,
        _add_imports,
    )
    from libcst.codemod.visitors._gather_string_annotation_names import (
        GatherNamesFromStringAnnotationsVisitor,
    )
    from libcst.codemod.visitors._remove_imports import RemovedNodeVisitor
    from libcst.matchers import _visitors

    classes: frozenset[type] = frozenset(
        {
            AddImportsVisitor,
            RemoveImportsVisitor,
            RemovedNodeVisitor,
            GatherImportsVisitor,
            GatherUnusedImportsVisitor,
            GatherExportsVisitor,
            GatherNamesFromStringAnnotationsVisitor,
            *also,
        }
    )
    # AddImportsVisitor's private helper, when libcst still has it.
    gatherer = getattr(_add_imports, "_GatherTopImportsBeforeStatements", None)
    if isinstance(gatherer, type):
        classes |= {gatherer}
    for name in (
        "_gather_constructed_visit_funcs",
        "_gather_constructed_leave_funcs",
        "_gather_matchers",
    ):
        original = getattr(_visitors, name, None)
        if not callable(original) or getattr(original, "_tfcompat_memoized", False):
            continue
        setattr(_visitors, name, _memoized_scan(original, classes))


def _memoized_scan(original: Callable[[object], dict[Any, Any]], classes: frozenset[type]) -> Any:
    empty: set[type] = set()

    def scan(obj: object) -> dict[Any, Any]:
        kind = type(obj)
        if kind in empty:
            return {}
        found = original(obj)
        if not found and kind in classes:
            empty.add(kind)
        return found

    scan._tfcompat_memoized = True  # type: ignore[attr-defined]
    return scan


class _Parenthesize:
    """``_BaseParenthesizedNode._parenthesize`` as a small object instead of a generator-based
    context manager: the same tokens and syntactic positions, in the same order."""

    __slots__ = ("inner", "node", "state")

    def __init__(self, node: Any, state: CodegenState) -> None:
        self.node, self.state = node, state
        self.inner: Any = None

    def __enter__(self) -> None:
        for lpar in self.node.lpar:
            lpar._codegen(self.state)
        self.inner = self.state.record_syntactic_position(self.node)
        self.inner.__enter__()

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> bool:
        # as the generator: the position's context sees the exception; no closing paren then
        if self.inner.__exit__(kind, value, traceback) or kind is not None:
            return bool(kind is None)
        for rpar in self.node.rpar:
            rpar._codegen(self.state)
        return False


def fast_parenthesize() -> None:
    """Replace libcst's generator-based ``_parenthesize`` (entered around every expression
    during code generation: about a tenth of a dense module's transform) with
    ``_Parenthesize``. Nothing is replaced if libcst's internals ever change name or shape."""
    from libcst._nodes import expression

    base = getattr(expression, "_BaseParenthesizedNode", None)
    original = getattr(base, "_parenthesize", None)
    if base is None or original is None or getattr(original, "_tfcompat_fast", False):
        return
    if not hasattr(original, "__wrapped__"):  # not the @contextmanager generator it was
        return

    def _parenthesize(self: Any, state: CodegenState) -> _Parenthesize:
        return _Parenthesize(self, state)

    _parenthesize._tfcompat_fast = True  # type: ignore[attr-defined]
    base._parenthesize = _parenthesize
