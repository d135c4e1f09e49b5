"""What binds each name of a module, and how: one cheap walk (private to the resolver).

libcst's scope analysis says *which* statements bind a name (``Assignment.node``: the target
``Name``, the ``Param``, the ``FunctionDef``...), not *what* they bind it to. The resolver needs
that to follow aliases: ``slim = tf.contrib.slim`` binds ``slim`` to a module holding targets,
``xent = tf.losses.softmax_cross_entropy`` to a target, while ``for slim in mods`` or a
parameter binds it to something the tool cannot know. This walk records, for every binding
site, a ``Binder``: its kind, and for a plain assignment of a dotted name, that name's node.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from migrate.engine.cst_walk import children

__all__ = ["Binder", "BinderKind", "BindingMap", "dotted_name"]


class BinderKind(enum.Enum):
    ALIAS = "alias"
    """``name = a.b.c`` (a plain assignment of a dotted name): followed."""
    DEFINITION = "definition"
    """``def name``/``class name``, or a literal, container, lambda, f-string... assigned:
    known to be no TensorFlow API."""
    UNKNOWN = "unknown"
    """A parameter, a loop, ``with`` or ``except`` target, unpacking, a call's result...:
    bound to a value the tool cannot know without running the code."""


@dataclass(frozen=True)
class Binder:
    kind: BinderKind
    how: str
    """How the name is bound, for messages: ``"`slim = tf.contrib.slim`"``, ``"a parameter of
    `f`"``, ``"a `for` loop target"``."""
    site: cst.CSTNode
    """Where (a node whose position gives the line)."""
    value: cst.BaseExpression | None = None
    """For ``ALIAS``: the dotted name assigned."""


