"""Which imports a replaced expression used, scheduled for libcst's ``RemoveImportsVisitor``.

``RemoveImportsVisitor.remove_unused_import_by_node`` answers this with libcst's scope analysis
of the whole module; the engine's ``NameResolver`` usually knows the answer without it. This
module asks the resolver first and schedules exactly what libcst would (the same rule: every
module-level import bound to the dotted name of a ``Name``/``Attribute`` in the expression,
each alias whose local name prefixes it); only when the resolver cannot prove the bindings
does it call libcst's own method. Either way libcst's pass removes an import only if unused.

``remove_unused_header_imports`` runs that pass on an import header when the engine already
knows every name the module uses: libcst's own removal logic, without its scope analysis.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor
from libcst.helpers import get_absolute_module_from_package_for_import, get_full_name_for_node
from libcst.metadata import ProviderT

from migrate.engine.cst_walk import children
from migrate.engine.resolver import NameResolver

__all__ = [
    "HEADER_IMPORT_REMOVER",
    "remove_unused_header_imports",
    "schedule_unused_import_removal",
]

_IGNORED_MODULES = frozenset({"__future__"})  # libcst's MODULES_IGNORED_BY_DEFAULT


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


def remove_unused_header_imports(
    context: CodemodContext, header: cst.Module, used: Collection[str]
) -> cst.Module:
    """``RemoveImportsVisitor(context).transform_module(header)``, for a module ``header`` that
    holds a module's import statements, given ``used``: every name its whole module uses.

    libcst decides "unused" with a scope analysis of the module it is given; here an import is
    unused when no name it binds is in ``used``, a syntactic superset of libcst's references
    (so an import libcst would keep is always kept). The rest (which scheduled imports match,
    how a statement loses one alias or disappears, where a removed alias' comment goes) is
    libcst's own code. Not for modules with ``__all__`` (libcst counts exports as uses).
    """
    return header.visit(_KnownUsesRemover(context, used))


class _KnownUsesRemover(RemoveImportsVisitor):
    METADATA_DEPENDENCIES: tuple[ProviderT, ...] = ()  # type: ignore[assignment,misc]

    def __init__(self, context: CodemodContext, used: Collection[str]) -> None:
        super().__init__(context)
        self._used = used

    def visit_Module(self, node: cst.Module) -> None:
        unused: dict[cst.ImportAlias, cst.Import | cst.ImportFrom] = {}
        for statement in node.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Import | cst.ImportFrom):
                    for alias in _candidates(small):
                        if _bound_name(alias) not in self._used:
                            unused[alias] = small
        self._unused_imports = unused


def _candidates(small: cst.Import | cst.ImportFrom) -> Sequence[cst.ImportAlias]:
    """The aliases of an import statement libcst's ``GatherUnusedImportsVisitor`` considers."""
    if isinstance(small, cst.Import):
        return small.names
    if isinstance(small.names, cst.ImportStar):
        return ()
    if small.module is None or small.module.value in _IGNORED_MODULES:  # libcst's test, as is
        return ()
    return small.names


def _bound_name(alias: cst.ImportAlias) -> str:
    """The local name an import alias binds: ``y`` for ``x as y``, ``a`` for ``import a.b``."""
    if alias.evaluated_alias is not None:
        return alias.evaluated_alias
    return alias.evaluated_name.split(".")[0]


HEADER_IMPORT_REMOVER: type = _KnownUsesRemover
"""The visitor class ``remove_unused_header_imports`` builds (no matcher-decorated methods)."""
