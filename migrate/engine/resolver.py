"""Resolution of a module's names to the qualified names they may mean, aliases followed.

Names are matched by meaning, never by spelling: ``import tensorflow.compat.v1 as tf``,
``from tensorflow.contrib import losses as L`` and ``import tf_slim as slim`` resolve through
libcst's scope analysis (``Scope.get_qualified_names_for``, asked only for the nodes that
matter; ``migrate.engine.bindings`` gives the same answer without the analysis where Python's symbol
tables prove it). On top of libcst, which does not follow assignments, every plain assignment
of a dotted name is followed, in any scope: ``slim = tf.contrib.slim``, ``losses = tf.losses``,
``xent = tf.losses.softmax_cross_entropy``, ``tf = tf.compat.v1``, ``a, b = tf.losses, tf.nn``.

A name may be bound several times (``try``/``except`` imports, a rebinding): its meanings are
the union over every binding visible in its scope (flow-insensitive, so never fewer than the
truth). Bindings the tool cannot follow (a parameter, a loop target, a call's result) are
kept as reasons in ``Resolution.unknown``, so that the engine reports, rather than rewrites or
passes over, a reference whose meaning it could not settle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import (
    Assignment,
    BuiltinAssignment,
    ImportAssignment,
    MetadataWrapper,
    Scope,
    ScopeProvider,
)

from migrate.engine.binders import Binder, BinderKind, BindingMap, dotted_name
from migrate.engine.bindings import ModuleIndex
from migrate.engine.cst_walk import used_names
from migrate.engine.positions import LazyPositions
from migrate.engine.symbols import canonical, root_name

__all__ = ["NameResolver", "Resolution"]


@dataclass(frozen=True)
class Reason:
    """One binding of a name that is not an import or a followed alias (described lazily: a
    line number costs a pass over the module, paid only when a message needs it)."""

    name: str
    binder: Binder
    through: tuple[Binder, ...] = ()
    """The aliases followed to reach it, innermost first."""

    def describe(self, positions: LazyPositions) -> str:
        text = f"`{self.name}` is bound by {self.binder.how} (line {_line(positions, self.binder.site)})"
        for alias in self.through:
            text += f", through {alias.how} (line {_line(positions, alias.site)})"
        return text


@dataclass(frozen=True)
class Resolution:
    """What one ``Name``/``Attribute`` node may mean."""

    names: frozenset[str]
    """Every qualified name: libcst's (local names included) and those reached through aliases."""
    meanings: frozenset[str]
    """The qualified names reached through imports and followed aliases only."""
    unknown: tuple[Reason, ...] = ()
    """Bindings of the root name that could not be followed (empty: fully resolved)."""
    local: tuple[Reason, ...] = ()
    """Bindings of the root known to be none of TensorFlow's (a ``def``, a literal...)."""


def _line(positions: LazyPositions, node: cst.CSTNode) -> int:
    try:
        return positions[node].start.line
    except KeyError:  # pragma: no cover - every binding site is in the module
        return 0


_EMPTY = Resolution(frozenset(), frozenset())