def dotted_name(node: cst.CSTNode) -> str | None:
    """``a.b.c`` for a ``Name``/``Attribute`` chain, else ``None``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


_KNOWN_VALUES = (
    cst.BaseNumber,
    cst.BaseString,
    cst.List,
    cst.Tuple,
    cst.Set,
    cst.Dict,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
    cst.Lambda,
    cst.Comparison,
    cst.BooleanOperation,
)
"""Values that are no module or function of TensorFlow, whatever they contain."""

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)

_MATCH_TARGETS = tuple(
    kind for kind in (getattr(cst, n, None) for n in ("MatchAs", "MatchStar")) if kind is not None
)
_MATCH_MAPPING = getattr(cst, "MatchMapping", None)


def _code(node: cst.CSTNode) -> str:
    text = cst.Module(body=[]).code_for_node(node)
    return text if len(text) <= 60 else text[:57] + "..."


class BindingMap:
    """``Binder`` of every binding site of a module, and the module-scope binders per name."""

    def __init__(self, module: cst.Module) -> None:
        self.by_site: dict[cst.CSTNode, Binder] = {}
        """Binding site (libcst's ``Assignment.node``) -> binder."""
        self.module_scope: dict[str, list[Binder]] = {}
        """Name -> the binders of it in the module's own scope (not in a def/class/lambda)."""
        self._walk(module)

    def _walk(self, module: cst.Module) -> None:
        # (node, enclosing function name or None at module scope, in a class body)
        stack: list[tuple[cst.CSTNode, str | None]] = [(s, None) for s in module.body]
        while stack:
            node, owner = stack.pop()
            for site, binder in self._binders(node, owner):
                self.by_site[site] = binder
                if owner is None and isinstance(site, cst.Name):
                    self.module_scope.setdefault(site.value, []).append(binder)
                elif owner is None and isinstance(site, cst.FunctionDef | cst.ClassDef):
                    self.module_scope.setdefault(site.name.value, []).append(binder)
            inner = owner
            if isinstance(node, cst.FunctionDef | cst.ClassDef):
                inner = node.name.value
            elif isinstance(node, cst.Lambda):
                inner = "<lambda>"
            elif isinstance(node, _COMPREHENSIONS):
                inner = "<comprehension>"  # its loop targets are its own
            stack.extend((child, inner) for child in children(node))

    def _binders(
        self, node: cst.CSTNode, owner: str | None
    ) -> Iterator[tuple[cst.CSTNode, Binder]]:
        if isinstance(node, cst.Assign):
            for target in node.targets:
                yield from _assigned(target.target, node.value)
        elif isinstance(node, cst.AnnAssign):
            if node.value is None:
                yield from _unknown(node.target, "an annotation without a value")
            else:
                yield from _assigned(node.target, node.value)
        elif isinstance(node, cst.AugAssign):
            yield from _unknown(node.target, f"`{_code(node)}` (an augmented assignment)")
        elif isinstance(node, cst.For):
            yield from _unknown(node.target, "a `for` loop target")
        elif isinstance(node, cst.CompFor):
            yield from _unknown(node.target, "a comprehension's loop target")
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            yield from _unknown(node.asname.name, "a `with ... as` target")
        elif isinstance(node, cst.ExceptHandler) and node.name is not None:
            yield from _unknown(node.name.name, "an `except ... as` target")
        elif isinstance(node, cst.NamedExpr):
            yield from _unknown(node.target, f"`{_code(node)}` (an assignment expression)")
        elif isinstance(node, cst.Param):
            where = f"`{owner}`" if owner else "a function"
            yield node, Binder(BinderKind.UNKNOWN, f"a parameter of {where}", node)
        elif isinstance(node, cst.FunctionDef):
            yield node, Binder(BinderKind.DEFINITION, f"`def {node.name.value}`", node)
        elif isinstance(node, cst.ClassDef):
            yield node, Binder(BinderKind.DEFINITION, f"`class {node.name.value}`", node)
        elif _MATCH_TARGETS and isinstance(node, _MATCH_TARGETS):
            name = getattr(node, "name", None)
            if name is not None:
                yield from _unknown(name, "a `match` pattern capture")
        elif _MATCH_MAPPING is not None and isinstance(node, _MATCH_MAPPING):
            rest = getattr(node, "rest", None)
            if rest is not None:
                yield from _unknown(rest, "a `match` pattern capture")


def _names_in(target: cst.BaseExpression) -> Iterator[cst.Name]:
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, cst.Tuple | cst.List):
        for element in target.elements:
            yield from _names_in(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _names_in(target.value)


def _unknown(target: cst.BaseExpression, how: str) -> Iterator[tuple[cst.CSTNode, Binder]]:
    for name in _names_in(target):
        yield name, Binder(BinderKind.UNKNOWN, how, name)


def _plain(elements: cst.Tuple | cst.List) -> bool:
    return all(isinstance(e, cst.Element) for e in elements.elements)


def _assigned(
    target: cst.BaseExpression, value: cst.BaseExpression
) -> Iterator[tuple[cst.CSTNode, Binder]]:
    """Binders of ``target = value``; ``a, b = x, y`` pairs exactly (Python evaluates the whole
    right-hand tuple first)."""
    if isinstance(target, cst.Name):
        if dotted_name(value) is not None:
            how = f"`{target.value} = {_code(value)}`"
            yield target, Binder(BinderKind.ALIAS, how, target, value)
        elif isinstance(value, _KNOWN_VALUES):
            yield target, Binder(BinderKind.DEFINITION, f"`{_code(target)} = ...`", target)
        else:
            how = f"`{target.value} = {_code(value)}`"
            yield target, Binder(BinderKind.UNKNOWN, how, target)
        return
    if (
        isinstance(target, cst.Tuple | cst.List)
        and isinstance(value, cst.Tuple | cst.List)
        and _plain(target)
        and _plain(value)
        and len(target.elements) == len(value.elements)
    ):
        for left, right in zip(target.elements, value.elements, strict=True):
            yield from _assigned(left.value, right.value)
        return
    yield from _unknown(target, f"unpacking `{_code(value)}`")
