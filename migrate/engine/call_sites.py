"""Where each call stands, as the call transformer sees it before a rule decides (private to the
engine).

``SiteTracker`` is the transformer's base: while libcst walks the module it keeps the
identifiers that may name a target (the targets' own names and their aliases), the functions and
classes around the statement, which expressions are called, stored or discarded, the one call of
a line whose computation may be placed before it (``hoisting``), the statements and the comment
a rewrite places around its line, and the imports that name a target. ``CallTransformer``
(``migrate.engine.call_transformer``) adds the decisions.
"""

from __future__ import annotations

import re
from typing import TypeVar

import libcst as cst
import libcst.matchers as m
from libcst.helpers import get_full_name_for_node

from migrate.engine.cst_walk import children
from migrate.engine.hoisting import hoistable_call
from migrate.engine.symbols import ALL_TARGETS, TARGET_LEAVES, canonical

__all__ = ["SiteTracker"]

_LEAF = "|".join(sorted(TARGET_LEAVES, key=len, reverse=True))
_ALIAS = re.compile(
    rf"\b(?:{_LEAF})\s+as\s+(\w+)"  # `from ... import softmax_cross_entropy as xent`
    rf"|\b(\w+)\s*=\s*(?:\w+\s*\.\s*)*(?:{_LEAF})\b(?!\s*\()"  # `xent = tf.losses.softmax_...`
)
"""Names that may be bound to a target: import aliases and plain assignments of one."""

_SCOPED_READER = re.compile(
    r"\bget_losses\s*\(\s*(?!\)|loss_collection\s*=)[^)\n]{0,80}\)"
    r"|\bget_total_loss\s*\([^)\n]{0,80}\bscope\s*=[^)\n]{0,80}\)"
    r"|\bget_collection\s*\([^,()\n]{0,80}LOSSES\s*,[^)\n]{0,80}\)"
)
"""A read of ``GraphKeys.LOSSES`` filtered by name scope (``get_losses(scope)``,
``get_total_loss(scope=...)``, ``get_collection(GraphKeys.LOSSES, scope)``)."""


def _assigned_name(statement: cst.BaseSmallStatement) -> str | None:
    """``loss`` for ``loss = ...`` / ``loss: T = ...`` (a private ``_loss`` too)."""
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target = statement.targets[0].target
    elif isinstance(statement, cst.AnnAssign):
        target = statement.target
    else:
        return None
    return target.value if isinstance(target, cst.Name) and target.value != "_" else None


_DYNAMIC_READS = frozenset({"locals", "vars", "eval", "exec"})


def _never_read(name: str, scopes: list[cst.FunctionDef | cst.ClassDef]) -> bool:
    """``name`` is a local of the innermost function that is only ever assigned there (plain
    ``name = ...``): no read, no ``global``/``nonlocal``, no closure, no ``locals()``."""
    if not scopes or not isinstance(scopes[-1], cst.FunctionDef):
        return False  # module and class attributes may be read from elsewhere
    stack: list[cst.CSTNode] = [scopes[-1]]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            if node.value == name or node.value in _DYNAMIC_READS:
                return False  # any other use: a read, a declaration, a parameter...
            continue
        if isinstance(node, cst.AssignTarget | cst.AnnAssign) and m.matches(
            node.target, m.Name(name)
        ):
            stack.extend(child for child in children(node) if child is not node.target)
            continue  # a plain assignment writes it
        stack.extend(children(node))
    return True


_C = TypeVar("_C", bound=cst.BaseCompoundStatement)
_T = TypeVar("_T", bound=cst.CSTNode)


