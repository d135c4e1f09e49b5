"""Which imports a replaced expression used, scheduled for libcst's ``RemoveImportsVisitor``.

``RemoveImportsVisitor.remove_unused_import_by_node`` answers this with libcst's scope analysis
of the whole module; the engine's ``NameResolver`` usually knows the answer without it. This
module asks the resolver first and schedules exactly what libcst would (the same rule: every
module-level import bound to the dotted name of a ``Name``/``Attribute`` in the expression,
each alias whose local name prefixes it); only when the resolver cannot prove the bindings
does it call libcst's own method. Either way libcst's pass removes an import only if unused.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.helpers import get_absolute_module_from_package_for_import, get_full_name_for_node

from migrate.engine.cst_walk import children
from migrate.engine.resolver import NameResolver

__all__ = ["schedule_unused_import_removal"]


def schedule_unused_import_removal(
    context: CodemodContext, resolver: NameResolver, node: cst.CSTNode
) -> None:
    """Schedule the removal (if left unused) of every import that ``node`` refers through."""
    plan: list[tuple[str, cst.Import | cst.ImportFrom]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        stack.extend(reversed(children(current)))  # pre-order, in source order, as libcst
        if not isinstance(current, cst.Name | cst.Attribute):
            continue
        imports = resolver.binding_imports(current)
        if imports is None:  # not provable here: libcst's scope analysis decides
            RemoveImportsVisitor.remove_unused_import_by_node(context, node)
            return
        local_name = get_full_name_for_node(current)
        if local_name is not None:
            plan.extend((local_name, statement) for statement in imports)
    for local_name, statement in plan:
        _schedule(context, local_name, statement)


def _schedule(
    context: CodemodContext, local_name: str, statement: cst.Import | cst.ImportFrom
) -> None:
    """libcst's ``RemovedNodeVisitor`` rule for one import statement bound to ``local_name``."""
    if isinstance(statement, cst.Import):
        for alias in statement.names:
            if _prefixes(local_name, alias):
                RemoveImportsVisitor.remove_unused_import(
                    context, alias.evaluated_name, asname=alias.evaluated_alias
                )
        return
    if isinstance(statement.names, cst.ImportStar):
        return
    module_name = get_absolute_module_from_package_for_import(context.full_package_name, statement)
    if module_name is None:
        raise ValueError("Cannot look up absolute module from relative import!")
    for alias in statement.names:
        if _prefixes(local_name, alias):
            RemoveImportsVisitor.remove_unused_import(
                context, module_name, obj=alias.evaluated_name, asname=alias.evaluated_alias
            )


def _prefixes(local_name: str, alias: cst.ImportAlias) -> bool:
    prefix = alias.evaluated_name if alias.evaluated_alias is None else alias.evaluated_alias
    return local_name == prefix or local_name.startswith(f"{prefix}.")
