"""Run the call transformer only on the statements that mention a target (private to the engine).

The transformer acts only on names and attributes spelled like a target, with state local to a
simple statement, so ``visit_mentioning`` keeps every other statement as it is and rebuilds a
compound statement whose header mentions no target from its visited blocks: only the simple
statements with a target are rebuilt. Inside a statement it visits, the transformer enters only
the nodes on a path to such a name (``SiteTracker.hot``): every other subtree would come back
as the same objects, with no finding, so it is neither walked nor rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar, cast

import libcst as cst

from migrate.engine.cst_walk import children
from migrate.engine.positions import BLOCKS
from migrate.engine.symbols import TARGET_LEAVES

if TYPE_CHECKING:
    from migrate.engine.call_sites import SiteTracker
    from migrate.engine.positions import Provenance

__all__ = ["visit_mentioning"]


def visit_mentioning(
    module: cst.Module, transformer: SiteTracker, provenance: Provenance | None = None
) -> cst.Module:
    """``module.visit(transformer)``, skipping the statements that it would leave alone.

    The transformer acts only on names and attributes spelled like a target (``leaves``), with
    state local to a simple statement, so a statement without such a ``Name`` is kept as it is
    (rebuilding every node of it would only produce an equal copy), and a compound statement
    whose header has none is rebuilt from its visited blocks. Findings keep their order.
    ``provenance`` (if given) records what was rebuilt from what, for ``LazyPositions.code``.
    """
    return module.with_changes(body=_visit_all(module.body, transformer, provenance))


_CLAUSES = (cst.BaseCompoundStatement, cst.ExceptHandler, cst.Else, cst.Finally, cst.IndentedBlock)


_N = TypeVar("_N", bound=cst.CSTNode)


def _visit_all(
    statements: Sequence[_N], transformer: SiteTracker, provenance: Provenance | None
) -> list[_N]:
    visited: list[_N] = []
    for statement in statements:
        result = _visit_statement(statement, transformer, provenance)
        if isinstance(result, cst.FlattenSentinel):  # a plain-ops rewrite's statements first
            nodes = cast(Sequence[_N], result.nodes)
            visited.extend(nodes)
            if provenance is not None:
                provenance.replaced(statement, nodes)
        else:
            visited.append(result)
            if provenance is not None and result is not statement:
                provenance.replaced(statement, (result,))
    return visited


def _visit_statement(node: _N, transformer: SiteTracker, provenance: Provenance | None) -> _N:
    leaves = transformer.leaves
    if not _mentions(node, leaves):
        return node
    if isinstance(node, _CLAUSES):
        blocks = {name: getattr(node, name) for name in BLOCKS if hasattr(node, name)}
        header = [child for child in children(node) if not _in_blocks(child, blocks)]
        if not any(_mentions(child, leaves) for child in header):
            scope = isinstance(node, cst.FunctionDef | cst.ClassDef)
            if scope:
                transformer.scopes.append(cast(cst.FunctionDef | cst.ClassDef, node))
            changes: dict[str, object] = {}
            for name, value in blocks.items():
                if isinstance(value, cst.CSTNode):
                    changes[name] = _visit_statement(value, transformer, provenance)
                elif isinstance(value, list | tuple):
                    changes[name] = _visit_all(value, transformer, provenance)
            if scope:
                transformer.scopes.pop()
            rebuilt = node.with_changes(**changes)
            if provenance is not None:
                provenance.rebuilt(rebuilt, node)
            return cast(_N, rebuilt)
    transformer.hot = _hot(node, leaves)
    try:
        visited = node.visit(transformer)
    finally:
        transformer.hot = None
    if isinstance(visited, cst.FlattenSentinel):
        return cast(_N, visited)  # `_visit_all` unpacks it
    assert isinstance(visited, type(node))  # the transformer never removes a statement
    return visited


def _in_blocks(child: cst.CSTNode, blocks: dict[str, object]) -> bool:
    return any(
        child is value or (isinstance(value, list | tuple) and any(child is v for v in value))
        for value in blocks.values()
    )


def _hot(root: cst.CSTNode, names: frozenset[str]) -> set[int]:
    """ids of the nodes of ``root`` that ``_mentions`` holds true for: ``root`` and every node on
    a path from it to a mentioning ``Name`` or string."""
    hot: set[int] = set()
    parents: dict[int, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is cst.Name:
            found = node.value in names or node.value == "getattr"  # type: ignore[attr-defined]
        elif kind is cst.SimpleString:
            found = any(leaf in node.value for leaf in TARGET_LEAVES)  # type: ignore[attr-defined]
        else:
            below = children(node)
            own = id(node)
            for child in below:
                parents[id(child)] = own
            stack.extend(below)
            continue
        if found:
            at: int | None = id(node)
            while at is not None and at not in hot:
                hot.add(at)
                at = parents.get(at)
    return hot


def _mentions(root: cst.CSTNode, names: frozenset[str]) -> bool:
    """Whether some ``Name`` in ``root`` is one of ``names`` (the walk of ``_names``, stopping
    early) or ``getattr``, or some string holds a target's name (``getattr(tf.losses, "...")``,
    in a function body too)."""
    stack = [root]
    while stack:
        node = stack.pop()
        kind = type(node)  # libcst's leaf classes: identity is isinstance, and cheaper
        if kind is cst.Name:
            if node.value in names or node.value == "getattr":  # type: ignore[attr-defined]
                return True
            continue
        if kind is cst.SimpleString:
            if any(leaf in node.value for leaf in TARGET_LEAVES):  # type: ignore[attr-defined]
                return True
            continue
        stack.extend(children(node))
    return False
