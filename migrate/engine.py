"""The codemod engine: source text in, typed result out. Never prints, exits, raises or imports TF.

Pipeline for one module: parse -> resolve qualified names (``NameResolver``: a cheap exact
index, libcst's scope analysis where the index cannot prove the answer) -> gather module facts
(TF1 code? loss collections read? non-float32 logits?) -> for every call to a target, the owning
rule decides (rewrite / shim / report / nothing) -> the engine applies replacements, visiting
only the statements that mention a target, then schedules imports with libcst's
``AddImportsVisitor``/``RemoveImportsVisitor`` (imports left unused by a replacement are
removed) -> the output is re-parsed (by Python's parser) as a sanity check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar, cast

import libcst as cst
import libcst.matchers as m
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node_or_raise
from libcst.metadata import MetadataWrapper

from migrate import _libcst_speedups
from migrate.cst_walk import children
from migrate.facts import (
    ModuleFacts,
    module_facts,
    reads_loss_collections,
    repository_evidence,
    suppressions,
)
from migrate.imports import schedule_unused_import_removal
from migrate.options import Options
from migrate.positions import LazyPositions
from migrate.results import Action, Finding, SourceResult
from migrate.rules import ALL_RULES
from migrate.rules.base import CallSite, Decision, Emitter, Rule, code_of
from migrate.rules.references import ReferenceRule
from migrate.symbols import ALL_TARGETS, NN_AMBIGUOUS, TARGET_MARKER, NameResolver
from migrate.syntax_errors import python_parses, syntax_problem

__all__ = ["TARGET_MARKER", "reads_loss_collections", "repository_evidence", "transform_source"]


def transform_source(
    source: str, *, path: str = "<string>", options: Options | None = None
) -> SourceResult:
    """Apply every selected rule to ``source``.

    Returns ``SourceResult(error=...)`` with ``output == source`` when the text cannot be
    parsed (e.g. Python 2) or, should it ever happen, when the engine fails internally.
    """
    options = options or Options()
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        problem = syntax_problem(source, exc)  # Python's parser locates it (parse only)
        return SourceResult(
            source=source,
            output=source,
            error=f"cannot parse {path} as Python 3 (line {problem.line}, column "
            f"{problem.column}): {problem.message}",
        )
    if TARGET_MARKER not in source:
        return SourceResult(source=source, output=source)
    try:
        output, findings = _transform(module, source, path, options)
        if output != source:
            _check_parses(source, output)
    except Exception as exc:  # the engine must never raise for any input
        return SourceResult(
            source=source,
            output=source,
            error=f"internal error while transforming {path}: {type(exc).__name__}: {exc}",
        )
    return SourceResult(source=source, output=output, findings=tuple(findings))


def _check_parses(source: str, output: str) -> None:
    """Raise unless ``output`` is as valid as ``source`` (a safety net: rules build valid code).

    Python's own parser decides when it accepts ``source``; for syntax newer than the running
    Python, libcst's parser does (it raises ``ParserSyntaxError``).
    """
    if python_parses(output):
        return
    if python_parses(source):
        raise SyntaxError("the rewritten module does not parse as Python")
    cst.parse_module(output)


def _transform(
    module: cst.Module, source: str, path: str, options: Options
) -> tuple[str, list[Finding]]:
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # parsed here, never shared
    resolver = NameResolver(wrapper, source)
    facts = module_facts(wrapper.module, resolver, source, options)
    context = CodemodContext(filename=path, wrapper=wrapper)
    transformer = _Transformer(
        wrapper, resolver, facts, options, suppressions(source), context, source
    )
    new_module = _visit_mentioning(wrapper.module, transformer)
    if not transformer.changed:
        return source, transformer.findings
    # The import passes are libcst's; they are costly, so run them only when they have work.
    used = _names(new_module, skip_imports=True)
    removable: dict[str, cst.CSTNode] = {}  # one node per name: each call runs a visitor
    for node in transformer.replaced:
        root = _root_name(node)
        if root is not None and root not in used:
            removable.setdefault(root, node)
    for node in removable.values():
        schedule_unused_import_removal(context, resolver, node)
    for module_name, asname in sorted(transformer.imports, key=lambda i: (i[0], i[1] or "")):
        AddImportsVisitor.add_needed_import(context, module_name, asname=asname)
    if not transformer.imports and not removable:
        return new_module.code, transformer.findings
    # libcst's import passes re-analyse the module they get; give them only the import header
    # when every import they may touch is there (names to remove are unused in the whole module).
    header_end = _header_end(new_module, set(removable))
    target = new_module
    if header_end is not None:
        target = new_module.with_changes(body=new_module.body[:header_end])
    if transformer.imports:
        target = AddImportsVisitor(context).transform_module(target)
    if removable:
        target = RemoveImportsVisitor(context).transform_module(target)
    if header_end is not None:
        target = new_module.with_changes(body=[*target.body, *new_module.body[header_end:]])
    new_module = target
    alias = facts.tf2_alias
    added = facts.tf2_import_needed and ("tensorflow", alias) in transformer.imports
    # `tf` was taken by an import the rewrite left unused and removed: use it. The alias was
    # chosen absent from the source, so every occurrence of it is ours.
    if added and alias != "tf" and "tf" not in _names(new_module, skip_imports=False):
        new_module = new_module.visit(_Rename(alias, "tf"))
    return new_module.code, transformer.findings


def _header_end(module: cst.Module, removable: set[str]) -> int | None:
    """Index just past the last top-level import statement, if it binds every removable name."""
    end: int | None = None
    bound: set[str] = set()
    for index, statement in enumerate(module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                names = small.names
            elif isinstance(small, cst.ImportFrom):
                if isinstance(small.names, cst.ImportStar):
                    return None
                names = small.names
            else:
                continue
            end = index + 1
            for alias in names:
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    bound.add(alias.asname.name.value)
                else:
                    bound.add(get_full_name_for_node_or_raise(alias.name).split(".")[0])
    if end is None or not removable <= bound:
        return None
    return end


def _root_name(node: cst.CSTNode) -> str | None:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _visit_mentioning(module: cst.Module, transformer: _Transformer) -> cst.Module:
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


def _visit_all(statements: Sequence[_N], transformer: _Transformer) -> list[_N]:
    return [_visit_statement(statement, transformer) for statement in statements]


def _visit_statement(node: _N, transformer: _Transformer) -> _N:
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
    """``name`` is a local of the innermost function that appears there only once (where it
    is assigned): no read, no ``global``/``nonlocal``, no closure, no ``locals()``."""
    if not scopes or not isinstance(scopes[-1], cst.FunctionDef):
        return False  # module and class attributes may be read from elsewhere
    seen = 0
    stack: list[cst.CSTNode] = [scopes[-1]]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            if node.value in _DYNAMIC_READS:
                return False
            seen += node.value == name
            continue
        stack.extend(children(node))
    return seen == 1


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


def _names(root: cst.CSTNode, *, skip_imports: bool) -> set[str]:
    """Every ``Name`` in ``root`` that may use a binding (outside imports if ``skip_imports``).

    Comments and strings do not count, nor the ``attr`` of an attribute or the keyword of an
    argument: the emitted ``tf.keras.losses.X`` does not use an imported ``losses``. Same answer
    as a ``CSTVisitor`` with ``visit_Name`` skipping those, but a visitor rebuilds every node it
    passes; walking the dataclass fields is ~3x cheaper.
    """
    found: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            found.add(node.value)  # its children (parentheses, whitespace) hold no names
            continue
        if isinstance(node, cst.Attribute | cst.Arg):
            stack.append(node.value)  # `.attr` and `keyword=` name no binding
            continue
        if skip_imports and isinstance(node, cst.Import | cst.ImportFrom):
            continue
        stack.extend(children(node))
    return found


class _Rename(cst.CSTTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        return (
            updated_node.with_changes(value=self.new)
            if updated_node.value == self.old
            else updated_node
        )


_libcst_speedups.memoize_empty_matcher_scans()

_TARGET_LEAVES = frozenset(name.rsplit(".", 1)[-1] for name in ALL_TARGETS)
_ALIAS = re.compile(r"\b(?:sparse_)?softmax_cross_entropy\w*\s+as\s+(\w+)")

_RULES: tuple[Rule, ...] = tuple(rule() for rule in ALL_RULES if rule is not ReferenceRule)
_BY_TARGET: dict[str, Rule] = {name: rule for rule in _RULES for name in rule.targets}
_REFERENCES = ReferenceRule()


class _Transformer(cst.CSTTransformer):
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
