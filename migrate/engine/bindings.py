"""Cheap exact qualified names where a module binds a name only at module level.

libcst's ``ScopeProvider`` analyses every scope of a module; on a file dense with targets it
is a third of the engine's time. Yet most TF1 modules bind ``tf``, ``slim`` or ``losses`` once,
by an import at the top, and never rebind them. For such a root name the scope analysis has
one possible answer wherever the name is used, and this index gives it without the analysis:

* Python's own symbol tables (``symtable``: a compiler pass over the text, nothing is run)
  prove that the root is bound nowhere but by module-level imports, in any scope;
* one walk over the tree finds those imports, and which ``Name``/``Attribute`` nodes libcst
  gives a scope to (not the insides of imports, an ``attr``, a keyword, a ``global`` list);
* the qualified names are computed by libcst's own ``ImportAssignment``, exactly as
  ``Scope.get_qualified_names_for`` does: the imports bound to the longest dotted prefix.

A root bound only by plain module-level statements (``slim = tf.contrib.slim``, a function,
never imported) is answered too: libcst's name for ``slim.losses.x`` is then ``slim.losses.x``.

Everything else answers ``None`` and the caller asks libcst: a root bound any other way, a use
that does not come after every import binding it (libcst then orders accesses), star imports,
PEP 695 type parameters, ``match`` statements, the first argument of ``NewType``/``TypeVar``
calls and the insides of implicitly concatenated strings (which libcst may visit as string
annotations), source this Python cannot parse. ``tests/migrate/engine/test_bindings.py`` checks every
answer against libcst's on every node of the test sources and on random programs.

Not modelled: libcst also parses string annotations and records what they bind; only code
such as ``x: "import tf"`` binds a name that way, and Python does not bind it.
"""

from __future__ import annotations

import builtins
from typing import Any

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ImportAssignment

from migrate.engine.cst_walk import children
from migrate.engine.symbol_tables import SymbolTables, symbol_tables

__all__ = ["ModuleIndex"]

_NEW_SCOPES = frozenset({cst.FunctionDef, cst.ClassDef, cst.Lambda})
_IMPORTS = frozenset({cst.Import, cst.ImportFrom})
_SCOPE_DECLARATIONS = frozenset({cst.Global, cst.Nonlocal})
_ASSIGNMENTS = frozenset({cst.Assign, cst.AnnAssign})
_RISKY_TARGETS = frozenset({cst.NamedExpr, cst.Del, cst.CompFor})
_UNSUPPORTED = frozenset(
    kind
    for kind in (
        getattr(cst, name, None)
        for name in ("TypeAlias", "TypeParameters", "TypeVar", "TypeVarTuple", "ParamSpec")
    )
    if isinstance(kind, type)
)
"""PEP 695 nodes: libcst gives them annotation scopes of their own."""
_MATCH = getattr(cst, "Match", None)
_SPECIAL_CALLS = frozenset({"NewType", "TypeVar"})
"""libcst leaves the first argument of ``typing.NewType``/``typing.TypeVar`` without a scope."""


