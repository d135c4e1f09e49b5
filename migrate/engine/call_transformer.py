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
from libcst.helpers import get_full_name_for_node
from libcst.metadata import MetadataWrapper

from migrate.engine.cst_walk import children
from migrate.engine.facts import ModuleFacts
from migrate.engine.hoisting import hoistable_call
from migrate.engine.options import Options
from migrate.engine.resolver import NameResolver, Reason
from migrate.engine.symbols import (
    ALL_TARGETS,
    NN_AMBIGUOUS,
    REDUCTION_AMBIGUOUS,
    SOFTMAX_TARGETS,
    TARGET_LEAVES,
    canonical,
)
from migrate.report.results import Action, Finding
from migrate.rules import ALL_RULES
from migrate.rules.base import CallSite, Decision, Emitter, Rule, code_of
from migrate.rules.compat import CompatLossesRule
from migrate.rules.references import ReferenceRule
from migrate.rules.unresolved import UnresolvedRule

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
    visited: list[_N] = []
    for statement in statements:
        result = _visit_statement(statement, transformer)
        if isinstance(result, cst.FlattenSentinel):  # a plain-ops rewrite's statements first
            visited.extend(cast(Sequence[_N], result.nodes))
        else:
            visited.append(result)
    return visited


def _assigned_name(statement: cst.BaseSmallStatement) -> str | None:
    """``loss`` for ``loss = ...`` / ``loss: T = ...`` (a private ``_loss`` too)."""
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target = statement.targets[0].target
    elif isinstance(statement, cst.AnnAssign):
        target = statement.target
    else:
        return None
    return target.value if isinstance(target, cst.Name) and target.value != "_" else None


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
    if isinstance(visited, cst.FlattenSentinel):
        return cast(_N, visited)  # `_visit_all` unpacks it
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
    """Whether some ``Name`` in ``root`` is one of ``names`` (the walk of ``_names``, stopping
    early), or, in a simple statement line, some string holds a target's name
    (``getattr(tf.losses, "...")``)."""
    strings = isinstance(root, cst.SimpleStatementLine)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            if node.value in names:
                return True
            continue
        if isinstance(node, cst.SimpleString):
            if strings and any(leaf in node.value for leaf in _TARGET_LEAVES):
                return True
            continue
        stack.extend(children(node))
    return False


_TARGET_LEAVES = TARGET_LEAVES
_LEAF = "|".join(sorted(_TARGET_LEAVES, key=len, reverse=True))
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

_RULES: tuple[Rule, ...] = tuple(
    rule() for rule in ALL_RULES if rule not in (ReferenceRule, UnresolvedRule)
)
_BY_TARGET: dict[str, Rule] = {name: rule for rule in _RULES for name in rule.targets}
_REFERENCES = ReferenceRule()
_UNRESOLVED = UnresolvedRule()
_RENAMES = cast(CompatLossesRule, _BY_TARGET[next(iter(REDUCTION_AMBIGUOUS))])

_DISTINCTIVE = frozenset(name.rsplit(".", 1)[-1] for name in SOFTMAX_TARGETS) | {
    "sigmoid_cross_entropy",
    "mean_pairwise_squared_error",
    "absolute_difference",
    "compute_weighted_loss",
    "get_total_loss",
    "get_regularization_loss",
    "get_regularization_losses",
}
"""Names that only TF1's losses have: one that cannot be resolved is reported (TFC107). Names
shared with Keras or common in user code (``mean_squared_error``, ``huber_loss``, ``add_loss``,
``Reduction``...) are acted on only when they resolve."""


