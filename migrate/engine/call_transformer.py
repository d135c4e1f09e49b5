"""Where rules meet the tree: the transformer that applies rule decisions to target calls and
references (private to the engine).

The transformer asks the owning rule about each call whose callee resolves to a target (and
ReferenceRule about bare references), honours suppression comments, records typed findings with
lazily computed positions, and collects the imports the replacements need. What it knows about
where each call stands comes from its base, ``migrate.engine.call_sites.SiteTracker``;
``migrate.engine.statement_visit.visit_mentioning`` runs it only on the statements that mention
a target.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.metadata import MetadataWrapper

from migrate.engine.call_sites import SiteTracker
from migrate.engine.facts import ModuleFacts
from migrate.engine.getattr_refs import getattr_reference
from migrate.engine.operands import ATOM, dropped_comments, guard, precedence
from migrate.engine.options import Options
from migrate.engine.resolver import NameResolver, Reason
from migrate.engine.rule_index import BY_TARGET, REFERENCES, RENAMES, UNRESOLVED, is_distinctive
from migrate.engine.symbols import (
    ALL_TARGETS,
    NN_AMBIGUOUS,
    REDUCTION_AMBIGUOUS,
    root_name,
)
from migrate.report.results import Action, Finding
from migrate.rules.base import CallSite, Decision, Emitter, code_of
from migrate.rules.unresolved import UnresolvedRule

__all__ = ["CallTransformer"]


class CallTransformer(SiteTracker):
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
        super().__init__(source)
        self.module = wrapper.module
        self.positions = resolver.positions
        self.resolver = resolver
        self.facts = facts
        self.options = options
        self.silenced = silenced
        self.context = context
        self.findings: list[Finding] = []
        self.imports: set[tuple[str, str | None]] = set()
        self.replaced: list[cst.CSTNode] = []
        self.root_codes: dict[str, str] = {}  # `slim` -> code of the first rule replacing `slim.x`
        self.changed = False
        self._loose: set[int] = set()
        """Replacements that bind more loosely than a call (``losses * weights``)."""
        self._taken: set[str] | None = None
        self._pending: list[list[tuple[cst.CSTNode, str, Decision]]] = []
        """Per call spelled like a target around the visit: the renames of TF1's ``Reduction``
        in its arguments, recorded only if the call gets no finding of its own (a loss call's
        finding covers the whole call)."""

    def visit_Call(self, node: cst.Call) -> None:
        self._funcs.add(id(node.func))
        if self.maybe_target(node.func):
            self._pending.append([])

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
            if resolution.unknown and is_distinctive(node):
                reasons = self._reasons(resolution.unknown)
                return UnresolvedRule.report(
                    f"`{code_of(node)}` may be a TF1 loss function, but {reasons}: the tool "
                    "cannot tell what it is"
                )
            return []
        readings: dict[str, str] = {}
        for target in targets:
            site = None if call is None else self._site(*call, target)
            readings.setdefault(BY_TARGET[target].semantics(target, self.facts, site), target)
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
        code = UNRESOLVED.code
        if self.options.enabled(code) and not self._is_silenced(node, code):
            self._record(node, code, decision)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        updated_node = guard(updated_node, self._loose)
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
                self._report_star(original_node, func, BY_TARGET[star[0]].code, star)
            return updated_node
        rule = BY_TARGET[meaning[0]]
        if not self.options.enabled(rule.code) or self._is_silenced(original_node, rule.code):
            return updated_node
        # One reading, several names (`tf = tf.compat.v1` next to `import tensorflow as tf`):
        # they mean the same function here, so a name that needs nothing (TF2's spelling
        # already) does not stop the rewrite another needs, which is exact for both.
        for target in meaning:
            site = self._site(original_node, updated_node, target)
            rule = BY_TARGET[target]
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
        self._replaced(original_node.func, rule.code)
        if decision.prelude or decision.postlude:
            assert site.hoistable, "statements need a statement line to go around"
            self.prelude.extend(decision.prelude)
            self.postlude.extend(decision.postlude)
        if decision.comment is not None:
            self.comment = decision.comment
        if precedence(decision.replacement) < ATOM:  # `losses * weights` in `1.0 / <call>`
            self._loose.add(id(decision.replacement))
        # the recorded range of a call excludes its own parentheses, which may hold comments
        if original_node.lpar or self.positions.may_hold_comment(original_node):
            lost = dropped_comments(
                original_node, [decision.replacement, *decision.prelude, *decision.postlude]
            )
            if lost:
                self.keep_comments(lost)
        return decision.replacement

    def _check_getattr(self, call: cst.Call) -> None:
        """``getattr(tf.losses, ...)``: a target reached by its name: reported."""
        decision = getattr_reference(call, self.resolver, self.facts.tf1)
        if decision is not None:
            self._report(call, decision)

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
                self._report_star(original_node, original_node, REFERENCES.code, star)
            return updated_node
        renamed = meaning in RENAMES.targets
        code = RENAMES.code if renamed else REFERENCES.code
        if not self.options.enabled(code) or self._is_silenced(original_node, code):
            return updated_node
        emitter = Emitter(self.facts)
        if renamed:
            decision, replacement = RENAMES.rename(meaning, self.facts, emitter)
        else:
            decision, replacement = REFERENCES.decide_reference(
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
        self._replaced(original_node, code)
        return replacement

    def _replaced(self, node: cst.CSTNode, code: str) -> None:
        self.replaced.append(node)
        self.root_codes.setdefault(root_name(node) or "", code)

    def report_kept_alias(self, line: cst.SimpleStatementLine, text: str, name: str) -> None:
        code = self.root_codes.get(name, UNRESOLVED.code)  # `slim = tf.contrib.slim`, kept
        if self.options.enabled(code) and not self._is_silenced(line, code):
            self._record(line, code, Decision(Action.REPORT, text))

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._reference(original_node, guard(updated_node, self._loose))

    # A replacement that binds more loosely than the call it replaced gets parentheses where
    # its new parent would otherwise read it differently.
    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        return guard(updated_node, self._loose)

    def leave_UnaryOperation(
        self, original_node: cst.UnaryOperation, updated_node: cst.UnaryOperation
    ) -> cst.BaseExpression:
        return guard(updated_node, self._loose)

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        return guard(updated_node, self._loose)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._reference(original_node, updated_node)
