"""Construction-cost shortcut for libcst's import visitors (private to the engine).

Applied once when the engine is imported; behaviour-preserving (see the docstring below).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

__all__ = ["memoize_empty_matcher_scans"]


def memoize_empty_matcher_scans() -> None:
    """Make libcst's import passes cheap to construct, with the same behaviour.

    Every ``MatcherDecoratableTransformer``/``Visitor`` scans ``dir(self)`` for matcher-decorated
    methods when built (~4.5 ms each); the import passes build about seven per changed module,
    more than a third of the engine's time on a typical one. For libcst's own import visitors
    (exact classes, none has such methods), the scan's empty answer is remembered per class;
    any other class, or a non-empty answer, takes libcst's scan every time. Nothing is
    replaced if libcst's internals ever change name.
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
