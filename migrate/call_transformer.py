"""Where rules meet the tree: the transformer that applies rule decisions to target calls and
references, run only on the statements that mention a target (private to the engine).

The transformer asks the owning rule about each call whose callee resolves to a target (and
ReferenceRule about bare references), honours suppression comments, records typed findings with
lazily computed positions, and collects the imports the replacements need. ``visit_mentioning``
runs it statement by statement, descending into compound statements whose header mentions no
target, so that only the simple statements with a target are rebuilt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar, cast

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper

from migrate.cst_walk import children
from migrate.facts import ModuleFacts
from migrate.options import Options
from migrate.positions import LazyPositions
from migrate.results import Action, Finding
from migrate.rules import ALL_RULES
from migrate.rules.base import CallSite, Decision, Emitter, Rule, code_of
from migrate.rules.references import ReferenceRule
from migrate.symbols import ALL_TARGETS, NN_AMBIGUOUS, NameResolver

__all__ = ["CallTransformer", "visit_mentioning"]


def visit_mentioning(module: cst.Module, transformer: CallTransformer) -> cst.Module:
    """``module.visit(transformer)``, skipping the statements that it would leave alone.

    The transformer acts only on names and attributes spelled like a target (``leaves``), with
    state local to a simple statement, so a statement without such a ``Name`` is kept as it is
    (rebuilding every node of it would only produce an equal copy), and a compound statement
    whose header has none is rebuilt from its visited blocks. Findings keep their order.
    """
    return module.with_changes(body=_visit_all(module.body, transformer))


_BLOCKS = ("body", "orelse", "handlers", "finalbody")
"""Fields of compound statements (and their clauses) that hold statements."""
_CLAUSES = (cst.BaseCompoundStatement, cst.ExceptHandler, cst.Else, cst.Finally, cst.IndentedBlock)


_N = TypeVar("_N", bound=cst.CSTNode)


def _visit_all(statements: Sequence[_N], transformer: CallTransformer) -> list[_N]:
    return [_visit_statement(statement, transformer) for statement in statements]


def _visit_statement(node: _N, transformer: CallTransformer) -> _N:
    leaves = transformer.leaves
    if not _mentions(node, leaves):
        return node
    if isinstance(node, _CLAUSES):
        blocks = {name: getattr(node, name) for name in _BLOCKS if hasattr(node, name)}
        header = [child for child in children(node) if not _in_blocks(child, blocks)]
        if not any(_mentions(child, leaves) for child in header):
            scope = isinstance(node, cst.FunctionDef | cst.ClassDef)
            if scope:
                transformer.scopes.append(cast(cst.FunctionDef | cst.ClassDef, node))
            changes: dict[str, object] = {}
            for name, value in blocks.items():
                if isinstance(value, cst.CSTNode):
                    changes[name] = _visit_statement(value, transformer)
                elif isinstance(value, list | tuple):
                    changes[name] = _visit_all(value, transformer)
            if scope:
                transformer.scopes.pop()
            return cast(_N, node.with_changes(**changes))
    visited = node.visit(transformer)
    assert isinstance(visited, type(node))  # the transformer never removes a statement
    return visited


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


def _in_blocks(child: cst.CSTNode, blocks: dict[str, object]) -> bool:
    return any(
        child is value or (isinstance(value, list | tuple) and any(child is v for v in value))
        for value in blocks.values()
    )


def _mentions(root: cst.CSTNode, names: frozenset[str]) -> bool:
    """Whether some ``Name`` in ``root`` is one of ``names`` (the walk of ``_names``, stopping early)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            if node.value in names:
                return True
            continue
        stack.extend(children(node))
    return False


_TARGET_LEAVES = frozenset(name.rsplit(".", 1)[-1] for name in ALL_TARGETS)
_ALIAS = re.compile(r"\b(?:sparse_)?softmax_cross_entropy\w*\s+as\s+(\w+)")

_RULES: tuple[Rule, ...] = tuple(rule() for rule in ALL_RULES if rule is not ReferenceRule)
_BY_TARGET: dict[str, Rule] = {name: rule for rule in _RULES for name in rule.targets}
_REFERENCES = ReferenceRule()