class ModuleIndex:
    """What one walk and Python's symbol tables say about the names of one module."""

    def __init__(self, module: cst.Module, source: str) -> None:
        self.usable = True
        """False when the module has a construct this index does not model (libcst decides)."""
        self.scoped: dict[cst.CSTNode, int] = {}
        """``Name``/``Attribute`` nodes that libcst gives a scope -> index of their statement."""
        self.unsure: set[cst.CSTNode] = set()
        """Nodes that libcst may or may not give a scope (inside a possible string annotation)."""
        self._imports: dict[str, list[tuple[int, ImportAssignment]]] = {}
        """Dotted name bound by a module-level import -> (statement index, libcst's assignment)."""
        self._assigned: dict[str, int] = {}
        """Simple name -> how many module-level statements bind it (``=``, ``for``, ``def``...)."""
        self.imported_names: set[str] = set()
        """Every name an import binds, in any scope."""
        self.alias_roots: set[str] = set()
        """Names assigned a name or attribute anywhere (``slim = tf.contrib.slim``, ``a, b = x,
        y``): the resolver follows those assignments, so such a root may mean anything."""
        self._risky: set[str] = set()
        """Names bound by ``:=``, ``del`` or a comprehension's ``for`` somewhere: libcst and
        Python disagree on some, and Python 3.12+ symbol tables inline comprehensions (their
        targets no longer show as bound)."""
        self._walk(module)
        tables = symbol_tables(source) if self.usable else None
        if tables is None:
            self.usable = False
            tables = SymbolTables(frozenset(), frozenset(), frozenset(), frozenset())
        self._tables = tables

    def qualified_names(self, node: cst.CSTNode) -> frozenset[str] | None:
        """libcst's qualified names of ``node``, or ``None`` when this index cannot prove them."""
        if not self.usable or node in self.unsure:
            return None
        index = self.scoped.get(node)
        if index is None:
            return frozenset()  # no scope in libcst: no qualified name either
        full_name = get_full_name_for_node(node)
        if full_name is None:
            return frozenset()
        root = full_name.split(".", 1)[0]
        if self.module_variable(root):
            # Bound by plain module-level statements only: libcst's answer is the local name
            # (empty prefix at module level), the same for every binding. A use of the bare
            # name is an access that libcst orders against the bindings: not answered here.
            return None if full_name == root else frozenset({full_name})
        if not self.simple(root):
            return None
        prefix: str | None = full_name
        while prefix is not None and prefix not in self._imports:
            cut = prefix.rfind(".")
            prefix = None if cut == -1 else prefix[:cut]
        if prefix is None:
            return frozenset()  # bound nowhere: libcst knows no assignment
        assignments = self._imports[prefix]
        if any(where >= index for where, _ in assignments):
            return None  # a use before (or beside) an import: libcst orders those
        return frozenset(
            qualified.name
            for _, assignment in assignments
            for qualified in assignment.get_qualified_names_for(full_name)
        )

    def imports_named(self, node: cst.CSTNode) -> list[cst.Import | cst.ImportFrom] | None:
        """The module-level imports bound to exactly the dotted name of ``node``, in any scope.

        What libcst's ``RemovedNodeVisitor`` looks up for a removed node; ``None`` when this
        index cannot prove it.
        """
        if not self.usable or node in self.unsure:
            return None
        if node not in self.scoped:
            return []
        full_name = get_full_name_for_node(node)
        if full_name is None:
            return []
        root = full_name.split(".", 1)[0]
        if self.module_variable(root):
            return []  # no import binds it
        if not self.simple(root):
            return None
        return [assignment.node for _, assignment in self._imports.get(full_name, ())]  # type: ignore[misc]

    def nodes(self) -> list[cst.CSTNode]:
        """Every ``Name``/``Attribute`` node that may have a scope in libcst."""
        return [*self.scoped, *self.unsure]

    def simple(self, root: str) -> bool:
        """``root`` is bound only by module-level imports (or not at all), in every scope."""
        tables = self._tables
        return (
            root not in tables.module_assigned
            and root not in tables.nested_bound
            and root not in self._risky
            and not hasattr(builtins, root)
        )

    def module_variable(self, root: str) -> bool:
        """``root`` is bound only by plain module-level statements, never imported (``slim =
        tf.contrib.slim``, ``FLAGS = ...``, a module-level function)."""
        tables = self._tables
        return (
            self._assigned.get(root, 0) > 0
            and root in tables.module_assigned
            and root not in tables.nested_bound
            and root not in tables.imported
            and root not in self._risky
            and not hasattr(builtins, root)
        )

    def cannot_mean(self, node: cst.CSTNode, package: str) -> bool:
        """True when none of libcst's qualified names for ``node`` is ``package`` or under it.

        For a root bound only by assignments, parameters, loop targets... and never imported,
        libcst's names are local ones: ``full.name`` at module level, ``f.<locals>.full.name``
        or ``C.full.name`` deeper, or ``builtins.name``. None can start with ``package`` when
        the root is not ``package`` and no function or class is named ``package``. (Module
        aliases such as ``slim = tf.contrib.slim`` are the resolver's business.)
        """
        if not self.usable or node in self.unsure or node not in self.scoped:
            return False
        full_name = get_full_name_for_node(node)
        if full_name is None:
            return False
        root = full_name.split(".", 1)[0]
        return (
            root != package
            and root not in self.alias_roots
            and root not in self._tables.imported
            and package not in self._tables.scope_names
            and package != "builtins"
        )

    def imported_as(self, name: str) -> frozenset[str]:
        """Qualified names the module-level imports bind ``name`` to (``import a.b as name``)."""
        return frozenset(
            qualified.name
            for _, assignment in self._imports.get(name, ())
            for qualified in assignment.get_qualified_names_for(name)
        )

    def unbound(self, name: str) -> bool | None:
        """Whether ``name`` is bound nowhere in the module (``None``: libcst decides)."""
        if not self.usable or not self.simple(name):
            return None
        return not any(bound.split(".", 1)[0] == name for bound in self._imports)

    def _walk(self, module: cst.Module) -> None:
        # (node, statement index, inside a def/class/lambda, unsure)
        stack: list[tuple[Any, int, bool, bool]] = [  # libcst nodes (read by type below)
            (statement, index, False, False) for index, statement in enumerate(module.body)
        ]
        # type identity, not isinstance: these are libcst's concrete (leaf) node classes, and
        # isinstance on its ABC-derived classes dominated this walk's cost
        name, attribute, arg, call, concatenated = (
            cst.Name,
            cst.Attribute,
            cst.Arg,
            cst.Call,
            cst.ConcatenatedString,
        )
        while stack:
            node, index, nested, unsure = stack.pop()
            kind = type(node)
            if kind is name:
                self._record(node, index, unsure)
                continue
            if kind is attribute:
                self._record(node, index, unsure)
                stack.append((node.value, index, nested, unsure))
                continue
            if kind in _IMPORTS:
                self._import(node, index, nested)
                continue  # libcst gives the names inside an import no scope
            if kind is arg:
                stack.append((node.value, index, nested, unsure))
                continue
            if kind in _SCOPE_DECLARATIONS:
                continue
            if kind in _UNSUPPORTED:
                self.usable = False
                return
            if not nested:
                self._module_binding(node)
            if kind in _ASSIGNMENTS and node.value is not None and _names_a_value(node.value):
                targets = node.targets if kind is cst.Assign else [node]
                for target in targets:
                    self.alias_roots.update(_target_names(target.target))
            if kind in _RISKY_TARGETS:
                self._risky.update(_target_names(node.target))
            elif _MATCH is not None and kind is _MATCH:
                self.usable = False  # capture patterns: libcst's contexts are not modelled
                return
            if kind is concatenated:
                unsure = True  # a string annotation's parts are not visited
            elif kind is call and _special_call(node):
                for position, argument in enumerate(node.args):
                    stack.append((argument, index, nested, unsure or position == 0))
                stack.append((node.func, index, nested, unsure))
                continue
            elif kind in _NEW_SCOPES:
                nested = True
            stack.extend((child, index, nested, unsure) for child in children(node))

    def _module_binding(self, node: cst.CSTNode) -> None:
        """Count the names a module-level statement binds (libcst records each as assigned)."""
        if isinstance(node, cst.AssignTarget | cst.AnnAssign | cst.AugAssign | cst.For):
            names = _target_names(node.target)
        elif isinstance(node, cst.AsName):
            names = _target_names(node.name)
        elif isinstance(node, cst.FunctionDef | cst.ClassDef):
            names = [node.name.value]
        else:
            return
        for name in names:
            self._assigned[name] = self._assigned.get(name, 0) + 1

    def _record(self, node: cst.Name | cst.Attribute, index: int, unsure: bool) -> None:
        if unsure:
            self.unsure.add(node)
        else:
            self.scoped[node] = index

    def _import(self, node: cst.Import | cst.ImportFrom, index: int, nested: bool) -> None:
        if isinstance(node.names, cst.ImportStar):
            self.usable = False  # names bound by no statement: libcst (and the star report)
            return
        for alias in node.names:
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.imported_names.add(alias.asname.name.value)
            else:
                dotted = get_full_name_for_node(alias.name)
                if dotted is not None:
                    self.imported_names.add(dotted.split(".")[0])
        if nested:
            return  # a local binding: the symbol tables mark its name as bound otherwise
        for alias in node.names:
            if alias.asname is not None:
                as_node: Any = alias.asname.name
                bound = [cst.ensure_type(as_node, cst.Name).value]
            else:
                as_node = alias.name
                dotted = get_full_name_for_node(alias.name)
                if dotted is None:
                    continue
                parts = dotted.split(".")
                bound = [".".join(parts[:end]) for end in range(len(parts), 0, -1)]
            for name in bound:
                assignment = ImportAssignment(name, None, node, 0, as_node)  # type: ignore[arg-type]
                self._imports.setdefault(name, []).append((index, assignment))


def _target_names(target: cst.BaseExpression) -> list[str]:
    """Simple names bound by an assignment target (``a``, ``a, (b, *c)``)."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, cst.Tuple | cst.List):
        return [name for element in target.elements for name in _target_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _names_a_value(value: cst.BaseExpression) -> bool:
    """``value`` is a name or attribute, or a tuple/list with one (what an alias may bind)."""
    if isinstance(value, cst.Name | cst.Attribute):
        return True
    if isinstance(value, cst.Tuple | cst.List):
        return any(_names_a_value(element.value) for element in value.elements)
    return False


def _special_call(node: cst.Call) -> bool:
    name = get_full_name_for_node(node.func)
    return name is not None and name.rsplit(".", 1)[-1] in _SPECIAL_CALLS