class NameResolver:
    """Resolves expression nodes of one module to the qualified names they mean.

    Asks the cheap ``ModuleIndex`` first (names bound only by module-level imports, the common
    case) and libcst's scope analysis, run at most once, for everything it cannot prove.
    """

    def __init__(
        self, wrapper: MetadataWrapper, source: str | None = None, *, index: bool = True
    ) -> None:
        self._wrapper = wrapper
        self.positions = LazyPositions(wrapper)
        """Positions of the module's nodes (shared with the engine's findings)."""
        self._libcst_scopes: Mapping[cst.CSTNode, Scope | None] | None = None
        self._index: ModuleIndex | None = None
        if index:
            text = wrapper.module.code if source is None else source
            self._index = ModuleIndex(wrapper.module, text)
            if not self._index.usable:
                self._index = None
        self._binding_map: BindingMap | None = None
        self._cache: dict[cst.CSTNode, Resolution] = {}
        self._stars: tuple[str, ...] | None = None
        unbound = None if self._index is None else self._index.unbound("tf")
        self._tf_unbound_everywhere = unbound is True
        """The index proved ``tf`` bound nowhere (so unbound at every node with a scope)."""
        if unbound is None:
            module_scope = self._scopes.get(wrapper.module)
            unbound = module_scope is not None and "tf" not in module_scope
        self.implicit_tf = unbound
        """``tf`` is never bound in the module (a snippet, a notebook fragment, ``exec``'d code):
        as ``tf_upgrade_v2`` does, an unbound ``tf`` is read as ``tensorflow``."""

    @property
    def _scopes(self) -> Mapping[cst.CSTNode, Scope | None]:
        """libcst's scope of every node (the analysis runs on first use)."""
        if self._libcst_scopes is None:
            # QualifiedNameProvider's own pass only wraps ScopeProvider's answer in a lazy value
            # for every node; asking the scope directly, for the nodes that matter, is cheaper.
            self._libcst_scopes = self._wrapper.resolve(ScopeProvider)
        return self._libcst_scopes

    @property
    def _binders(self) -> BindingMap:
        if self._binding_map is None:
            self._binding_map = BindingMap(self._wrapper.module)
        return self._binding_map

    def names(self, node: cst.CSTNode) -> frozenset[str]:
        """Every qualified name ``node`` may mean (empty when it is not a name)."""
        return self.resolve(node).names

    def first(self, node: cst.CSTNode, table: frozenset[str]) -> str | None:
        """The qualified name of ``node`` found in ``table``, if any."""
        hits = sorted(self.names(node) & table)
        return hits[0] if hits else None

    def resolve(self, node: cst.CSTNode) -> Resolution:
        """What ``node`` may mean: qualified names, and the bindings that could not be followed."""
        if not isinstance(node, cst.Name | cst.Attribute):
            return _EMPTY
        known = self._cache.get(node)
        if known is None:
            known = self._resolve(node, frozenset())
            self._cache[node] = known
        return known

    def _resolve(self, node: cst.Name | cst.Attribute, guard: frozenset[int]) -> Resolution:
        dotted = dotted_name(node)
        if dotted is None:
            return _EMPTY
        root, _, rest = dotted.partition(".")
        raw = set(self._qualified(node))
        meanings: set[str] = set()
        unknown: list[Reason] = []
        local: list[Reason] = []
        binders = self._root_binders(node, root)
        if binders is None:
            meanings |= raw  # bound only by imports: libcst's names are the meanings
        else:
            for binder in binders:
                if isinstance(binder, ImportAssignment):
                    meanings |= {q.name for q in binder.get_qualified_names_for(dotted)}
                elif binder.kind is BinderKind.ALIAS:
                    if id(binder.site) in guard:
                        continue  # `tf = tf.compat.v1`: the right side is another binding
                    assert isinstance(binder.value, cst.Name | cst.Attribute)
                    value = self._resolve(binder.value, guard | {id(binder.site)})
                    meanings |= {f"{name}.{rest}" if rest else name for name in value.meanings}
                    unknown += [_via(r, binder) for r in value.unknown]
                    local += [_via(r, binder) for r in value.local]
                    if not (value.meanings or value.unknown or value.local):
                        unknown.append(Reason(root, binder))  # `slim = other`: unresolvable
                elif binder.kind is BinderKind.DEFINITION:
                    local.append(Reason(root, binder))
                else:
                    unknown.append(Reason(root, binder))
        if (
            not raw
            and not meanings
            and self.implicit_tf
            and root == "tf"
            and self._tf_unbound_at(node)
        ):
            meanings.add("tensorflow" + dotted[2:])
        names = raw | meanings
        if any(".compat.v" in name for name in names):
            names = {canonical(name) for name in names}
            meanings = {canonical(name) for name in meanings}
        return Resolution(frozenset(names), frozenset(meanings), tuple(unknown), tuple(local))

    def _root_binders(self, node: cst.CSTNode, root: str) -> list[ImportAssignment | Binder] | None:
        """How ``root`` may be bound where ``node`` is; ``None`` when only imports bind it
        (libcst's qualified names are then the whole answer)."""
        index = self._index
        if index is not None and node not in index.unsure:
            if node not in index.scoped or index.simple(root):
                return None  # no scope in libcst (an `attr`, a keyword), or imports only
            if index.module_variable(root):
                return list(self._binders.module_scope.get(root, ()))
        scope = self._scopes.get(node)
        if scope is None or root not in scope:
            return None
        assignments = scope[root]
        if all(isinstance(a, ImportAssignment) for a in assignments):
            return None
        found: list[ImportAssignment | Binder] = []
        for assignment in assignments:
            if isinstance(assignment, ImportAssignment):
                found.append(assignment)
            elif isinstance(assignment, BuiltinAssignment):
                found.append(Binder(BinderKind.DEFINITION, "Python (a builtin)", node))
            elif isinstance(assignment, Assignment):
                site = assignment.node
                binder = self._binders.by_site.get(site)
                if binder is None:
                    binder = Binder(BinderKind.UNKNOWN, f"a `{type(site).__name__}`", site)
                found.append(binder)
        return found

    def _tf_unbound_at(self, node: cst.CSTNode) -> bool:
        """``tf`` is unbound where ``node`` is (and ``node`` has a scope)."""
        index = self._index
        if self._tf_unbound_everywhere and index is not None and node not in index.unsure:
            return node in index.scoped
        scope = self._scopes.get(node)
        return scope is not None and "tf" not in scope

    def module_names(self) -> set[str]:
        """Every name the module binds or uses, in any scope (not an ``attr``, a keyword or a
        string): the index's walk has them all; without it, one walk of the module."""
        index = self._index
        if index is None:
            return used_names(self._wrapper.module, skip_imports=False)
        names = {node.value for node in index.nodes() if isinstance(node, cst.Name)}
        return names | index.imported_names

    def bound_only_to(self, name: str, module: str) -> bool:
        """``name`` is bound, in every scope, only by imports of ``module`` (``import tensorflow
        as tf`` and nothing else binding ``tf``): emitted code may refer to ``module`` by it."""
        index = self._index
        if index is not None:
            return index.simple(name) and index.imported_as(name) == {module}
        found = False
        for scope in {scope for scope in self._scopes.values() if scope is not None}:
            for assignment in scope.assignments[name]:
                if not isinstance(assignment, ImportAssignment):
                    return False
                if {q.name for q in assignment.get_qualified_names_for(name)} != {module}:
                    return False
                found = True
        return found

    def star_import(self, node: cst.CSTNode, table: frozenset[str]) -> tuple[str, str] | None:
        """``(qualified name in table, star-imported module)`` that ``node`` may mean, if any.

        After ``from tensorflow.compat.v1.losses import *`` a bare ``softmax_cross_entropy``
        is bound by no statement libcst can see: it may be the target, or shadowed by a later
        star import or a name defined at run time. Only names unbound where they are used, whose
        root is not resolved otherwise, are considered.
        """
        if not isinstance(node, cst.Name | cst.Attribute) or self.names(node):
            return None
        if self._index is not None:
            return None  # the index is only used in modules without star imports
        dotted = dotted_name(node)
        scope = self._scopes.get(node)
        if dotted is None or scope is None or dotted.split(".")[0] in scope:
            return None
        for module in self._star_modules():
            name = canonical(f"{module}.{dotted}")
            if name in table:
                return name, module
        return None

    def _star_modules(self) -> tuple[str, ...]:
        """Modules star-imported anywhere in the module (last first: the last import wins)."""
        if self._stars is None:
            stars = [
                dotted_name(node.module)
                for node in self._scopes
                if isinstance(node, cst.ImportFrom)
                and isinstance(node.names, cst.ImportStar)
                and node.module is not None
                and not node.relative
            ]
            self._stars = tuple(reversed([s for s in stars if s is not None]))
        return self._stars

    def names_of_leaves(self, leaves: frozenset[str], package: str) -> frozenset[str]:
        """Qualified names under ``package`` of every name/attribute whose last component is in
        ``leaves``."""
        found: set[str] = set()
        index = self._index
        nodes: Iterable[cst.CSTNode] = self._scopes if index is None else index.nodes()
        for node in nodes:
            if (isinstance(node, cst.Attribute) and node.attr.value in leaves) or (
                isinstance(node, cst.Name) and node.value in leaves
            ):
                if (
                    index is not None
                    and not (self.implicit_tf and root_name(node) == "tf")  # an unbound `tf`
                    and index.cannot_mean(node, package)
                ):
                    continue  # e.g. `self.layers`: spares libcst's analysis of the module
                found |= self.names(node)
        return frozenset(n for n in found if n == package or n.startswith(package + "."))

    def binding_imports(self, node: cst.CSTNode) -> list[cst.Import | cst.ImportFrom] | None:
        """Module-level imports bound to the dotted name of ``node`` (``None``: not known here)."""
        return None if self._index is None else self._index.imports_named(node)

    def _qualified(self, node: cst.CSTNode) -> Iterable[str]:
        if not isinstance(node, cst.Name | cst.Attribute):
            return ()
        if self._index is not None:
            known = self._index.qualified_names(node)
            if known is not None:
                return known
        scope = self._scopes.get(node)
        if scope is None:
            return ()
        return {qualified.name for qualified in scope.get_qualified_names_for(node)}


def _via(reason: Reason, alias: Binder) -> Reason:
    return Reason(reason.name, reason.binder, (*reason.through, alias))