class SiteTracker(cst.CSTTransformer):
    """The state of the walk around each call: statement, scopes, bindings, imports."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
        self.leaves = TARGET_LEAVES | frozenset(
            found.group(1) or found.group(2) for found in _ALIAS.finditer(source)
        )
        """Identifiers that may name a target: the targets' own names and their aliases."""
        self.target_imports: list[tuple[cst.ImportAlias, str, str]] = []
        """``from ... import <target> [as name]``: (alias, bound name, target), to report the
        ones the module never uses (re-exports the tool cannot follow)."""
        self._funcs: set[int] = set()
        """ids of nodes called as functions and of ``attr`` names (not references by themselves)."""
        self._whole: set[int] = set()
        """ids of expressions that are a whole expression statement."""
        self._statements: set[int] = set()
        """ids of expressions whose value is discarded (a whole statement, or assigned to ``_``)."""
        self._import_depth = 0
        self.scopes: list[cst.FunctionDef | cst.ClassDef] = []
        """The functions and classes around the statement being visited, innermost last."""
        self.hoist: int | None = None
        """id of the call whose computation may be placed before the current statement."""
        self.prelude: list[cst.SimpleStatementLine] = []
        """Statements to place before the current statement (a plain-ops rewrite's)."""
        self.comment: str | None = None
        """A comment to place just before the current statement."""
        self.postlude: list[cst.SimpleStatementLine] = []
        """Statements to place after the current statement."""
        self.kept: list[str] = []
        """Comments from inside calls of the current statement that their replacements do not
        carry: placed as comment lines before the statement (never lost)."""
        self.in_line = False
        """Visiting a simple statement line (else a compound statement's header)."""
        self._header_kept: list[list[str]] = []
        """Per compound statement being visited: comments its header's replacements dropped."""
        self.whole_value: int | None = None
        """id of the value of the current statement's one plain assignment."""
        self.assigned: str | None = None
        """The name the current statement assigns to, when it is one plain name."""
        self.star_imports = "import *" in source or "import*" in source
        self.hot: set[int] | None = None
        """When set, the ids of the only nodes to enter (see ``on_visit``); ``None``: all."""
        found = _SCOPED_READER.search(source) if "get_" in source else None
        self.scoped_reader = None if found is None else found.group().strip()

    # Every hook is a no-op on a subtree with no name that may be a target (no ``getattr``
    # either): such a subtree is neither walked nor rebuilt, its own objects are kept.
    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.hot is not None and id(node) not in self.hot:
            return False
        return super().on_visit(node)

    def on_leave(
        self, original_node: _T, updated_node: _T
    ) -> _T | cst.RemovalSentinel | cst.FlattenSentinel[_T]:
        if self.hot is not None and id(original_node) not in self.hot:
            return updated_node
        return super().on_leave(original_node, updated_node)

    def _reset_line(self) -> None:
        self.hoist, self.prelude, self.postlude, self.comment = None, [], [], None
        self.assigned, self.whole_value, self.kept = None, None, []

    def keep_comments(self, comments: list[str]) -> None:
        """Comments a replacement dropped: they go before the statement that held the call."""
        if self.in_line or not self._header_kept:
            self.kept.extend(comments)
        else:
            self._header_kept[-1].extend(comments)

    # A compound statement's header may hold a call (``while <call> > 0:``): what its
    # replacement dropped goes before the statement.
    def _enter_compound(self) -> None:
        self._header_kept.append([])

    def _leave_compound(self, node: _C) -> _C:
        kept = self._header_kept.pop()
        if not kept:
            return node
        lines = [cst.EmptyLine(comment=cst.Comment(c)) for c in kept]
        return node.with_changes(leading_lines=[*node.leading_lines, *lines])

    def visit_If(self, node: cst.If) -> None:
        self._enter_compound()

    def leave_If(self, original_node: cst.If, updated_node: cst.If) -> cst.If:
        return self._leave_compound(updated_node)

    def visit_While(self, node: cst.While) -> None:
        self._enter_compound()

    def leave_While(self, original_node: cst.While, updated_node: cst.While) -> cst.While:
        return self._leave_compound(updated_node)

    def visit_With(self, node: cst.With) -> None:
        self._enter_compound()

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.With:
        return self._leave_compound(updated_node)

    def visit_Match(self, node: cst.Match) -> None:
        self._enter_compound()

    def leave_Match(self, original_node: cst.Match, updated_node: cst.Match) -> cst.Match:
        return self._leave_compound(updated_node)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        """Decide which call of this line a plain-ops rewrite may compute just before it."""
        self._reset_line()
        self.in_line = True
        in_class = bool(self.scopes) and isinstance(self.scopes[-1], cst.ClassDef)
        at_module = not self.scopes
        if len(node.body) != 1 or in_class or (at_module and self.star_imports):
            return
        small = node.body[0]
        found = hoistable_call(small, lambda call: self.maybe_target(call.func))
        self.hoist = None if found is None else id(found)
        self.assigned = _assigned_name(small)
        if self.assigned is not None and isinstance(small, cst.Assign | cst.AnnAssign):
            self.whole_value = id(small.value)

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        prelude, postlude, comment, kept = self.prelude, self.postlude, self.comment, self.kept
        self._reset_line()
        self.in_line = False
        if not prelude and not postlude and comment is None and not kept:
            return updated_node
        leading = [
            *updated_node.leading_lines,
            *(cst.EmptyLine(comment=cst.Comment(c)) for c in kept),
        ]
        if comment is not None:
            updated_node = updated_node.with_changes(
                leading_lines=[cst.EmptyLine(comment=cst.Comment(comment))]
            )
        if prelude:
            prelude[0] = prelude[0].with_changes(leading_lines=leading)
        else:
            own = updated_node.leading_lines if comment is not None else ()
            updated_node = updated_node.with_changes(leading_lines=[*leading, *own])
        if not prelude and not postlude:
            return updated_node
        return cst.FlattenSentinel([*prelude, updated_node, *postlude])

    def _stores(self, target: cst.BaseExpression | None) -> None:
        """Names a binding writes are no references (``xent = ...``, ``def softmax_...``)."""
        if isinstance(target, cst.Name):
            self._funcs.add(id(target))
        elif isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._stores(element.value)
        elif isinstance(target, cst.StarredElement):
            self._stores(target.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._stores(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._stores(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._stores(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._stores(node.target)
        self._enter_compound()

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        return self._leave_compound(updated_node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._stores(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._stores(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._stores(node.name)

    def visit_Param(self, node: cst.Param) -> None:
        self._stores(node.name)

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self._stores(item.name)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self._stores(item.name)

    def visit_Expr(self, node: cst.Expr) -> None:
        self._statements.add(id(node.value))
        self._whole.add(id(node.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        if all(m.matches(target.target, m.Name("_")) for target in node.targets):
            self._statements.add(id(node.value))  # `_ = call(...)` discards it just the same
        elif (
            len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
            and isinstance(node.value, cst.Call)
            and self.maybe_target(node.value.func)
            and _never_read(node.targets[0].target.value, self.scopes)
        ):
            self._statements.add(id(node.value))  # a local nobody reads: discarded too

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(node)
        self._stores(node.name)
        self._enter_compound()

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.scopes.pop()
        return self._leave_compound(updated_node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(node)
        self._stores(node.name)
        self._enter_compound()

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self.scopes.pop()
        return self._leave_compound(updated_node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._funcs.add(id(node.attr))

    def visit_Import(self, node: cst.Import) -> None:
        self._import_depth += 1

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        self._import_depth -= 1
        return updated_node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._import_depth += 1
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = get_full_name_for_node(node.module)
        for alias in node.names:
            name = get_full_name_for_node(alias.name)
            target = canonical(f"{module}.{name}")
            if target in ALL_TARGETS:
                bound = alias.evaluated_alias or alias.evaluated_name
                self.target_imports.append((alias, bound, target))

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        self._import_depth -= 1
        return updated_node

    def maybe_target(self, node: cst.BaseExpression) -> bool:
        """Cheap syntactic pre-check before asking for qualified names (which is costly)."""
        if isinstance(node, cst.Attribute):
            return node.attr.value in self.leaves
        return isinstance(node, cst.Name) and node.value in self.leaves