class CallTransformer(cst.CSTTransformer):
    def __init__(
        self,
        wrapper: MetadataWrapper,
        resolver: NameResolver,
        facts: ModuleFacts,
        options: Options,
        silenced: dict[int, frozenset[str] | None],
        context: CodemodContext,
        source: str,
    ) -> None:
        super().__init__()
        self.positions = LazyPositions(wrapper)
        self.leaves = _TARGET_LEAVES | frozenset(
            found.group(1) for found in _ALIAS.finditer(source)
        )
        """Identifiers that may name a target: the targets' own names and their import aliases."""
        self._funcs: set[int] = set()
        """ids of nodes called as functions and of ``attr`` names (not references by themselves)."""
        self._statements: set[int] = set()
        """ids of expressions whose value is discarded (a whole statement, or assigned to ``_``)."""
        self.resolver = resolver
        self.facts = facts
        self.options = options
        self.silenced = silenced
        self.context = context
        self.findings: list[Finding] = []
        self.imports: set[tuple[str, str | None]] = set()
        self.replaced: list[cst.CSTNode] = []
        self.changed = False
        self._import_depth = 0
        self.scopes: list[cst.FunctionDef | cst.ClassDef] = []
        """The functions and classes around the statement being visited, innermost last."""

    # Imports name targets without using them.
    def visit_Call(self, node: cst.Call) -> None:
        self._funcs.add(id(node.func))

    def visit_Expr(self, node: cst.Expr) -> None:
        self._statements.add(id(node.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        if all(m.matches(target.target, m.Name("_")) for target in node.targets):
            self._statements.add(id(node.value))  # `_ = call(...)` discards it just the same
        elif (
            len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)
            and isinstance(node.value, cst.Call)
            and self._maybe_target(node.value.func)
            and _never_read(node.targets[0].target.value, self.scopes)
        ):
            self._statements.add(id(node.value))  # a local nobody reads: discarded too

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(node)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.scopes.pop()
        return updated_node

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(node)

    def leave_ClassDef(
        self, original_node: cst.ClassDef, updated_node: cst.ClassDef
    ) -> cst.ClassDef:
        self.scopes.pop()
        return updated_node

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._funcs.add(id(node.attr))

    def visit_Import(self, node: cst.Import) -> None:
        self._import_depth += 1

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        self._import_depth -= 1
        return updated_node

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._import_depth += 1

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        self._import_depth -= 1
        return updated_node

    def _is_silenced(self, node: cst.CSTNode, code: str) -> bool:
        if not self.silenced:
            return False  # spares computing positions when no finding needs them
        where = self.positions[node]
        for line in range(where.start.line, where.end.line + 1):
            if line in self.silenced:
                codes = self.silenced[line]
                if codes is None or code in codes:
                    return True
        return False

    def _record(self, node: cst.CSTNode, code: str, decision: Decision) -> None:
        assert decision.action is not None
        where = self.positions[node]
        self.findings.append(
            Finding(
                code=code,
                message=decision.message,
                action=decision.action,
                line=where.start.line,
                column=where.start.column + 1,
                end_line=where.end.line,
                end_column=where.end.column + 1,
            )
        )

    def _maybe_target(self, node: cst.BaseExpression) -> bool:
        """Cheap syntactic pre-check before asking for qualified names (which is costly)."""
        if isinstance(node, cst.Attribute):
            return node.attr.value in self.leaves
        return isinstance(node, cst.Name) and node.value in self.leaves

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not self._maybe_target(original_node.func):
            return updated_node
        target = self.resolver.first(original_node.func, ALL_TARGETS)
        if target is None:
            star = self.resolver.star_import(original_node.func, ALL_TARGETS)
            if star is not None:
                self._report_star(original_node, original_node.func, _BY_TARGET[star[0]].code, star)
            return updated_node
        rule = _BY_TARGET[target]
        if not self.options.enabled(rule.code) or self._is_silenced(original_node, rule.code):
            return updated_node
        emitter = Emitter(self.facts)
        site = CallSite(
            original_node,
            updated_node,
            target,
            self.resolver,
            self.facts,
            self.options,
            emitter,
            statement=id(original_node) in self._statements,
        )
        decision = rule.decide(site)
        if decision.action is None:
            return updated_node
        self._record(original_node, rule.code, decision)
        if decision.replacement is None:
            return updated_node
        self.changed = True
        self.imports |= emitter.imports
        self.replaced.append(original_node.func)
        return decision.replacement

    def _report_star(
        self, node: cst.CSTNode, name: cst.BaseExpression, code: str, star: tuple[str, str]
    ) -> None:
        """A name that only a star import may bind: reported, never rewritten on a guess."""
        if not self.options.enabled(code) or self._is_silenced(node, code):
            return
        target, module = star
        if target in NN_AMBIGUOUS and not self.facts.tf1:
            return  # TF2's function in TF2 code, as when the name resolves
        message = (
            f"`{code_of(name)}` may be `{target}` through `from {module} import *`, which cannot "
            "be resolved safely (a later import or definition may shadow it); import the name "
            "explicitly to migrate it; left unchanged"
        )
        self._record(node, code, Decision(Action.REPORT, message))

    def _reference(
        self, original_node: cst.Name | cst.Attribute, updated_node: cst.BaseExpression
    ) -> cst.BaseExpression:
        if self._import_depth:
            return updated_node
        if not self._maybe_target(original_node):
            return updated_node
        target = self.resolver.first(original_node, ALL_TARGETS)
        if target is None:
            star = self.resolver.star_import(original_node, ALL_TARGETS)
            if star is not None and id(original_node) not in self._funcs:
                self._report_star(original_node, original_node, _REFERENCES.code, star)
            return updated_node
        if id(original_node) in self._funcs:
            return updated_node
        code = _REFERENCES.code
        if not self.options.enabled(code) or self._is_silenced(original_node, code):
            return updated_node
        emitter = Emitter(self.facts)
        decision, replacement = _REFERENCES.decide_reference(
            target, self.facts.tf1, self.options, emitter
        )
        if decision.action is None:
            return updated_node
        self._record(original_node, code, decision)
        if replacement is None:
            return updated_node
        self.changed = True
        self.imports |= emitter.imports
        self.replaced.append(original_node)
        return replacement

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)
