"""What Python's own symbol tables say about a module's names (private to ``bindings``).

``symtable`` is a compiler pass over the text: nothing is compiled to bytecode or run. It tells
which names a module binds at module level other than by an import, which names any nested
scope binds, which are imported anywhere, and the names of every function and class: enough for
``migrate.engine.bindings.ModuleIndex`` to prove that a root name is bound only by module-level
imports.
"""

from __future__ import annotations

import symtable
import warnings
from dataclasses import dataclass

__all__ = ["SymbolTables", "symbol_tables"]


@dataclass(frozen=True)
class SymbolTables:
    module_assigned: frozenset[str]
    """Names bound at module level other than by an import: assigned, defined, deleted,
    annotated, a loop or ``with`` target..."""
    nested_bound: frozenset[str]
    """Names bound in any function, class, lambda or comprehension: any binding at all, a
    parameter, an import, ``global`` or ``nonlocal``."""
    imported: frozenset[str]
    """Names bound by an import somewhere."""
    scope_names: frozenset[str]
    """Names of every function and class (the heads of libcst's local qualified names)."""


def symbol_tables(source: str) -> SymbolTables | None:
    """What Python's symbol tables of ``source`` say (``None``: this Python cannot parse it)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "\\d" or `is 1` in the user's code: not ours
            top = symtable.symtable(source, "<module>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    assigned = {symbol.get_name() for symbol in top.get_symbols() if symbol.is_assigned()}
    bound: set[str] = set()
    imported = {symbol.get_name() for symbol in top.get_symbols() if symbol.is_imported()}
    scope_names: set[str] = set()
    stack = list(top.get_children())
    while stack:
        table = stack.pop()
        stack.extend(table.get_children())
        scope_names.add(table.get_name())
        for symbol in table.get_symbols():
            if symbol.is_imported():
                imported.add(symbol.get_name())
            if (
                symbol.is_assigned()
                or symbol.is_imported()
                or symbol.is_parameter()
                or symbol.is_declared_global()
                or symbol.is_nonlocal()
                or symbol.is_local()
            ):
                bound.add(symbol.get_name())
    return SymbolTables(
        frozenset(assigned), frozenset(bound), frozenset(imported), frozenset(scope_names)
    )