def _distinctive(node: cst.Name | cst.Attribute) -> bool:
    """Spelled like a TF1-only loss name in a way no method of one's own is (``self.<name>``
    is not)."""
    if isinstance(node, cst.Name):
        return node.value in _DISTINCTIVE
    if node.attr.value not in _DISTINCTIVE:
        return False
    return not (isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"))


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
        self.module = wrapper.module
        self.source = source
        self.positions = resolver.positions
        self.leaves = _TARGET_LEAVES | frozenset(
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
        self.hoist: int | None = None
        """id of the call whose computation may be placed before the current statement."""
        self.prelude: list[cst.SimpleStatementLine] = []
        """Statements to place before the current statement (a plain-ops rewrite's)."""
        self.comment: str | None = None
        """A comment to place just before the current statement."""
        self.postlude: list[cst.SimpleStatementLine] = []
        """Statements to place after the current statement."""
        self.whole_value: int | None = None
        """id of the value of the current statement's one plain assignment."""
        self.assigned: str | None = None
        """The name the current statement assigns to, when it is one plain name."""
        self.star_imports = "import *" in source or "import*" in source
        found = _SCOPED_READER.search(source) if "get_" in source else None
        self.scoped_reader = None if found is None else found.group().strip()
        self._taken: set[str] | None = None
        self._pending: list[list[tuple[cst.CSTNode, str, Decision]]] = []
        """Per call spelled like a target around the visit: the renames of TF1's ``Reduction``
        in its arguments, recorded only if the call gets no finding of its own (a loss call's
        finding covers the whole call)."""

    def _reset_line(self) -> None:
        self.hoist, self.prelude, self.postlude, self.comment = None, [], [], None
        self.assigned, self.whole_value = None, None

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        """Decide which call of this line a plain-ops rewrite may compute just before it."""
        self._reset_line()
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
        prelude, postlude, comment = self.prelude, self.postlude, self.comment
        self._reset_line()
        if not prelude and not postlude and comment is None:
            return updated_node
        leading = list(updated_node.leading_lines)
        if comment is not None:
            updated_node = updated_node.with_changes(
                leading_lines=[cst.EmptyLine(comment=cst.Comment(comment))]
            )
        if prelude:
            prelude[0] = prelude[0].with_changes(leading_lines=leading)
        else:
            updated_node = updated_node.with_changes(
                leading_lines=[*leading, *updated_node.leading_lines]
            )
        if not prelude and not postlude:
            return updated_node
        return cst.FlattenSentinel([*prelude, updated_node, *postlude])

    # Imports name targets without using them.
    def visit_Call(self, node: cst.Call) -> None:
        self._funcs.add(id(node.func))
        if self.maybe_target(node.func):
            self._pending.append([])

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

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        self.scopes.pop()
        return updated_node

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(node)
        self._stores(node.name)

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
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = get_full_name_for_node(node.module)
        for alias in node.names:
            name = get_full_name_for_node(alias.name)
            target = canonical(f"{module}.{name}")
            if target in ALL_TARGETS:
                bound = alias.evaluated_alias or alias.evaluated_name
                self.target_imports.append((alias, bound, target))

    def report_unused_imports(self, used: set[str]) -> None:
        """Report every import of a target whose name the module never uses (a re-export)."""
        for alias, bound, target in self.target_imports:
            if bound in used:
                continue
            self._report(
                alias,
                UnresolvedRule.report(
                    f"`{target}` is imported as `{bound}` but not used in this module (a "
                    "re-export?): its uses in other modules cannot be followed"
                ),
            )

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

    def maybe_target(self, node: cst.BaseExpression) -> bool:
        """Cheap syntactic pre-check before asking for qualified names (which is costly)."""
        if isinstance(node, cst.Attribute):
            return node.attr.value in self.leaves
        return isinstance(node, cst.Name) and node.value in self.leaves

    def taken(self, name: str) -> bool:
        """Whether ``name`` is a name of the module (bound or used anywhere; an ``attr`` or a
        keyword is not) or TF2's alias."""
        if self._taken is None:
            self._taken = self.resolver.module_names()
        return name in self._taken or name == self.facts.tf2_alias

    def _site(self, original: cst.Call, updated: cst.Call, target: str) -> CallSite:
        return CallSite(
            original,
            updated,
            target,
            self.resolver,
            self.facts,
            self.options,
            Emitter(self.facts),
            statement=id(original) in self._statements,
            hoistable=id(original) == self.hoist,
            whole_statement=id(original) in self._whole,
            whole_value=id(original) == self.whole_value,
            taken=self.taken,
            assigned=self.assigned,
            scoped_reader=self.scoped_reader,
        )

    def _meaning(
        self, node: cst.Name | cst.Attribute, call: tuple[cst.Call, cst.Call] | None
    ) -> list[str] | Decision:
        """The targets ``node`` means (one reading), a TFC107 report when that is not settled,
        or ``[]``.

        Every binding of the name that may reach ``node`` counts (``try``/``except`` imports,
        rebindings, aliases in any scope): the target is acted on only when they all mean the
        same function, by its rule's reading (``Rule.semantics``); otherwise, or when a binding
        cannot be followed, the reference is reported.
        """
        resolution = self.resolver.resolve(node)
        targets = sorted(resolution.names & ALL_TARGETS)
        if not targets:
            if resolution.unknown and _distinctive(node):
                reasons = self._reasons(resolution.unknown)
                return UnresolvedRule.report(
                    f"`{code_of(node)}` may be a TF1 loss function, but {reasons}: the tool "
                    "cannot tell what it is"
                )
            return []
        readings: dict[str, str] = {}
        for target in targets:
            site = None if call is None else self._site(*call, target)
            readings.setdefault(_BY_TARGET[target].semantics(target, self.facts, site), target)
        problems: list[str] = []
        if len(readings) > 1:
            meant = " or ".join(f"`{t}` ({key})" for key, t in sorted(readings.items()))
            problems.append(f"its bindings give it different meanings: {meant}")
        others = sorted(resolution.meanings - ALL_TARGETS)
        if others:
            problems.append(f"it may also be `{others[0]}`")
        if resolution.unknown or resolution.local:
            problems.append(self._reasons((*resolution.unknown, *resolution.local)))
        if problems:
            return UnresolvedRule.report(
                f"`{code_of(node)}` may be `{targets[0]}`, but " + "; ".join(problems)
            )
        return targets

    def _reasons(self, reasons: Sequence[Reason]) -> str:
        return "; ".join(sorted({r.describe(self.positions) for r in reasons}))

    def _report(self, node: cst.CSTNode, decision: Decision) -> None:
        code = _UNRESOLVED.code
        if self.options.enabled(code) and not self._is_silenced(node, code):
            self._record(node, code, decision)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = original_node.func
        if not isinstance(func, cst.Name | cst.Attribute) or not self.maybe_target(func):
            self._check_getattr(original_node)
            return updated_node
        pending = self._pending.pop()
        count = len(self.findings)
        result = self._leave_target_call(original_node, updated_node, func)
        if len(self.findings) == count:  # the call itself was not acted on: report its parts
            for node, code, decision in pending:
                self._record(node, code, decision)
        return result

    def _leave_target_call(
        self, original_node: cst.Call, updated_node: cst.Call, func: cst.Name | cst.Attribute
    ) -> cst.BaseExpression:
        meaning = self._meaning(func, (original_node, updated_node))
        if isinstance(meaning, Decision):
            self._report(original_node, meaning)
            return updated_node
        if not meaning:
            star = self.resolver.star_import(func, ALL_TARGETS)
            if star is not None:
                self._report_star(original_node, func, _BY_TARGET[star[0]].code, star)
            return updated_node
        rule = _BY_TARGET[meaning[0]]
        if not self.options.enabled(rule.code) or self._is_silenced(original_node, rule.code):
            return updated_node
        # One reading, several names (`tf = tf.compat.v1` next to `import tensorflow as tf`):
        # they mean the same function here, so a name that needs nothing (TF2's spelling
        # already) does not stop the rewrite another needs, which is exact for both.
        for target in meaning:
            site = self._site(original_node, updated_node, target)
            rule = _BY_TARGET[target]
            decision = rule.decide(site)
            if decision.action is not None:
                break
        if decision.action is None:
            return updated_node
        self._record(original_node, rule.code, decision)
        if decision.replacement is None:
            return updated_node
        self.changed = True
        self.imports |= site.emitter.imports
        self.replaced.append(original_node.func)
        if decision.prelude or decision.postlude:
            assert site.hoistable, "statements need a statement line to go around"
            self.prelude.extend(decision.prelude)
            self.postlude.extend(decision.postlude)
        if decision.comment is not None:
            self.comment = decision.comment
        return decision.replacement

    def _check_getattr(self, call: cst.Call) -> None:
        """``getattr(tf.losses, "softmax_cross_entropy")``: a target reached by its name."""
        if len(call.args) < 2 or not isinstance(call.func, cst.Name):
            return
        name = call.args[1].value
        if not isinstance(name, cst.SimpleString) or call.func.value != "getattr":
            return
        leaf = name.evaluated_value
        if not isinstance(leaf, str) or leaf not in _TARGET_LEAVES:
            return
        if "builtins.getattr" not in self.resolver.names(call.func):
            return
        owner = call.args[0].value
        reached = sorted(
            f"{namespace}.{leaf}"
            for namespace in self.resolver.resolve(owner).meanings
            if canonical(f"{namespace}.{leaf}") in ALL_TARGETS
        )
        if reached:
            self._report(
                call,
                UnresolvedRule.report(
                    f"`{code_of(call)}` is `{reached[0]}` reached through `getattr` with its "
                    "name: write the attribute out to migrate it"
                ),
            )

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
        if self._import_depth or id(original_node) in self._funcs:
            return updated_node
        if not self.maybe_target(original_node):
            return updated_node
        meanings = self._meaning(original_node, None)
        if isinstance(meanings, Decision):
            self._report(original_node, meanings)
            return updated_node
        meaning = meanings[0] if meanings else None
        if meaning is None:
            star = self.resolver.star_import(original_node, ALL_TARGETS)
            if star is not None:
                self._report_star(original_node, original_node, _REFERENCES.code, star)
            return updated_node
        renamed = meaning in _RENAMES.targets
        code = _RENAMES.code if renamed else _REFERENCES.code
        if not self.options.enabled(code) or self._is_silenced(original_node, code):
            return updated_node
        emitter = Emitter(self.facts)
        if renamed:
            decision, replacement = _RENAMES.rename(meaning, self.facts, emitter)
        else:
            decision, replacement = _REFERENCES.decide_reference(
                meaning, self.facts.tf1, self.options, emitter
            )
        if decision.action is None:
            return updated_node
        if renamed and meaning in REDUCTION_AMBIGUOUS and self._pending:
            self._pending[-1].append((original_node, code, decision))  # see `leave_Call`
        else:
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
